import Foundation
import Testing
@testable import TensorBridgePython

/// Which Python is loaded, and that an explicit choice is never silently replaced.
@Suite("Python discovery")
struct PythonDiscoveryTests {
    /// A PATH that does hold a working python3, so a silent fallback would be possible.
    private var pathWithPython: String { ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin" }

    @Test func explicitInterpreterIsNeverReplaced() throws {
        do {
            _ = try PythonLibrary.locate(environment: ["TENSORBRIDGE_PYTHON": "/nonexistent/python", "PATH": pathWithPython],
                                         checkProcess: false)
            Issue.record("a TENSORBRIDGE_PYTHON that does not exist must not fall back to python3 on PATH")
        } catch let error as TensorBridgeError where error.code == .libraryUnavailable {
            let message = error.message
            #expect(message.contains("TENSORBRIDGE_PYTHON=/nonexistent/python"))
            #expect(message.contains("does not fall back"))
        }
    }

    @Test func brokenVirtualEnvIsNamed() throws {
        do {
            _ = try PythonLibrary.locate(environment: ["VIRTUAL_ENV": "/nonexistent/venv", "PATH": pathWithPython],
                                         checkProcess: false)
            Issue.record("a VIRTUAL_ENV without a python must not fall back to python3 on PATH")
        } catch let error as TensorBridgeError where error.code == .libraryUnavailable {
            let message = error.message
            #expect(message.contains("VIRTUAL_ENV=/nonexistent/venv"))
        }
    }

    @Test func explicitLibraryIsNeverReplaced() throws {
        let interpreter = try configuredInterpreter()
        do {
            _ = try PythonLibrary.locate(environment: ["PYTHON_LIBRARY": "/nonexistent/libpython3.99.so",
                                                       "TENSORBRIDGE_PYTHON": interpreter], checkProcess: false)
            Issue.record("a PYTHON_LIBRARY that cannot be loaded must not fall back to the interpreter's library")
        } catch let error as TensorBridgeError where error.code == .libraryUnavailable {
            let message = error.message
            #expect(message.contains("PYTHON_LIBRARY=/nonexistent/libpython3.99.so"))
        }
    }

    @Test func pythonLibraryKeepsTheInterpreter() throws {
        // PYTHON_LIBRARY picks the file; TENSORBRIDGE_PYTHON still picks the interpreter (venv).
        let interpreter = try configuredInterpreter()
        let info = try InterpreterInfo.query(interpreter)
        let library = try #require(info.libraryCandidates.first)
        let found = try PythonLibrary.locate(environment: ["PYTHON_LIBRARY": library, "TENSORBRIDGE_PYTHON": interpreter],
                                             checkProcess: false)
        #expect(found.origin == library)
        #expect(found.interpreter == interpreter)
    }

    @Test func loggingVariables() {
        #expect(PythonLibrary.isLogging(["TENSORBRIDGE_PYTHON_LOGGING": "1"]))
        #expect(PythonLibrary.isLogging(["PYTHON_LOADER_LOGGING": "yes"]))
        #expect(!PythonLibrary.isLogging(["TENSORBRIDGE_PYTHON_LOGGING": "0"]))
        #expect(!PythonLibrary.isLogging([:]))
    }

    /// The embedded interpreter is the venv itself: CPython read pyvenv.cfg, so sys.prefix is
    /// the venv, sys.executable its python, and NumPy comes from the venv's site-packages.
    @Test func venvIsInitialisedAsAVenv() throws {
        try requirePython()
        let interpreter = try configuredInterpreter()
        let venv = URL(fileURLWithPath: interpreter).deletingLastPathComponent().deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: venv + "/pyvenv.cfg") else {
            Issue.record("VENV MISSING: TENSORBRIDGE_PYTHON=\(interpreter) is not a venv's python; this test needs one")
            return
        }
        let sys = try Python.import("sys")
        #expect(try String(python: sys.prefix) == venv)
        #expect(try String(python: sys.executable) == interpreter)
        #expect(try String(python: sys.base_prefix) != venv)
        let numpyFile = try String(python: Python.import("numpy").__file__)
        #expect(numpyFile.hasPrefix(venv + "/"))
    }

    private func configuredInterpreter(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        guard let p = ProcessInfo.processInfo.environment["TENSORBRIDGE_PYTHON"], !p.isEmpty else {
            Issue.record("TENSORBRIDGE_PYTHON is not set: this test needs the project venv's python", sourceLocation: sourceLocation)
            throw TensorBridgeError.pythonUnavailable("TENSORBRIDGE_PYTHON is not set")
        }
        return p
    }
}
