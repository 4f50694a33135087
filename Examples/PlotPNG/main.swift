// A matplotlib plot of a tensor, saved to a PNG.
// Run: swift run example-plot-png [output.png]   (needs matplotlib)
import Foundation
import TensorBridge
import TensorBridgePython

let path = CommandLine.arguments.dropFirst().first ?? "plot.png"

// A sine wave computed in Swift, stored in a float32 tensor.
let xs = (0..<200).map { Float($0) * 0.05 }
let x = try Tensor(xs, shape: [200])
let y = try Tensor(xs.map { sin($0) }, shape: [200])

let matplotlib = try Python.import("matplotlib")
_ = try matplotlib.use("Agg")  // render to files; no display needed
let plt = try Python.import("matplotlib.pyplot")

// numpy() hands matplotlib the tensors' own memory; nothing is copied on the host.
let (fig, ax) = try { () throws -> (PythonObject, PythonObject) in
    let pair = try plt.subplots(figsize: Python.tuple([4, 3]))
    return (try pair[0], try pair[1])
}()
_ = try ax.plot(x.numpy(), y.numpy(), label: "sin(x)")
_ = try ax.set_xlabel("x")
_ = try ax.legend()
_ = try fig.savefig(path, dpi: 50)
_ = try plt.close(fig)

// Check what was written: a PNG signature and matplotlib's own reading of its size.
let data = try Data(contentsOf: URL(fileURLWithPath: path))
print("PNG signature: \(data.prefix(8).starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))")
let image = try Python.import("matplotlib.image").imread(path)
print("image shape (height, width, channels): \(try image.shape)")
print("saved \(path)")
