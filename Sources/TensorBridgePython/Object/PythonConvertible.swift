/// A Swift value that can become a Python object (a new object each time: values are copied).
public protocol PythonConvertible {
    /// The value as a Python object in `runtime`.
    func makePythonObject(_ runtime: PythonRuntime) throws -> PythonObject
}

/// A Swift type that can be read from a Python object (values are copied out).
public protocol PythonDecodable {
    /// Reads `python`, throwing `TensorBridgeError` when it is not convertible (`TypeError`,
    /// overflow, ...).
    init(python: PythonObject) throws
}

extension PythonObject: PythonConvertible {
    public func makePythonObject(_ runtime: PythonRuntime) throws -> PythonObject { self }
}

extension Optional: PythonConvertible where Wrapped: PythonConvertible {
    /// `nil` becomes `None`.
    public func makePythonObject(_ runtime: PythonRuntime) throws -> PythonObject {
        switch self {
        case .some(let value): try value.makePythonObject(runtime)
        case .none: PythonObject(borrowing: runtime.noneObject, runtime: runtime)
        }
    }
}

extension Bool: PythonConvertible, PythonDecodable {
    public func makePythonObject(_ runtime: PythonRuntime) throws -> PythonObject {
        try runtime.withGIL { try runtime.wrap(runtime.api.boolFromLong(self ? 1 : 0)) }
    }
    public init(python: PythonObject) throws {
        let rt = python.runtime
        self = try rt.withGIL {
            let r = rt.api.isTrue(python.pointer)
            guard r >= 0 else { throw rt.fetchError() }
            return r == 1
        }
    }
}

extension PythonConvertible where Self: BinaryInteger {
    public func makePythonObject(_ runtime: PythonRuntime) throws -> PythonObject {
        try runtime.withGIL {
            if let v = Int64(exactly: self) { return try runtime.wrap(runtime.api.longFromLongLong(v)) }
            if let v = UInt64(exactly: self) { return try runtime.wrap(runtime.api.longFromUnsignedLongLong(v)) }
            throw TensorBridgeError.conversion("\(self) does not fit in 64 bits")
        }
    }
}

extension PythonDecodable where Self: FixedWidthInteger {
    public init(python: PythonObject) throws {
        let rt = python.runtime
        self = try rt.withGIL {
            if Self.isSigned {
                let v = rt.api.longAsLongLong(python.pointer)
                if v == -1, rt.api.errOccurred() != nil { throw rt.fetchError() }
                guard let r = Self(exactly: v) else { throw TensorBridgeError.conversion("\(v) does not fit in \(Self.self)") }
                return r
            }
            let v = rt.api.longAsUnsignedLongLong(python.pointer)
            if v == UInt64.max, rt.api.errOccurred() != nil { throw rt.fetchError() }
            guard let r = Self(exactly: v) else { throw TensorBridgeError.conversion("\(v) does not fit in \(Self.self)") }
            return r
        }
    }
}

extension Int: PythonConvertible, PythonDecodable {}
extension Int8: PythonConvertible, PythonDecodable {}
extension Int16: PythonConvertible, PythonDecodable {}
extension Int32: PythonConvertible, PythonDecodable {}
extension Int64: PythonConvertible, PythonDecodable {}
extension UInt: PythonConvertible, PythonDecodable {}
extension UInt8: PythonConvertible, PythonDecodable {}
extension UInt16: PythonConvertible, PythonDecodable {}
extension UInt32: PythonConvertible, PythonDecodable {}
extension UInt64: PythonConvertible, PythonDecodable {}

extension Double: PythonConvertible, PythonDecodable {
    public func makePythonObject(_ runtime: PythonRuntime) throws -> PythonObject {
        try runtime.withGIL { try runtime.wrap(runtime.api.floatFromDouble(self)) }
    }
    public init(python: PythonObject) throws {
        let rt = python.runtime
        self = try rt.withGIL {
            let v = rt.api.floatAsDouble(python.pointer)
            if v == -1, rt.api.errOccurred() != nil { throw rt.fetchError() }
            return v
        }
    }
}

extension Float: PythonConvertible, PythonDecodable {
    public func makePythonObject(_ runtime: PythonRuntime) throws -> PythonObject {
        try Double(self).makePythonObject(runtime)
    }
    public init(python: PythonObject) throws { self = Float(try Double(python: python)) }
}

extension String: PythonConvertible, PythonDecodable {
    /// A Python `str`.
    public func makePythonObject(_ runtime: PythonRuntime) throws -> PythonObject {
        var s = self
        return try s.withUTF8 { utf8 in
            try runtime.withGIL {
                try runtime.wrap(utf8.withMemoryRebound(to: CChar.self) {
                    runtime.api.unicodeFromStringAndSize($0.baseAddress, $0.count)
                })
            }
        }
    }
    /// Reads a `str`; `bytes` and other objects are refused with Python's `TypeError`.
    public init(python: PythonObject) throws {
        let rt = python.runtime
        self = try rt.withGIL {
            var size = 0
            guard let utf8 = rt.api.unicodeAsUTF8AndSize(python.pointer, &size) else { throw rt.fetchError() }
            return String(decoding: UnsafeRawBufferPointer(start: utf8, count: size), as: UTF8.self)
        }
    }
}

extension Array: PythonConvertible where Element: PythonConvertible {
    /// A Python `list` of the converted elements.
    public func makePythonObject(_ runtime: PythonRuntime) throws -> PythonObject {
        try runtime.withGIL {
            let list = try runtime.wrap(runtime.api.listNew(count))
            for (i, element) in enumerated() {
                let o = try element.makePythonObject(runtime)
                _ = runtime.api.listSetItem(list.pointer, i, o.newReference())  // steals
            }
            return list
        }
    }
}

extension Array: PythonDecodable where Element: PythonDecodable {
    /// Reads any iterable (list, tuple, 1-D array, ...).
    public init(python: PythonObject) throws {
        self = try python.elements().map { try Element(python: $0) }
    }
}

extension Dictionary: PythonConvertible where Key == String, Value: PythonConvertible {
    /// A Python `dict` with `str` keys.
    public func makePythonObject(_ runtime: PythonRuntime) throws -> PythonObject {
        try runtime.withGIL {
            let dict = try runtime.wrap(runtime.api.dictNew())
            for (key, value) in self {
                let v = try value.makePythonObject(runtime)
                guard runtime.api.dictSetItemString(dict.pointer, key, v.pointer) == 0 else { throw runtime.fetchError() }
            }
            return dict
        }
    }
}

extension PythonObject {
    /// The items of an iterable, in order (`list(self)`).
    public func elements() throws -> [PythonObject] {
        try runtime.withGIL {
            let iterator = try runtime.wrap(runtime.api.getIter(pointer))
            var out: [PythonObject] = []
            while let next = runtime.api.iterNext(iterator.pointer) {
                out.append(PythonObject(owning: next, runtime: runtime))
            }
            if runtime.api.errOccurred() != nil { throw runtime.fetchError() }
            return out
        }
    }

    /// The contents of a `bytes` object, copied.
    public func bytes() throws -> [UInt8] {
        try runtime.withGIL {
            var data: UnsafeMutablePointer<CChar>?
            var size = 0
            guard runtime.api.bytesAsStringAndSize(pointer, &data, &size) == 0 else { throw runtime.fetchError() }
            return Array(UnsafeRawBufferPointer(start: data, count: size))
        }
    }
}
