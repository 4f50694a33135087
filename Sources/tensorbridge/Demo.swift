import ArgumentParser
import Foundation
import TensorBridge
import TensorBridgeCUDA
import TensorBridgePython

/// `tensorbridge demo`: the product's story in one run.
struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show devices, make tensors on the best device, and hand them to NumPy.")

    @Option(help: "Where to save the first grayscale image (needs matplotlib).")
    var image = "grayscale.png"

    func run() async throws {
        // Use a GPU when the CUDA driver is present; registering nothing otherwise.
        CUDA.registerIfAvailable()
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

        let images = try withDevice(best) { try Random.normal(shape: [3, 256, 256, 3], seed: 42) }
        // The op runs where `images` lives: the CUDA kernel on a GPU, the CPU kernel otherwise.
        let gray = try Image.rgbToGrayscale(images)
        let sparse = try SparseTensor(indices: [[0, 0], [1, 2]], values: Tensor([1, 2] as [Int32], shape: [2]), denseShape: [3, 3])
        let dense = try sparse.toDense()

        if let python = Self.python() {
            print("\nPython \(python.version.prefix(while: { $0 != " " })) (\(python.library.interpreter ?? python.library.origin))")
            do {
                try numpyScenarios(t, gray: gray, dense: dense)
            } catch let error as TensorBridgeError {
                if error.code == .missingPythonModule { print("  \(error)") } else { throw error }
            }
        }

        print("\nTransfers: \(TransferStats.current)")
    }

    /// The interpreter, or nil after saying how to get one.
    private static func python() -> PythonRuntime? {
        do {
            return try Python.load()
        } catch {
            print("\nThe NumPy part of this demo needs Python 3.9+ with NumPy, and the Python asked for could not be loaded:")
            print("\(error)".split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
            return nil
        }
    }

    private func numpyScenarios(_ t: Tensor, gray: Tensor, dense: Tensor) throws {
        // 1. The 2×2 tensor as a real numpy.ndarray (a GPU tensor is copied to the host first).
        let a = try t.numpy()
        print("\nt.numpy()")
        print("  type:  \(try Python.builtins().type(a))")
        print("  value: \(a.description.replacingOccurrences(of: "\n", with: "\n         "))")

        // 2. A random batch to grayscale, then to NumPy without a copy on the host.
        let g = try gray.numpy()
        print("\nImage.rgbToGrayscale(Random.normal(shape: [3, 256, 256, 3], seed: 42)).numpy()")
        print("  shape: \(try g.shape), dtype: \(try g.dtype)")
        do {
            let matplotlib = try Python.import("matplotlib")
            _ = try matplotlib.use("Agg")  // files only: no display needed
            let plt = try Python.import("matplotlib.pyplot")
            // The first image, sliced in Swift, then shared with NumPy.
            _ = try plt.imsave(image, gray[0, .all, .all, 0].numpy(), cmap: "gray")
            print("  saved the first image to \(image)")
        } catch let error as TensorBridgeError where error.pythonException?.isInstance(of: .moduleNotFoundError) == true {
            print("  matplotlib is not installed, so \(image) was not saved; get it with: python3 -m pip install matplotlib")
        }

        // 3. Sparse has no numpy(): densify first.
        let d = try dense.numpy()
        print("\nSparseTensor(indices: [[0, 0], [1, 2]], values: [1, 2], denseShape: [3, 3]).toDense().numpy()")
        print("  " + d.description.replacingOccurrences(of: "\n", with: "\n  "))
    }
}
