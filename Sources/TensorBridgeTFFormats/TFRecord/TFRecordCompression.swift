/// How a whole TFRecord file is compressed (`tf.io.TFRecordOptions(compression_type=…)`).
/// GZIP and ZLIB compress the stream of framed records, not each record.
public enum TFRecordCompression: String, Sendable, CaseIterable {
    /// Plain framed records.
    case none = ""
    /// A gzip stream (zlib window bits 15 + 16), as `compression_type="GZIP"` writes.
    case gzip = "GZIP"
    /// A zlib stream (window bits 15), as `compression_type="ZLIB"` writes.
    case zlib = "ZLIB"

    /// The compression a file name suggests: `.gz`/`.gzip` for GZIP, `.zz`/`.zlib` for ZLIB.
    public init(guessingFrom path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".gz") || lower.hasSuffix(".gzip") { self = .gzip }
        else if lower.hasSuffix(".zz") || lower.hasSuffix(".zlib") { self = .zlib }
        else { self = .none }
    }

    var windowBits: Int32 { self == .gzip ? 15 + 16 : 15 }
}
