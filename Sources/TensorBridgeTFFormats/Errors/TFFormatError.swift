/// Every error the TensorFlow file readers and writers throw: a code to switch on, a one-line
/// message, and where it applies the byte offset and record number in the file. Bad input (a
/// truncated file, a lying header, a wrong checksum) always becomes one of these, never a crash.
public struct TFFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Code: Sendable, Equatable {
        /// The file ends before a structure it announces.
        case truncated
        /// A checksum does not match, or a structure contradicts itself (TensorFlow's `DataLoss`).
        case dataLoss
        /// A header, footer or proto is malformed.
        case invalidFormat
        /// The file uses something this reader cannot handle (a dtype, an endianness, a version).
        case unsupported
        /// A named tensor, file or feature is not there (TensorFlow's `NotFound`).
        case notFound
        /// The caller passed something invalid (a feature spec, a tensor to write).
        case invalidArgument
        /// A size or count is above a safety limit.
        case limitExceeded
        /// The operating system refused an open, read, write or map.
        case io
    }

    /// What kind of failure this is.
    public let code: Code
    /// The message, naming the file part that was wrong.
    public let message: String
    /// The byte offset the failure was found at (for TFRecord, in the uncompressed stream).
    public let byteOffset: Int?
    /// The zero-based number of the record that failed (TFRecord only).
    public let recordNumber: Int?

    /// Makes an error; `byteOffset` and `recordNumber` are given where they are known.
    public init(_ code: Code, _ message: String, byteOffset: Int? = nil, recordNumber: Int? = nil) {
        self.code = code
        self.message = message
        self.byteOffset = byteOffset
        self.recordNumber = recordNumber
    }

    /// The message (what `print(error)` shows).
    public var description: String { message }
}

extension TFFormatError {
    static func truncated(_ m: String) -> TFFormatError { TFFormatError(.truncated, m) }
    static func dataLoss(_ m: String) -> TFFormatError { TFFormatError(.dataLoss, m) }
    static func invalid(_ m: String) -> TFFormatError { TFFormatError(.invalidFormat, m) }
    static func unsupported(_ m: String) -> TFFormatError { TFFormatError(.unsupported, m) }
    static func notFound(_ m: String) -> TFFormatError { TFFormatError(.notFound, m) }
    static func invalidArgument(_ m: String) -> TFFormatError { TFFormatError(.invalidArgument, m) }
    static func io(_ m: String) -> TFFormatError { TFFormatError(.io, m) }
}
