import Foundation
import Testing
@testable import TensorBridgeFormats

/// Loading and saving through the format dispatcher (`TensorFileFormat`).
@Suite struct TensorFileFormatTests {
    /// Every pair of formats converts through the dispatcher with the values intact.
    @Test(arguments: TensorFileFormat.allCases, TensorFileFormat.allCases)
    func convertsBetweenFormats(from: TensorFileFormat, to: TensorFileFormat) throws {
        let dir = try temporaryDirectory()
        let t = try Tensor([1.5, -2, 3, 4.25, 0, 7] as [Float], shape: [2, 3])
        let a = dir.appendingPathComponent("a\(from.fileExtension)"), b = dir.appendingPathComponent("b\(to.fileExtension)")
        try TensorFileFormat.save([NamedTensor(name: "a", tensor: t)], to: a)
        try TensorFileFormat.save(try TensorFileFormat.load(a), to: b)
        let back = try TensorFileFormat.load(b)
        #expect(back.count == 1)
        #expect(try back.first?.tensor.scalars(as: Float.self) == [1.5, -2, 3, 4.25, 0, 7])
        #expect(back.first?.tensor.shape.dimensions == [2, 3])
    }

    @Test func unknownExtensionsAreRefused() {
        #expect(throws: TensorBridgeError.self) { try TensorFileFormat(url: URL(fileURLWithPath: "/x/y.json")) }
        #expect(throws: TensorBridgeError.self) { try TensorFileFormat(url: URL(fileURLWithPath: "/x/noextension")) }
        #expect(throws: TensorBridgeError.self) { try TensorFileFormat.save([], to: URL(fileURLWithPath: "/tmp/none.npy")) }
    }

    @Test func npzDecodesFromMemory() throws {
        let tensors = try NPZ.decode(Data(contentsOf: Fixtures.url("npz/deflated.npz")))
        #expect(tensors.map(\.name) == ["weights", "bias", "mask", "big"])
    }
}
