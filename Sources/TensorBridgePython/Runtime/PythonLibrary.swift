import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A libpython shared library opened with `dlopen(RTLD_GLOBAL)`, so that extension modules
/// (NumPy's `_multiarray_umath`, ...) resolve their C API symbols against it.
///
/// ``locate(environment:)`` tries, in order: a libpython already in the process; the `PYTHON_LIBRARY`
/// environment variable; then the interpreter named by `TENSORBRIDGE_PYTHON`, the active
/// `VIRTUAL_ENV`, and `python3` on `PATH`, each asked for its `LIBDIR`, `LDLIBRARY` and
/// `sys.path`, so that a virtual environment's site-packages are importable.
public struct PythonLibrary: @unchecked Sendable {
    /// The `dlopen` handle. Never closed: an interpreter cannot be unloaded safely.
    let handle: UnsafeMutableRawPointer
    /// Where the library came from, for messages (`/usr/lib/libpython3.11.so`, "this process").
    public let origin: String
    /// `sys.path` of the interpreter the library was found through, applied after start-up.
    /// Empty when the library was found without asking an interpreter.
    public let searchPath: [String]

    /// Looks a C symbol up in the library: a function (cast to a `@convention(c)` type) or a
    /// data symbol (as a pointer type).
    /// - Throws: ``PythonError/libraryUnavailable(_:)`` when the symbol does not exist.
    public func symbol<T>(_ name: String, as type: T.Type) throws -> T {
        guard let address = dlsym(handle, name) else {
            throw PythonError.libraryUnavailable("\(origin) has no symbol \(name); is it libpython 3.9 or newer?")
        }
        return unsafeBitCast(address, to: T.self)
    }

    /// Finds and opens libpython, trying every place in order.
    /// - Throws: ``PythonError/libraryUnavailable(_:)`` listing every place tried and what failed.
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PythonLibrary {
        try locate(environment: environment, checkProcess: true)
    }

    static func locate(environment: [String: String], checkProcess: Bool) throws -> PythonLibrary {
        var tried: [String] = []

        // 1. Already loaded (the process is a Python extension, or linked it anyway).
        if checkProcess, let own = dlopen(nil, RTLD_NOW | RTLD_GLOBAL), dlsym(own, "Py_IsInitialized") != nil {
            return PythonLibrary(handle: own, origin: "this process", searchPath: [])
        }
        tried.append(checkProcess ? "this process: no libpython loaded" : "this process: not checked")

        // 2. An explicit library.
        if let path = environment["PYTHON_LIBRARY"], !path.isEmpty {
            if let handle = open(path, tried: &tried, label: "PYTHON_LIBRARY=\(path)") {
                return PythonLibrary(handle: handle, origin: path, searchPath: [])
            }
        } else {
            tried.append("PYTHON_LIBRARY: not set")
        }

        // 3. Interpreters, asked where their library and packages are.
        var interpreters: [(label: String, path: String)] = []
        if let p = environment["TENSORBRIDGE_PYTHON"], !p.isEmpty { interpreters.append(("TENSORBRIDGE_PYTHON=\(p)", p)) }
        else { tried.append("TENSORBRIDGE_PYTHON: not set") }
        if let venv = environment["VIRTUAL_ENV"], !venv.isEmpty {
            interpreters.append(("VIRTUAL_ENV=\(venv)", venv + "/bin/python"))
        } else {
            tried.append("VIRTUAL_ENV: not set")
        }
        if let onPath = findOnPath("python3", environment: environment) {
            interpreters.append(("python3 on PATH (\(onPath))", onPath))
        } else {
            tried.append("python3 on PATH: not found")
        }
        for (label, interpreter) in interpreters {
            let info: InterpreterInfo
            do {
                info = try InterpreterInfo.query(interpreter)
            } catch {
                tried.append("\(label): \(error)")
                continue
            }
            for candidate in info.libraryCandidates {
                if let handle = open(candidate, tried: &tried, label: "\(label) → \(candidate)") {
                    return PythonLibrary(handle: handle, origin: candidate, searchPath: info.sysPath)
                }
            }
            if info.libraryCandidates.isEmpty {
                tried.append("\(label): Python \(info.version) has no shared libpython (LDLIBRARY=\(info.ldLibrary)); it was built without --enable-shared")
            }
        }
        throw PythonError.libraryUnavailable("""
            could not load libpython (3.9 or newer). Tried, in order:
            \(tried.map { "  - " + $0 }.joined(separator: "\n"))
            Fix: install Python 3 with its shared library (Debian/Ubuntu: apt-get install python3 libpython3-dev \
            python3-numpy), or point TENSORBRIDGE_PYTHON at an interpreter (a venv's bin/python works), \
            or PYTHON_LIBRARY at libpython3.X.so.
            """)
    }

    private static func open(_ path: String, tried: inout [String], label: String) -> UnsafeMutableRawPointer? {
        if let handle = dlopen(path, RTLD_NOW | RTLD_GLOBAL) {
            if dlsym(handle, "Py_InitializeEx") != nil { return handle }
            tried.append("\(label): not a libpython (no Py_InitializeEx)")
            return nil
        }
        let reason = dlerror().map { String(cString: $0) } ?? "dlopen failed"
        tried.append("\(label): \(reason)")
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

/// What an interpreter says about itself, asked in a child process.
struct InterpreterInfo: Decodable {
    let version: String
    let libDir: String
    let ldLibrary: String
    let instSoName: String
    let sysPath: [String]

    enum CodingKeys: String, CodingKey {
        case version, libDir = "libdir", ldLibrary = "ldlibrary", instSoName = "instsoname", sysPath = "path"
    }

    /// The shared libraries to try: `LIBDIR/LDLIBRARY`, `LIBDIR/INSTSONAME`, then the bare
    /// names for the dynamic linker's own search path. Static archives are skipped.
    var libraryCandidates: [String] {
        var out: [String] = []
        for name in [ldLibrary, instSoName] where name.contains(".so") || name.hasSuffix(".dylib") {
            out.append(libDir.isEmpty ? name : "\(libDir)/\(name)")
            out.append(name)
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }

    static let script = """
        import json, sys, sysconfig
        v = sysconfig.get_config_var
        print(json.dumps({"version": "%d.%d.%d" % sys.version_info[:3], "libdir": v("LIBDIR") or "",
            "ldlibrary": v("LDLIBRARY") or "", "instsoname": v("INSTSONAME") or "",
            "path": [p for p in sys.path if p]}))
        """

    static func query(_ interpreter: String) throws -> InterpreterInfo {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = ["-c", script]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            throw PythonError.libraryUnavailable("cannot run \(interpreter): \(error.localizedDescription)")
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PythonError.libraryUnavailable("\(interpreter) exited with status \(process.terminationStatus)")
        }
        do {
            return try JSONDecoder().decode(InterpreterInfo.self, from: data)
        } catch {
            throw PythonError.libraryUnavailable("\(interpreter) gave unreadable sysconfig output")
        }
    }
}
