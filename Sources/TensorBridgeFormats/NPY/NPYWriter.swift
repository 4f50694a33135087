/// Encodes a tensor exactly as `np.save` would: the same header bytes, then the raw
/// little-endian C-order data.
enum NPYWriter {
    /// The header, and the data bytes for string tensors (`nil` for dense tensors, whose
    /// bytes are written straight from their buffer).
    static func header(for tensor: Tensor) throws -> (header: [UInt8], stringData: [UInt8]?) {
        if tensor.dtype == .string {
            let values = try tensor.strings()
            let width = max(1, values.map(\.count).max() ?? 1)
            var data = [UInt8]()
            data.reserveCapacity(width * values.count)
            for v in values {
                data += v
                data += [UInt8](repeating: 0, count: width - v.count)
            }
            let header = NPYHeader(descr: NPYDescr(order: .notApplicable, kind: "S", itemSize: width),
                                   fortranOrder: false, shape: tensor.shape.dimensions)
            return (header.encoded(), data)
        }
        let header = NPYHeader(descr: try NPYDescr.forWriting(tensor.dtype), fortranOrder: false,
                               shape: tensor.shape.dimensions)
        return (header.encoded(), nil)
    }

    /// The whole file in memory.
    static func encode(_ tensor: Tensor) throws -> [UInt8] {
        let (header, strings) = try header(for: tensor)
        if let strings { return header + strings }
        return try tensor.withUnsafeBytes { header + Array($0) }
    }
}
