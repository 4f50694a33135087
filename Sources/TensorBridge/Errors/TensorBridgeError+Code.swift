extension TensorBridgeError {
    /// What kind of failure an error is. Switch on it with a `default:` case: codes may be
    /// added in later versions.
    ///
    /// The names follow TensorFlow's status codes where one fits (`invalidArgument`,
    /// `notFound`, `dataLoss`, `unimplemented`).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The code's name, as written here (`invalidArgument`).
        public var description: String { name }

        // Tensors and ops

        /// An argument is wrong (TensorFlow's `InvalidArgumentError`).
        public static let invalidArgument = Code("invalidArgument")
        /// Two dtypes that must agree do not, or a tensor holds another dtype than asked.
        public static let dtypeMismatch = Code("dtypeMismatch")
        /// A dtype cannot be used for the operation or the file format.
        public static let unsupportedDType = Code("unsupportedDType")
        /// A shape is invalid: negative dimensions, overflow, a count mismatch, shapes that
        /// do not broadcast.
        public static let invalidShape = Code("invalidShape")
        /// A device spec could not be parsed or satisfied, or a device does not exist.
        public static let invalidDevice = Code("invalidDevice")
        /// The operation needs host memory, but the tensor lives on an accelerator.
        public static let notOnHost = Code("notOnHost")
        /// An allocation failed (TensorFlow's `ResourceExhaustedError`).
        public static let outOfMemory = Code("outOfMemory")
        /// The operation is not implemented for this combination (TensorFlow's `UnimplementedError`).
        public static let unimplemented = Code("unimplemented")

        // Libraries loaded at run time

        /// A library loaded at run time (libcuda, NVRTC, libpython) is missing or too old.
        public static let libraryUnavailable = Code("libraryUnavailable")
        /// A device driver call failed; ``TensorBridgeError/cause`` holds its result.
        public static let deviceFailure = Code("deviceFailure")
        /// A GPU kernel did not compile; the message holds the compiler's log.
        public static let kernelCompilation = Code("kernelCompilation")
        /// Python raised; ``TensorBridgeError/cause`` holds the exception.
        public static let pythonException = Code("pythonException")
        /// A Python module that is needed is not installed.
        public static let missingPythonModule = Code("missingPythonModule")
        /// A value cannot be converted between Python and Swift.
        public static let pythonConversion = Code("pythonConversion")
        /// The embedded interpreter was finalized and cannot be used again.
        public static let pythonFinalized = Code("pythonFinalized")

        // Files

        /// The file ends before a structure it announces.
        public static let truncated = Code("truncated")
        /// A checksum does not match, or a structure contradicts itself (TensorFlow's `DataLossError`).
        public static let dataLoss = Code("dataLoss")
        /// A header, footer or record is malformed.
        public static let invalidFormat = Code("invalidFormat")
        /// A size or count is above a safety limit.
        public static let limitExceeded = Code("limitExceeded")
        /// A named tensor, file or feature is not there (TensorFlow's `NotFoundError`).
        public static let notFound = Code("notFound")
        /// The operating system refused an open, read, write or map; the cause is a ``SystemCallError``.
        public static let io = Code("io")
    }
}
