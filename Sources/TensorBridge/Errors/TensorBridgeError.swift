#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Every error TensorBridge throws, from every module: a ``code`` to switch on, a one-line
/// ``message``, and the ``cause`` beneath it where there is one (a CUDA result, a Python
/// exception, an operating-system error).
///
/// Messages follow TensorFlow's text where TensorFlow has one for the same mistake, so that
/// users searching for an error find the same answers. Bad input in a file (a truncated
/// file, a lying header, a wrong checksum) always becomes one of these, never a crash;
/// ``byteOffset`` and ``recordNumber`` say where, when they are known.
///
/// ```swift
/// do {
///     _ = try Tensor([1, 2, 3] as [Float]) + Tensor([1, 2] as [Float])
/// } catch let error as TensorBridgeError where error.code == .invalidShape {
///     print(error.message)   // Incompatible shapes: [3] vs. [2]
/// }
/// ```
public struct TensorBridgeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public var code: Code
    /// What went wrong, in the user's terms (what `print(error)` shows).
    public var message: String
    /// The error beneath this one, where there is one: a ``SystemCallError``, a CUDA result,
    /// a Python exception.
    public var cause: (any Error & Sendable)?
    /// Where in a file the failure was found (for TFRecord, in the uncompressed stream).
    public var byteOffset: Int?
    /// The zero-based number of the record that failed (TFRecord files only).
    public var recordNumber: Int?

    /// Makes an error.
    public init(_ code: Code, _ message: String, cause: (any Error & Sendable)? = nil,
                byteOffset: Int? = nil, recordNumber: Int? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
        self.byteOffset = byteOffset
        self.recordNumber = recordNumber
    }

    /// The message.
    public var description: String { message }

    /// Equal code, message and position; the causes are not compared.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.code == rhs.code && lhs.message == rhs.message
            && lhs.byteOffset == rhs.byteOffset && lhs.recordNumber == rhs.recordNumber
    }
}

extension TensorBridgeError: CustomDebugStringConvertible {
    /// The code, the message and the cause.
    public var debugDescription: String {
        "TensorBridgeError(\(code)): \(message)" + (cause.map { " [cause: \($0)]" } ?? "")
    }
}

/// A failed operating-system call: its name and `errno`.
public struct SystemCallError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The call that failed (`open`, `mmap`, `write`, …).
    public var call: String
    /// The `errno` it left.
    public var errno: Int32

    /// Makes the error of a failed call.
    public init(call: String, errno: Int32) {
        self.call = call
        self.errno = errno
    }

    /// `call: strerror(errno) (errno N)`.
    public var description: String {
        "\(call): \(strerror(errno).map { String(cString: $0) } ?? "unknown error") (errno \(errno))"
    }
}
