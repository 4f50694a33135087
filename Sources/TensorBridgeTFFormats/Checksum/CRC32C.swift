import _CTensorBridgeTFFormats

/// CRC32C (Castagnoli), the checksum of TFRecord framing, table blocks and checkpoint data,
/// and TensorFlow's masking of it (tensorflow/core/lib/hash/crc32c.h). Uses the SSE4.2
/// instruction when the CPU has it.
public enum CRC32C {
    /// The CRC32C of `bytes`, continuing from `crc` (0 to start).
    public static func checksum(_ bytes: UnsafeRawBufferPointer, extending crc: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
        return tb_crc32c_extend(crc, base, bytes.count)
    }

    /// The CRC32C of a byte array, continuing from `crc`.
    public static func checksum(_ bytes: [UInt8], extending crc: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0, extending: crc) }
    }

    /// TensorFlow's mask: rotate right by 15 bits and add 0xa282ead8, so that a CRC stored
    /// next to the data it covers does not checksum to a fixed value.
    public static func mask(_ crc: UInt32) -> UInt32 {
        ((crc >> 15) | (crc << 17)) &+ 0xa282_ead8
    }

    /// The inverse of ``mask(_:)``.
    public static func unmask(_ masked: UInt32) -> UInt32 {
        let rot = masked &- 0xa282_ead8
        return (rot >> 17) | (rot << 15)
    }

    /// Whether the hardware instruction is in use on this CPU.
    public static var usesHardware: Bool { tb_crc32c_hardware() != 0 }
}
