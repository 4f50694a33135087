import CDLPack

/// A validated reading of a producer's `DLTensor`: what to wrap or copy, checked before any
/// memory is touched so that a malformed struct becomes an error, never a crash.
struct DLPackImportPlan {
    let dtype: DType
    let shape: Shape
    let device: Device
    /// `data + byte_offset`, or `nil` when the producer gave no data pointer.
    let base: UnsafeMutableRawPointer?
    /// Strides in elements (row-major ones when the producer gave none).
    let strides: [Int]
    let byteCount: Int
    /// Row-major and dense, so the memory can be adopted as it is.
    let isCompact: Bool

    init(_ t: DLTensor) throws {
        guard t.ndim >= 0 else {
            throw TensorBridgeError.invalidArgument("DLTensor has negative ndim \(t.ndim)")
        }
        let rank = Int(t.ndim)
        if rank > 0 && t.shape == nil {
            throw TensorBridgeError.invalidArgument("DLTensor has ndim \(rank) but a NULL shape")
        }
        var dims: [Int] = []
        dims.reserveCapacity(rank)
        for i in 0..<rank {
            guard let d = t.shape?[i], let dim = Int(exactly: d) else {
                throw TensorBridgeError.invalidArgument("DLTensor shape is unreadable")
            }
            dims.append(dim)
        }
        shape = try Shape(dims)
        dtype = try DType(dlpack: t.dtype)
        device = try Device(dlpack: DLPackDevice(t.device))
        byteCount = try shape.byteCount(for: dtype)

        let rowMajor = shape.strides
        if let s = t.strides {
            strides = (0..<rank).map { Int(truncatingIfNeeded: s[$0]) }
        } else {
            strides = rowMajor
        }
        let empty = shape.elementCount == 0
        isCompact = empty || zip(zip(dims, strides), rowMajor).allSatisfy { pair, expected in
            pair.0 == 1 || pair.1 == expected
        }

        if let data = t.data {
            guard let offset = Int(exactly: t.byte_offset) else {
                throw TensorBridgeError.invalidArgument("DLTensor byte_offset \(t.byte_offset) is too large")
            }
            base = data + offset
        } else if empty {
            base = nil
        } else {
            throw TensorBridgeError.invalidArgument("DLTensor has a NULL data pointer but \(shape.elementCount) elements")
        }
    }

    /// New host memory holding the elements in row-major order (the non-compact path, and
    /// empty tensors without a data pointer).
    func copyOut() throws -> TensorBuffer {
        guard device.isHost else {
            if shape.elementCount == 0, let backend = BackendRegistry.shared.backend(for: device.type) {
                return try backend.allocate(byteCount: 0, on: device)
            }
            throw TensorBridgeError.unimplemented("DLPack tensor on \(device.name) has non-row-major strides \(strides); TensorBridge copies strided memory on the host only")
        }
        let out = try TensorBuffer.allocateHost(byteCount: byteCount)
        if let base, shape.elementCount > 0, let size = dtype.byteSize {
            try DLPackStridedCopy.gather(from: base, dimensions: shape.dimensions, strides: strides,
                                         elementSize: size, into: out.baseAddress)
        }
        return out
    }
}
