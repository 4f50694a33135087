import Foundation
import TensorBridge
import TensorBridgeDLPack
import TensorBridgeFormats
import TensorBridgePython

/// The kinds of work in the soak's mix, in the order the report lists them.
enum SoakKind: String, CaseIterable, Sendable {
    case make = "make tensor"
    case numpy = "numpy() + back"
    case fromNumPy = "Tensor(numpy:)"
    case dlpackToNumPy = "np.from_dlpack(ours)"
    case dlpackFromNumPy = "Tensor(dlpack: ndarray)"
    case strings = "string tensors <-> NumPy"
    case sparse = "sparse toDense"
    case npy = ".npy save/load"
    case npz = ".npz save/load"
    case safetensors = "safetensors save/load"
    case tensorProto = "TensorProto save/load"
    case kernels = "parallel kernels"
}

/// One worker's state and the body of each kind of operation. Every operation makes its
/// inputs from the worker's seeded generator, runs TensorBridge, and compares the result
/// with an independent computation (NumPy's, or a plain Swift loop over the bytes),
/// throwing ``SoakMismatch`` on any difference.
struct SoakWorker {
    let index: Int
    /// nil when this machine has no Python with NumPy: the kinds that need it are not run,
    /// and file checks by NumPy's readers are left out.
    let py: SoakPython?
    let dtypes: SoakDTypes
    let directory: URL
    let maxBytes: Int
    var rng: SoakRNG

    mutating func run(_ kind: SoakKind) throws {
        switch kind {
        case .make: try make()
        case .numpy: try numpyRoundTrip()
        case .fromNumPy: try fromNumPy()
        case .dlpackToNumPy: try dlpackToNumPy()
        case .dlpackFromNumPy: try dlpackFromNumPy()
        case .strings: try strings()
        case .sparse: try sparse()
        case .npy: try npy()
        case .npz: try npz()
        case .safetensors: try safetensors()
        case .tensorProto: try tensorProto()
        case .kernels: try kernels()
        }
    }

    // MARK: Inputs

    /// A random tensor of `dtype` and the bytes it must hold.
    mutating func randomTensor(_ dtype: DType, shape: [Int]? = nil) throws -> (Tensor, [UInt8]) {
        let shape = shape ?? rng.shape(itemSize: dtype.byteSize ?? 1, maxBytes: maxBytes)
        let bytes = rng.elementBytes(dtype, count: shape.reduce(1, *))
        let buffer = try TensorBuffer.allocateHost(byteCount: bytes.count)
        bytes.withUnsafeBytes { raw in
            if let base = raw.baseAddress, raw.count > 0 { buffer.baseAddress.copyMemory(from: base, byteCount: raw.count) }
        }
        return (try Tensor(dtype: dtype, shape: Shape(shape), buffer: buffer), bytes)
    }

    /// The Python side, for the kinds that ``SoakPlan`` runs only when it exists.
    private func python() throws -> SoakPython {
        guard let py else { throw SoakMismatch("internal: a NumPy kind ran without Python") }
        return py
    }

    private func url(_ ext: String) -> URL { directory.appendingPathComponent("worker\(index).\(ext)") }

    private func label(_ what: String, _ dtype: DType, _ shape: [Int]) -> String { "\(what) \(dtype.name) \(shape)" }

    // MARK: Tensors

    /// Tensors made four ways (raw buffer, typed Swift array, zeros, fill), each checked
    /// against the bytes it must hold; a reshape must share them.
    mutating func make() throws {
        let dtype = rng.pick(dtypes.dense)
        let shape = rng.shape(itemSize: dtype.byteSize ?? 1, maxBytes: maxBytes)
        let count = shape.reduce(1, *)
        let tensor: Tensor, bytes: [UInt8], how: String
        switch Int.random(in: 0..<4, using: &rng) {
        case 0:
            (tensor, bytes) = try randomTensor(dtype, shape: shape)
            how = "Tensor(dtype:shape:buffer:)"
        case 1:
            bytes = rng.elementBytes(dtype, count: count)
            tensor = try SoakTyped.tensor(dtype: dtype, bytes: bytes, shape: shape)
            how = "Tensor([T], shape:)"
        case 2:
            bytes = [UInt8](repeating: 0, count: count * (dtype.byteSize ?? 1))
            tensor = try Tensor.zeros(shape: shape, dtype: dtype)
            how = "Tensor.zeros"
        default:
            let one = rng.elementBytes(dtype, count: 1)
            bytes = Array((0..<count).map { _ in one }.joined())
            tensor = try SoakTyped.fill(dtype: dtype, element: one, shape: shape)
            how = "Tensor.fill"
        }
        try SoakCheck.expect(tensor, dtype: dtype, shape: shape, bytes: bytes, label(how, dtype, shape))
        let flat = try tensor.reshaped(to: [count])
        guard flat.buffer === tensor.buffer else { throw SoakMismatch(label("reshaped(to:) copied", dtype, shape)) }
        try SoakCheck.expect(flat, dtype: dtype, shape: [count], bytes: bytes, label("reshaped(to:)", dtype, shape))
    }

    // MARK: NumPy

    /// `numpy()` (shared, read-only) or `numpy(copy: true)` (writable), checked by NumPy, then
    /// `Tensor(numpy:)` of that array, checked byte for byte.
    mutating func numpyRoundTrip() throws {
        let py = try python()
        let dtype = rng.pick(dtypes.numpy)
        let (t, bytes) = try randomTensor(dtype)
        let copy: Bool? = rng.chance(0.3) ? true : nil
        let what = label("numpy(copy: \(copy.map(String.init) ?? "nil"))", dtype, t.shape.dimensions)
        let array = try t.numpy(copy: copy)
        // A rank-0 tensor gives a NumPy scalar, which np.asarray turns into a fresh array.
        try py.expect(array, matches: t, writeable: t.rank == 0 ? nil : copy == true, what)
        let back = try Tensor(numpy: array)
        try SoakCheck.expect(back, dtype: dtype.unquantized, shape: t.shape.dimensions, bytes: bytes, "Tensor(numpy: \(what))")
    }

    /// An array made by NumPy (C order, strided, reversed or Fortran order), converted with
    /// `Tensor(numpy:)`; the array is dropped before the tensor is checked against NumPy's
    /// description of it, so the tensor must keep the memory alive by itself.
    mutating func fromNumPy() throws {
        let py = try python()
        let dtype = rng.pick(dtypes.numpyMade)
        let shape = rng.shape(itemSize: dtype.byteSize ?? 1, maxBytes: maxBytes)
        let layout = rng.pick(["C", "strided", "reversed", "fortran"])
        let copy: Bool? = rng.chance(0.3) ? true : nil
        let seed = rng.childSeed()
        let what = label("Tensor(numpy: \(layout) array, copy: \(copy.map(String.init) ?? "nil"))", dtype, shape)
        let (tensor, description) = try { () throws -> (Tensor, SoakPython.Description) in
            let array = try py.makeArray.call([seed, shape, dtype.name, layout])
            return (try Tensor(numpy: array, copy: copy), try py.describe(array))
        }()
        guard tensor.dtype == dtype else { throw SoakMismatch("\(what): dtype \(tensor.dtype)") }
        try py.expect(description, matches: tensor, writeable: nil, what)
    }

    // MARK: DLPack

    /// `np.from_dlpack` of our producer object (or `dlpackNumPy()`), checked by NumPy after
    /// the tensor itself is gone: the capsule must keep the memory alive.
    mutating func dlpackToNumPy() throws {
        let py = try python()
        let dtype = rng.pick(dtypes.dlpackNumPy)
        let direct = rng.chance(0.5)
        let (array, expected) = try { () throws -> (PythonObject, Tensor) in
            let (t, bytes) = try randomTensor(dtype)
            let a = direct ? try py.fromDLPack.call([t.dlpackObject()]) : try t.dlpackNumPy()
            // An independent copy of the expected bytes (a new buffer), not the shared one.
            let (reference, _) = try SoakTyped.copy(bytes: bytes, dtype: dtype, shape: t.shape.dimensions)
            return (a, reference)
        }()
        let what = label(direct ? "np.from_dlpack(t.dlpackObject())" : "t.dlpackNumPy()", dtype, expected.shape.dimensions)
        try py.expect(array, matches: expected, writeable: false, what)
    }

    /// `Tensor(dlpack:)` of an array NumPy made (any layout: strided ones are copied).
    mutating func dlpackFromNumPy() throws {
        let py = try python()
        let dtype = rng.pick(dtypes.dlpackNumPy)
        let shape = rng.shape(itemSize: dtype.byteSize ?? 1, maxBytes: maxBytes)
        let layout = rng.pick(["C", "strided", "reversed", "fortran"])
        let seed = rng.childSeed()
        let what = label("Tensor(dlpack: \(layout) ndarray)", dtype, shape)
        let (tensor, description) = try { () throws -> (Tensor, SoakPython.Description) in
            let array = try py.makeArray.call([seed, shape, dtype.name, layout])
            return (try Tensor(dlpack: array), try py.describe(array))
        }()
        guard tensor.dtype == dtype else { throw SoakMismatch("\(what): dtype \(tensor.dtype)") }
        try py.expect(description, matches: tensor, writeable: nil, what)
    }

    // MARK: Strings

    /// A string tensor to a NumPy object array of bytes and back.
    mutating func strings() throws {
        let py = try python()
        let shape = rng.shape(itemSize: 16, maxBytes: 64 << 10, maxRank: 3).map { $0 }
        let dims = shape.isEmpty ? [1] : shape
        let values = rng.byteStrings(count: dims.reduce(1, *))
        let t = try Tensor(strings: values, shape: dims)
        let what = "string tensor \(dims)"
        let array = try t.numpy()
        let text = try String(python: py.describeStrings.call([array]))
        let expected = "object|\(dims.map(String.init).joined(separator: ","))|\(SoakCheck.checksum(SoakCheck.framed(values)))"
        guard text == expected else { throw SoakMismatch("\(what): NumPy says \(text), expected \(expected)") }
        let back = try Tensor(numpy: array)
        guard back.dtype == .string, back.shape.dimensions == dims, try back.strings() == values else {
            throw SoakMismatch("Tensor(numpy: \(what).numpy()) differs")
        }
    }

    // MARK: Sparse

    /// `toDense` of a random COO tensor (sorted and validated, or in any order with repeats
    /// and validation off, with or without a default value) against a sequential scatter.
    mutating func sparse() throws {
        let dtype = rng.pick(dtypes.dense)
        let size = dtype.byteSize ?? 1
        let shape = rng.shape(itemSize: size, maxBytes: maxBytes, maxRank: 3)
        let dims = shape.isEmpty ? [1] : shape
        let count = dims.reduce(1, *)
        let validate = rng.chance(0.7)
        let nnz = count == 0 ? 0 : Int.random(in: 0...min(count, 1 << 14), using: &rng)
        var flat = (0..<nnz).map { _ in Int.random(in: 0..<count, using: &rng) }
        if validate { flat = Array(Set(flat)).sorted() }
        var strides = [Int](repeating: 1, count: dims.count)
        for axis in stride(from: dims.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * dims[axis + 1] }
        var indices: [Int64] = []
        indices.reserveCapacity(flat.count * dims.count)
        for f in flat { for (axis, s) in strides.enumerated() { indices.append(Int64((f / s) % dims[axis])) } }
        let (values, valueBytes) = try randomTensor(dtype, shape: [flat.count])
        var fillBytes: [UInt8]?
        var defaultValue: Tensor?
        if rng.chance(0.3) {
            let (d, b) = try randomTensor(dtype, shape: [])
            (defaultValue, fillBytes) = (d, b)
        }
        let sp = try SparseTensor(indices: Tensor(indices, shape: [flat.count, dims.count]), values: values,
                                  denseShape: dims.map(Int64.init))
        let dense = try sp.toDense(defaultValue: defaultValue, validateIndices: validate)
        let expected = SoakCheck.denseReference(shape: dims, itemSize: size, flatPositions: flat, values: valueBytes, fill: fillBytes)
        try SoakCheck.expect(dense, dtype: dtype, shape: dims, bytes: expected,
                             label("toDense(validate: \(validate), nnz \(flat.count))", dtype, dims))
    }

    // MARK: Files

    /// `.npy` save, then load (read or mapped) checked byte for byte; half the time also
    /// read by `np.load` and checked by NumPy.
    mutating func npy() throws {
        let dtype = rng.pick(dtypes.npy)
        let (t, bytes) = try randomTensor(dtype)
        let file = url("npy")
        try NPY.save(t, to: file)
        let mmap = rng.chance(0.5)
        let what = label(".npy (mmap: \(mmap))", dtype, t.shape.dimensions)
        let loaded = try NPY.load(file, mmap: mmap, voidAs: SoakDTypes.isNumPyNative(dtype) ? nil : dtype)
        try SoakCheck.expect(loaded, dtype: dtype, shape: t.shape.dimensions, bytes: bytes, what)
        if let py, rng.chance(0.5) {
            let lines = try [String](python: py.describeFile.call([file.path, "npy"]))
            guard lines.count == 1 else { throw SoakMismatch("\(what): np.load gave \(lines.count) arrays") }
            try py.expect(SoakPython.parse(String(lines[0].dropFirst())), matches: t, writeable: nil, "np.load of \(what)")
        }
    }

    /// `.npz` (stored or deflated) with one to three arrays, loaded and checked by name;
    /// half the time also read by `np.load`.
    mutating func npz() throws {
        // One ml_dtypes dtype at most per archive: the reader takes one `voidAs` for all.
        let native = dtypes.npy.filter(SoakDTypes.isNumPyNative)
        let ml: DType? = rng.chance(0.2) ? rng.pick([.bfloat16, .float8_e4m3fn, .float8_e5m2]) : nil
        var tensors: [String: (Tensor, [UInt8])] = [:]
        for i in 0..<Int.random(in: 1...3, using: &rng) {
            let dtype = ml != nil && i == 0 ? ml! : rng.pick(native)
            tensors["t\(i)"] = try randomTensor(dtype)
        }
        let file = url("npz")
        let compressed = rng.chance(0.5)
        try NPZ.save(tensors.sorted { $0.key < $1.key }.map { NamedTensor(name: $0.key, tensor: $0.value.0) }, to: file, compressed: compressed)
        let what = ".npz (compressed: \(compressed), \(tensors.map { "\($0.key): \($0.value.0.dtype) \($0.value.0.shape.dimensions)" }.sorted()))"
        let loaded = try NPZ.load(file, voidAs: ml)
        guard Set(loaded.map(\.name)) == Set(tensors.keys), loaded.count == tensors.count else {
            throw SoakMismatch("\(what): loaded names \(loaded.map(\.name))")
        }
        for named in loaded {
            let (t, bytes) = tensors[named.name]!
            try SoakCheck.expect(named.tensor, dtype: t.dtype, shape: t.shape.dimensions, bytes: bytes, "\(what) \(named.name)")
        }
        if let py, rng.chance(0.5) {
            try expectPythonFile(py, file, kind: "npz", tensors.mapValues(\.0), what)
        }
    }

    /// safetensors with one to three tensors, loaded (read or mapped) and checked; when all
    /// dtypes are NumPy's own, half the time also read by `safetensors.numpy.load_file`.
    mutating func safetensors() throws {
        var tensors: [String: (Tensor, [UInt8])] = [:]
        for i in 0..<Int.random(in: 1...3, using: &rng) {
            tensors["w\(i)"] = try randomTensor(rng.pick(dtypes.safetensors))
        }
        let file = url("safetensors")
        try Safetensors.save(tensors.map { NamedTensor(name: $0.key, tensor: $0.value.0) },
                             metadata: ["soak": "worker \(index)"], to: file)
        let mmap = rng.chance(0.5)
        let what = "safetensors (mmap: \(mmap), \(tensors.map { "\($0.key): \($0.value.0.dtype) \($0.value.0.shape.dimensions)" }.sorted()))"
        let loaded = try Safetensors.load(file, mmap: mmap)
        guard Set(loaded.names) == Set(tensors.keys), loaded.tensors.count == tensors.count else {
            throw SoakMismatch("\(what): loaded names \(loaded.names)")
        }
        guard loaded.metadata["soak"] == "worker \(index)" else { throw SoakMismatch("\(what): metadata \(loaded.metadata)") }
        for named in loaded.tensors {
            let (t, bytes) = tensors[named.name]!
            // Quantized dtypes are stored as their plain integers.
            try SoakCheck.expect(named.tensor, dtype: t.dtype.unquantized, shape: t.shape.dimensions, bytes: bytes, "\(what) \(named.name)")
        }
        if let py, py.hasSafetensors, tensors.values.allSatisfy({ SoakDTypes.isNumPyNative($0.0.dtype) }), rng.chance(0.5) {
            try expectPythonFile(py, file, kind: "safetensors", tensors.mapValues(\.0), what)
        }
    }

    /// TensorProto (binary file; small tensors also as text), every dtype and strings.
    mutating func tensorProto() throws {
        let t: Tensor
        if rng.chance(0.1) {
            let dims = rng.shape(itemSize: 16, maxBytes: 16 << 10, maxRank: 2)
            t = try Tensor(strings: rng.byteStrings(count: dims.reduce(1, *)), shape: dims)
        } else {
            t = try randomTensor(rng.pick(dtypes.dense)).0
        }
        let file = url("pb")
        try TensorProtoFile.save(t, to: file)
        let what = label("TensorProto", t.dtype, t.shape.dimensions)
        try SoakCheck.expectEqual(try TensorProtoFile.load(file), t, what)
        if t.elementCount <= 4096 {
            try SoakCheck.expectEqual(try TensorProtoFile.decode(text: TensorProtoFile.encodeText(t)), t, "text \(what)")
        }
    }

    /// NumPy's reading of a file we wrote, compared with the tensors written.
    private func expectPythonFile(_ py: SoakPython, _ file: URL, kind: String, _ tensors: [String: Tensor], _ what: String) throws {
        let lines = try [String](python: py.describeFile.call([file.path, kind]))
        guard lines.count == tensors.count else { throw SoakMismatch("\(what): Python read \(lines.count) arrays") }
        for line in lines {
            guard let bar = line.firstIndex(of: "|"), let t = tensors[String(line[..<bar])] else {
                throw SoakMismatch("\(what): Python read an unknown array: \(line)")
            }
            try py.expect(SoakPython.parse(String(line[line.index(after: bar)...])), matches: t, writeable: nil, "Python reading \(what)")
        }
    }
}
