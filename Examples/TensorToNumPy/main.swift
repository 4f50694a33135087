// Scenario 1: a 2x2 tensor handed to NumPy.
// Run: swift run example-tensor-to-numpy   (needs Python 3 with NumPy; see README)
import TensorBridge
import TensorBridgePython

let t = try Tensor([[1.0, 2.0], [3.0, 4.0]] as [[Float]])  // float32, shape (2, 2), on the CPU
print("tensor: \(t)")
print("device: \(t.device)")

// numpy() shares the tensor's host memory: no copy, and the array is read-only.
let (a, stats) = try TransferStats.measure { try t.numpy() }
print("type: \(try Python.builtins().type(a))")
print("dtype: \(try a.dtype), shape: \(try a.shape)")
print("writeable: \(try a.flags.writeable)")
print("device transfers: \(stats)")
// Same bytes: the array's data pointer is the tensor's.
let tensorAddress = try t.withUnsafeBytes { Int(bitPattern: $0.baseAddress) }
print("shares memory: \(try Int(python: a.ctypes.data) == tensorAddress)")
print(a)

// numpy(copy: true) gives a fresh, writable array (what TensorFlow's .numpy() returns).
let b = try t.numpy(copy: true)
try b.setItem(Python.tuple([0, 0]), 10.0)
print("copy writeable: \(try b.flags.writeable), after b[0, 0] = 10:")
print(b)
print("tensor unchanged: \(try t.scalars(as: Float.self))")
