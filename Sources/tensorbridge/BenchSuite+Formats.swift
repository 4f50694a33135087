import TensorBridge

extension BenchSuite {
    /// File formats (.npy, .npz, safetensors, TensorProto).
    static var formats: [BenchCase] { [] }
}
