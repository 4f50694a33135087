import ArgumentParser
import TensorBridge

/// `tensorbridge demo`: the product's story in one run.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show devices, make a tensor on the best device, and move it.")

    func run() async throws {
        print("Physical devices:")
        for device in Device.physicalDevices() {
            print("  \(device)\(device.model.isEmpty ? "" : "  [\(device.model)]")")
        }
        let gpus = Device.physicalDevices(.gpu)
        let best = gpus.isEmpty ? "/CPU:0" : "/GPU:0"
        if gpus.isEmpty { print("No GPU found: using the CPU.") }

        let t = try withDevice(best) {
            try Tensor([[1.0, 2.0], [3.0, 4.0]] as [[Float]])
        }
        print("\nwithDevice(\"\(best)\") { Tensor([[1, 2], [3, 4]]) }")
        print("  device: \(t.device)")
        print("  dtype:  \(t.dtype)")
        print("  shape:  \(t.shape)")
        print("  values: \(t)")

        let moved = try t.identity(on: "/CPU:0")
        print("\nidentity(on: \"/CPU:0\") -> \(moved.device)")
        print("Transfers: \(TransferStats.current)")
    }
}
