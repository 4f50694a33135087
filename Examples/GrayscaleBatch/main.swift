// Scenario 2: a seeded random RGB batch, converted to grayscale, handed to NumPy.
// Run: swift run example-grayscale-batch
import TensorBridge
import TensorBridgePython

// tf.random.normal([3, 256, 256, 3], seed=42): the same numbers as TensorFlow on the CPU.
let images = try Random.normal(shape: [3, 256, 256, 3], seed: 42)
let gray = try Image.rgbToGrayscale(images)  // tf.image.rgb_to_grayscale: shape [3, 256, 256, 1]
print("images: shape \(images.shape), dtype \(images.dtype)")
print("gray:   shape \(gray.shape), dtype \(gray.dtype)")

let g = try gray.numpy()  // shares the tensor's memory (read-only)
print("numpy:  shape \(try g.shape), dtype \(try g.dtype)")
let np = try Python.import("numpy")
print("first pixels: \(try np.round(gray[0, 0, 0..<4, 0].numpy(), 6))")  // Python's gray[0, 0, 0:4, 0]
print("batch mean:   \(try np.round(g.mean(), 6))")

// The same image's pixels read from Swift, without Python.
let firstFour = try gray.scalars(as: Float.self).prefix(4).map { ($0 * 1_000_000).rounded() / 1_000_000 }
print("from Swift:   \(firstFour)")
