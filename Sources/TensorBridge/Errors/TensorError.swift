/// Every error TensorBridge throws. Messages follow TensorFlow's text where TensorFlow has
/// one for the same mistake, so that users searching for an error find the same answers.
public enum TensorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An argument is wrong (TensorFlow's `InvalidArgumentError`).
    case invalidArgument(String)
    /// A dtype cannot be used for the operation; `message` says which and why.
    case unsupportedDType(DType, String)
    /// The tensor holds `actual` but the caller asked for `expected`.
    case dtypeMismatch(expected: DType, actual: DType)
    /// A shape is invalid: negative dimensions, overflow, a count mismatch.
    case invalidShape(String)
    /// A device spec could not be parsed or satisfied.
    case invalidDevice(String)
    /// The operation needs memory the caller's device cannot reach (for example host
    /// read-back of a tensor on an accelerator without a copy).
    case notOnHost(String)
    /// An allocation failed.
    case outOfMemory(bytes: Int, device: String)
    /// A backend (CUDA, a test backend) reported a failure.
    case backend(String)
    /// The operation is not implemented for this combination.
    case unimplemented(String)

    public var description: String {
        switch self {
        case .invalidArgument(let m), .invalidShape(let m), .invalidDevice(let m),
             .notOnHost(let m), .backend(let m), .unimplemented(let m):
            m
        case .unsupportedDType(_, let m):
            m
        case .dtypeMismatch(let expected, let actual):
            "dtype mismatch: expected \(expected.name), but the tensor holds \(actual.name)"
        case .outOfMemory(let bytes, let device):
            "out of memory: could not allocate \(bytes) bytes on \(device)"
        }
    }
}

extension TensorError: CustomDebugStringConvertible {
    public var debugDescription: String { "TensorError: \(description)" }
}

extension DType {
    /// Throws TensorFlow's message for dtypes no tensor can hold.
    func requireMaterializable() throws(TensorError) {
        guard isMaterializable else {
            throw .unsupportedDType(self, "Cannot create a Tensor of dtype \(name): it is a handle type with no host representation.")
        }
    }
}
