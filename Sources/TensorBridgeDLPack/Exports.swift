@_exported import TensorBridge
// The ABI structs (DLManagedTensorVersioned, DLManagedTensor, DLTensor, ...) appear in this
// module's public API, so users get them with `import TensorBridgeDLPack`.
@_exported import CDLPack
