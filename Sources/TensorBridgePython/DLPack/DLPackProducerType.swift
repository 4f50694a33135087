import _CPythonABI
import TensorBridgeDLPack

/// The Swift side of a `tensorbridge.DLPackTensor` instance: the tensor it exports.
final class DLPackProducerBox {
    let tensor: Tensor
    init(_ tensor: Tensor) { self.tensor = tensor }
}

/// `tensorbridge.DLPackTensor`: a small Python type (made with `PyType_FromSpec`) whose
/// instances hold a Swift tensor and implement `__dlpack__` and `__dlpack_device__`.
///
/// A C type rather than a Python class keeps `np.from_dlpack(x)` as cheap as for a NumPy
/// array: one C call into Swift, no Python frames.
enum DLPackProducerType {
    // Slot ids (typeslots.h) and method flags (methodobject.h), stable since Python 3.3.
    private static let tpDealloc: Int32 = 52
    private static let tpDoc: Int32 = 56
    private static let tpMethods: Int32 = 64
    /// METH_FASTCALL | METH_KEYWORDS: a vectorcall, so no argument tuple or keyword dict is
    /// built per call (NumPy always passes three keywords).
    private static let methFastcallKeywords: Int32 = 0x0080 | 0x0002
    private static let methNoargs: Int32 = 0x0004
    /// sizeof(PyMethodDef) on LP64: name, function, flags (padded), doc.
    private static let methodDefSize = 32

    private static let typeName: StaticString = "tensorbridge.DLPackTensor"
    private static let typeDoc: StaticString = "A TensorBridge tensor exported through DLPack (read-only, zero-copy)."
    private static let dlpackName: StaticString = "__dlpack__"
    private static let dlpackDoc: StaticString = "__dlpack__(stream=None, max_version=None, dl_device=None, copy=None): a DLPack capsule."
    private static let deviceName: StaticString = "__dlpack_device__"
    private static let deviceDoc: StaticString = "__dlpack_device__(): (device_type, device_id)."

    /// Creates the type (GIL held). The method table is allocated once and never freed: the
    /// type keeps pointing at it. The slots and the spec are read during creation only (CPython
    /// copies what it keeps, the doc string included), so they are freed right after.
    static func make(_ py: DLPackPython) throws -> PyObjectPointer {
        let methods = UnsafeMutableRawPointer.allocate(byteCount: methodDefSize * 3, alignment: 8)
        methods.initializeMemory(as: UInt8.self, repeating: 0, count: methodDefSize * 3)
        func method(_ index: Int, _ name: StaticString, _ function: UnsafeRawPointer, _ flags: Int32, _ doc: StaticString) {
            let entry = methods + index * methodDefSize
            entry.storeBytes(of: UnsafeRawPointer(name.utf8Start), toByteOffset: 0, as: UnsafeRawPointer.self)
            entry.storeBytes(of: function, toByteOffset: 8, as: UnsafeRawPointer.self)
            entry.storeBytes(of: flags, toByteOffset: 16, as: Int32.self)
            entry.storeBytes(of: UnsafeRawPointer(doc.utf8Start), toByteOffset: 24, as: UnsafeRawPointer.self)
        }
        method(0, dlpackName, unsafeBitCast(producerDLPack as DLPackMethodFastcall, to: UnsafeRawPointer.self),
               methFastcallKeywords, dlpackDoc)
        method(1, deviceName, unsafeBitCast(producerDevice as DLPackMethodNoArgs, to: UnsafeRawPointer.self),
               methNoargs, deviceDoc)

        let slots = UnsafeMutablePointer<TBPyTypeSlot>.allocate(capacity: 4)
        slots[0] = TBPyTypeSlot(slot: tpDealloc, pfunc: unsafeBitCast(producerDealloc as DLPackDealloc, to: UnsafeMutableRawPointer.self))
        slots[1] = TBPyTypeSlot(slot: tpMethods, pfunc: methods)
        slots[2] = TBPyTypeSlot(slot: tpDoc, pfunc: UnsafeMutableRawPointer(mutating: typeDoc.utf8Start))
        slots[3] = TBPyTypeSlot(slot: 0, pfunc: nil)
        let spec = UnsafeMutablePointer<TBPyTypeSpec>.allocate(capacity: 1)
        spec.initialize(to: TBPyTypeSpec(
            name: DLPackCapsule.cString(typeName),
            basicsize: Int32(MemoryLayout<TBExporterObject>.size),
            itemsize: 0,
            flags: UInt32(TBPy_TPFLAGS_DEFAULT),
            slots: slots))
        defer {
            spec.deinitialize(count: 1)
            spec.deallocate()
            slots.deallocate()
        }
        guard let type = py.api.typeFromSpec(spec) else { throw py.runtime.fetchError() }
        return type
    }

    /// A new instance holding `tensor` (GIL held).
    static func instance(_ tensor: Tensor, _ py: DLPackPython) throws -> PythonObject {
        guard let type = py.producerType, let object = py.api.typeGenericAlloc(type, 0) else {
            throw py.runtime.fetchError("could not create a DLPack producer object")
        }
        object.assumingMemoryBound(to: TBExporterObject.self).pointee.owner =
            Unmanaged.passRetained(DLPackProducerBox(tensor)).toOpaque()
        return PythonObject(owning: object, runtime: py.runtime)
    }

    /// The tensor of a producer instance, or nil for one made from Python (`type(x)()`).
    static func tensor(of object: PyObjectPointer) -> Tensor? {
        guard let owner = object.assumingMemoryBound(to: TBExporterObject.self).pointee.owner else { return nil }
        return Unmanaged<DLPackProducerBox>.fromOpaque(owner).takeUnretainedValue().tensor
    }
}

typealias DLPackMethodFastcall = @convention(c) (PyObjectPointer?, UnsafePointer<PyObjectPointer?>?, Int, PyObjectPointer?) -> PyObjectPointer?
typealias DLPackMethodNoArgs = @convention(c) (PyObjectPointer?, PyObjectPointer?) -> PyObjectPointer?
typealias DLPackDealloc = @convention(c) (PyObjectPointer?) -> Void

/// `tp_dealloc`: drops the Swift tensor (which may free its memory, or run a DLPack producer's
/// deleter if the tensor was itself imported), frees the object and releases the heap type.
private func producerDealloc(_ object: PyObjectPointer?) {
    guard let object, let py = DLPackPython.cached else { return }
    let instance = object.assumingMemoryBound(to: TBExporterObject.self)
    if let owner = instance.pointee.owner {
        instance.pointee.owner = nil
        Unmanaged<DLPackProducerBox>.fromOpaque(owner).release()
    }
    let type = instance.pointee.head.ob_type.map { UnsafeMutableRawPointer($0) }
    py.api.objectFree(object)
    py.api.decRef(type)
}

/// `__dlpack__(stream=None, max_version=None, dl_device=None, copy=None)`.
private func producerDLPack(
    _ object: PyObjectPointer?, _ args: UnsafePointer<PyObjectPointer?>?, _ count: Int, _ kwnames: PyObjectPointer?
) -> PyObjectPointer? {
    guard let object, let py = DLPackPython.cached else { return nil }
    guard let tensor = DLPackProducerType.tensor(of: object) else {
        return py.raise(py.api.excBufferError, "this DLPackTensor holds no tensor (create it with Tensor.dlpackObject() in Swift)")
    }
    let request: DLPackRequest
    do {
        request = try DLPackRequest(args: args, count: count, kwnames: kwnames, py)
    } catch let DLPackRequest.Failure.typeError(message) {
        return py.raise(py.api.excTypeError, message)
    } catch {
        return py.raise(py.api.excBufferError, "\(error)")
    }
    do {
        let managed = try request.export(tensor)
        return DLPackCapsule.make(managed, py)
    } catch {
        return py.raise(py.api.excBufferError, "\(error)")
    }
}

/// `__dlpack_device__()`: `(device_type, device_id)` as DLPack numbers them.
private func producerDevice(_ object: PyObjectPointer?, _ unused: PyObjectPointer?) -> PyObjectPointer? {
    guard let object, let py = DLPackPython.cached else { return nil }
    guard let tensor = DLPackProducerType.tensor(of: object) else {
        return py.raise(py.api.excBufferError, "this DLPackTensor holds no tensor")
    }
    do {
        let device = try tensor.device.dlpackDevice()
        guard let tuple = py.api.tupleNew(2) else { return nil }
        for (i, v) in [Int64(device.type), Int64(device.id)].enumerated() {
            guard let item = py.api.longFromLongLong(v) else { py.api.decRef(tuple); return nil }
            _ = py.api.tupleSetItem(tuple, i, item)  // steals
        }
        return tuple
    } catch {
        return py.raise(py.api.excBufferError, "\(error)")
    }
}
