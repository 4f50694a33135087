import Testing
@testable import TensorBridgePython

@Suite("PythonObject")
struct PythonObjectTests {
    @Test func loadsTheConfiguredInterpreter() throws {
        let runtime = try requirePython()
        #expect(runtime.version.hasPrefix("3."))
        // The venv's site-packages must be on sys.path: NumPy comes from there.
        let np = try Python.import("numpy")
        #expect(try String(python: np.__version__).hasPrefix("2."))
    }

    @Test func callsWithPositionalAndKeywordArguments() throws {
        try requirePython()
        let np = try Python.import("numpy")
        let a = try np.arange(6, dtype: "int32").reshape(2, 3)
        #expect(try [Int](python: a.shape) == [2, 3])
        #expect(try Int(python: a.sum()) == 15)
        #expect(try Int(python: a[1, 2]) == 5)
        #expect(try String(python: a.dtype.name) == "int32")
    }

    @Test func convertsSwiftValuesBothWays() throws {
        try requirePython()
        #expect(try Int64(python: Int64.min.makePythonObject(Python.load())) == Int64.min)
        #expect(try UInt64(python: UInt64.max.makePythonObject(Python.load())) == UInt64.max)
        #expect(try Double(python: 2.5.makePythonObject(Python.load())) == 2.5)
        #expect(try String(python: "héllo\u{0}x".makePythonObject(Python.load())) == "héllo\u{0}x")
        #expect(try Bool(python: true.makePythonObject(Python.load())))
        #expect(try [Int](python: [1, 2, 3].makePythonObject(Python.load())) == [1, 2, 3])
        #expect(try Python.bytes([0, 255, 7]).bytes() == [0, 255, 7])
        let d = try ["a": 1].makePythonObject(Python.load())
        #expect(try Int(python: d["a"]) == 1)
        #expect(try Python.none().isNone)
    }

    @Test func pythonExceptionsCarryTypeMessageAndTraceback() throws {
        try requirePython()
        let builtins = try Python.builtins()
        do {
            _ = try builtins.int("not a number")
            Issue.record("int('not a number') should raise")
        } catch let error as TensorBridgeError where error.pythonException != nil {
            let e = try #require(error.pythonException)
            #expect(e.typeName == "ValueError")
            #expect(e.message.contains("invalid literal"))
        }
        do {
            _ = try Python.import("numpy").linalg.inv(Python.import("numpy").zeros([2, 2]))
            Issue.record("inverting a singular matrix should raise")
        } catch let error as TensorBridgeError where error.pythonException != nil {
            let e = try #require(error.pythonException)
            #expect(e.typeName.hasSuffix("LinAlgError"))
            #expect(e.traceback.contains("Traceback"))
        }
        do {
            _ = try Python.import("no_such_module_tensorbridge")
            Issue.record("importing a missing module should raise")
        } catch let error as TensorBridgeError where error.pythonException != nil {
            let e = try #require(error.pythonException)
            #expect(e.typeName == "ModuleNotFoundError")
        }
    }

    @Test func missingLibraryListsEveryPlaceTried() throws {
        do {
            _ = try PythonLibrary.locate(environment: ["PATH": "/nonexistent"], checkProcess: false)
            Issue.record("locate() should fail when every place is wrong")
        } catch let error as TensorBridgeError where error.code == .libraryUnavailable {
            let message = error.message
            #expect(message.contains("TENSORBRIDGE_PYTHON: not set"))
            #expect(message.contains("python3 on PATH: not found"))
            #expect(message.contains("Fix:"))
        }
    }
}
