/// The arguments of `Fill`: a shape, a dtype, and one element's bytes (empty for zeros).
package struct FillRequest: Sendable {
    package let shape: Shape
    package let dtype: DType
    /// The element's bytes, `dtype.byteSize` of them; empty means all-zero bytes.
    package let element: [UInt8]

    /// The element's bits as an integer (the low `dtype.byteSize` bytes), for kernels that
    /// take the pattern by value; `nil` for elements wider than 8 bytes.
    package var bitPattern: UInt64? {
        guard element.count <= 8 else { return nil }
        var bits: UInt64 = 0
        for (i, byte) in element.enumerated() { bits |= UInt64(byte) << (8 * UInt64(i)) }
        return bits
    }
}

extension Ops {
    /// `Fill` (and `zeros`/`ones`): every element the same bytes.
    package static let fill = Op<FillRequest, Tensor>(creation: "Fill") { request in
        let count = request.shape.elementCount
        let size = request.element.count
        let zero = request.element.allSatisfy { $0 == 0 }
        let byteCount = try request.shape.byteCount(for: request.dtype)
        let buffer = try TensorBuffer.allocateHost(byteCount: byteCount, zeroed: zero)
        if !zero {
            guard [1, 2, 4, 8, 16].contains(size), byteCount == count * size else {
                throw TensorBridgeError.unsupportedDType(request.dtype, "fill needs whole elements of 1, 2, 4, 8 or 16 bytes, not \(request.dtype.name)")
            }
            request.element.withUnsafeBytes { value in
                SparseScatter.fill(buffer.baseAddress, count: count, size: size, value: value.baseAddress)
            }
        }
        return Tensor(uncheckedDType: request.dtype, shape: request.shape, buffer: buffer)
    }
}
