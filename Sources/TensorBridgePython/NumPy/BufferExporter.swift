import _CPythonABI
import TensorBridge

/// A tiny Python type, `tensorbridge.HostBuffer`, that lends a ``TensorBuffer``'s host memory
/// to NumPy through the buffer protocol (PEP 3118), without copying.
///
/// Each instance retains an ``ExportedMemory``, which retains the ``TensorBuffer``. NumPy's
/// array keeps the instance alive (through its `base`), so the Swift storage lives exactly as
/// long as the last NumPy view of it, and is released from whatever thread drops that view.
/// Unlike `PyMemoryView_FromMemory`, nothing can outlive the memory.
enum BufferExporter {
    /// Creates the Python type (the GIL must be held).
    static func makeType(_ runtime: PythonRuntime) throws -> PythonObject {
        var slots: [TBPyTypeSlot] = [
            TBPyTypeSlot(slot: Int32(TBPy_bf_getbuffer), pfunc: unsafeBitCast(getBuffer, to: UnsafeMutableRawPointer.self)),
            TBPyTypeSlot(slot: Int32(TBPy_tp_dealloc), pfunc: unsafeBitCast(dealloc, to: UnsafeMutableRawPointer.self)),
            TBPyTypeSlot(slot: 0, pfunc: nil),
        ]
        // The name must outlive the type (tp_name points into it): a static string does.
        let name: StaticString = "tensorbridge.HostBuffer"
        return try slots.withUnsafeMutableBufferPointer { slots in
            var spec = TBPyTypeSpec(
                name: UnsafeRawPointer(name.utf8Start).assumingMemoryBound(to: CChar.self),
                basicsize: Int32(MemoryLayout<TBExporterObject>.size), itemsize: 0,
                flags: UInt32(TBPy_TPFLAGS_DEFAULT), slots: slots.baseAddress)
            return try runtime.wrap(runtime.api.typeFromSpec(&spec))
        }
    }

    /// A new exporter object lending `memory` (the GIL must be held).
    static func make(_ memory: ExportedMemory, type: PythonObject) throws -> PythonObject {
        let runtime = memory.runtime
        let object = try runtime.wrap(runtime.api.typeGenericAlloc(type.pointer, 0))
        object.pointer.assumingMemoryBound(to: TBExporterObject.self).pointee.owner =
            Unmanaged.passRetained(memory).toOpaque()
        return object
    }

    /// `bf_getbuffer`: fills the view from the owner. Refuses writable requests on read-only memory.
    private static let getBuffer: @convention(c) (PyObjectPointer?, UnsafeMutablePointer<TBPyBuffer>?, Int32) -> Int32 = { object, view, flags in
        guard let object, let view else { return -1 }
        guard let raw = object.assumingMemoryBound(to: TBExporterObject.self).pointee.owner else {
            if let runtime = Python.loaded {
                runtime.api.errSetString(runtime.api.excBufferError, "tensorbridge.HostBuffer is empty: make it with Tensor.numpy()")
            }
            view.pointee.obj = nil
            return -1
        }
        let memory = Unmanaged<ExportedMemory>.fromOpaque(raw).takeUnretainedValue()
        let api = memory.runtime.api
        if flags & Int32(TBPyBUF_WRITABLE) != 0 && memory.readOnly {
            api.errSetString(api.excBufferError, "the tensor's memory is shared read-only (tensors are immutable); use numpy(copy: true) for a writable array")
            view.pointee.obj = nil
            return -1
        }
        api.incRef(object)
        view.pointee.obj = object.assumingMemoryBound(to: TBPyObject.self)
        view.pointee.buf = memory.base
        view.pointee.len = memory.byteCount
        view.pointee.itemsize = memory.itemSize
        view.pointee.readonly = memory.readOnly ? 1 : 0
        view.pointee.ndim = Int32(memory.rank)
        view.pointee.format = flags & Int32(TBPyBUF_FORMAT) != 0 ? UnsafeMutablePointer(mutating: memory.format) : nil
        view.pointee.shape = flags & Int32(TBPyBUF_ND) == Int32(TBPyBUF_ND) ? memory.dimensions : nil
        view.pointee.strides = flags & Int32(TBPyBUF_STRIDES) == Int32(TBPyBUF_STRIDES) ? memory.dimensions + memory.rank : nil
        view.pointee.suboffsets = nil
        view.pointee.internal = nil
        return 0
    }

    /// `tp_dealloc`: drops the owner (possibly freeing the Swift storage), then the object.
    private static let dealloc: @convention(c) (PyObjectPointer?) -> Void = { object in
        guard let object else { return }
        let exporter = object.assumingMemoryBound(to: TBExporterObject.self)
        let api = exporter.pointee.owner.map { Unmanaged<ExportedMemory>.fromOpaque($0).takeUnretainedValue().runtime.api }
            ?? Python.loaded?.api
        let type = exporter.pointee.head.ob_type
        if let raw = exporter.pointee.owner {
            exporter.pointee.owner = nil
            Unmanaged<ExportedMemory>.fromOpaque(raw).release()
        }
        guard let api else { return }
        api.objectFree(object)
        api.decRef(UnsafeMutableRawPointer(type))  // instances of heap types own a type reference
    }
}

/// Host memory lent to Python: the buffer kept alive, and the shape and strides the buffer
/// protocol reports (owned here so the pointers stay valid while any view exists).
// Unchecked Sendable: immutable; the shape and stride arrays are owned here and freed in deinit, after the last view.
final class ExportedMemory: @unchecked Sendable {
    let runtime: PythonRuntime
    let owner: TensorBuffer
    let base: UnsafeMutableRawPointer
    let byteCount: Int
    let itemSize: Int
    let readOnly: Bool
    let format: UnsafePointer<CChar>
    let rank: Int
    /// `rank` dimensions followed by `rank` byte strides.
    let dimensions: UnsafeMutablePointer<Int>

    init(runtime: PythonRuntime, owner: TensorBuffer, shape: [Int], itemSize: Int, format: UnsafePointer<CChar>, readOnly: Bool) {
        self.runtime = runtime
        self.owner = owner
        self.base = owner.baseAddress
        self.itemSize = itemSize
        self.readOnly = readOnly
        self.format = format
        self.rank = shape.count
        self.byteCount = shape.reduce(itemSize, *)
        dimensions = .allocate(capacity: max(1, 2 * shape.count))
        var step = itemSize
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            dimensions[axis] = shape[axis]
            dimensions[shape.count + axis] = step
            step &*= shape[axis]
        }
    }

    deinit { dimensions.deallocate() }
}
