import TensorBridge

extension BenchSuite {
    /// TensorFlow-exact ops (random, image, sparse).
    static var ops: [BenchCase] { [] }
}
