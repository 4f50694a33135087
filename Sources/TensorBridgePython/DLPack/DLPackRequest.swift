import TensorBridgeDLPack

/// The arguments of one `__dlpack__` call, parsed and checked as the Python array API
/// standard describes them, and the export they ask for.
struct DLPackRequest {
    enum Failure: Error, CustomStringConvertible {
        /// Wrong argument kinds (Python `TypeError`).
        case typeError(String)
        /// A request the producer cannot meet (Python `BufferError`).
        case bufferError(String)

        var description: String {
            switch self {
            case .typeError(let m), .bufferError(let m): m
            }
        }
    }

    /// `stream`, when not `None`.
    var stream: Int64?
    /// `max_version` as (major, minor), when not `None`.
    var maxVersion: (major: Int64, minor: Int64)?
    /// `dl_device` as (type, id), when not `None`.
    var device: (type: Int64, id: Int64)?
    /// `copy`: `nil` for `None`.
    var copy: Bool?

    /// Reads a vectorcall (`METH_FASTCALL | METH_KEYWORDS`) argument list (GIL held): at most
    /// one positional (`stream`), then the values named by `kwnames`. No tuple or dict is built
    /// and no string is made: this runs on every `np.from_dlpack`, so it must stay cheap.
    init(args: UnsafePointer<PyObjectPointer?>?, count: Int, kwnames: PyObjectPointer?, _ py: DLPackPython) throws {
        guard count <= 1 else {
            throw Failure.typeError("__dlpack__() takes at most 1 positional argument (stream) but \(count) were given")
        }
        var streamArg = count == 1 ? args?[0] : nil
        var maxVersionArg: PyObjectPointer?, deviceArg: PyObjectPointer?, copyArg: PyObjectPointer?
        if let kwnames, let args {
            for i in 0..<py.api.tupleSize(kwnames) {
                guard let name = py.api.tupleGetItem(kwnames, i) else { break }
                let value = args[count + i]
                switch py.keywords.match(name, py) {
                case .stream:
                    if streamArg != nil { throw Failure.typeError("__dlpack__() got multiple values for argument 'stream'") }
                    streamArg = value
                case .maxVersion: maxVersionArg = value
                case .device: deviceArg = value
                case .copy: copyArg = value
                case nil:
                    throw Failure.typeError("__dlpack__() got an unexpected keyword argument; it takes stream, max_version, dl_device and copy")
                }
            }
        }
        let none = py.runtime.noneObject
        func present(_ value: PyObjectPointer?) -> PyObjectPointer? {
            guard let value, value != none else { return nil }
            return value
        }
        if let s = present(streamArg) { stream = try Self.integer(s, "stream", py) }
        if let v = present(maxVersionArg) {
            let pair = try Self.pair(v, "max_version", py)
            maxVersion = (pair.0, pair.1)
        }
        if let d = present(deviceArg) {
            let pair = try Self.pair(d, "dl_device", py)
            device = (pair.0, pair.1)
        }
        if let c = present(copyArg) {
            if c == py.api.trueObject { copy = true }
            else if c == py.api.falseObject { copy = false }
            else { throw Failure.typeError("__dlpack__() copy must be True, False or None") }
        }
    }

    /// Exports `tensor` as asked: a versioned struct when `max_version` allows 1.x, else the
    /// legacy one; on the requested device; copying as `copy` says.
    /// - Throws: ``Failure/bufferError(_:)`` (or a `TensorBridgeError`, also raised as
    ///   `BufferError`) when the export is impossible.
    func export(_ tensor: Tensor) throws -> DLPackManagedTensor {
        if let stream, tensor.device.isHost, stream != -1 {
            // The array API standard: for CPU memory there is no stream to synchronise.
            throw Failure.bufferError("stream must be None for CPU tensors, got \(stream)")
        }
        var target: Device?
        if let device {
            guard let type = Int32(exactly: device.type), let id = Int32(exactly: device.id) else {
                throw Failure.bufferError("dl_device \(device) is out of range")
            }
            let own = try tensor.device.dlpackDevice()
            if own.type == type && own.id == id {
                target = tensor.device
            } else {
                guard copy != false else {
                    throw Failure.bufferError("exporting to DLPack device (\(type), \(id)) needs a copy from \(tensor.device.name), but copy=False")
                }
                let requested = DLPackDevice(type: type, id: id)
                // Only exact DLPack devices a registered backend produces: (1, 0) for the CPU, (2, n) for CUDA.
                guard let resolved = try? Device(dlpack: requested), let produced = try? resolved.dlpackDevice(),
                      produced.type == type, produced.id == id else {
                    throw Failure.bufferError("TensorBridge cannot export to DLPack device (\(type), \(id)); the tensor is on \(tensor.device.name)")
                }
                target = resolved
            }
        }
        let versioned = (maxVersion?.major ?? 0) >= 1
        // Device memory: the consumer's stream (None means the legacy default stream, 1) waits
        // for our work through an event, as the array API standard's stream protocol asks.
        return try tensor.toDLPack(versioned: versioned, device: target, copy: copy, stream: stream)
    }

    private static func integer(_ object: PyObjectPointer, _ name: String, _ py: DLPackPython) throws -> Int64 {
        let v = py.api.longAsLongLong(object)
        if v == -1, py.api.errOccurred() != nil {
            py.api.errClear()
            throw Failure.typeError("__dlpack__() \(name) must be an integer or None")
        }
        return v
    }

    private static func pair(_ object: PyObjectPointer, _ name: String, _ py: DLPackPython) throws -> (Int64, Int64) {
        let count = py.api.tupleSize(object)
        guard count == 2, let a = py.api.tupleGetItem(object, 0), let b = py.api.tupleGetItem(object, 1) else {
            py.api.errClear()
            throw Failure.typeError("__dlpack__() \(name) must be a tuple of two integers or None")
        }
        return (try integer(a, name, py), try integer(b, name, py))
    }
}
