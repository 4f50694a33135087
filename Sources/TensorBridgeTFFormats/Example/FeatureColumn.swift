import TensorBridge

/// Values of one feature gathered across a batch, in the feature's type.
final class FeatureColumn {
    let type: FeatureType
    let key: String
    var int64: [Int64] = []
    var float32: [Float] = []
    var bytes: [[UInt8]] = []

    init(key: String, type: FeatureType) {
        self.key = key
        self.type = type
    }

    /// Reserves room for `n` values at once (fixed-length columns know their final size).
    func reserve(_ n: Int) {
        switch type {
        case .int64: int64.reserveCapacity(n)
        case .float32: float32.reserveCapacity(n)
        case .bytes: bytes.reserveCapacity(n)
        }
    }

    var count: Int {
        switch type {
        case .int64: int64.count
        case .float32: float32.count
        case .bytes: bytes.count
        }
    }

    func truncate(to n: Int) {
        switch type {
        case .int64: int64.removeSubrange(n...)
        case .float32: float32.removeSubrange(n...)
        case .bytes: bytes.removeSubrange(n...)
        }
    }

    func append(_ values: FeatureValues) {
        switch values {
        case .int64(let v): int64 += v
        case .float32(let v): float32 += v
        case .bytes(let v): bytes += v
        }
    }

    /// Appends zeros (or empty strings) as padding.
    func appendZeros(_ n: Int) {
        switch type {
        case .int64: int64 += repeatElement(0, count: n)
        case .float32: float32 += repeatElement(0, count: n)
        case .bytes: bytes += repeatElement([], count: n)
        }
    }

    /// Appends the values of one serialized `tf.train.Feature` and returns how many there were.
    /// A later list of another kind replaces an earlier one (protobuf `oneof`); the same kind
    /// twice is merged.
    func append(feature: UnsafeRawBufferPointer, record: Int) throws -> Int {
        let start = count
        var seen: FeatureType? = nil
        var r = ProtoWireReader(feature)
        while !r.atEnd {
            let (field, wireType) = try r.tag()
            guard (1...3).contains(field), wireType == 2 else {
                try r.skip(wireType: wireType)
                continue
            }
            let kind: FeatureType = field == 1 ? .bytes : field == 2 ? .float32 : .int64
            if let seen, seen != kind { truncate(to: start) }
            seen = kind
            let list = try r.lengthDelimited()
            guard kind == type else {
                throw TFFormatError.invalidArgument("Key: \(key).  Data types don't match. Data type: \(kind.rawValue) but expected type: \(type.rawValue) (record \(record))")
            }
            try appendList(list)
        }
        return count - start
    }

    private func appendList(_ list: UnsafeRawBufferPointer) throws {
        var r = ProtoWireReader(list)
        while !r.atEnd {
            let (field, wireType) = try r.tag()
            guard field == 1 else {
                try r.skip(wireType: wireType)
                continue
            }
            switch (type, wireType) {
            case (.bytes, 2):
                bytes.append(Array(try r.lengthDelimited()))
            case (.float32, 2):
                let packed = try r.lengthDelimited()
                guard packed.count % 4 == 0 else { throw ExampleParser.malformed("a packed float list of \(packed.count) bytes") }
                let n = packed.count / 4
                guard n > 0, let source = packed.baseAddress else { break }
                // Packed floats are little-endian IEEE 754, as Float is here: one copy.
                let start = float32.count
                float32.append(contentsOf: repeatElement(0, count: n))
                float32.withUnsafeMutableBytes { dst in
                    guard let base = dst.baseAddress else { return }
                    (base + 4 * start).copyMemory(from: source, byteCount: 4 * n)
                }
            case (.float32, 5):
                float32.append(Float(bitPattern: try r.fixed32()))
            case (.int64, 2):
                var packed = ProtoWireReader(try r.lengthDelimited())
                while !packed.atEnd { int64.append(Int64(bitPattern: try packed.varint())) }
            case (.int64, 0):
                int64.append(Int64(bitPattern: try r.varint()))
            default:
                throw ExampleParser.malformed("value field of \(type.rawValue) list has wire type \(wireType)")
            }
        }
    }

    /// The gathered values as a tensor of `shape`.
    func tensor(shape: [Int]) throws -> Tensor {
        switch type {
        case .int64: try Tensor(int64, shape: shape)
        case .float32: try Tensor(float32, shape: shape)
        case .bytes: try Tensor(strings: bytes, shape: shape)
        }
    }
}
