import TensorBridge

/// What `tf.io.parse_sequence_example` gives for a batch.
public struct ParsedSequenceFeatures: Sendable {
    /// The context features, parsed as for an Example.
    public var context: ParsedFeatures
    /// Fixed-length sequence features, each `[batch, longest sequence] + shape`.
    public var dense: [String: Tensor]
    /// Variable-length sequence features, indices `[example, step, position]`.
    public var sparse: [String: SparseFeature]
    /// For each fixed-length sequence feature, the number of steps in each example (`int64`).
    public var lengths: [String: Tensor]
}

extension ExampleParser {
    /// Parses a batch of serialized `tf.train.SequenceExample` protos.
    public static func parseSequences(_ serialized: [[UInt8]], context: [String: FeatureSpec],
                                      sequence: [String: SequenceFeatureSpec]) throws -> ParsedSequenceFeatures {
        // The context is an ordinary Features message at field 1: parse it as an Example.
        let contexts = try serialized.enumerated().map { record, bytes in try contextOnly(bytes, record: record) }
        let parsedContext = try parse(contexts, features: context)
        let specs = sequence.sorted { $0.key < $1.key }
        let keys = specs.map { Array($0.key.utf8) }
        var dense: [String: Tensor] = [:]
        var sparse: [String: SparseFeature] = [:]
        var lengths: [String: Tensor] = [:]
        // Pass 1 counts each example's steps (fixed-length features pad to the longest);
        // pass 2 gathers the values. Both read the records in place.
        var stepCounts = [[Int]](repeating: [], count: specs.count)
        for (record, bytes) in serialized.enumerated() {
            try bytes.withUnsafeBytes { raw in
                var found = [UnsafeRawBufferPointer?](repeating: nil, count: specs.count)
                try findFeatureLists(raw, keys: keys, into: &found, record: record)
                for i in specs.indices { stepCounts[i].append(try found[i].map { try featureListSteps($0).count } ?? 0) }
            }
        }
        var columns = try specs.map { key, spec -> FeatureValueColumn in
            switch spec {
            case .fixedLenSequence(let shape, let type, let defaultValue):
                try validate(.fixedLen(shape: shape, type: type, defaultValue: defaultValue), key: key)
                return FeatureValueColumn(type: type)
            case .varLen(let type):
                return FeatureValueColumn(type: type)
            }
        }
        let longest = stepCounts.map { $0.max() ?? 0 }
        var indices = [[Int64]](repeating: [], count: specs.count)
        var widest = [Int](repeating: 0, count: specs.count)
        for (record, bytes) in serialized.enumerated() {
            try bytes.withUnsafeBytes { raw in
                var found = [UnsafeRawBufferPointer?](repeating: nil, count: specs.count)
                try findFeatureLists(raw, keys: keys, into: &found, record: record)
                for (i, (key, spec)) in specs.enumerated() {
                    let list = try found[i].map { try featureListSteps($0) } ?? []
                    switch spec {
                    case .fixedLenSequence(let shape, let type, let defaultValue):
                        let per = shape.reduce(1, *)
                        for step in list {
                            let n = try columns[i].append(feature: step, key: key, record: record)
                            guard n == per else {
                                throw TensorBridgeError.invalidArgument("Key: \(key), Index: \(record).  Number of \(type.rawValue) values != expected.  Values size: \(n) but output shape: \(shape)")
                            }
                        }
                        for _ in list.count..<longest[i] {
                            if let defaultValue { columns[i].append(defaultValue) } else { columns[i].appendZeros(per) }
                        }
                    case .varLen:
                        for (s, step) in list.enumerated() {
                            let n = try columns[i].append(feature: step, key: key, record: record)
                            for p in 0..<n { indices[i].append(Int64(record)); indices[i].append(Int64(s)); indices[i].append(Int64(p)) }
                            widest[i] = max(widest[i], n)
                        }
                    }
                }
            }
        }
        for (i, (key, spec)) in specs.enumerated() {
            switch spec {
            case .fixedLenSequence(let shape, _, _):
                dense[key] = try columns[i].tensor(shape: [serialized.count, longest[i]] + shape)
                lengths[key] = try Tensor(stepCounts[i].map { Int64($0) }, shape: [serialized.count])
            case .varLen:
                let c = columns[i]
                sparse[key] = try SparseFeature(indices: indices[i], rank: 3, values: c.tensor(shape: [c.count]),
                                               denseShape: [Int64(serialized.count), Int64(longest[i]), Int64(widest[i])])
            }
        }
        return ParsedSequenceFeatures(context: parsedContext, dense: dense, sparse: sparse, lengths: lengths)
    }

    /// The SequenceExample's context re-framed as an Example (field 1 in both).
    static func contextOnly(_ bytes: [UInt8], record: Int) throws -> [UInt8] {
        try bytes.withUnsafeBytes { raw in
            var out: [UInt8] = []
            var r = ProtoWireReader(raw)
            do {
                while !r.atEnd {
                    let (field, wireType) = try r.tag()
                    guard field == 1, wireType == 2 else { try r.skip(wireType: wireType); continue }
                    let features = try r.lengthDelimited()
                    out.append(0x0a)
                    out.appendVarint(UInt64(features.count))
                    out += features
                }
            } catch let error as TensorBridgeError {
                throw TensorBridgeError.invalid("Could not parse sequence example input (record \(record)): \(error.message)")
            }
            return out
        }
    }

    static func findFeatureLists(_ raw: UnsafeRawBufferPointer, keys: [[UInt8]], into found: inout [UnsafeRawBufferPointer?], record: Int) throws {
        do {
            var r = ProtoWireReader(raw)
            while !r.atEnd {
                let (field, wireType) = try r.tag()
                guard field == 2, wireType == 2 else { try r.skip(wireType: wireType); continue }
                var lists = ProtoWireReader(try r.lengthDelimited())
                while !lists.atEnd {
                    let (f, w) = try lists.tag()
                    guard f == 1, w == 2 else { try lists.skip(wireType: w); continue }
                    let (key, value) = try mapEntry(try lists.lengthDelimited())
                    if let i = index(of: key, in: keys) { found[i] = value }
                }
            }
        } catch let error as TensorBridgeError where error.code == .invalidFormat {
            throw TensorBridgeError.invalid("Could not parse sequence example input (record \(record)): \(error.message)")
        }
    }

    /// The serialized `Feature` of each step of a `FeatureList`.
    static func featureListSteps(_ list: UnsafeRawBufferPointer) throws -> [UnsafeRawBufferPointer] {
        var r = ProtoWireReader(list)
        var out: [UnsafeRawBufferPointer] = []
        while !r.atEnd {
            let (field, wireType) = try r.tag()
            guard field == 1, wireType == 2 else { try r.skip(wireType: wireType); continue }
            out.append(try r.lengthDelimited())
        }
        return out
    }
}
