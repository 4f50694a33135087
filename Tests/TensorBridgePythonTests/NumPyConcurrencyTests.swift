import Testing
import TensorBridge
import TensorBridgePython

@Suite("NumPy concurrency")
struct NumPyConcurrencyTests {
    @Test("8 tasks × 1,000 conversions at once")
    func manyTasksConvertAtOnce() async throws {
        try requirePython()
        let np = try Python.import("numpy")
        let total = try await withThrowingTaskGroup(of: Int.self) { group in
            for task in 0..<8 {
                group.addTask {
                    var checked = 0
                    for i in 0..<1_000 {
                        let t = try Tensor([Float(task), Float(i), 1], shape: [3])
                        let a = try t.numpy(copy: i % 2 == 0 ? true : nil)
                        let back = try Tensor(numpy: a)
                        guard try back.scalars(as: Float.self) == [Float(task), Float(i), 1],
                              try Double(python: np.sum(a)) == Double(task + i + 1) else { continue }
                        checked += 1
                    }
                    return checked
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(total == 8_000)
    }
}
