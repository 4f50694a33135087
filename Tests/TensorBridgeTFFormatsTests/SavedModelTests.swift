import TensorBridge
import Foundation
import Testing
@testable import TensorBridgeTFFormats

/// A SavedModel with two signatures saved by TensorFlow 2.21; the expected listing is the
/// `signature_def` that TensorFlow's own loader parsed (scripts/generate_tf_fixtures.py).
@Suite struct SavedModelTests {
    @Test func signaturesLikeSavedModelCLI() throws {
        let model = try SavedModel(path: TFFixtures.path("savedmodel"))
        let expected = TFFixtures.section("savedmodel")["signatures"] as? [String: [String: Any]] ?? [:]
        #expect(model.signatures.map(\.name) == expected.keys.sorted())
        #expect(model.signatures.map(\.name).contains("tag"))
        #expect(model.tags == TFFixtures.section("savedmodel")["tags"] as? [String])
        for signature in model.signatures {
            let want = expected[signature.name] ?? [:]
            #expect(signature.methodName == want["method_name"] as? String)
            for (side, got) in [("inputs", signature.inputs), ("outputs", signature.outputs)] {
                let sideWant = want[side] as? [String: [String: Any]] ?? [:]
                #expect(got.map(\.key) == sideWant.keys.sorted(), "\(signature.name) \(side)")
                for info in got {
                    let w = sideWant[info.key] ?? [:]
                    #expect(info.dtype == w["dtype"] as? String, "\(signature.name) \(info.key) dtype")
                    #expect(info.shape == w["shape"] as? [Int], "\(signature.name) \(info.key) shape")
                    #expect(info.tensorName == w["name"] as? String, "\(signature.name) \(info.key) name")
                }
            }
        }
        let serving = try #require(model.signatures.first { $0.name == "serving_default" })
        #expect(serving.inputs.first?.shapeDescription == "(-1, 3)")
    }

    @Test func variablesThroughTheModel() throws {
        let reader = try SavedModel(path: TFFixtures.path("savedmodel")).variables()
        #expect(reader.variables.map(\.name).sorted() == ["offset", "scale"])
        #expect(try reader.tensor(named: "scale").scalars(as: Float.self) == [1, 2, 3])
    }

    @Test func notASavedModel() throws {
        #expect(throws: TensorBridgeError.self) { try SavedModel(path: TFFixtures.path("keras")) }
        let error = try #require(throws: TensorBridgeError.self) { try SavedModel(path: TFFixtures.path("tfrecord")) }
        #expect(error.code == .notFound)
    }
}
