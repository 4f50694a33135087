import TensorBridge

/// The feature schema of a TFRecord file of `tf.train.Example`s, inferred from every record:
/// each feature's type and its shortest and longest value list. ``specs`` turns it into the
/// spec that parses the file without losing anything: fixed length where every record has the
/// same number of values, variable length otherwise.
public struct TFRecordSchema: Sendable {
    /// One feature as seen across the file.
    public struct Feature: Sendable, Equatable {
        /// The feature's key.
        public let name: String
        /// The kind of its value list (the same in every record).
        public internal(set) var type: FeatureType
        /// The fewest values it had in a record that has it.
        public internal(set) var minLength: Int
        /// The most values it had in a record.
        public internal(set) var maxLength: Int
        /// How many records have it (possibly with an empty list).
        public internal(set) var present: Int

        /// Whether it has the same length in every one of `records` records, which parses to a
        /// dense `[records, length]` tensor.
        public func isFixed(records: Int) -> Bool { present == records && minLength == maxLength }
    }

    /// The file's compression.
    public let compression: TFRecordCompression
    /// Every record in the file.
    public private(set) var records = 0
    /// The records that are `tf.train.Example` protos (the others are not part of the schema).
    public private(set) var examples = 0
    /// The features, sorted by name.
    public private(set) var features: [Feature] = []

    /// Reads every record of the file at `path`.
    /// - Throws: `TensorBridgeError` for a corrupt file (as ``TFRecordReader`` does), and
    ///   `.invalidFormat` for a feature whose kind differs between records.
    public init(path: String, compression: TFRecordCompression? = nil) throws {
        self.compression = compression ?? TFRecordCompression(guessingFrom: path)
        var byName: [String: Int] = [:]
        let reader = try TFRecordReader(path: path, compression: self.compression)
        while let record = try reader.next() {
            records += 1
            guard let example = try? Example(serializedBytes: record) else { continue }
            examples += 1
            for (name, values) in example.features {
                if let i = byName[name] {
                    guard features[i].type == values.type else {
                        throw TensorBridgeError(.invalidFormat, "feature '\(name)' is \(features[i].type.rawValue) in one record and \(values.type.rawValue) in record \(records - 1)",
                                            recordNumber: records - 1)
                    }
                    features[i].minLength = min(features[i].minLength, values.count)
                    features[i].maxLength = max(features[i].maxLength, values.count)
                    features[i].present += 1
                } else {
                    byName[name] = features.count
                    features.append(Feature(name: name, type: values.type, minLength: values.count, maxLength: values.count, present: 1))
                }
            }
        }
        features.sort { $0.name < $1.name }
    }

    /// The parse spec: `fixedLen([length])` where every record has the same length, else `varLen`.
    public var specs: [String: FeatureSpec] {
        Dictionary(uniqueKeysWithValues: features.map { f in
            (f.name, f.isFixed(records: records) ? FeatureSpec.fixedLen(shape: [f.maxLength], type: f.type) : .varLen(f.type))
        })
    }
}
