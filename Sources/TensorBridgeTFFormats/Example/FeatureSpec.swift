import TensorBridge

/// The three value kinds a `tf.train.Feature` holds.
public enum FeatureType: String, Sendable, CaseIterable {
    /// `int64_list`, parsed to `int64`.
    case int64
    /// `float_list`, parsed to `float32`.
    case float32 = "float"
    /// `bytes_list`, parsed to `string`.
    case bytes = "string"

    /// The dtype of parsed tensors.
    public var dtype: DType {
        switch self {
        case .int64: .int64
        case .float32: .float32
        case .bytes: .string
        }
    }
}

/// The values of one feature, for building Examples and for defaults.
public enum FeatureValues: Sendable, Equatable {
    /// An `int64_list`.
    case int64([Int64])
    /// A `float_list`.
    case float32([Float])
    /// A `bytes_list`.
    case bytes([[UInt8]])

    /// The kind of values held.
    public var type: FeatureType {
        switch self {
        case .int64: .int64
        case .float32: .float32
        case .bytes: .bytes
        }
    }

    /// How many values are held.
    public var count: Int {
        switch self {
        case .int64(let v): v.count
        case .float32(let v): v.count
        case .bytes(let v): v.count
        }
    }
}

/// How to parse one feature, as `tf.io.FixedLenFeature` and `tf.io.VarLenFeature` say.
public enum FeatureSpec: Sendable {
    /// Exactly `shape`'s element count of values in every Example, batched into a dense
    /// `[batch] + shape` tensor. Examples without the feature take `defaultValue` (which must
    /// have that many values); with no default, a missing feature is an error.
    case fixedLen(shape: [Int], type: FeatureType, defaultValue: FeatureValues? = nil)
    /// Any number of values, batched into a ``SparseFeature`` with indices `[example, position]`
    /// and dense shape `[batch, longest]`.
    case varLen(FeatureType)

    var type: FeatureType {
        switch self {
        case .fixedLen(_, let t, _): t
        case .varLen(let t): t
        }
    }
}

/// How to parse one feature list of a `tf.train.SequenceExample`, as
/// `tf.io.FixedLenSequenceFeature` and `tf.io.VarLenFeature` say for `sequence_features`.
public enum SequenceFeatureSpec: Sendable {
    /// Every step holds `shape`'s element count of values; batched to `[batch, longest] + shape`,
    /// shorter sequences padded with `defaultValue` (zeros when nil).
    case fixedLenSequence(shape: [Int], type: FeatureType, defaultValue: FeatureValues? = nil)
    /// Any number of values per step; a ``SparseFeature`` with indices `[example, step, position]`.
    case varLen(FeatureType)
}
