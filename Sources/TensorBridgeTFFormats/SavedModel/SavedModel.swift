import SwiftProtobuf
import Foundation
import TensorBridge
import TensorBridgeFormats

/// A SavedModel directory read without TensorFlow: the signatures in `saved_model.pb` and the
/// variables in `variables/` (a checkpoint, read with ``CheckpointReader``).
public struct SavedModel: Sendable {
    /// The directory.
    public let path: String
    /// The tags of the (first) MetaGraph, such as `["serve"]`.
    public let tags: [String]
    /// The TensorFlow version that wrote it, if recorded.
    public let tensorflowVersion: String
    /// Every signature of the first MetaGraph, sorted by name (including
    /// `__saved_model_init_op`, as `saved_model_cli show --all` lists it).
    public let signatures: [SignatureInfo]

    /// `saved_model.pb` above this size is refused (TensorFlow's protobuf limit is 2 GiB).
    public static let maxProtoBytes = 1 << 31

    /// Reads `saved_model.pb` in `path`.
    /// - Throws: `TensorBridgeError` when the file is missing, too large or not a SavedModel.
    public init(path: String) throws {
        self.path = path
        let file = (path as NSString).appendingPathComponent("saved_model.pb")
        let region = try MappedRegion(path: file)
        guard region.count <= Self.maxProtoBytes else {
            throw TensorBridgeError(.limitExceeded, "\(file) is \(region.count) bytes, over the 2 GiB protobuf limit")
        }
        let model: Tensorflow_SavedModel
        do { model = try Tensorflow_SavedModel(serializedBytes: Array(region.bytes)) } catch {
            throw TensorBridgeError.invalid("\(file) is not a SavedModel proto (\(error))")
        }
        guard let graph = model.metaGraphs.first else {
            throw TensorBridgeError.invalid("\(file) holds no MetaGraph")
        }
        tags = graph.metaInfoDef.tags
        tensorflowVersion = graph.metaInfoDef.tensorflowVersion
        signatures = graph.signatureDef.keys.sorted().compactMap { name in
            guard let def = graph.signatureDef[name] else { return nil }
            return SignatureInfo(name: name, methodName: def.methodName,
                                 inputs: Self.tensors(def.inputs), outputs: Self.tensors(def.outputs))
        }
    }

    /// The variables checkpoint (`variables/variables`), opened on demand.
    public func variables() throws -> CheckpointReader {
        try CheckpointReader(path: (path as NSString).appendingPathComponent("variables/variables"))
    }

    static func tensors(_ map: [String: Tensorflow_TensorInfo]) -> [SignatureTensorInfo] {
        map.keys.sorted().compactMap { key in
            guard let info = map[key] else { return nil }
            let shape: [Int]? = info.tensorShape.unknownRank ? nil : info.tensorShape.dim.map { Int($0.size) }
            let name: String
            switch info.encoding {
            case .name(let n): name = n
            case .cooSparse(let s): name = s.valuesTensorName
            case .compositeTensor, nil: name = ""
            }
            return SignatureTensorInfo(key: key, dtype: DType.protoName(info.dtype.rawValue), shape: shape, tensorName: name)
        }
    }
}
