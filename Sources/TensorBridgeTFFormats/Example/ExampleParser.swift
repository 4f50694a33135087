import Dispatch
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
    /// Runs shorter than this many Examples are not split off: handing work to another core
    /// costs more than it saves.
    static let recordsPerRun = 512

    /// Parses a batch of serialized Examples. Large batches are split into runs of
    /// consecutive Examples parsed on all cores and joined in order, as TensorFlow splits them
    /// into minibatches; the result and the error reported are the same for any split.
    /// - Throws: `TensorBridgeError` (`.invalidArgument`) for a missing required feature, a
    ///   wrong value count or a type mismatch, naming the key and the record; `.invalidFormat`
    ///   for bytes that are not an Example.
    public static func parse(_ serialized: [[UInt8]], features: [String: FeatureSpec]) throws -> ParsedFeatures {
        // Several runs per core, so that a core the scheduler takes away leaves its share to
        // the others instead of holding up the batch.
        let runs = Parallel.workerCount > 1 ? min(Parallel.workerCount * 4, serialized.count / recordsPerRun) : 1
        return try parse(serialized, features: features, runs: runs)
    }

    /// Parses with the batch split into `runs` runs (one when below 2), on all cores unless
    /// `concurrently` is false (the fuzz target splits small batches without paying for threads).
    static func parse(_ serialized: [[UInt8]], features: [String: FeatureSpec], runs: Int, concurrently: Bool = true) throws -> ParsedFeatures {
        let plans = try features.sorted { $0.key < $1.key }.map { key, spec in
            try validate(spec, key: key)
            return ExampleFeaturePlan(key: key, spec: spec)
        }
        let runs = min(runs, serialized.count)
        let chunks: [ExampleChunk]
        if runs <= 1 {
            chunks = [try ExampleChunk(serialized, records: serialized.indices, plans: plans)]
        } else if concurrently {
            chunks = try parseConcurrently(serialized, plans: plans, runs: runs)
        } else {
            chunks = try (0..<runs).map { try ExampleChunk(serialized, records: records(ofRun: $0, runs: runs, count: serialized.count), plans: plans) }
        }
        return try assemble(chunks, plans: plans, batch: serialized.count)
    }

    /// Parses `runs` runs of consecutive records at once. Each run stops at its first bad
    /// record, so the earliest run's error is the batch's first error, as parsing in order finds.
    static func parseConcurrently(_ serialized: [[UInt8]], plans: [ExampleFeaturePlan], runs: Int) throws -> [ExampleChunk] {
        let results = UnsafeMutableBufferPointer<Result<ExampleChunk, any Error>?>.allocate(capacity: runs)
        results.initialize(repeating: nil)
        defer {
            results.deinitialize()
            results.deallocate()
        }
        let slots = UnsafeSendable(results)
        DispatchQueue.concurrentPerform(iterations: runs) { run in
            slots.value[run] = Result {
                try ExampleChunk(serialized, records: records(ofRun: run, runs: runs, count: serialized.count), plans: plans)
            }
        }
        return try results.map { result in
            guard let result else { throw TensorBridgeError.invalidArgument("a run of Examples was not parsed") }
            return try result.get()
        }
    }

    /// The records of run `run` when `count` records are split into `runs` runs in order.
    static func records(ofRun run: Int, runs: Int, count: Int) -> Range<Int> {
        let per = (count + runs - 1) / runs
        return min(count, run * per)..<min(count, (run + 1) * per)
    }

    /// Joins the chunks' columns, in record order, into the batch's tensors.
    static func assemble(_ chunks: [ExampleChunk], plans: [ExampleFeaturePlan], batch: Int) throws -> ParsedFeatures {
        var dense: [String: Tensor] = [:]
        var sparse: [String: SparseFeature] = [:]
        for (i, plan) in plans.enumerated() {
            let parts = chunks.map { $0.columns[i] }
            if let shape = plan.shape {
                dense[plan.key] = try FeatureValueColumn.tensor(joining: parts, type: plan.type, shape: [batch] + shape)
            } else {
                let values = try FeatureValueColumn.tensor(joining: parts, type: plan.type, shape: [parts.reduce(0) { $0 + $1.count }])
                sparse[plan.key] = try SparseFeature(lengths: chunks.map { $0.lengths[i] }, values: values, batch: batch)
            }
        }
        return ParsedFeatures(dense: dense, sparse: sparse)
    }

    static func validate(_ spec: FeatureSpec, key: String) throws {
        guard case .fixedLen(let shape, let type, let defaultValue) = spec else { return }
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw TensorBridgeError.invalidArgument("Feature \(key): shape \(shape) has a negative dimension")
        }
        if let defaultValue {
            guard defaultValue.type == type else {
                throw TensorBridgeError.invalidArgument("Feature \(key): the default holds \(defaultValue.type.rawValue) values but the feature is \(type.rawValue)")
            }
            guard defaultValue.count == shape.reduce(1, *) else {
                throw TensorBridgeError.invalidArgument("Feature \(key): the default has \(defaultValue.count) values but shape \(shape) needs \(shape.reduce(1, *))")
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
        } catch let error as TensorBridgeError where error.code == .invalidFormat {
            throw TensorBridgeError.invalid("Could not parse example input (record \(record)): \(error.message)")
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
    @inline(__always)
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

    @inline(__always)
    static func index(of key: UnsafeRawBufferPointer, in keys: [[UInt8]]) -> Int? {
        for i in keys.indices where keys[i].count == key.count {
            let equal = keys[i].withUnsafeBytes { k in
                k.count == 0 || (k.baseAddress.map { a in key.baseAddress.map { memcmp(a, $0, k.count) == 0 } ?? false } ?? false)
            }
            if equal { return i }
        }
        return nil
    }

    static func malformed(_ what: String) -> TensorBridgeError {
        TensorBridgeError.invalid("not a valid tf.train.Example: \(what)")
    }
}
