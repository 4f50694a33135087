import Foundation
import Testing
@testable import TensorBridge

/// Loads the core golden files written by scripts/generate_core_goldens.py from real TensorFlow.
enum CoreGolden {
    static func json(_ name: String) throws -> Any {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Golden/core"),
                               "missing Golden/core/\(name).json: run scripts/generate_core_goldens.py")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    }

    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(hex.utf8.count / 2)
        var iterator = hex.utf8.makeIterator()
        while let hi = iterator.next(), let lo = iterator.next() {
            out.append(UInt8(nibble(hi) << 4 | nibble(lo)))
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8 {
        c >= 97 ? c - 87 : c - 48
    }

    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}

extension Tensor {
    /// A tensor made from raw little-endian bytes, for golden comparisons.
    static func fromBytes(_ bytes: [UInt8], dtype: DType, count: Int) throws -> Tensor {
        let buffer = try TensorBuffer.allocateHost(byteCount: bytes.count)
        bytes.withUnsafeBytes { buffer.baseAddress.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        return try Tensor(dtype: dtype, shape: Shape([count]), buffer: buffer)
    }

    var rawBytes: [UInt8] {
        get throws { try withUnsafeBytes { Array($0) } }
    }
}
