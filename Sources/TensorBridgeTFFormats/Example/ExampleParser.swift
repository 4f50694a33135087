import TensorBridge
#if canImport(Glibc)
import Glibc
#endif

/// The tensors `tf.io.parse_example` gives for a batch: dense tensors for fixed-length
/// features, sparse tensors for variable-length ones. All live on the host, in owned memory.
public struct ParsedFeatures: Sendable {
    /// Fixed-length features, each `[batch] + shape`.
    public var dense: [String: Tensor]
    /// Variable-length features, each with indices `[example, position]`.
    public var sparse: [String: SparseFeature]
}

/// Parses serialized `tf.train.Example` protos into batched tensors the way
/// `tf.io.parse_example` does (tensorflow/core/util/example_proto_fast_parsing.cc), reading
/// the protobuf wire format directly.
public enum ExampleParser {
    /// Parses a batch of serialized Examples.
    /// - Throws: ``TFFormatError`` (`.invalidArgument`) for a missing required feature, a
    ///   wrong value count or a type mismatch, naming the key and the record; `.invalidFormat`
    ///   for bytes that are not an Example.
    public static func parse(_ serialized: [[UInt8]], features: [String: FeatureSpec]) throws -> ParsedFeatures {
        let specs = features.sorted { $0.key < $1.key }
        let keys = specs.map { Array($0.key.utf8) }
        let columns = try specs.map { key, spec in
            try validate(spec, key: key)
            return FeatureColumn(key: key, type: spec.type)
        }
        var varIndices = [[Int64]](repeating: [], count: specs.count)
        var varLongest = [Int](repeating: 0, count: specs.count)
        var found = [UnsafeRawBufferPointer?](repeating: nil, count: specs.count)
        // Plain per-feature facts, so the per-record loop touches no enums or strings.
        let fixedCount: [Int?] = specs.map { _, spec in
            if case .fixedLen(let shape, _, _) = spec { return shape.reduce(1, *) }
            return nil
        }
        // Fixed-length columns end with batch × count values; reserve that once, capped by the
        // input's size so that a caller's huge shape cannot allocate before any data is seen.
        let inputBytes = serialized.reduce(0) { $0 &+ $1.count }
        for i in specs.indices {
            guard let per = fixedCount[i] else { continue }
            let (total, overflow) = per.multipliedReportingOverflow(by: serialized.count)
            columns[i].reserve(overflow ? inputBytes : min(total, inputBytes))
        }
        for (record, bytes) in serialized.enumerated() {
            try bytes.withUnsafeBytes { raw in
                for i in found.indices { found[i] = nil }
                try findFeatures(example: raw, keys: keys, into: &found, record: record)
                for i in specs.indices {
                    let column = columns[i]
                    if let expected = fixedCount[i] {
                        guard let feature = found[i] else {
                            guard case .fixedLen(_, _, let defaultValue?) = specs[i].value else {
                                throw TFFormatError.invalidArgument("Feature: \(specs[i].key) (data type: \(column.type.rawValue)) is required but could not be found (record \(record)).")
                            }
                            column.append(defaultValue)
                            continue
                        }
                        let n = try column.append(feature: feature, record: record)
                        guard n == expected else {
                            guard case .fixedLen(let shape, _, _) = specs[i].value else { continue }
                            throw TFFormatError.invalidArgument("Key: \(specs[i].key), Index: \(record).  Number of \(column.type.rawValue) values != expected.  Values size: \(n) but output shape: \(shape)")
                        }
                    } else {
                        let n = try found[i].map { try column.append(feature: $0, record: record) } ?? 0
                        if n > 0 {
                            for p in 0..<n { varIndices[i].append(Int64(record)); varIndices[i].append(Int64(p)) }
                            varLongest[i] = max(varLongest[i], n)
                        }
                    }
                }
            }
        }
        var dense: [String: Tensor] = [:]
        var sparse: [String: SparseFeature] = [:]
        for (i, (key, spec)) in specs.enumerated() {
            switch spec {
            case .fixedLen(let shape, _, _):
                dense[key] = try columns[i].tensor(shape: [serialized.count] + shape)
            case .varLen:
                sparse[key] = try SparseFeature(indices: varIndices[i], rank: 2, values: columns[i].tensor(shape: [columns[i].count]),
                                                denseShape: [Int64(serialized.count), Int64(varLongest[i])])
            }
        }
        return ParsedFeatures(dense: dense, sparse: sparse)
    }

    static func validate(_ spec: FeatureSpec, key: String) throws {
        guard case .fixedLen(let shape, let type, let defaultValue) = spec else { return }
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw TFFormatError.invalidArgument("Feature \(key): shape \(shape) has a negative dimension")
        }
        if let defaultValue {
            guard defaultValue.type == type else {
                throw TFFormatError.invalidArgument("Feature \(key): the default holds \(defaultValue.type.rawValue) values but the feature is \(type.rawValue)")
            }
            guard defaultValue.count == shape.reduce(1, *) else {
                throw TFFormatError.invalidArgument("Feature \(key): the default has \(defaultValue.count) values but shape \(shape) needs \(shape.reduce(1, *))")
            }
        }
    }

    /// Records where each wanted feature's serialized `Feature` lies (the last entry of a key
    /// wins, as for protobuf maps).
    static func findFeatures(example: UnsafeRawBufferPointer, keys: [[UInt8]], into found: inout [UnsafeRawBufferPointer?], record: Int) throws {
        do {
            var r = ProtoWireReader(example)
            while !r.atEnd {
                let (field, wireType) = try r.tag()
                guard field == 1, wireType == 2 else { try r.skip(wireType: wireType); continue }
                try findInFeatures(try r.lengthDelimited(), keys: keys, into: &found)
            }
        } catch let error as TFFormatError where error.code == .invalidFormat {
            throw TFFormatError.invalid("Could not parse example input (record \(record)): \(error.message)")
        }
    }

    /// Scans a `Features` message's map entries.
    static func findInFeatures(_ features: UnsafeRawBufferPointer, keys: [[UInt8]], into found: inout [UnsafeRawBufferPointer?]) throws {
        var r = ProtoWireReader(features)
        while !r.atEnd {
            let (field, wireType) = try r.tag()
            guard field == 1, wireType == 2 else { try r.skip(wireType: wireType); continue }
            let (key, value) = try mapEntry(try r.lengthDelimited())
            if let i = index(of: key, in: keys) { found[i] = value }
        }
    }

    /// The key and value of a map entry (either may be absent: empty key, empty message).
    static func mapEntry(_ entry: UnsafeRawBufferPointer) throws -> (UnsafeRawBufferPointer, UnsafeRawBufferPointer) {
        var r = ProtoWireReader(entry)
        var key = UnsafeRawBufferPointer(rebasing: entry[0..<0])
        var value = key
        while !r.atEnd {
            let (field, wireType) = try r.tag()
            switch (field, wireType) {
            case (1, 2): key = try r.lengthDelimited()
            case (2, 2): value = try r.lengthDelimited()
            default: try r.skip(wireType: wireType)
            }
        }
        return (key, value)
    }

    static func index(of key: UnsafeRawBufferPointer, in keys: [[UInt8]]) -> Int? {
        for i in keys.indices where keys[i].count == key.count {
            let equal = keys[i].withUnsafeBytes { k in
                k.count == 0 || (k.baseAddress.map { a in key.baseAddress.map { memcmp(a, $0, k.count) == 0 } ?? false } ?? false)
            }
            if equal { return i }
        }
        return nil
    }

    static func malformed(_ what: String) -> TFFormatError {
        TFFormatError.invalid("not a valid tf.train.Example: \(what)")
    }
}
