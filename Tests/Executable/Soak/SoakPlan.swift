import TensorBridge
import TensorBridgePython

/// What this machine lets the soak check, decided once before the run and printed first.
///
/// Without a Python that imports NumPy, the kinds that hand tensors to NumPy are skipped and
/// files are checked by our own readers only. Without `ml_dtypes`, NumPy cannot hold
/// bfloat16 or float8, so those dtypes are left out of the NumPy-facing kinds (they still run
/// everywhere else). Without `safetensors`, its reader's cross-check is left out.
struct SoakPlan {
    let py: SoakPython?
    let kinds: [SoakKind]
    let dtypes: SoakDTypes
    /// One line per thing skipped, with the reason and how to get it.
    let skipped: [String]
    /// "Python 3.x (origin)" or why there is none.
    let pythonLine: String

    /// Kinds that need NumPy on the other side.
    static let pythonKinds: Set<SoakKind> = [.numpy, .fromNumPy, .dlpackToNumPy, .dlpackFromNumPy, .strings]

    static func probe() -> SoakPlan {
        let runtime: PythonRuntime
        do {
            runtime = try Python.load()
        } catch {
            return withoutPython(reason: "no Python could be loaded: \(error)")
        }
        let version = "Python \(runtime.version.prefix { $0 != " " }) (\(runtime.library.origin))"
        let py: SoakPython
        do {
            py = try SoakPython()
        } catch {
            return withoutPython(reason: "\(version) cannot import NumPy: \(error)")
        }
        var skipped: [String] = []
        if !py.hasMLDtypes {
            let names = SoakDTypes.needingMLDtypes.map(\.name).joined(separator: ", ")
            skipped.append("dtypes \(names) in NumPy-facing work: this Python has no ml_dtypes (pip install ml_dtypes)")
        }
        if !py.hasSafetensors {
            skipped.append("reading our safetensors files back with safetensors.numpy: not installed (pip install safetensors)")
        }
        return SoakPlan(py: py, kinds: SoakKind.allCases, dtypes: SoakDTypes(mlDtypes: py.hasMLDtypes),
                        skipped: skipped, pythonLine: version)
    }

    private static func withoutPython(reason: String) -> SoakPlan {
        let kinds = SoakKind.allCases.filter { !pythonKinds.contains($0) }
        let names = SoakKind.allCases.filter { pythonKinds.contains($0) }.map(\.rawValue).joined(separator: ", ")
        return SoakPlan(
            py: nil, kinds: kinds, dtypes: SoakDTypes(mlDtypes: false),
            skipped: ["\(names), and file checks by NumPy's readers: \(reason) (set TENSORBRIDGE_PYTHON to a Python with NumPy, e.g. .venv/bin/python)"],
            pythonLine: "no Python with NumPy")
    }
}
