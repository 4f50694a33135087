import TensorBridge

extension BenchSuite {
    /// NumPy conversion and DLPack.
    static var python: [BenchCase] { [] }
}
