import Testing
@testable import TensorBridge

@Suite struct ShapeTests {
    @Test func countsElements() throws {
        #expect(try Shape([2, 3, 4]).elementCount == 24)
        #expect(try Shape([]).elementCount == 1)
        #expect(try Shape([0, 3]).elementCount == 0)
        #expect(try Shape([2, 3]).description == "(2, 3)")
        #expect(try Shape([5]).description == "(5,)")
        #expect(try Shape([2, 3, 4]).strides == [12, 4, 1])
    }

    @Test func negativeDimensionIsTensorFlowsError() {
        #expect(throws: TensorBridgeError.invalidShape("Dimension -3 must be >= 0")) { try Shape([2, -3]) }
    }

    @Test func overflowingCountIsAnErrorNotATrap() throws {
        #expect(throws: TensorBridgeError.self) { try Shape([1 << 32, 1 << 32]) }
        #expect(throws: TensorBridgeError.self) { try Shape([Int.max, 2]) }
        // A zero dimension does not excuse the other dimensions from fitting: strides and
        // slice sizes multiply them (a file fuzzed to [0, 2^62, 2^62] must not trap).
        #expect(try Shape([Int.max, 0]).elementCount == 0)
        #expect(throws: TensorBridgeError.self) { try Shape([0, 1 << 62, 1 << 62]) }
        // Element count fits, byte count does not.
        let huge = try Shape([1 << 61])
        #expect(throws: TensorBridgeError.self) { try huge.byteCount(for: .float64) }
        #expect(throws: TensorBridgeError.self) { try Tensor.zeros(shape: [1 << 61], dtype: .float64) }
    }
}
