// DLPack exchange with TensorFlow, both ways, without copying.
// Run: swift run example-dlpack-tensorflow   (needs TensorFlow in the Python environment)
import TensorBridge
import TensorBridgePython

let tf = try Python.import("tensorflow")

// Swift → TensorFlow: a legacy DLPack capsule through tf.experimental.dlpack.from_dlpack.
let t = try Tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]] as [[Float]])
let (eager, toTF) = try TransferStats.measure { try t.dlpackTensorFlow() }
print("to TensorFlow: \(try eager.dtype.name) \(try eager.shape.as_list())")
print("  tf.reduce_sum: \(try tf.reduce_sum(eager).numpy())")
print("  device transfers: \(toTF)")

// TensorFlow → Swift: tf.experimental.dlpack.to_dlpack gives a capsule; Tensor(dlpack:) takes it.
let fromTF = try tf.constant([[1, 2], [3, 4]], dtype: tf.int32)
let capsule = try tf.experimental.dlpack.to_dlpack(fromTF)
let (back, fromTFStats) = try TransferStats.measure { try Tensor(dlpack: capsule) }
print("from TensorFlow: \(back.dtype) \(back.shape) \(try back.scalars(as: Int32.self))")
print("  device: \(back.device)")
print("  device transfers: \(fromTFStats)")

// A round trip: Swift → TensorFlow → Swift, values intact.
let twice = try Tensor(dlpack: tf.experimental.dlpack.to_dlpack(tf.identity(eager)))
print("round trip equal: \(try twice.scalars(as: Float.self) == t.scalars(as: Float.self))")
