/// The version of this TensorBridge release, as `tensorbridge --version` prints it.
public enum TensorBridgeVersion {
    /// Semantic version of the package (`MAJOR.MINOR.PATCH`).
    public static let string = "0.1.0"
}
