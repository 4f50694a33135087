@_exported import TensorBridge
