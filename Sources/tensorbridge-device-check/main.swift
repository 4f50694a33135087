// GPU checks for a machine with a CUDA GPU: GPU vs CPU agreement for every kernel, copy
// bandwidth pinned and pageable, grayscale against device-to-device copy bandwidth, DLPack
// with CuPy/PyTorch where present.
// Usage: tensorbridge-device-check [results-file]. Exit 0: all agree; 1: a mismatch; 2: no GPU.
import Glibc
import TensorBridge
import TensorBridgeCUDA

let resultsPath = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "device-check-results.txt"
let code = DeviceCheck.main(resultsPath: resultsPath)
exit(code)
