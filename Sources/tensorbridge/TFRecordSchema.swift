import TensorBridgeTFFormats

/// The feature schema of a TFRecord file of `tf.train.Example`s, inferred from every record:
/// each feature's type, and the shortest and longest value list.
struct TFRecordSchema {
    struct Feature {
        let name: String
        var type: FeatureType
        var minLength: Int
        var maxLength: Int
        var present: Int

        /// Same length in every record: a dense `[records, length]` tensor.
        func isFixed(records: Int) -> Bool { present == records && minLength == maxLength }
    }

    let compression: TFRecordCompression
    private(set) var records = 0
    private(set) var examples = 0
    private(set) var features: [Feature] = []

    init(path: String) throws {
        compression = TFRecordCompression(guessingFrom: path)
        var byName: [String: Int] = [:]
        let reader = try TFRecordReader(path: path)
        while let record = try reader.next() {
            records += 1
            guard let example = try? Example(serializedBytes: record) else { continue }
            examples += 1
            for (name, values) in example.features {
                if let i = byName[name] {
                    guard features[i].type == values.type else {
                        throw TFFormatError(.invalidFormat, "feature '\(name)' is \(features[i].type.rawValue) in one record and \(values.type.rawValue) in record \(records - 1)")
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

    /// The parse spec: fixed-length where every record has the same length, else variable.
    var specs: [String: FeatureSpec] {
        Dictionary(uniqueKeysWithValues: features.map { f in
            (f.name, f.isFixed(records: records) ? FeatureSpec.fixedLen(shape: [f.maxLength], type: f.type) : .varLen(f.type))
        })
    }
}
