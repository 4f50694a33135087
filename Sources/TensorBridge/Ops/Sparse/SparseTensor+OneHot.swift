extension Tensor {
    /// `tf.one_hot(indices, depth, on_value, off_value)` with `axis = -1`: a new host tensor
    /// of shape `indices.shape + [depth]`, `onValue` where the last coordinate equals the
    /// index and `offValue` elsewhere. Indices outside `0..<depth` (negative ones too) give
    /// an all-off row, as in TensorFlow. A device `indices` tensor is copied to the host first
    /// (soft placement: no accelerator has a `OneHot` kernel yet).
    /// - Parameters:
    ///   - indices: uint8, int32 or int64, on the host.
    ///   - depth: the length of the new last dimension (the number of classes).
    ///   - onValue: the value where the last coordinate equals the index; its Swift type picks
    ///     the output dtype.
    ///   - offValue: the value everywhere else.
    /// - Throws: for other index dtypes, a negative depth, or an output size that overflows
    ///   (checked before allocating).
    public static func oneHot<T: TensorScalar>(indices: Tensor, depth: Int, onValue: T, offValue: T) throws -> Tensor {
        // An op made per call, its values typed; no accelerator has a `OneHot` kernel yet.
        let op = Op<Tensor, Tensor>("OneHot") { try hostOneHot(indices: $0, depth: depth, onValue: onValue, offValue: offValue) }
        return try op(indices)
    }

    private static func hostOneHot<T: TensorScalar>(indices: Tensor, depth: Int, onValue: T, offValue: T) throws -> Tensor {
        let flat = try OneHot.indices(indices, depth: depth)
        let shape = try Shape(indices.shape.dimensions + [depth])
        let out = try TensorBuffer.allocateHost(byteCount: try shape.byteCount(for: T.dtype))
        let p = UnsafeSendable(out.baseAddress.bindMemory(to: T.self, capacity: shape.elementCount))
        flat.withUnsafeBufferPointer { f in
            let f = UnsafeSendable(f)
            Parallel.forEachChunk(count: f.value.count, grain: max(1, (1 << 16) / max(depth, 1))) { r in
                for row in r {
                    let base = p.value + row * depth
                    base.initialize(repeating: offValue, count: depth)
                    let i = f.value[row]
                    if i >= 0 && i < Int64(depth) { base[Int(i)] = onValue }
                }
            }
        }
        return Tensor(uncheckedDType: T.dtype, shape: shape, buffer: out)
    }

    /// `tf.one_hot(indices, depth)`: float32 ones and zeros.
    public static func oneHot(indices: Tensor, depth: Int) throws -> Tensor {
        try oneHot(indices: indices, depth: depth, onValue: Float(1), offValue: Float(0))
    }
}

extension SparseTensor {
    /// The one-hot encoding of `indices` as a sparse tensor: one entry `onValue` per valid
    /// index, at `[position..., index]`, dense shape `indices.shape + [depth]`. Invalid
    /// indices contribute nothing (their dense row is all zero). Equal to
    /// `tf.sparse.from_dense(tf.one_hot(indices, depth, on_value))` for a nonzero `onValue`,
    /// without ever materialising the dense tensor. Indices come out sorted.
    public static func oneHot<T: TensorScalar>(indices: Tensor, depth: Int, onValue: T) throws -> SparseTensor {
        let op = Op<Tensor, SparseTensor>("SparseOneHot") { try hostOneHot(indices: $0, depth: depth, onValue: onValue) }
        return try op(indices)
    }

    private static func hostOneHot<T: TensorScalar>(indices: Tensor, depth: Int, onValue: T) throws -> SparseTensor {
        let flat = try OneHot.indices(indices, depth: depth)
        let dims = indices.shape.dimensions
        _ = try Shape(dims + [depth])  // the dense shape must be representable
        let rank = dims.count + 1
        let strides = indices.shape.strides
        var coordinates: [Int64] = []
        coordinates.reserveCapacity(flat.count * rank)
        var count = 0
        for (row, i) in flat.enumerated() where i >= 0 && i < Int64(depth) {
            for d in 0..<dims.count { coordinates.append(Int64(row / strides[d] % dims[d])) }
            coordinates.append(i)
            count += 1
        }
        return try SparseTensor(
            indices: try Tensor(coordinates, shape: [count, rank]),
            values: try Tensor.fill(shape: [count], value: onValue).placedOnHost(),
            denseShape: (dims + [depth]).map(Int64.init))
    }
}

enum OneHot {
    /// The indices as Int64, after TensorFlow's checks.
    static func indices(_ indices: Tensor, depth: Int) throws -> [Int64] {
        guard depth >= 0 else { throw TensorBridgeError.invalidArgument("depth must be non-negative, got: \(depth)") }
        switch indices.dtype {
        case .int64: return try indices.scalars(as: Int64.self)
        case .int32: return try indices.scalars(as: Int32.self).map(Int64.init)
        case .uint8: return try indices.scalars(as: UInt8.self).map(Int64.init)
        default:
            throw TensorBridgeError.unsupportedDType(indices.dtype,
                "Value for attr 'TI' of \(indices.dtype.name) is not in the list of allowed values: uint8, int8, int32, int64")
        }
    }
}

extension Tensor {
    /// A tensor made by a creation op under a device scope, brought back to the host.
    func placedOnHost() throws -> Tensor { device.isHost ? self : try placed(on: .cpu) }
}
