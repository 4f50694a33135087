// Scenario 3: a sparse tensor, made dense, handed to NumPy.
// Run: swift run example-sparse-to-dense
import TensorBridge
import TensorBridgePython

// tf.sparse.SparseTensor(indices=[[1, 2], [0, 0]], values=[2, 1], dense_shape=[3, 3])
let sp = try SparseTensor(indices: [[1, 2], [0, 0]], values: Tensor([2, 1] as [Int32], shape: [2]), denseShape: [3, 3])

// to_dense requires indices in row-major order, as in TensorFlow: reorder first.
do {
    _ = try sp.toDense()
} catch {
    // TensorFlow's message, first line.
    print("toDense() on unordered indices: \(String(describing: error).split(separator: "\n")[0])")
}
let ordered = try sp.reordered()  // tf.sparse.reorder
print("reordered indices: \(try ordered.indices.scalars(as: Int64.self))")

let dense = try ordered.toDense()  // tf.sparse.to_dense
print("dense: \(dense)")

// A SparseTensor has no numpy(): densify first, then hand the dense tensor over (no copy).
let a = try dense.numpy()
print("numpy:")
print(a)

// And back: tf.sparse.from_dense.
let again = try SparseTensor(fromDense: dense)
print("from dense: indices \(try again.indices.scalars(as: Int64.self)), values \(try again.values.scalars(as: Int32.self))")
