import Foundation
import Testing
@testable import TensorBridge

@Suite struct DeviceSpecTests {
    @Test func parsesEverySpellingLikeTensorFlow() throws {
        let root = try #require(try CoreGolden.json("devices") as? [String: Any])
        let specs = try #require(root["specs"] as? [[String: String]])
        #expect(specs.count >= 15)
        for row in specs {
            let text = try #require(row["spec"])
            if let canonical = row["canonical"] {
                #expect(try DeviceSpec(parsing: text).description == canonical, "spec '\(text)'")
            } else {
                // TensorFlow's message, or a Swift explanation that keeps it as the key phrase.
                do {
                    _ = try DeviceSpec(parsing: text)
                    Issue.record("spec '\(text)' should be refused")
                } catch let error as TensorBridgeError where error.code == .invalidDevice {
                    let message = error.message
                    #expect(message == row["error"] || message.contains("(TensorFlow: \(row["error"] ?? "?"))"), "spec '\(text)'")
                }
            }
        }
    }

    @Test func deviceNamesMatchTensorFlow() throws {
        let root = try #require(try CoreGolden.json("devices") as? [String: Any])
        #expect(try Tensor(Float(1)).device.name == root["tensorDevice"] as? String)
        let physical = try #require(root["physical"] as? [[String: String]])
        let cpu = try #require(physical.first)
        #expect(Device.physicalDevices(.cpu).map(\.name) == [cpu["name"]])
        #expect(Device.physicalDevices(.cpu).map(\.deviceType.name) == [cpu["type"]])
        #expect(Device(.gpu, 0).physicalName == "/physical_device:GPU:0")
        #expect(Device.physicalDevices(.gpu).isEmpty)
    }
}
