import TensorBridge

/// Every benchmark case, gathered from one file per capability.
enum BenchSuite {
    static var all: [BenchCase] { core + ops + math + formats + python + dlpack + tfFormats }
}
