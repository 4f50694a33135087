// Write a small safetensors checkpoint with TensorBridgeFormats, then inspect it.
// Run: swift run example-safetensors-inspect   (no Python needed)
import Foundation
import TensorBridge
import TensorBridgeFormats

let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tensorbridge-example-\(getpid())")
try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: dir) }
let url = dir.appendingPathComponent("model.safetensors")

// A tiny "model": a weight matrix, a bias, and a step counter.
let weight = try Random.statelessNormal(shape: [4, 3], seed: (1, 2))
let bias = try Tensor.zeros(shape: [3])
let step = try Tensor(Int64(1000))
try Safetensors.save(
    [NamedTensor(name: "dense/kernel", tensor: weight),
     NamedTensor(name: "dense/bias", tensor: bias),
     NamedTensor(name: "step", tensor: step)],
    metadata: ["format": "pt", "written_by": "example-safetensors-inspect"],
    to: url)
let size = try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int ?? -1
print("wrote model.safetensors: \(size) bytes")

// Load it memory-mapped: the tensors share the file's pages (read-only); nothing is copied.
let file = try Safetensors.load(url, mmap: true)
print("metadata: \(file.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", "))")
print("tensors (file order):")
for named in file.tensors {
    let t = named.tensor
    print("  \(named.name)  \(t.dtype.name)  \(t.shape.dimensions)  \(t.byteCount) B")
}
// `tensorbridge inspect model.safetensors --stats` adds each tensor's min, max and mean.

// Values survive the round trip bit for bit.
let back = file["dense/kernel"]!
print("kernel round-trips: \(try back.scalars(as: Float.self) == weight.scalars(as: Float.self))")
print("step: \(try file["step"]!.scalar(as: Int64.self))")
