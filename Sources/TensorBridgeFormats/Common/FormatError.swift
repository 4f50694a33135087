/// Every error the file-format readers and writers throw. Each case carries a one-line,
/// human-readable message naming the file part that was wrong. Bad input (a truncated file,
/// a lying header, an unknown dtype, a zip bomb) always becomes one of these, never a crash.
public enum FormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file ends before a structure it announces (a header, an offset, the data).
    case truncated(String)
    /// A header is malformed or contradicts itself or the file (bad magic, bad JSON,
    /// overlapping offsets, shape × itemsize ≠ bytes, trailing bytes...).
    case invalidHeader(String)
    /// The file names a dtype this format reader cannot map to a `DType` (or the tensor's
    /// dtype cannot be written in this format).
    case unsupportedDType(String)
    /// A size or count is above a safety limit (header length, zip-bomb ratio, element count).
    case limitExceeded(String)
    /// A named tensor was asked for but is not in the file.
    case missingTensor(String)
    /// The operating system refused an open, read, write, sync, rename or mmap.
    case io(String)

    /// The message, without the case name.
    public var message: String {
        switch self {
        case .truncated(let m), .invalidHeader(let m), .unsupportedDType(let m),
             .limitExceeded(let m), .missingTensor(let m), .io(let m):
            m
        }
    }

    public var description: String { message }
}

/// A tensor with the name it has in a file (an `.npz` member, a safetensors key).
public struct NamedTensor: Sendable {
    /// The name in the file (for `.npz`, without the `.npy` suffix).
    public var name: String
    /// The tensor; whether its bytes are shared with a mapping or owned is stated by the loader.
    public var tensor: Tensor

    /// Pairs a name with a tensor (nothing is copied).
    public init(name: String, tensor: Tensor) {
        self.name = name
        self.tensor = tensor
    }
}
