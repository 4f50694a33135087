import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A libpython shared library opened with `dlopen(RTLD_GLOBAL)`, so that extension modules
/// (NumPy's `_multiarray_umath`, ...) resolve their C API symbols against it, together with the
/// interpreter whose configuration the embedded Python takes.
///
/// ``locate(environment:)`` decides two things, in this order:
///
/// 1. **The interpreter** (the one whose `sys.prefix`, venv and site-packages you get):
///    `TENSORBRIDGE_PYTHON`, else the active `VIRTUAL_ENV`'s `bin/python`, else `python3` on
///    `PATH` (only when `PYTHON_LIBRARY` is not set). An interpreter that was named
///    explicitly (`TENSORBRIDGE_PYTHON` or `VIRTUAL_ENV`) and does not run is an error naming
///    it; it is never silently replaced by another.
/// 2. **The library file**: `PYTHON_LIBRARY` (PythonKit's variable) when set, else the
///    interpreter's own `LIBDIR/LDLIBRARY`. With both `PYTHON_LIBRARY` and an interpreter, the
///    library is loaded from `PYTHON_LIBRARY` and started as that interpreter, so a venv is
///    kept; their Python versions must agree.
///
/// A libpython already in the process (TensorBridge loaded into Python) wins over both.
/// The embedded interpreter is started with its program name set to the chosen interpreter's
/// path, so CPython itself reads a venv's `pyvenv.cfg`: `sys.prefix` and `sys.executable` are
/// the venv's, and `include-system-site-packages = false` is honoured.
///
/// Set `TENSORBRIDGE_PYTHON_LOGGING=1` (or PythonKit's `PYTHON_LOADER_LOGGING=1`) to print each
/// step of this search on standard error.
public struct PythonLibrary: Sendable {
    /// The opened library. Never closed: an interpreter cannot be unloaded safely.
    let library: DynamicLibrary
    /// Where the library came from, for messages (`/usr/lib/libpython3.11.so`, "this process").
    public let origin: String
    /// The interpreter the embedded Python starts as (its `program_name`), for example a
    /// venv's `bin/python`; `nil` when Python was already running or only `PYTHON_LIBRARY`
    /// was given.
    public let interpreter: String?
    /// `major.minor` of ``interpreter`` as it reported itself, checked against the library.
    let interpreterVersion: String?
    /// Whether discovery logging is on (`TENSORBRIDGE_PYTHON_LOGGING` or `PYTHON_LOADER_LOGGING`).
    let logging: Bool

    /// Looks a C symbol up in the library: a function (cast to a `@convention(c)` type) or a
    /// data symbol (as a pointer type).
    /// - Throws: `TensorBridgeError` (`.libraryUnavailable`) when the symbol does not exist.
    package func symbol<T>(_ name: String, as type: T.Type) throws -> T {
        guard let symbol = library.symbol(name, as: T.self) else {
            throw TensorBridgeError.pythonUnavailable("\(origin) has no symbol \(name); is it libpython 3.9 or newer?")
        }
        return symbol
    }

    /// The symbol if the library has it (for API that depends on the Python version).
    func optionalSymbol<T>(_ name: String, as type: T.Type) -> T? {
        library.symbol(name, as: T.self)
    }

    /// Prints one discovery step on standard error when logging is on.
    func log(_ message: @autoclosure () -> String) {
        if logging { PythonLibrary.write(message()) }
    }

    /// Finds and opens libpython (see the type's documentation for the order).
    /// - Throws: `TensorBridgeError` (`.libraryUnavailable`) naming an explicit choice that does not
    ///   work, or listing every place tried.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PythonLibrary {
        try locate(environment: environment, checkProcess: true)
    }

    static func locate(environment: [String: String], checkProcess: Bool) throws -> PythonLibrary {
        let logging = isLogging(environment)
        func log(_ message: String) { if logging { write(message) } }
        var tried: [String] = []

        // 0. Already loaded (the process is a Python extension, or linked it anyway).
        if checkProcess, DynamicLibrary.process.symbol("Py_IsInitialized") != nil {
            log("libpython is already in this process: using it")
            return PythonLibrary(library: .process, origin: "this process", interpreter: nil, interpreterVersion: nil, logging: logging)
        }
        log(checkProcess ? "no libpython in this process yet" : "this process: not checked")

        let explicitLibrary = environment["PYTHON_LIBRARY"].flatMap { $0.isEmpty ? nil : $0 }
        log(explicitLibrary.map { "PYTHON_LIBRARY=\($0): the library file to load" } ?? "PYTHON_LIBRARY: not set")

        // 1. The interpreter. Explicit choices fail loudly instead of falling through.
        var chosen: (label: String, path: String, info: InterpreterInfo)?
        for (variable, suffix) in [("TENSORBRIDGE_PYTHON", ""), ("VIRTUAL_ENV", "/bin/python")] {
            guard let value = environment[variable], !value.isEmpty else {
                log("\(variable): not set")
                tried.append("\(variable): not set")
                continue
            }
            let path = value + suffix
            let label = "\(variable)=\(value)"
            log("\(label): asking \(path) for its library and version")
            do {
                chosen = (label, path, try InterpreterInfo.query(path))
            } catch {
                throw TensorBridgeError.pythonUnavailable("""
                    \(label) names a Python that does not work: \(reason(error)). \
                    TensorBridge does not fall back to another Python when one is named; \
                    fix the path or unset \(variable).
                    """)
            }
            break
        }
        if chosen == nil, explicitLibrary == nil {
            if let onPath = findOnPath("python3", environment: environment) {
                log("python3 on PATH: \(onPath)")
                do {
                    chosen = ("python3 on PATH (\(onPath))", onPath, try InterpreterInfo.query(onPath))
                } catch {
                    tried.append("python3 on PATH (\(onPath)): \(reason(error))")
                }
            } else {
                log("python3 on PATH: not found")
                tried.append("python3 on PATH: not found")
            }
        }
        if let chosen {
            log("interpreter: \(chosen.path) (Python \(chosen.info.version)), started as program_name so its pyvenv.cfg applies")
        }

        // 2. The library file.
        if let explicitLibrary {
            guard let library = open(explicitLibrary, tried: &tried, label: "PYTHON_LIBRARY=\(explicitLibrary)", log: log) else {
                throw TensorBridgeError.pythonUnavailable("""
                    PYTHON_LIBRARY=\(explicitLibrary) cannot be loaded (\(tried.last ?? "dlopen failed")). \
                    TensorBridge does not fall back to another library when one is named; \
                    fix the path or unset PYTHON_LIBRARY.
                    """)
            }
            return PythonLibrary(library: library, origin: explicitLibrary, interpreter: chosen?.path,
                                 interpreterVersion: chosen.map { majorMinor($0.info.version) }, logging: logging)
        }
        if let chosen {
            for candidate in chosen.info.libraryCandidates {
                if let library = open(candidate, tried: &tried, label: "\(chosen.label) → \(candidate)", log: log) {
                    return PythonLibrary(library: library, origin: candidate, interpreter: chosen.path,
                                         interpreterVersion: majorMinor(chosen.info.version), logging: logging)
                }
            }
            if chosen.info.libraryCandidates.isEmpty {
                tried.append("\(chosen.label): Python \(chosen.info.version) has no shared libpython (LDLIBRARY=\(chosen.info.ldLibrary)); it was built without --enable-shared")
            }
        }
        throw TensorBridgeError.pythonUnavailable("""
            could not load libpython (3.9 or newer). Tried, in order:
            \(tried.map { "  - " + $0 }.joined(separator: "\n"))
            Fix: install Python 3 with its shared library (Debian/Ubuntu: apt-get install python3 libpython3-dev \
            python3-numpy), or point TENSORBRIDGE_PYTHON at an interpreter (a venv's bin/python works), \
            or PYTHON_LIBRARY at libpython3.X.so. TENSORBRIDGE_PYTHON_LOGGING=1 shows each step.
            """)
    }

    /// The message of a discovery error without the "Python is unavailable" prefix.
    static func reason(_ error: any Error) -> String {
        let prefix = "Python is unavailable: "
        if let error = error as? TensorBridgeError, error.code == .libraryUnavailable, error.message.hasPrefix(prefix) {
            return String(error.message.dropFirst(prefix.count))
        }
        return "\(error)"
    }

    static func isLogging(_ environment: [String: String]) -> Bool {
        ["TENSORBRIDGE_PYTHON_LOGGING", "PYTHON_LOADER_LOGGING"].contains { name in
            guard let v = environment[name] else { return false }
            return !v.isEmpty && v != "0"
        }
    }

    static func write(_ message: String) {
        FileHandle.standardError.write(Data("tensorbridge python: \(message)\n".utf8))
    }

    static func majorMinor(_ version: String) -> String {
        version.split(separator: " ").first.map { $0.split(separator: ".").prefix(2).joined(separator: ".") } ?? version
    }

    private static func open(_ path: String, tried: inout [String], label: String, log: (String) -> Void) -> DynamicLibrary? {
        // Global visibility: NumPy's and every other C extension resolve the interpreter's
        // symbols through the process, not through a handle.
        switch DynamicLibrary.open(path, visibility: .global) {
        case .success(let library) where library.symbol("Py_InitializeEx") != nil:
            log("\(label): loaded")
            return library
        case .success:
            tried.append("\(label): not a libpython (no Py_InitializeEx)")
        case .failure(let failure):
            tried.append("\(label): \(failure.reason)")
        }
        log(tried[tried.count - 1])
        return nil
    }

    private static func findOnPath(_ name: String, environment: [String: String]) -> String? {
        for dir in (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if access(path, X_OK) == 0 { return path }
        }
        return nil
    }
}
