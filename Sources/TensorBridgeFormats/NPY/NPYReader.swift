/// Decodes one `.npy` array from a ``ByteSource``.
enum NPYReader {
    /// The parsed header, checked against the file's real size.
    struct Layout {
        let header: NPYHeader
        let dtype: DType
        let shape: Shape
        let dataOffset: Int
        let itemBytes: Int
        let dataBytes: Int
    }

    static func layout(_ source: some ByteSource, voidAs: DType?) throws -> Layout {
        let (header, dataOffset) = try NPYHeader.parse(fileSize: source.size) { offset, count in
            try source.bytes(at: offset, count: count)
        }
        let descr = header.descr
        let dtype = try descr.dtype(voidAs: voidAs)
        let shape = try Shape.fromFile(header.shape, what: ".npy shape")
        // Unicode items are UCS-4: the descr counts characters, each 4 bytes.
        let (itemBytes, o1) = descr.itemSize.multipliedReportingOverflow(by: descr.kind == "U" ? 4 : 1)
        let (dataBytes, o2) = shape.elementCount.multipliedReportingOverflow(by: itemBytes)
        guard !o1, !o2 else { throw TensorBridgeError.limitExceeded(".npy shape \(shape) × \(itemBytes)-byte items overflows") }
        let available = source.size - dataOffset
        guard dataBytes <= available else {
            throw TensorBridgeError.truncated(".npy header promises \(dataBytes) data bytes (shape \(shape), '\(descr.text)'), but only \(available) follow")
        }
        return Layout(header: header, dtype: dtype, shape: shape, dataOffset: dataOffset, itemBytes: itemBytes, dataBytes: dataBytes)
    }

    static func info(_ source: some ByteSource, name: String, voidAs: DType?) throws -> TensorInfo {
        let l = try layout(source, voidAs: voidAs)
        return TensorInfo(name: name, dtype: l.dtype, shape: l.shape.dimensions, byteCount: l.dataBytes)
    }

    static func read(_ source: some ByteSource, voidAs: DType?) throws -> Tensor {
        let l = try layout(source, voidAs: voidAs)
        let (header, descr, dtype, shape) = (l.header, l.header.descr, l.dtype, l.shape)
        let (dataOffset, itemBytes, dataBytes) = (l.dataOffset, l.itemBytes, l.dataBytes)
        if dtype == .string {
            return try strings(source, at: dataOffset, header: header, shape: shape, itemBytes: itemBytes)
        }
        var buffer = try source.buffer(at: dataOffset, count: dataBytes)
        var owned = !source.sharesMemory
        func makeOwned() throws {
            if !owned { buffer = try FastCopy.ownedCopy(of: buffer, count: dataBytes); owned = true }
        }
        if descr.needsSwap {
            try makeOwned()
            ElementLayout.swapBytes(buffer.baseAddress, count: dataBytes, unit: dtype.isComplex ? itemBytes / 2 : itemBytes)
        }
        if dtype == .bool, !ElementLayout.isCanonicalBool(buffer.baseAddress, count: dataBytes) {
            try makeOwned()
            ElementLayout.canonicalizeBool(buffer.baseAddress, count: dataBytes)
        }
        if header.fortranOrder, shape.rank > 1 {
            let out = try TensorBuffer.allocateHost(byteCount: dataBytes)
            ElementLayout.fromFortranOrder(buffer.baseAddress, into: out.baseAddress, shape: shape.dimensions, itemSize: itemBytes)
            buffer = out
        }
        return try Tensor(dtype: dtype, shape: shape, buffer: buffer)
    }

    /// `|S` items become byte strings and `<U` items UTF-8 strings, with NumPy's trailing
    /// NULs stripped (NumPy strips them too when it reads an item).
    private static func strings(_ source: some ByteSource, at offset: Int, header: NPYHeader,
                                shape: Shape, itemBytes: Int) throws -> Tensor {
        let raw = try source.bytes(at: offset, count: shape.elementCount * itemBytes)
        var values: [[UInt8]] = []
        values.reserveCapacity(shape.elementCount)
        for i in 0..<shape.elementCount {
            let item = raw[(i * itemBytes)..<((i + 1) * itemBytes)]
            if header.descr.kind == "S" {
                var bytes = Array(item)
                while bytes.last == 0 { bytes.removeLast() }
                values.append(bytes)
            } else {
                var scalars = String.UnicodeScalarView()
                var j = item.startIndex
                while j + 4 <= item.endIndex {
                    let b = (item[j], item[j + 1], item[j + 2], item[j + 3])
                    let v = header.descr.order == .big
                        ? UInt32(b.0) << 24 | UInt32(b.1) << 16 | UInt32(b.2) << 8 | UInt32(b.3)
                        : UInt32(b.3) << 24 | UInt32(b.2) << 16 | UInt32(b.1) << 8 | UInt32(b.0)
                    guard let scalar = Unicode.Scalar(v) else {
                        throw TensorBridgeError.invalidFormat(".npy unicode item holds an invalid code point \(v)")
                    }
                    scalars.append(scalar)
                    j += 4
                }
                var bytes = Array(String(scalars).utf8)
                while bytes.last == 0 { bytes.removeLast() }
                values.append(bytes)
            }
        }
        if header.fortranOrder, shape.rank > 1 {
            // Reorder element indices the same way as numeric data.
            var order = [Int](repeating: 0, count: values.count)
            let ids = (0..<values.count).map { $0 }
            ids.withUnsafeBytes { src in
                order.withUnsafeMutableBytes { dst in
                    if let s = src.baseAddress, let d = dst.baseAddress {
                        ElementLayout.fromFortranOrder(s, into: d, shape: shape.dimensions, itemSize: MemoryLayout<Int>.stride)
                    }
                }
            }
            values = order.map { values[$0] }
        }
        return try Tensor(strings: values, shape: shape.dimensions)
    }
}
