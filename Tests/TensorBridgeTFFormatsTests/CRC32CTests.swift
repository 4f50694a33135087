import Testing
import _CTensorBridgeTFFormats
@testable import TensorBridgeTFFormats

/// The hardware CRC32C path (three interleaved streams, combined by shift tables) agrees with
/// the plain table-driven one on every length and alignment; both agree with the checksums in
/// TensorFlow's own files (the TFRecord and checkpoint tests).
@Suite struct CRC32CTests {
    @Test func hardwareAgreesWithTables() {
        var generator = SystemRandomNumberGenerator()
        let data = (0..<(3 * 8192 * 2 + 777)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        data.withUnsafeBytes { raw in
            for length in [0, 1, 7, 8, 9, 255, 256, 767, 768, 769, 3 * 256 + 5, 8191, 3 * 8192, 3 * 8192 + 1000, raw.count - 3] {
                for offset in [0, 1, 3] where offset + length <= raw.count {
                    let slice = UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + length)])
                    let fast = CRC32C.checksum(slice, extending: 0x1234_5678)
                    let portable = tb_crc32c_extend_portable(0x1234_5678, slice.baseAddress, slice.count)
                    #expect(fast == portable, "length \(length) offset \(offset)")
                }
            }
        }
    }

    @Test func maskRoundTrips() {
        for crc: UInt32 in [0, 1, 0xdead_beef, 0xffff_ffff] { #expect(CRC32C.unmask(CRC32C.mask(crc)) == crc) }
    }
}
