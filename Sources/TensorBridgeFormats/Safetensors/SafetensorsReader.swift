/// Turns a validated header plus a ``ByteSource`` into tensors.
enum SafetensorsReader {
    static func read(_ source: some ByteSource) throws -> SafetensorsFile {
        let header = try SafetensorsHeader.parse(fileSize: source.size) { try source.bytes(at: $0, count: $1) }
        let dataBytes = source.size - header.dataStart
        // One read (or one mapping) for the whole data region; each tensor's buffer is a
        // window into it that keeps the region alive.
        let region = try source.buffer(at: header.dataStart, count: dataBytes)
        var tensors: [NamedTensor] = []
        tensors.reserveCapacity(header.entries.count)
        for e in header.entries {
            let count = e.end - e.begin
            var buffer = TensorBuffer(baseAddress: region.baseAddress + e.begin, byteCount: count,
                                      device: .cpu, release: .retain(region))
            if e.dtype == .bool, !ElementLayout.isCanonicalBool(buffer.baseAddress, count: count) {
                buffer = try FastCopy.ownedCopy(of: buffer, count: count)
                ElementLayout.canonicalizeBool(buffer.baseAddress, count: count)
            }
            tensors.append(NamedTensor(name: e.name, tensor: try Tensor(dtype: e.dtype, shape: e.shape, buffer: buffer)))
        }
        return SafetensorsFile(tensors: tensors, metadata: header.metadata)
    }
}
