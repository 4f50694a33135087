import TensorBridge
import TensorBridgePython

/// DLPack with CuPy and PyTorch on the GPU, where Python and those libraries are present:
/// their GPU arrays come in without a copy, ours go out without one, values agree.
extension DeviceCheck {
    mutating func dlpack() {
        guard (try? Python.load()) != nil else {
            log("SKIPPED DLPack: no Python found (set TENSORBRIDGE_PYTHON)")
            return
        }
        for library in ["cupy", "torch"] {
            guard let module = try? Python.import(library) else {
                log("SKIPPED DLPack \(library): not installed")
                continue
            }
            run("DLPack \(library)") { check in
                let values = (0..<4096).map { Float($0) * 0.5 }
                let ours = try withDevice(check.gpu) { try Tensor(values, shape: [64, 64]) }
                // Out: the library reads our GPU memory in place.
                let theirs = library == "torch" ? try ours.dlpackTorch() : try module.from_dlpack(try ours.dlpackObject())
                // Back: their array comes in without a copy.
                let (back, stats) = try TransferStats.measure { try Tensor(dlpack: theirs) }
                let same = back.buffer?.baseAddress == ours.buffer?.baseAddress
                let readBack = try back.copy(to: .cpu).scalars(as: Float.self)
                check.check("DLPack \(library)", back.device == check.gpu && readBack == values && stats == TransferStats() && same,
                            "round trip on \(back.device), \(stats.deviceToHostCopies + stats.hostToDeviceCopies) copies, same memory: \(same)")
            }
        }
    }
}
