import TensorBridge

/// `SparseToDense` on the GPU: validate the indices, fill the output with the default, then
/// scatter. Without validation a claim pass first records, per output element, the last row
/// writing it, so repeated indices keep their last value as on the CPU.
extension CUDABackend {
    func sparseToDense(_ request: SparseToDenseRequest, on device: Device) throws -> Tensor? {
        let sparse = request.sparse
        guard sparse.rank <= SparseKernelSource.maxRank, let size = sparse.dtype.byteSize,
              let scatter = SparseKernelSource.scatterByElementSize[size],
              let fillByValue = FillKernelSource.names[size], let fillFromDevice = FillKernelSource.fromDeviceNames[size],
              let fill8 = FillKernelSource.names[8] else { return nil }
        let dense = try sparse.denseShapeForToDense()
        let context = try context(for: device)
        let nnz = sparse.nonZeroCount
        let indices = try onDevice(sparse.indices, device)
        let values = try onDevice(sparse.values, device)
        let shape = Self.denseShapeArgument(dense)

        // Validation: one 8-byte result, initialised and read back with counted copies.
        if nnz > 0 {
            let result = try allocate(byteCount: 8, on: device)
            try Transfer.copy(try TensorBuffer.hostValue(UInt64.max), to: result)
            let (idx, res) = (Self.address(indices), Self.address(result))
            try launch(SparseKernelSource.validate, workItems: nnz, on: context) { args in
                args.add(idx)
                args.add(UInt64(nnz))
                args.addBytes(shape, alignment: 8)
                args.add(Int32(request.validateIndices ? 1 : 0))
                args.add(res)
            }
            let back = try TensorBuffer.allocateHost(byteCount: 8)
            try Transfer.copy(result, to: back)
            let code = back.baseAddress.load(as: UInt64.self)
            if code != UInt64.max {
                throw try validationError(code, sparse, indices: indices, validated: request.validateIndices)
            }
        }

        let out = try output(dense, sparse.dtype, on: device)
        let total = dense.elementCount
        if let defaultValue = request.defaultValue {
            let value = Self.address(try onDevice(defaultValue, device))
            let address = Self.address(out)
            try launch(fillFromDevice, workItems: total, on: context) { args in
                args.add(address)
                args.add(value)
                args.add(UInt64(total))
            }
        } else {
            try fill(out, count: total, element: [UInt8](repeating: 0, count: size), kernel: fillByValue)
        }
        guard nnz > 0 else { return try Tensor(dtype: sparse.dtype, shape: dense, buffer: out) }

        var winner: TensorBuffer?
        if !request.validateIndices {
            let claims = try allocate(byteCount: total * 8, on: device)
            try fill(claims, count: total, element: [UInt8](repeating: 0, count: 8), kernel: fill8)
            let (idx, claimed) = (Self.address(indices), Self.address(claims))
            try launch(SparseKernelSource.claimLast, workItems: nnz, on: context) { args in
                args.add(idx)
                args.add(UInt64(nnz))
                args.addBytes(shape, alignment: 8)
                args.add(claimed)
            }
            winner = claims
        }
        let (idx, vals, dst) = (Self.address(indices), Self.address(values), Self.address(out))
        let claimed = winner.map(Self.address) ?? 0
        try launch(scatter, workItems: nnz, on: context) { args in
            args.add(idx)
            args.add(vals)
            args.add(UInt64(nnz))
            args.addBytes(shape, alignment: 8)
            args.add(claimed)
            args.add(dst)
        }
        // The claims buffer returns to the cache now; stream order keeps it alive for the scatter.
        withExtendedLifetime(winner) {}
        return try Tensor(dtype: sparse.dtype, shape: dense, buffer: out)
    }

    /// `struct tb_dense_shape { i64 dims[8]; int rank; }` as launch bytes (72, 8-aligned).
    static func denseShapeArgument(_ shape: Shape) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: 72)
        for (axis, d) in shape.dimensions.enumerated() {
            withUnsafeBytes(of: Int64(d).littleEndian) { bytes.replaceSubrange(axis * 8..<axis * 8 + 8, with: $0) }
        }
        withUnsafeBytes(of: Int32(shape.rank).littleEndian) { bytes.replaceSubrange(64..<68, with: $0) }
        return bytes
    }

    /// TensorFlow's message for the first failing row, read back from the GPU (error path only).
    private func validationError(_ code: UInt64, _ sparse: SparseTensor, indices: TensorBuffer, validated: Bool) throws -> TensorBridgeError {
        let row = Int(code >> 2), rank = sparse.rank
        let host = try TensorBuffer.allocateHost(byteCount: indices.byteCount)
        try Transfer.copy(indices, to: host)
        let all = host.baseAddress.assumingMemoryBound(to: Int64.self)
        let values = (0..<rank).map { all[row * rank + $0] }
        let kind: SparseIndexCheck.Kind? = !validated ? nil : code & 3 == 2 ? .order : code & 3 == 3 ? .repeated : .bounds
        return SparseIndexCheck.error(row: values, at: row, kind: kind, shape: sparse.shape)
    }
}

extension TensorBuffer {
    /// A host buffer holding one value.
    static func hostValue<T: BitwiseCopyable>(_ value: T) throws -> TensorBuffer {
        let buffer = try allocateHost(byteCount: MemoryLayout<T>.size)
        buffer.baseAddress.storeBytes(of: value, as: T.self)
        return buffer
    }
}
