import Foundation

/// Starts the embedded interpreter as the chosen Python executable.
///
/// CPython computes `sys.prefix`, `sys.executable` and the venv from its program name: when
/// it is a path, the directory of that path (or its parent) is searched for `pyvenv.cfg`, just
/// as when the venv's `bin/python` is run. So a venv is initialised as a real venv, with its
/// `include-system-site-packages` setting, rather than by editing `sys.path` afterwards.
///
/// Python 3.14+ has the layout-free PEP 741 API (`PyInitConfig_SetStr(config, "program_name",
/// ...)`); older versions use `Py_SetProgramName`, deprecated since 3.11 but exported up to
/// 3.15 (CPython Doc/deprecations/c-api-pending-removal-in-3.15.rst). `PyConfig` itself is a
/// struct whose layout changes with every version, which a library loaded at run time cannot
/// know, so it is not used directly.
enum PythonStartup {
    private typealias InitConfigCreate = @convention(c) () -> UnsafeMutableRawPointer?
    private typealias InitConfigSetStr = @convention(c) (UnsafeMutableRawPointer, UnsafePointer<CChar>, UnsafePointer<CChar>) -> Int32
    private typealias InitConfigSetInt = @convention(c) (UnsafeMutableRawPointer, UnsafePointer<CChar>, Int64) -> Int32
    private typealias InitFromInitConfig = @convention(c) (UnsafeMutableRawPointer) -> Int32
    private typealias InitConfigGetError = @convention(c) (UnsafeMutableRawPointer, UnsafeMutablePointer<UnsafePointer<CChar>?>) -> Int32
    private typealias InitConfigFree = @convention(c) (UnsafeMutableRawPointer) -> Void
    private typealias SetProgramName = @convention(c) (UnsafePointer<wchar_t>) -> Void
    private typealias DecodeLocale = @convention(c) (UnsafePointer<CChar>, UnsafeMutablePointer<Int>?) -> UnsafeMutablePointer<wchar_t>?

    /// Initialises Python (the GIL is held afterwards), as `library.interpreter` when known.
    static func initialize(_ library: PythonLibrary, api: PythonAPI) throws {
        guard let program = library.interpreter else {
            library.log("no interpreter path: Python computes its prefix from its defaults (PYTHONHOME, PATH)")
            api.initializeEx(0)
            return
        }
        if let create = library.optionalSymbol("PyInitConfig_Create", as: InitConfigCreate.self),
           let setStr = library.optionalSymbol("PyInitConfig_SetStr", as: InitConfigSetStr.self),
           let setInt = library.optionalSymbol("PyInitConfig_SetInt", as: InitConfigSetInt.self),
           let start = library.optionalSymbol("Py_InitializeFromInitConfig", as: InitFromInitConfig.self),
           let getError = library.optionalSymbol("PyInitConfig_GetError", as: InitConfigGetError.self),
           let free = library.optionalSymbol("PyInitConfig_Free", as: InitConfigFree.self) {
            library.log("PyInitConfig: program_name = \(program)")
            guard let config = create() else { throw TensorBridgeError.pythonUnavailable("PyInitConfig_Create failed (out of memory)") }
            defer { free(config) }
            if setStr(config, "program_name", program) != 0 || setInt(config, "install_signal_handlers", 0) != 0
                || start(config) != 0 {
                var message: UnsafePointer<CChar>?
                let text = getError(config, &message) != 0 ? message.map { String(cString: $0) } ?? "?" : "unknown error"
                throw TensorBridgeError.pythonUnavailable("cannot start Python as \(program): \(text)")
            }
            return
        }
        guard let setProgramName = library.optionalSymbol("Py_SetProgramName", as: SetProgramName.self),
              let decode = library.optionalSymbol("Py_DecodeLocale", as: DecodeLocale.self) else {
            throw TensorBridgeError.pythonUnavailable("\(library.origin) has neither PyInitConfig_SetStr nor Py_SetProgramName; cannot start it as \(program)")
        }
        // Python keeps this pointer for the life of the process, so it is never freed.
        guard let wide = decode(program, nil) else {
            throw TensorBridgeError.pythonUnavailable("cannot decode the interpreter path \(program) in the current locale")
        }
        library.log("Py_SetProgramName(\(program))")
        setProgramName(wide)
        api.initializeEx(0)
    }

    /// `sys.executable`, `sys.prefix` and `sys.base_prefix`, for the discovery log (GIL held).
    static func describe(_ api: PythonAPI) -> String {
        guard let sys = api.importModule("sys") else { api.errClear(); return "sys unavailable" }
        defer { api.decRef(sys) }
        func attr(_ name: String) -> String {
            guard let value = api.getAttrString(sys, name) else { api.errClear(); return "?" }
            defer { api.decRef(value) }
            guard let text = api.str(value) else { api.errClear(); return "?" }
            defer { api.decRef(text) }
            return api.unicodeAsUTF8AndSize(text, nil).map { String(cString: $0) } ?? "?"
        }
        return "sys.executable=\(attr("executable")) sys.prefix=\(attr("prefix")) sys.base_prefix=\(attr("base_prefix"))"
    }
}
