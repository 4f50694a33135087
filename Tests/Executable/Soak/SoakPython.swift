import TensorBridge
import TensorBridgePython

/// The Python side of the soak: NumPy code that makes arrays and computes, independently of
/// TensorBridge, what the Swift side checks against. Defined once with `exec`; every call
/// goes through `PythonObject`, which takes the GIL itself (never held across Swift work).
final class SoakPython: Sendable {
    let np: PythonObject
    let fromDLPack: PythonObject
    /// `describe(a) -> "dtype|d0,d1|writeable|checksum|sum"`.
    let describe: PythonObject
    /// `describe_strings(a) -> "dtype|d0,d1|checksum"` for object arrays of bytes.
    let describeStrings: PythonObject
    /// `make_array(seed, shape, dtype, layout)`: a random array made by NumPy.
    let makeArray: PythonObject
    /// `describe_file(path, kind) -> ["name|describe", ...]` read by np.load or safetensors.numpy.
    let describeFile: PythonObject
    let refcounts: PythonObject
    let totalRefcount: PythonObject
    let collect: PythonObject
    let hasSafetensors: Bool
    let hasMLDtypes: Bool

    static let source = """
        import gc, sys
        import numpy as np
        try:
            import ml_dtypes
        except ImportError:
            ml_dtypes = None
        try:
            import safetensors.numpy as st_numpy
        except ImportError:
            st_numpy = None

        _ML = ('bfloat16', 'float8_e4m3fn', 'float8_e5m2')

        def _dtype(name):
            if ml_dtypes is not None and hasattr(ml_dtypes, name):
                return np.dtype(getattr(ml_dtypes, name))
            return np.dtype(name)

        def checksum(a):
            b = np.frombuffer(np.asarray(a).tobytes(order='C'), dtype=np.uint8).astype(np.uint64)
            w = np.arange(b.size, dtype=np.uint64) % np.uint64(251) + np.uint64(1)
            return int((b * w).sum(dtype=np.uint64))

        def value_sum(a):
            a = np.asarray(a)
            if a.dtype.name.startswith('void'):  # raw items (np.load of bfloat16/float8 .npy)
                return 0.0
            if a.dtype.kind == 'c':
                return float(a.real.astype(np.float64).sum() + a.imag.astype(np.float64).sum())
            return float(a.astype(np.float64).sum())

        def describe(a):
            a = np.asarray(a)
            shape = ','.join(str(d) for d in a.shape)
            return f'{a.dtype.name}|{shape}|{int(a.flags.writeable)}|{checksum(a)}|{value_sum(a)!r}'

        def describe_strings(a):
            a = np.asarray(a)
            shape = ','.join(str(d) for d in a.shape)
            framed = b''.join(len(x).to_bytes(4, 'little') + x for x in a.ravel().tolist())
            return f'{a.dtype.name}|{shape}|{checksum(np.frombuffer(framed, dtype=np.uint8))}'

        def make_array(seed, shape, name, layout):
            rng = np.random.default_rng(seed)
            dt = _dtype(name)
            full = list(shape)
            if layout == 'strided' and full:
                full[-1] *= 2
            if name == 'bool':
                a = rng.integers(0, 2, size=full).astype(np.bool_)
            elif dt.kind in 'iu':
                info = np.iinfo(dt)
                a = rng.integers(info.min, info.max, size=full, dtype=dt, endpoint=True)
            elif dt.kind == 'c':
                a = (rng.standard_normal(full) + 1j * rng.standard_normal(full)).astype(dt)
            else:
                a = (rng.standard_normal(full) * 4).astype(dt)
            a = np.asarray(a)  # size=() gives NumPy scalars, which have no __dlpack__
            if layout == 'strided' and full:
                a = a[..., ::2]
            elif layout == 'reversed' and a.ndim:
                a = a[::-1]
            elif layout == 'fortran':
                a = np.asfortranarray(a)
            return a

        def describe_file(path, kind):
            if kind == 'npy':
                return ['|' + describe(np.load(path))]
            if kind == 'npz':
                with np.load(path) as f:
                    return [n + '|' + describe(f[n]) for n in f.files]
            if kind == 'safetensors':
                return [n + '|' + describe(a) for n, a in st_numpy.load_file(path).items()]
            raise ValueError(kind)

        _tracked = [('numpy module', np), ('np.from_dlpack', np.from_dlpack), ('np.asarray', np.asarray),
                    ('np.ndarray', np.ndarray), ('np.load', np.load), ('np.frombuffer', np.frombuffer)]
        for _n in ('bool', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64',
                   'float16', 'float32', 'float64', 'complex64', 'complex128', 'object'):
            _tracked.append((f'np.dtype({_n!r})', np.dtype(_n)))
        if ml_dtypes is not None:
            for _n in _ML:
                _tracked.append((f'ml_dtypes.{_n}', getattr(ml_dtypes, _n)))
                _tracked.append((f'np.dtype(ml_dtypes.{_n})', np.dtype(getattr(ml_dtypes, _n))))
        _tracked += [('soak describe()', describe), ('soak make_array()', make_array)]

        def refcounts():
            return [f'{n}\\t{sys.getrefcount(o)}' for n, o in _tracked]

        def total_refcount():
            return str(sys.gettotalrefcount()) if hasattr(sys, 'gettotalrefcount') else ''

        def collect():
            return gc.collect()
        """

    init() throws {
        let builtins = try Python.builtins()
        let namespace = try builtins.dict()
        _ = try builtins.exec(Self.source, namespace)
        np = try namespace["np"]
        fromDLPack = try np.from_dlpack
        describe = try namespace["describe"]
        describeStrings = try namespace["describe_strings"]
        makeArray = try namespace["make_array"]
        describeFile = try namespace["describe_file"]
        refcounts = try namespace["refcounts"]
        totalRefcount = try namespace["total_refcount"]
        collect = try namespace["collect"]
        hasSafetensors = !(try namespace["st_numpy"]).isNone
        hasMLDtypes = !(try namespace["ml_dtypes"]).isNone
    }

    /// What NumPy says about an array.
    struct Description {
        let dtype: String
        let shape: [Int]
        let writeable: Bool
        let checksum: UInt64
        let sum: Double
    }

    func describe(_ array: PythonObject) throws -> Description {
        try Self.parse(String(python: describe.call([array])))
    }

    static func parse(_ text: String) throws -> Description {
        let f = text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
        guard f.count == 5, let checksum = UInt64(f[3]), let sum = Double(f[4]) else {
            throw SoakMismatch("unreadable description from Python: \(text)")
        }
        let shape = f[1].isEmpty ? [] : f[1].split(separator: ",").compactMap { Int($0) }
        return Description(dtype: f[0], shape: shape, writeable: f[2] == "1", checksum: checksum, sum: sum)
    }

    /// Fails unless NumPy's view of `array` matches `tensor`: NumPy dtype name, shape, bytes
    /// (checksum computed by NumPy vs by Swift) and value sum (NumPy vs Swift decoding).
    func expect(_ array: PythonObject, matches tensor: Tensor, writeable: Bool?, _ what: @autoclosure () -> String) throws {
        try expect(describe(array), matches: tensor, writeable: writeable, what())
    }

    func expect(_ d: Description, matches tensor: Tensor, writeable: Bool?, _ what: @autoclosure () -> String) throws {
        let expectedName = tensor.dtype.unquantized.name
        guard d.dtype == expectedName || (d.dtype.hasPrefix("void") && !SoakDTypes.isNumPyNative(tensor.dtype)) else {
            throw SoakMismatch("\(what()): NumPy dtype \(d.dtype), expected \(expectedName)")
        }
        guard d.shape == tensor.shape.dimensions else {
            throw SoakMismatch("\(what()): NumPy shape \(d.shape), expected \(tensor.shape.dimensions)")
        }
        if let writeable, d.writeable != writeable {
            throw SoakMismatch("\(what()): NumPy array writeable=\(d.writeable), expected \(writeable)")
        }
        let ours = try SoakCheck.checksum(tensor)
        guard d.checksum == ours else {
            throw SoakMismatch("\(what()): NumPy checksum \(d.checksum), Swift checksum \(ours) (\(tensor.dtype) \(tensor.shape))")
        }
        if !d.dtype.hasPrefix("void") {
            let (sum, magnitude) = try SoakCheck.valueSum(tensor)
            guard SoakCheck.sumsAgree(d.sum, sum, magnitude: magnitude) else {
                throw SoakMismatch("\(what()): NumPy sum \(d.sum), Swift sum \(sum) (\(tensor.dtype) \(tensor.shape))")
            }
        }
    }

    /// `sys.getrefcount` of each tracked object, by name, in a stable order.
    func refcountSnapshot() throws -> [(String, Int)] {
        try [String](python: refcounts.call()).map { line in
            let parts = line.split(separator: "\t")
            return (String(parts[0]), Int(parts[1]) ?? -1)
        }
    }

    /// `sys.gettotalrefcount()`, or nil on a release build of Python (which lacks it).
    func totalRefcountNow() throws -> Int? { Int(try String(python: totalRefcount.call())) }
}
