/// The arguments of `GatherV2`.
package struct GatherRequest: Sendable {
    package let params: Tensor
    package let indices: Tensor
    package let axis: Int
}

extension Ops {
    /// `GatherV2`.
    package static let gather = Op<GatherRequest, Tensor>(
        "GatherV2",
        inputsToHost: { GatherRequest(params: try $0.params.copy(to: .cpu), indices: try $0.indices.copy(to: .cpu), axis: $0.axis) },
        cpu: { try Gather.run($0) })
}

extension Tensor {
    /// `tf.gather(self, indices, axis=axis)`: the slices of `self` along `axis` at `indices`
    /// (an int32 or int64 tensor of any shape). The result's shape is `self`'s with that
    /// axis replaced by `indices`' shape. A new tensor.
    /// - Throws: "indices[0] = 5 is not in [0, 2)" for an index outside the axis (negative
    ///   indices included, as on TensorFlow's CPU).
    public func gather(_ indices: Tensor, axis: Int = 0) throws -> Tensor {
        try Ops.gather(GatherRequest(params: self, indices: indices, axis: axis), on: opDevice(self, indices))
    }

    /// `gather` with Swift integer indices.
    public func gather(_ indices: [Int], axis: Int = 0) throws -> Tensor {
        try gather(try Tensor(indices.map { Int64($0) }, shape: [indices.count]).copy(to: .cpu), axis: axis)
    }
}

enum Gather {
    static func run(_ r: GatherRequest) throws -> Tensor {
        let p = r.params, rank = p.rank
        guard r.axis >= -rank && r.axis < rank else {
            throw TensorBridgeError.invalidArgument("Expected axis in the range [\(-rank), \(rank)), but got \(r.axis)")
        }
        let axis = r.axis < 0 ? r.axis + rank : r.axis
        let positions: [Int]
        switch r.indices.dtype {
        case .int32: positions = try r.indices.scalars(as: Int32.self).map(Int.init)
        case .int64: positions = try r.indices.scalars(as: Int64.self).map { Int(truncatingIfNeeded: $0) }
        default:
            throw TensorBridgeError.unsupportedDType(r.indices.dtype, "Value for attr 'Tindices' of \(r.indices.dtype.kernelName) is not in the list of allowed values: int16, int32, int64")
        }
        let dims = p.shape.dimensions, limit = dims[axis]
        for (i, v) in positions.enumerated() where v < 0 || v >= limit {
            let flat = r.indices.rank == 0 ? "" : "[\(multiIndex(i, r.indices.shape.dimensions))]"
            throw TensorBridgeError.invalidArgument("indices\(flat) = \(v) is not in [0, \(limit))")
        }
        let size = try ShapeKernels.elementSize(p)
        let outer = dims[..<axis].reduce(1, *), inner = dims[(axis + 1)...].reduce(1, *)
        let shape = try Shape(Array(dims[..<axis]) + r.indices.shape.dimensions + Array(dims[(axis + 1)...]))
        let out = try TensorBuffer.allocateHost(byteCount: try shape.byteCount(for: p.dtype))
        let src = UnsafeSendable(UnsafeRawPointer(try p.hostBuffer().baseAddress)), dst = UnsafeSendable(out.baseAddress)
        let n = positions.count, rowBytes = inner * size
        positions.withUnsafeBufferPointer { pos in
            let pos = UnsafeSendable(pos)
            Parallel.forEachChunk(count: outer * n, grain: Swift.max(1, (1 << 17) / Swift.max(1, rowBytes))) { range in
                for k in range {
                    let o = k / n, i = k - o * n
                    (dst.value + k * rowBytes).copyMemory(from: src.value + (o * limit + pos.value[i]) * rowBytes, byteCount: rowBytes)
                }
            }
        }
        return Tensor(uncheckedDType: p.dtype, shape: shape, buffer: out)
    }

    /// TensorFlow's message names a flat index by its position: `0,1` in a [2,2] tensor.
    static func multiIndex(_ flat: Int, _ dims: [Int]) -> String {
        var rest = flat, parts: [Int] = []
        for d in dims.reversed() { parts.append(rest % Swift.max(d, 1)); rest /= Swift.max(d, 1) }
        return parts.reversed().map(String.init).joined(separator: ",")
    }
}
