import TensorBridge

/// One wanted feature as plain facts, so that the per-record loop touches no spec enums.
struct ExampleFeaturePlan: Sendable {
    let key: String
    let keyBytes: [UInt8]
    let type: FeatureType
    /// The fixed-length shape, or nil for a variable-length feature.
    let shape: [Int]?
    /// Values per Example of a fixed-length feature.
    let count: Int
    let defaultValue: FeatureValues?

    init(key: String, spec: FeatureSpec) {
        self.key = key
        keyBytes = Array(key.utf8)
        type = spec.type
        switch spec {
        case .fixedLen(let shape, _, let defaultValue):
            self.shape = shape
            count = shape.reduce(1, *)
            self.defaultValue = defaultValue
        case .varLen:
            shape = nil
            count = 0
            defaultValue = nil
        }
    }
}

/// The parsed values of a run of consecutive Examples, one column per wanted feature.
struct ExampleChunk: Sendable {
    var columns: [FeatureValueColumn]
    /// For each variable-length feature, how many values each record had (empty for the
    /// fixed-length ones); the sparse indices are made from these once, when joining.
    var lengths: [[Int]]

    /// Parses `records` of `serialized`; record numbers in errors are the batch's.
    init(_ serialized: [[UInt8]], records: Range<Int>, plans: [ExampleFeaturePlan]) throws {
        columns = plans.map { FeatureValueColumn(type: $0.type) }
        lengths = plans.map { $0.shape == nil ? [Int](repeating: 0, count: records.count) : [] }
        let keys = plans.map(\.keyBytes)
        let fixed = plans.map { $0.shape != nil }
        let counts = plans.map(\.count)
        // Fixed-length columns end with records × count values; reserve that once, capped by
        // the input's size so that a caller's huge shape cannot allocate before any data is seen.
        let inputBytes = serialized[records].reduce(0) { $0 &+ $1.count }
        for i in plans.indices where fixed[i] {
            let (total, overflow) = counts[i].multipliedReportingOverflow(by: records.count)
            columns[i].reserve(overflow ? inputBytes : min(total, inputBytes))
        }
        var found = [UnsafeRawBufferPointer?](repeating: nil, count: plans.count)
        for record in records {
            try serialized[record].withUnsafeBytes { raw in
                for i in found.indices { found[i] = nil }
                try ExampleParser.findFeatures(example: raw, keys: keys, into: &found, record: record)
                for i in plans.indices {
                    guard let feature = found[i] else {
                        if fixed[i] { try addDefault(plans[i], column: i, record: record) }
                        continue
                    }
                    let n = try columns[i].append(feature: feature, key: plans[i].key, record: record)
                    if !fixed[i] {
                        lengths[i][record - records.lowerBound] = n
                    } else if n != counts[i] {
                        throw Self.wrongCount(plans[i], n, record: record)
                    }
                }
            }
        }
    }

    /// A fixed-length feature missing from a record takes its default; without one, an error.
    private mutating func addDefault(_ plan: ExampleFeaturePlan, column i: Int, record: Int) throws {
        guard let defaultValue = plan.defaultValue else {
            throw TensorBridgeError.invalidArgument("Feature: \(plan.key) (data type: \(plan.type.rawValue)) is required but could not be found (record \(record)).")
        }
        columns[i].append(defaultValue)
    }

    private static func wrongCount(_ plan: ExampleFeaturePlan, _ n: Int, record: Int) -> TensorBridgeError {
        TensorBridgeError.invalidArgument("Key: \(plan.key), Index: \(record).  Number of \(plan.type.rawValue) values != expected.  Values size: \(n) but output shape: \(plan.shape ?? [])")
    }
}
