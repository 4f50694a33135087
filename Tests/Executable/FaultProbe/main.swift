// Test-only: the faults that end a process, or outlive its interpreter, run in a child process
// so that the test process survives them. The fault tests start it and check what it prints
// and how it exits.
//
//   tensorbridge-fault-probe mmap-read FILE   maps FILE (.npy), says "mapped", waits for a line
//                                             on stdin (the test truncates FILE meanwhile), then
//                                             reads every byte through the mapping.
//   tensorbridge-fault-probe finalize         finalises Python while DLPack exports and imports
//                                             are alive, and reports what each side released.
import Foundation
import TensorBridge
import TensorBridgeDLPack
import TensorBridgeFormats
import TensorBridgePython

/// One line on stdout, written at once (the test reads it while this process waits).
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}

func mmapRead(_ path: String) throws {
    let tensor = try NPY.load(URL(fileURLWithPath: path), mmap: true)
    say("mapped \(tensor.byteCount) bytes")
    _ = readLine()
    let sum = try tensor.withUnsafeBytes { raw in raw.reduce(0) { $0 &+ Int($1) } }
    say("read all bytes, sum \(sum)")
}

/// Counts releases of the storages it makes.
final class Releases: @unchecked Sendable {
    var count = 0
    func tensor(_ values: [Float]) throws -> Tensor {
        let buffer = try TensorBuffer.allocateHost(byteCount: values.count * 4)
        values.withUnsafeBytes { buffer.baseAddress.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        let counted = TensorBuffer(baseAddress: buffer.baseAddress, byteCount: buffer.byteCount, device: .cpu,
                                   release: .custom { [self, buffer] _ in _ = buffer; count += 1 })
        return try Tensor(dtype: .float32, shape: Shape([values.count]), buffer: counted)
    }
}

func finalize() throws {
    let releases = Releases()
    let np = try Python.import("numpy")
    // Ours in Python: NumPy arrays over our memory, through DLPack and through numpy(), held
    // only by Python (a list in __main__) when it shuts down.
    do {
        let keep = try Python.builtins().list()
        for i in 0..<4 {
            let t = try releases.tensor([Float(i), 1, 2])
            _ = try keep.append(try np.from_dlpack(try t.dlpackObject()))
            _ = try keep.append(try t.numpy())
        }
        try Python.import("__main__").setAttribute("kept", keep)
    }
    // Theirs in Swift: tensors over NumPy memory, through DLPack and through the buffer protocol.
    let array = try np.arange(6, dtype: "float32")
    var imported: [Tensor] = [try Tensor(dlpack: array), try Tensor(numpy: array)]
    let importedBefore = try imported[0].scalars(as: Float.self)
    var held: PythonObject? = try np.ones(3)
    say("before finalize: live exports \(DLPack.liveExportCount), our storages released \(releases.count)")

    try Python.finalize()
    say("after finalize: live exports \(DLPack.liveExportCount), our storages released \(releases.count)")

    // Python is gone: calls fail cleanly, references are dropped, imports keep their memory.
    do {
        _ = try Python.import("numpy")
        say("import after finalize: succeeded (unexpected)")
    } catch {
        say("import after finalize: \(error)")
    }
    say("imported values still readable: \(try imported[0].scalars(as: Float.self) == importedBefore)")
    held = nil
    imported.removeAll()
    _ = held
    say("dropped Swift-held Python objects and imports: ok")
}

do {
    switch CommandLine.arguments.dropFirst().first {
    case "mmap-read" where CommandLine.arguments.count == 3: try mmapRead(CommandLine.arguments[2])
    case "finalize": try finalize()
    default:
        FileHandle.standardError.write(Data("usage: tensorbridge-fault-probe mmap-read FILE | finalize\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("tensorbridge-fault-probe: \(error)\n".utf8))
    exit(1)
}
