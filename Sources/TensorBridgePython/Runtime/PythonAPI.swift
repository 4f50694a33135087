import _CPythonABI

/// A `PyObject *`, untyped. Python objects are only touched through `PythonAPI` functions.
package typealias PyObjectPointer = UnsafeMutableRawPointer

/// The CPython C API functions TensorBridge uses, resolved once with `dlsym` from the loaded
/// libpython. Immutable after loading, so sharing it across threads is safe; calling any of
/// these still requires holding the GIL (see ``Python/withGIL(_:)``).
// Unchecked Sendable: immutable function pointers, each called only with the GIL held.
struct PythonAPI: @unchecked Sendable {
    typealias Obj = PyObjectPointer
    typealias OptObj = PyObjectPointer?

    // Interpreter and GIL.
    let isInitialized: @convention(c) () -> Int32
    let finalizeEx: @convention(c) () -> Int32
    let initializeEx: @convention(c) (Int32) -> Void
    let evalSaveThread: @convention(c) () -> UnsafeMutableRawPointer?
    let gilEnsure: @convention(c) () -> Int32
    let gilRelease: @convention(c) (Int32) -> Void
    let gilThisThreadState: @convention(c) () -> UnsafeMutableRawPointer?
    let getVersion: @convention(c) () -> UnsafePointer<CChar>?

    // References.
    let incRef: @convention(c) (OptObj) -> Void
    let decRef: @convention(c) (OptObj) -> Void

    // Objects.
    let importModule: @convention(c) (UnsafePointer<CChar>) -> OptObj
    let getAttrString: @convention(c) (Obj, UnsafePointer<CChar>) -> OptObj
    let setAttrString: @convention(c) (Obj, UnsafePointer<CChar>, OptObj) -> Int32
    let hasAttrString: @convention(c) (Obj, UnsafePointer<CChar>) -> Int32
    let getItem: @convention(c) (Obj, Obj) -> OptObj
    let setItem: @convention(c) (Obj, Obj, Obj) -> Int32
    let call: @convention(c) (Obj, Obj, OptObj) -> OptObj
    let str: @convention(c) (Obj) -> OptObj
    let repr: @convention(c) (Obj) -> OptObj
    let isTrue: @convention(c) (Obj) -> Int32
    let isInstance: @convention(c) (Obj, Obj) -> Int32
    let richCompareBool: @convention(c) (Obj, Obj, Int32) -> Int32
    let objectType: @convention(c) (Obj) -> OptObj
    let length: @convention(c) (Obj) -> Int
    let getIter: @convention(c) (Obj) -> OptObj
    let iterNext: @convention(c) (Obj) -> OptObj

    // Containers.
    let tupleNew: @convention(c) (Int) -> OptObj
    let tupleSetItem: @convention(c) (Obj, Int, Obj) -> Int32
    let listNew: @convention(c) (Int) -> OptObj
    let listSetItem: @convention(c) (Obj, Int, Obj) -> Int32
    let dictNew: @convention(c) () -> OptObj
    let dictSetItemString: @convention(c) (Obj, UnsafePointer<CChar>, Obj) -> Int32
    let dictSetItem: @convention(c) (Obj, Obj, Obj) -> Int32

    // Scalars and strings.
    let longFromLongLong: @convention(c) (Int64) -> OptObj
    let longFromUnsignedLongLong: @convention(c) (UInt64) -> OptObj
    let longAsLongLong: @convention(c) (Obj) -> Int64
    let longAsUnsignedLongLong: @convention(c) (Obj) -> UInt64
    let floatFromDouble: @convention(c) (Double) -> OptObj
    let floatAsDouble: @convention(c) (Obj) -> Double
    let boolFromLong: @convention(c) (Int) -> OptObj
    let unicodeFromStringAndSize: @convention(c) (UnsafePointer<CChar>?, Int) -> OptObj
    let unicodeAsUTF8AndSize: @convention(c) (Obj, UnsafeMutablePointer<Int>?) -> UnsafePointer<CChar>?
    let bytesFromStringAndSize: @convention(c) (UnsafePointer<CChar>?, Int) -> OptObj
    let bytesAsStringAndSize: @convention(c) (Obj, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>, UnsafeMutablePointer<Int>) -> Int32

    // Errors.
    let errOccurred: @convention(c) () -> OptObj
    let errFetch: @convention(c) (UnsafeMutablePointer<OptObj>, UnsafeMutablePointer<OptObj>, UnsafeMutablePointer<OptObj>) -> Void
    let errNormalize: @convention(c) (UnsafeMutablePointer<OptObj>, UnsafeMutablePointer<OptObj>, UnsafeMutablePointer<OptObj>) -> Void
    let errRestore: @convention(c) (OptObj, OptObj, OptObj) -> Void
    let errClear: @convention(c) () -> Void
    let errSetString: @convention(c) (Obj, UnsafePointer<CChar>) -> Void
    let errGivenExceptionMatches: @convention(c) (OptObj, OptObj) -> Int32
    let excBufferError: Obj
    let excTypeError: Obj
    let excModuleNotFoundError: Obj

    // Capsules, tuples and names, for the DLPack protocol.
    typealias CapsuleDestructor = @convention(c) (OptObj) -> Void
    let capsuleNew: @convention(c) (UnsafeMutableRawPointer, UnsafePointer<CChar>, CapsuleDestructor?) -> OptObj
    let capsuleGetPointer: @convention(c) (Obj, UnsafePointer<CChar>?) -> UnsafeMutableRawPointer?
    let capsuleIsValid: @convention(c) (Obj, UnsafePointer<CChar>?) -> Int32
    let capsuleGetName: @convention(c) (Obj) -> UnsafePointer<CChar>?
    let capsuleSetName: @convention(c) (Obj, UnsafePointer<CChar>?) -> Int32
    /// `&PyCapsule_Type`, to tell a consumed capsule from a foreign object.
    let capsuleType: Obj
    let tupleSize: @convention(c) (Obj) -> Int
    let tupleGetItem: @convention(c) (Obj, Int) -> OptObj  // borrowed
    let unicodeEqualsASCII: @convention(c) (Obj, UnsafePointer<CChar>) -> Int32  // PyUnicode_CompareWithASCIIString
    let unicodeIntern: @convention(c) (UnsafePointer<CChar>) -> OptObj  // PyUnicode_InternFromString
    let trueObject: Obj
    let falseObject: Obj

    // Types and buffers.
    let typeFromSpec: @convention(c) (UnsafeMutablePointer<TBPyTypeSpec>) -> OptObj
    let typeGenericAlloc: @convention(c) (Obj, Int) -> OptObj
    let objectFree: @convention(c) (UnsafeMutableRawPointer?) -> Void
    let getBuffer: @convention(c) (Obj, UnsafeMutablePointer<TBPyBuffer>, Int32) -> Int32
    let releaseBuffer: @convention(c) (UnsafeMutablePointer<TBPyBuffer>) -> Void

    /// Resolves every function from `library`.
    /// - Throws: `TensorBridgeError` (`.libraryUnavailable`) naming the first missing symbol.
    init(_ library: PythonLibrary) throws {
        func f<T>(_ name: String) throws -> T { try library.symbol(name, as: T.self) }
        isInitialized = try f("Py_IsInitialized")
        finalizeEx = try f("Py_FinalizeEx")
        initializeEx = try f("Py_InitializeEx")
        evalSaveThread = try f("PyEval_SaveThread")
        gilEnsure = try f("PyGILState_Ensure")
        gilRelease = try f("PyGILState_Release")
        gilThisThreadState = try f("PyGILState_GetThisThreadState")
        getVersion = try f("Py_GetVersion")
        incRef = try f("Py_IncRef")
        decRef = try f("Py_DecRef")
        importModule = try f("PyImport_ImportModule")
        getAttrString = try f("PyObject_GetAttrString")
        setAttrString = try f("PyObject_SetAttrString")
        hasAttrString = try f("PyObject_HasAttrString")
        getItem = try f("PyObject_GetItem")
        setItem = try f("PyObject_SetItem")
        call = try f("PyObject_Call")
        str = try f("PyObject_Str")
        repr = try f("PyObject_Repr")
        isTrue = try f("PyObject_IsTrue")
        isInstance = try f("PyObject_IsInstance")
        richCompareBool = try f("PyObject_RichCompareBool")
        objectType = try f("PyObject_Type")
        length = try f("PyObject_Size")
        getIter = try f("PyObject_GetIter")
        iterNext = try f("PyIter_Next")
        tupleNew = try f("PyTuple_New")
        tupleSetItem = try f("PyTuple_SetItem")
        listNew = try f("PyList_New")
        listSetItem = try f("PyList_SetItem")
        dictNew = try f("PyDict_New")
        dictSetItemString = try f("PyDict_SetItemString")
        dictSetItem = try f("PyDict_SetItem")
        longFromLongLong = try f("PyLong_FromLongLong")
        longFromUnsignedLongLong = try f("PyLong_FromUnsignedLongLong")
        longAsLongLong = try f("PyLong_AsLongLong")
        longAsUnsignedLongLong = try f("PyLong_AsUnsignedLongLong")
        floatFromDouble = try f("PyFloat_FromDouble")
        floatAsDouble = try f("PyFloat_AsDouble")
        boolFromLong = try f("PyBool_FromLong")
        unicodeFromStringAndSize = try f("PyUnicode_FromStringAndSize")
        unicodeAsUTF8AndSize = try f("PyUnicode_AsUTF8AndSize")
        bytesFromStringAndSize = try f("PyBytes_FromStringAndSize")
        bytesAsStringAndSize = try f("PyBytes_AsStringAndSize")
        errOccurred = try f("PyErr_Occurred")
        errFetch = try f("PyErr_Fetch")
        errNormalize = try f("PyErr_NormalizeException")
        errRestore = try f("PyErr_Restore")
        errClear = try f("PyErr_Clear")
        errSetString = try f("PyErr_SetString")
        // Exception types are data symbols: pointers to a `PyObject *` variable.
        errGivenExceptionMatches = try f("PyErr_GivenExceptionMatches")
        let bufferError: UnsafeMutablePointer<PyObjectPointer> = try f("PyExc_BufferError")
        excBufferError = bufferError.pointee
        let typeError: UnsafeMutablePointer<PyObjectPointer> = try f("PyExc_TypeError")
        excTypeError = typeError.pointee
        let moduleNotFound: UnsafeMutablePointer<PyObjectPointer> = try f("PyExc_ModuleNotFoundError")
        excModuleNotFoundError = moduleNotFound.pointee
        capsuleNew = try f("PyCapsule_New")
        capsuleGetPointer = try f("PyCapsule_GetPointer")
        capsuleIsValid = try f("PyCapsule_IsValid")
        capsuleGetName = try f("PyCapsule_GetName")
        capsuleSetName = try f("PyCapsule_SetName")
        capsuleType = try f("PyCapsule_Type")
        tupleSize = try f("PyTuple_Size")
        tupleGetItem = try f("PyTuple_GetItem")
        unicodeEqualsASCII = try f("PyUnicode_CompareWithASCIIString")
        unicodeIntern = try f("PyUnicode_InternFromString")
        trueObject = try f("_Py_TrueStruct")
        falseObject = try f("_Py_FalseStruct")
        typeFromSpec = try f("PyType_FromSpec")
        typeGenericAlloc = try f("PyType_GenericAlloc")
        objectFree = try f("PyObject_Free")
        getBuffer = try f("PyObject_GetBuffer")
        releaseBuffer = try f("PyBuffer_Release")
    }
}

extension PythonAPI {
    /// The type object of a built-in exception class.
    func exceptionType(_ builtin: PythonException.Builtin) -> PyObjectPointer {
        switch builtin {
        case .typeError: excTypeError
        case .moduleNotFoundError: excModuleNotFoundError
        }
    }
}
