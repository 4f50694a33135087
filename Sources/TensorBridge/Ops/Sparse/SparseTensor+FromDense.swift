extension SparseTensor {
    /// `tf.sparse.from_dense(tensor)`: every element with `x != 0`, in row-major order.
    /// NaN is kept and −0.0 dropped, as the comparison decides. Indices and values are new
    /// host tensors; nothing is shared with `dense`.
    /// No accelerator has this kernel yet: a device tensor is copied to the host (soft placement).
    /// - Throws: for string tensors.
    public init(fromDense dense: Tensor) throws {
        self = try Ops.sparseFromDense(dense)
    }

    fileprivate init(hostDense dense: Tensor) throws {
        let source = try dense.hostBuffer()
        struct Gather {
            let dense: Tensor, source: TensorBuffer
            func run<T: Castable>(_: T.Type) -> (indices: [Int64], values: [T]) {
                let p = source.baseAddress.assumingMemoryBound(to: T.self)
                let dims = dense.shape.dimensions
                var indices: [Int64] = [], values: [T] = []
                var position = [Int64](repeating: 0, count: dims.count)
                for i in 0..<dense.elementCount {
                    if p[i].cast(to: Bool.self) {  // x != 0: NaN is kept, -0.0 is not
                        indices.append(contentsOf: position)
                        values.append(p[i])
                    }
                    // Row-major odometer.
                    var axis = dims.count - 1
                    while axis >= 0 {
                        position[axis] += 1
                        if position[axis] < Int64(dims[axis]) { break }
                        position[axis] = 0
                        axis -= 1
                    }
                }
                return (indices, values)
            }
        }
        struct Build: ScalarVisitor {
            let dense: Tensor, source: TensorBuffer
            func visit<T: Castable>(_: T.Type) throws -> SparseTensor {
                let (indices, values) = Gather(dense: dense, source: source).run(T.self)
                return try SparseTensor(
                    indices: try Tensor(indices, shape: [values.count, dense.rank]),
                    values: try Tensor(values, shape: [values.count]),
                    denseShape: dense.shape.dimensions.map(Int64.init))
            }
        }
        self = try ScalarDispatch.visit(dense.dtype, Build(dense: dense, source: source))
    }

    /// `tf.sparse.reorder(sp)`: the entries sorted into row-major order. The sort is stable,
    /// so repeated indices keep their relative order; bounds are not checked. Returns a new
    /// sparse tensor with new indices and values tensors; the dense shape is shared.
    public func reordered() throws -> SparseTensor {
        try Ops.sparseReorder(self, on: opDevice(indices, values))
    }

    fileprivate func hostReordered() throws -> SparseTensor {
        let nnz = nonZeroCount, rank = self.rank
        let idx = try indices.hostBuffer().baseAddress.assumingMemoryBound(to: Int64.self)
        let order = (0..<nnz).sorted { a, b in
            for d in 0..<rank where idx[a * rank + d] != idx[b * rank + d] {
                return idx[a * rank + d] < idx[b * rank + d]
            }
            return a < b  // stable
        }
        var newIndices = [Int64](repeating: 0, count: nnz * rank)
        for (to, from) in order.enumerated() {
            for d in 0..<rank { newIndices[to * rank + d] = idx[from * rank + d] }
        }
        let size = try elementSize()
        let out = try TensorBuffer.allocateHost(byteCount: nnz * size)
        let src = try values.hostBuffer().baseAddress
        for (to, from) in order.enumerated() {
            (out.baseAddress + to * size).copyMemory(from: src + from * size, byteCount: size)
        }
        return try SparseTensor(
            indices: try Tensor(newIndices, shape: [nnz, rank]),
            values: Tensor(uncheckedDType: dtype, shape: values.shape, buffer: out),
            denseShape: denseShape)
    }
}

extension Ops {
    /// `tf.sparse.from_dense`.
    package static let sparseFromDense = Op<Tensor, SparseTensor>("SparseFromDense") { try SparseTensor(hostDense: $0) }
    /// `tf.sparse.reorder`.
    package static let sparseReorder = Op<SparseTensor, SparseTensor>(
        "SparseReorder", inputsToHost: { try $0.copy(to: .cpu) }, cpu: { try $0.hostReordered() })
}
