// Shorthands for throwing, shared by every module of the package: `throw .invalidShape(…)`.

extension TensorBridgeError {
    package static func invalidArgument(_ message: String) -> Self { Self(.invalidArgument, message) }
    package static func invalidShape(_ message: String) -> Self { Self(.invalidShape, message) }
    package static func invalidDevice(_ message: String) -> Self { Self(.invalidDevice, message) }
    package static func notOnHost(_ message: String) -> Self { Self(.notOnHost, message) }
    package static func unimplemented(_ message: String) -> Self { Self(.unimplemented, message) }
    package static func unsupportedDType(_ message: String) -> Self { Self(.unsupportedDType, message) }
    /// A dtype refused by an operation (the message names it).
    package static func unsupportedDType(_ dtype: DType, _ message: String) -> Self { Self(.unsupportedDType, message) }
    package static func dtypeMismatch(expected: DType, actual: DType) -> Self {
        Self(.dtypeMismatch, "dtype mismatch: expected \(expected.name), but the tensor holds \(actual.name)")
    }
    package static func outOfMemory(bytes: Int, device: String) -> Self {
        Self(.outOfMemory, "out of memory: could not allocate \(bytes) bytes on \(device)")
    }
    /// A failure reported by a backend (a device driver, a test backend).
    package static func backend(_ message: String, cause: (any Error & Sendable)? = nil) -> Self {
        Self(.deviceFailure, message, cause: cause)
    }

    // Files
    package static func truncated(_ message: String) -> Self { Self(.truncated, message) }
    package static func dataLoss(_ message: String) -> Self { Self(.dataLoss, message) }
    package static func invalidFormat(_ message: String) -> Self { Self(.invalidFormat, message) }
    package static func limitExceeded(_ message: String) -> Self { Self(.limitExceeded, message) }
    package static func notFound(_ message: String) -> Self { Self(.notFound, message) }
    /// An I/O failure; `errno` (where known) becomes the cause.
    package static func io(_ message: String, call: String? = nil, errno: Int32? = nil) -> Self {
        Self(.io, message, cause: errno.map { SystemCallError(call: call ?? "system call", errno: $0) })
    }
}

extension DType {
    /// Throws TensorFlow's message for dtypes no tensor can hold.
    func requireMaterializable() throws(TensorBridgeError) {
        guard isMaterializable else {
            throw .unsupportedDType(self, "Cannot create a Tensor of dtype \(name): it is a handle type with no host representation.")
        }
    }
}
