// `import TensorBridgePython` also brings the native DLPack API (DLPackManagedTensor,
// Tensor.toDLPack, Tensor(dlpack:)) that the Python protocol builds on.
@_exported import TensorBridgeDLPack
