import TensorBridge

// Shorthands for the TensorFlow file readers (the rest, such as `.truncated` and `.dataLoss`,
// are the package's shared ones).
extension TensorBridgeError {
    /// A header, footer or proto is malformed.
    static func invalid(_ message: String) -> Self { Self(.invalidFormat, message) }
    /// The file uses something this reader cannot handle (a dtype, an endianness, a version).
    static func unsupported(_ message: String) -> Self { Self(.unimplemented, message) }
}
