import _CPythonABI
import TensorBridge

extension Tensor {
    /// A tensor from a NumPy array (or anything `np.asarray` accepts), the reverse of
    /// ``numpy(copy:)``. The tensor is on the host.
    ///
    /// Tensors are immutable, so by default a tensor never aliases memory that someone can
    /// still write:
    /// - `copy: nil` (default): a **read-only** array that is C-contiguous, aligned,
    ///   native-endian and of a supported dtype is **shared, no copy** (this is what
    ///   ``numpy(copy:)`` returns, so a round trip costs nothing); the tensor keeps the array
    ///   alive through a buffer export. A **writable** array is **copied**, so later writes to
    ///   it never show in the tensor. Arrays that need rearranging (Fortran order, strided
    ///   views, big-endian, unaligned) are copied too, once, by NumPy.
    /// - `copy: true`: always a private copy.
    /// - `copy: false`: never a copy. A writable array is then **shared and aliased**, as with
    ///   `torch.from_numpy`: writing to the array changes the tensor, which is the caller's
    ///   responsibility. Throws where sharing is impossible.
    ///
    /// dtypes: bool, int8…64, uint8…64, float16/32/64, complex64/128, and `ml_dtypes`
    /// bfloat16/float8 (shared too). Byte strings (`S`), object arrays of `bytes` and unicode
    /// (`U`) arrays become string tensors, always copied: unicode text is encoded as UTF-8, as
    /// `tf.constant(np.array(["a", "bc"]))` does; trailing NULs of `S`/`U` elements are
    /// dropped, as NumPy does.
    ///
    /// - Throws: `TensorBridgeError` (`.unsupportedDType`) with a clear message for object
    ///   arrays of anything but bytes, datetime/timedelta, structured and other dtypes without
    ///   a tensor equivalent; `TensorBridgeError` (`.invalidArgument`) for `copy: false` when sharing
    ///   is impossible; `TensorBridgeError` when Python or NumPy is missing or raises.
    public init(numpy object: PythonObject, copy: Bool? = nil) throws {
        let np = try NumPyModule.get()
        self = try np.runtime.withGIL { try NumPyImport(np: np).tensor(from: object, copy: copy) }
    }
}

/// The steps of `Tensor(numpy:)`, all run holding the GIL.
struct NumPyImport {
    let np: NumPyModule
    var runtime: PythonRuntime { np.runtime }

    func tensor(from object: PythonObject, copy: Bool?) throws -> Tensor {
        let array = try object.isInstance(of: np.ndarray) ? object : np.asarray.call([object])
        // Fast path: every plain NumPy dtype exports its buffer directly. Only when that fails
        // is the dtype inspected (ml_dtypes are viewed as integers; others get a clear error).
        var target = array, mlType: DType?
        let held: HeldBuffer
        do {
            held = try HeldBuffer(array, runtime: runtime)
        } catch {
            (target, mlType) = try exportable(array, exportError: error)
            held = try HeldBuffer(target, runtime: runtime)
        }
        let view = held.view.pointee
        let (element, bigEndian) = NumPyDType.parse(format: view.format.map { String(cString: $0) } ?? "B")
        let shape = (0..<Int(view.ndim)).map { view.shape?[$0] ?? Int(view.len) }

        let dtype: DType
        switch element {
        case .dense(let d): dtype = mlType ?? d
        case .bytes(let width):
            guard copy != false else {
                throw TensorBridgeError.invalidArgument("Tensor(numpy:copy: false) is impossible for a bytes array: string tensors always copy")
            }
            guard held.isCContiguous else { return try tensor(from: np.ascontiguousarray.call([target]), copy: nil) }
            return try StringArrays.tensor(
                fixedWidth: UnsafeRawBufferPointer(start: view.buf, count: Int(view.len)), width: width, shape: shape)
        case .object:
            guard copy != false else {
                throw TensorBridgeError.invalidArgument("Tensor(numpy:copy: false) is impossible for an object array: string tensors always copy")
            }
            return try StringArrays.tensor(objects: target, shape: shape)
        case .unicode:
            guard copy != false else {
                throw TensorBridgeError.invalidArgument("Tensor(numpy:copy: false) is impossible for a unicode array: its text is encoded as UTF-8 into a new string tensor")
            }
            // As TensorFlow does: each element becomes its UTF-8 bytes.
            return try tensor(from: np.numpy.char.encode(target, "utf-8"), copy: nil)
        case .unsupported(let format):
            let what = format.hasPrefix("T{") ? "a structured (record) array" : "an array of dtype \(try dtypeName(target))"
            throw TensorBridgeError.unsupportedDType("Cannot convert \(what) to a Tensor: no tensor dtype matches (buffer format '\(format)'). Convert it to a plain numeric dtype first.")
        }

        var reasons: [String] = []
        if !held.isCContiguous { reasons.append("it is not C-contiguous (Fortran order or a strided view)") }
        if bigEndian { reasons.append("it is big-endian") }
        if Int(bitPattern: view.buf) % min(max(Int(view.itemsize), 1), 8) != 0 { reasons.append("its data is not aligned") }
        // A writable array could change under the immutable tensor: copy it unless the caller
        // asked to share (copy: false).
        let writable = view.readonly == 0
        if !reasons.isEmpty || copy == true || (copy == nil && writable) {
            if copy == false {
                throw TensorBridgeError.invalidArgument("Tensor(numpy:copy: false) cannot share this array because \(reasons.joined(separator: " and ")); pass copy: nil or true to copy it")
            }
            // One C-ordered, native-endian copy made by NumPy, owned by the tensor alone.
            let nativeType = try target.dtype.newbyteorder("=")
            let fresh = try np.numpy.array(target, dtype: nativeType, order: "C", copy: true)
            return try wrap(HeldBuffer(fresh, runtime: runtime), dtype: dtype, shape: shape)
        }
        return try wrap(held, dtype: dtype, shape: shape)
    }

    /// An array whose buffer can be exported, for one whose own export failed: `ml_dtypes`
    /// arrays are viewed (no copy) as unsigned integers of the same width, and their dtype
    /// remembered; anything else is refused, saying why.
    private func exportable(_ array: PythonObject, exportError: any Error) throws -> (PythonObject, DType?) {
        let name = try dtypeName(array)
        if let ml = NumPyDType.fromMLDType(name) {
            return (try array.view(ml == .bfloat16 ? "uint16" : "uint8"), ml)
        }
        let kind = try String(python: array.dtype.kind)
        if kind == "M" || kind == "m" {
            throw TensorBridgeError.unsupportedDType("Cannot convert a NumPy \(name) array to a Tensor: datetime and timedelta have no tensor dtype. Convert it to an int64 array first.")
        }
        if kind == "V" {
            throw TensorBridgeError.unsupportedDType("Cannot convert a NumPy \(name) (void/structured) array to a Tensor: no tensor dtype matches. Convert its fields to plain numeric arrays first.")
        }
        throw TensorBridgeError.unsupportedDType("Cannot convert a NumPy array of dtype \(name) to a Tensor: NumPy cannot export its buffer (\(exportError)).")
    }

    private func dtypeName(_ array: PythonObject) throws -> String { try String(python: array.dtype.name) }

    /// A host tensor over the exported memory, releasing the export when the tensor dies.
    private func wrap(_ held: HeldBuffer, dtype: DType, shape: [Int]) throws -> Tensor {
        let view = held.view.pointee
        let byteCount = Int(view.len)
        guard let base = view.buf, byteCount > 0 else {
            return try Tensor(dtype: dtype, shape: Shape(shape), buffer: TensorBuffer.allocateHost(byteCount: 0))
        }
        let buffer = TensorBuffer(baseAddress: base, byteCount: byteCount, device: .cpu, release: .custom { _ in held.release() })
        return try Tensor(dtype: dtype, shape: Shape(shape), buffer: buffer)
    }
}

/// A `Py_buffer` export of an array, released exactly once: by ``release()`` (under the GIL,
/// from any thread) or, if never handed to a tensor, when the last copy of it is dropped.
// Unchecked Sendable: `released` and the view are only read and written with the GIL held.
final class HeldBuffer: @unchecked Sendable {
    let runtime: PythonRuntime
    let view: UnsafeMutablePointer<TBPyBuffer>
    private var released = false

    /// Exports `array`'s buffer with strides and format (the GIL must be held).
    init(_ array: PythonObject, runtime: PythonRuntime) throws {
        self.runtime = runtime
        view = .allocate(capacity: 1)
        view.initialize(to: TBPyBuffer())
        guard runtime.api.getBuffer(array.pointer, view, Int32(TBPyBUF_RECORDS_RO)) == 0 else {
            released = true
            throw runtime.fetchError()
        }
    }

    /// Whether the strides are those of a C-ordered array (size-0 and size-1 axes ignored).
    var isCContiguous: Bool {
        let v = view.pointee
        guard let shape = v.shape, let strides = v.strides else { return true }
        var expected = Int(v.itemsize)
        for axis in stride(from: Int(v.ndim) - 1, through: 0, by: -1) {
            if shape[axis] == 0 { return true }
            if shape[axis] != 1 && strides[axis] != expected { return false }
            expected *= shape[axis]
        }
        return true
    }

    func release() {
        runtime.withGILIfAlive(else: ()) {
            guard !released else { return }
            released = true
            runtime.api.releaseBuffer(view)
        }
    }

    deinit {
        release()
        view.deallocate()
    }
}
