import Glibc
import TensorBridge
import TensorBridgeCUDA

extension DeviceCheck {
    /// Registers the real driver and runs every check; writes the lines to `resultsPath`.
    /// - Returns: the exit status: 0 all agree, 1 a mismatch, 2 no driver or no GPU.
    static func main(resultsPath: String) -> Int32 {
        let backend: CUDABackend
        do { backend = try CUDA.register() } catch {
            print("NO DRIVER: \(error)")
            return 2
        }
        guard let info = backend.physicalDevices().first else {
            print("NO GPU: \(backend.initializationError.map { "\($0)" } ?? "the driver lists none")")
            return 2
        }
        var check = DeviceCheck(gpu: info.device)
        check.log("device \(info.model), \(info.memoryBytes ?? 0) bytes")
        check.runAll(backend: backend, copyBytes: 1 << 30)
        let text = check.lines.joined(separator: "\n") + "\n"
        if let file = fopen(resultsPath, "w") { fputs(text, file); fclose(file) }
        return check.failures == 0 ? 0 : 1
    }

    /// Agreement, bandwidth over `copyBytes`, DLPack; then the summary line.
    mutating func runAll(backend: CUDABackend, copyBytes: Int) {
        do { try agreement() } catch { failures += 1; log("ERROR agreement: \(error)") }
        do { try bandwidth(backend: backend, bytes: copyBytes) } catch { failures += 1; log("ERROR bandwidth: \(error)") }
        dlpack()
        log("transfer stats: \(TransferStats.current)")
        log(failures == 0 ? "RESULT: all kernels agree" : "RESULT: \(failures) check(s) failed")
    }
}
