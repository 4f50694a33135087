/// The arguments of `ConcatV2`.
package struct ConcatRequest: Sendable {
    package let tensors: [Tensor]
    package let axis: Int
}

extension Ops {
    /// `ConcatV2`.
    package static let concat = Op<ConcatRequest, Tensor>(
        "ConcatV2", inputsToHost: { ConcatRequest(tensors: try $0.tensors.map { try $0.copy(to: .cpu) }, axis: $0.axis) },
        cpu: { try ShapeKernels.concat($0.tensors, axis: $0.axis, op: "ConcatOp") })
}

extension ShapeKernels {
    static func concat(_ tensors: [Tensor], axis: Int, op: String) throws -> Tensor {
        guard let first = tensors.first else { throw TensorBridgeError.invalidArgument("\(op) : Expected at least one input tensor") }
        let rank = first.rank
        guard axis >= -rank && axis < rank else {
            throw TensorBridgeError.invalidArgument("\(op) : Expected concatenating dimensions in the range [\(-rank), \(rank)), but got \(axis)")
        }
        let a = axis < 0 ? axis + rank : axis
        for (i, t) in tensors.enumerated() {
            guard t.dtype == first.dtype else {
                throw TensorBridgeError.invalidArgument(
                    "cannot compute ConcatV2 as input #\(i)(zero-based) was expected to be a \(first.dtype.kernelName) tensor but is a \(t.dtype.kernelName) tensor")
            }
            guard t.rank == rank else {
                throw TensorBridgeError.invalidArgument("\(op) : Ranks of all input tensors should match: shape[0] = \(tfShape(first.shape)) vs. shape[\(i)] = \(tfShape(t.shape))")
            }
            for d in 0..<rank where d != a && t.shape.dimensions[d] != first.shape.dimensions[d] {
                throw TensorBridgeError.invalidArgument("\(op) : Dimension \(d) in both shapes must be equal: shape[0] = \(tfShape(first.shape)) vs. shape[\(i)] = \(tfShape(t.shape))")
            }
        }
        let size = try elementSize(first)
        var dims = first.shape.dimensions
        dims[a] = tensors.reduce(0) { $0 + $1.shape.dimensions[a] }
        let shape = try Shape(dims)
        let out = try TensorBuffer.allocateHost(byteCount: try shape.byteCount(for: first.dtype))
        let outer = dims[..<a].reduce(1, *), inner = dims[(a + 1)...].reduce(1, *)
        var offset = 0
        for t in tensors {
            let n = t.shape.dimensions[a]
            StridedCopy(dims: [outer, n * inner], source: [n * inner, 1], destination: [dims[a] * inner, 1])
                .run(from: UnsafeRawPointer(try t.hostBuffer().baseAddress), sourceOffset: 0,
                     to: out.baseAddress, destinationOffset: offset, size: size)
            offset += n * inner
        }
        return Tensor(uncheckedDType: first.dtype, shape: shape, buffer: out)
    }
}

extension Tensor {
    /// `tf.concat`: the tensors joined along `axis` (negative counts from the end). All must
    /// share dtype, rank and every other dimension. A new tensor, on the device of the first
    /// tensor not on the host.
    /// - Throws: TensorFlow's ConcatOp messages, or the dtype message naming both dtypes.
    public static func concat(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
        try Ops.concat(ConcatRequest(tensors: tensors, axis: axis), on: tensors.first { !$0.device.isHost }?.device ?? .cpu)
    }

    /// `tf.stack`: the tensors (all the same shape) joined along a new axis `axis`.
    /// - Throws: "Shapes of all inputs must match: values[0].shape = [2,3] != values[1].shape = [4]".
    public static func stack(_ tensors: [Tensor], axis: Int = 0) throws -> Tensor {
        guard let first = tensors.first else { throw TensorBridgeError.invalidArgument("stack expects a non-empty list of tensors") }
        for (i, t) in tensors.enumerated() where t.shape != first.shape {
            throw TensorBridgeError.invalidArgument("Shapes of all inputs must match: values[0].shape = \(tfShape(first.shape)) != values[\(i)].shape = \(tfShape(t.shape))")
        }
        let rank = first.rank + 1
        guard axis >= -rank && axis < rank else {
            throw TensorBridgeError.invalidArgument("Argument `axis` = \(axis) not in range [\(-rank), \(rank))")
        }
        return try concat(try tensors.map { try $0.expandingDims(axis: axis) }, axis: axis)
    }

    /// `tf.unstack`: the slices along `axis`, each without that axis (new tensors).
    public func unstacked(axis: Int = 0) throws -> [Tensor] {
        guard axis >= -rank && axis < rank else {
            throw TensorBridgeError.invalidArgument("axis = \(axis) not in [\(-rank), \(rank))")
        }
        let a = axis < 0 ? axis + rank : axis
        return try split(count: shape.dimensions[a], axis: a).map { try $0.squeezed(axes: [a]) }
    }

    /// `tf.split` into `count` equal parts along `axis`.
    /// - Throws: "Number of ways to split should evenly divide the split dimension, but got
    ///   split_dim 1 (size = 3) and num_split 4".
    public func split(count: Int, axis: Int = 0) throws -> [Tensor] {
        guard axis >= -rank && axis < rank else {
            throw TensorBridgeError.invalidArgument("-\(rank) <= split_dim < \(rank) but got \(axis)")
        }
        let a = axis < 0 ? axis + rank : axis, n = shape.dimensions[a]
        guard count > 0, n % count == 0 else {
            throw TensorBridgeError.invalidArgument("Number of ways to split should evenly divide the split dimension, but got split_dim \(a) (size = \(n)) and num_split \(count)")
        }
        return try split(sizes: [Int](repeating: n / count, count: count), axis: a)
    }

    /// `tf.split` into parts of the given sizes along `axis` (one size may be -1: the rest).
    public func split(sizes: [Int], axis: Int = 0) throws -> [Tensor] {
        guard axis >= -rank && axis < rank else {
            throw TensorBridgeError.invalidArgument("-\(rank) <= split_dim < \(rank) but got \(axis)")
        }
        let a = axis < 0 ? axis + rank : axis, n = shape.dimensions[a]
        var sizes = sizes
        if let unknown = sizes.firstIndex(of: -1) {
            sizes[unknown] = n - sizes.filter { $0 != -1 }.reduce(0, +)
        }
        guard sizes.allSatisfy({ $0 >= 0 }), sizes.reduce(0, +) == n else {
            throw TensorBridgeError.invalidArgument("Determined shape must either match input shape along split_dim exactly if fully specified, or be less than the size of the input along split_dim if not fully specified.  Got: \(sizes.reduce(0, +))")
        }
        var start = 0, parts: [Tensor] = []
        for s in sizes {
            var index = [TensorIndex](repeating: .all, count: a)
            index.append(.range(start, start + s, step: 1))
            parts.append(try self[index])
            start += s
        }
        return parts
    }
}
