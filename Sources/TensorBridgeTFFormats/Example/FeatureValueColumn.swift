import TensorBridge

/// The values of one feature gathered from a run of Examples, decoded straight from the wire
/// format into the array of the feature's type (the other two stay empty).
struct FeatureValueColumn: Sendable {
    let type: FeatureType
    var int64: [Int64] = []
    var float32: [Float] = []
    var bytes: [[UInt8]] = []

    init(type: FeatureType) { self.type = type }

    var count: Int {
        switch type {
        case .int64: int64.count
        case .float32: float32.count
        case .bytes: bytes.count
        }
    }

    mutating func reserve(_ n: Int) {
        switch type {
        case .int64: int64.reserveCapacity(n)
        case .float32: float32.reserveCapacity(n)
        case .bytes: bytes.reserveCapacity(n)
        }
    }

    mutating func append(_ values: FeatureValues) {
        switch values {
        case .int64(let v): int64.append(contentsOf: v)
        case .float32(let v): float32.append(contentsOf: v)
        case .bytes(let v): bytes.append(contentsOf: v)
        }
    }

    /// Appends `n` zeros (or empty strings) as padding.
    mutating func appendZeros(_ n: Int) {
        switch type {
        case .int64: int64.append(contentsOf: repeatElement(0, count: n))
        case .float32: float32.append(contentsOf: repeatElement(0, count: n))
        case .bytes: bytes.append(contentsOf: repeatElement([], count: n))
        }
    }

    /// Appends the values of one serialized `tf.train.Feature` and returns how many there were.
    /// Every value list must have the column's kind; several lists of it are merged, as
    /// protobuf merges a repeated message field.
    @inline(__always)
    mutating func append(feature: UnsafeRawBufferPointer, key: String, record: Int) throws -> Int {
        let start = count
        var r = ProtoWireReader(feature)
        while !r.atEnd {
            let (field, wireType) = try r.tag()
            guard (1...3).contains(field), wireType == 2 else {
                try r.skip(wireType: wireType)
                continue
            }
            let kind: FeatureType = field == 1 ? .bytes : field == 2 ? .float32 : .int64
            let list = try r.lengthDelimited()
            guard kind == type else {
                throw TensorBridgeError.invalidArgument("Key: \(key).  Data types don't match. Data type: \(kind.rawValue) but expected type: \(type.rawValue) (record \(record))")
            }
            switch type {
            case .int64: try Self.decodeInt64(list, into: &int64)
            case .float32: try Self.decodeFloat32(list, into: &float32)
            case .bytes: try Self.decodeBytes(list, into: &bytes)
            }
        }
        return count - start
    }

    /// Calls `body` for each `value` field (number 1) of a value list with its wire type and
    /// the reader positioned at its payload; other fields are skipped, as protobuf does.
    @inline(__always)
    static func forEachValue(_ list: UnsafeRawBufferPointer, _ body: (UInt64, inout ProtoWireReader) throws -> Void) throws {
        var r = ProtoWireReader(list)
        while !r.atEnd {
            let (field, wireType) = try r.tag()
            guard field == 1 else { try r.skip(wireType: wireType); continue }
            try body(wireType, &r)
        }
    }

    /// An `Int64List`: packed varints (what TensorFlow writes) or one varint per field.
    static func decodeInt64(_ list: UnsafeRawBufferPointer, into out: inout [Int64]) throws {
        try forEachValue(list) { wireType, r in
            switch wireType {
            case 2: try appendPackedVarints(try r.lengthDelimited(), to: &out)
            case 0: out.append(Int64(bitPattern: try r.varint()))
            default: throw ExampleParser.malformed("value field of int64 list has wire type \(wireType)")
            }
        }
    }

    /// Packed varints hold at most one value per byte: grow once by that many, decode in
    /// place, and drop what is left over.
    @inline(__always)
    static func appendPackedVarints(_ packed: UnsafeRawBufferPointer, to out: inout [Int64]) throws {
        guard !packed.isEmpty else { return }
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: packed.count))
        var n = 0
        try out.withUnsafeMutableBufferPointer { dst in
            var r = ProtoWireReader(packed)
            while !r.atEnd {
                let byte = packed[r.position]
                if byte < 0x80 {  // most values fit in one byte
                    r.position += 1
                    dst[start + n] = Int64(byte)
                } else {
                    dst[start + n] = Int64(bitPattern: try r.varint())
                }
                n += 1
            }
        }
        out.removeLast(packed.count - n)
    }

    /// A `FloatList`: packed little-endian floats (one copy) or one fixed32 per field.
    static func decodeFloat32(_ list: UnsafeRawBufferPointer, into out: inout [Float]) throws {
        try forEachValue(list) { wireType, r in
            switch wireType {
            case 2:
                let packed = try r.lengthDelimited()
                guard packed.count % 4 == 0 else { throw ExampleParser.malformed("a packed float list of \(packed.count) bytes") }
                // Packed floats are little-endian IEEE 754, as Float is here: one byte copy
                // (the payload need not be 4-byte aligned).
                guard let source = packed.baseAddress, !packed.isEmpty else { return }
                let start = out.count
                out.append(contentsOf: repeatElement(0, count: packed.count / 4))
                out.withUnsafeMutableBytes { dst in
                    dst.baseAddress.map { ($0 + 4 * start).copyMemory(from: source, byteCount: packed.count) }
                }
            case 5: out.append(Float(bitPattern: try r.fixed32()))
            default: throw ExampleParser.malformed("value field of float list has wire type \(wireType)")
            }
        }
    }

    /// A `BytesList`: one length-delimited string per field.
    static func decodeBytes(_ list: UnsafeRawBufferPointer, into out: inout [[UInt8]]) throws {
        try forEachValue(list) { wireType, r in
            guard wireType == 2 else { throw ExampleParser.malformed("value field of string list has wire type \(wireType)") }
            out.append(Array(try r.lengthDelimited()))
        }
    }

    /// The values as a host tensor of `shape`.
    func tensor(shape: [Int]) throws -> Tensor {
        try Self.tensor(joining: [self], type: type, shape: shape)
    }

    /// The values of `parts` one after another as a host tensor of `shape`: numbers are
    /// copied once, straight into the tensor's own buffer.
    static func tensor(joining parts: [FeatureValueColumn], type: FeatureType, shape: [Int]) throws -> Tensor {
        switch type {
        case .int64: return try hostTensor(parts.map(\.int64), dtype: .int64, shape: shape)
        case .float32: return try hostTensor(parts.map(\.float32), dtype: .float32, shape: shape)
        case .bytes:
            guard parts.count > 1 else { return try Tensor(strings: parts.first?.bytes ?? [], shape: shape) }
            var all: [[UInt8]] = []
            all.reserveCapacity(parts.reduce(0) { $0 + $1.bytes.count })
            for part in parts { all += part.bytes }
            return try Tensor(strings: all, shape: shape)
        }
    }

    static func hostTensor<T>(_ parts: [[T]], dtype: DType, shape: [Int]) throws -> Tensor {
        let shape = try Shape(shape)
        let count = parts.reduce(0) { $0 + $1.count }
        guard shape.elementCount == count else {
            throw TensorBridgeError.invalidArgument("\(count) parsed values cannot fill shape \(shape)")
        }
        let buffer = try TensorBuffer.allocateHost(byteCount: count * MemoryLayout<T>.stride)
        var offset = 0
        for part in parts {
            part.withUnsafeBytes { raw in
                if let base = raw.baseAddress, raw.count > 0 { (buffer.baseAddress + offset).copyMemory(from: base, byteCount: raw.count) }
                offset += raw.count
            }
        }
        return try Tensor(dtype: dtype, shape: shape, buffer: buffer)
    }
}
