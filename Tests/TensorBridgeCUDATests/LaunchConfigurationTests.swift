import TensorBridge
import Testing
@testable import TensorBridgeCUDA

/// Grid arithmetic of the kernels.
struct LaunchConfigurationTests {
    @Test func noWorkMeansNoLaunch() throws {
        #expect(try LaunchConfiguration.linear(workItems: 0) == nil)
    }

    @Test(arguments: [(1, 1), (255, 1), (256, 1), (257, 2), (256 * 1000, 1000), (256 * 1000 + 1, 1001)])
    func gridCoversEveryItemOnce(items: Int, blocks: Int) throws {
        let c = try #require(try LaunchConfiguration.linear(workItems: items))
        #expect(Int(c.gridX) == blocks)
        #expect(c.blockX == 256)
        #expect(c.threadCount >= items && c.threadCount - items < 256)
    }

    @Test func hugeGridsAreCappedForGridStrideLoops() throws {
        let cap = LaunchConfiguration.maxBlocks(multiprocessors: 132)
        #expect(cap == 132 * 32)
        let c = try #require(try LaunchConfiguration.linear(workItems: 1 << 40, maxBlocks: cap))
        #expect(Int(c.gridX) == cap)
        let huge = try #require(try LaunchConfiguration.linear(workItems: Int.max))
        #expect(Int(huge.gridX) == Int(Int32.max))
    }

    @Test func badArgumentsAreTypedErrors() {
        #expect(throws: TensorBridgeError.self) { try LaunchConfiguration.linear(workItems: -1) }
        #expect(throws: TensorBridgeError.self) { try LaunchConfiguration.linear(workItems: 10, blockSize: 100) }
        #expect(throws: TensorBridgeError.self) { try LaunchConfiguration.linear(workItems: 10, blockSize: 2048) }
    }

    @Test func philoxUsesOneThreadPerFourValues() {
        #expect(PhiloxLaunch.calls(elements: 0, byteSize: 4) == 0)
        #expect(PhiloxLaunch.calls(elements: 1, byteSize: 4) == 1)
        #expect(PhiloxLaunch.calls(elements: 4, byteSize: 4) == 1)
        #expect(PhiloxLaunch.calls(elements: 6, byteSize: 4) == 2)
        #expect(PhiloxLaunch.calls(elements: 3 * 256 * 256 * 3, byteSize: 4) == 3 * 256 * 256 * 3 / 4)
        // float64: two values per call.
        #expect(PhiloxLaunch.calls(elements: 5, byteSize: 8) == 3)
        #expect(PhiloxLaunch.calls(elements: 5, byteSize: 2) == 2)
    }
}
