import Foundation
import Testing
@testable import TensorBridgeFormats

/// Untrusted `.npy` input: every malformed file is a typed error, never a crash or a huge
/// allocation.
@Suite struct NPYBadInputTests {
    static func file(header: String, version: UInt8 = 1, data: [UInt8] = [], length: Int? = nil) -> Data {
        var bytes: [UInt8] = NPYHeader.magic + [version, 0]
        let h = Array(header.utf8)
        let n = length ?? h.count
        bytes += [UInt8(n & 0xFF), UInt8((n >> 8) & 0xFF)]
        if version > 1 { bytes += [UInt8((n >> 16) & 0xFF), UInt8((n >> 24) & 0xFF)] }
        return Data(bytes + h + data)
    }

    func expectFailure(_ data: Data, _ comment: Comment) {
        #expect(throws: TensorBridgeError.self, comment) { try NPY.decode(data) }
    }

    @Test func truncatedFiles() throws {
        let good = try NPY.encode(try Tensor((0..<16).map(Float.init), shape: [4, 4]))
        for cut in [0, 5, 9, 11, 60, 127, 128, 129, good.count - 1] {
            expectFailure(good.prefix(cut), "cut at \(cut)")
        }
    }

    @Test func badMagicAndVersion() {
        expectFailure(Data("not a numpy file at all".utf8), "magic")
        expectFailure(Self.file(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", version: 4, data: [0, 0, 0, 0]), "version 4")
    }

    @Test func hugeHeaderLengths() {
        expectFailure(Self.file(header: "{}", version: 2, length: 0xFFFF_FFFF), "header length 2^32-1")
        expectFailure(Self.file(header: "{}", version: 1, length: 0xFFFF), "header longer than the file")
    }

    @Test func lyingShape() {
        // 2^40 float32 elements promised, 4 bytes present: refused before any allocation.
        expectFailure(Self.file(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (1099511627776,), }", data: [0, 0, 0, 0]), "huge shape")
        expectFailure(Self.file(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (9223372036854775807, 9223372036854775807), }"), "overflowing shape")
        expectFailure(Self.file(header: "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999,), }"), "overflowing dimension")
        expectFailure(Self.file(header: "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", data: [UInt8](repeating: 0, count: 15)), "one byte short")
    }

    @Test func refusedDTypes() {
        for descr in ["|O", "<O8", "<q9", "<f3", "<i16", "", "|V", "<M8[ns]"] {
            expectFailure(Self.file(header: "{'descr': '\(descr)', 'fortran_order': False, 'shape': (1,), }", data: [UInt8](repeating: 0, count: 16)), "descr \(descr)")
        }
        expectFailure(Self.file(header: "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", data: [0, 0, 0, 0]), "structured")
    }

    @Test func malformedDicts() {
        for header in ["", "{", "{'descr': '<f4'}", "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (1,), }",
                       "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }",
                       "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'extra': 1, }",
                       "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), } trailing",
                       "{'descr': '<f4', 'fortran_order': False, 'shape': [1], }"] {
            expectFailure(Self.file(header: header, data: [0, 0, 0, 0]), "header \(header)")
        }
    }

    @Test func nonCanonicalBoolsAreNormalised() throws {
        let t = try NPY.decode(Self.file(header: "{'descr': '|b1', 'fortran_order': False, 'shape': (3,), }", data: [0, 2, 1]))
        #expect(try t.scalars(as: Bool.self) == [false, true, true])
    }
}
