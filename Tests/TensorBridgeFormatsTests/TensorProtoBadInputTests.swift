import Foundation
import Testing
@testable import TensorBridgeFormats

/// Malformed or lying TensorProtos are typed errors, never crashes or huge allocations.
@Suite struct TensorProtoBadInputTests {
    func refuse(_ hex: String, _ comment: Comment, limit: Int = TensorProtoFile.defaultMaxExpandedBytes) {
        #expect(throws: TensorBridgeError.self, comment) { try TensorProtoFile.decode(Data(Hex.decode(hex)), maxExpandedBytes: limit) }
    }

    @Test func malformedWireData() {
        refuse("08", "truncated varint")
        refuse("08ffffffffffffffffffff01", "overlong varint")
        refuse("2264", "content longer than the input")
        refuse("22ffffffffffffffff7f00", "content length 2^63")
        refuse("0b", "group wire type")
        refuse("00", "field zero")
        refuse("120a", "shape message past the end")
    }

    @Test func lyingContentAndValues() {
        // float32 [2,2] with 12 content bytes.
        refuse("080112081202080212020802220c0000803f0000004000004040", "content too short")
        // float32 [2] with three float_val values: too many (Python raises).
        refuse("080112040a02080228030000803f000000400000404", "three values for two elements")
        refuse("0801120612040a0208022a0c0000803f0000004000004040", "three values for two elements")
        // int8 [1] with int_val 300.
        refuse("08061204120208013a02ac02", "int_val out of int8 range")
    }

    @Test func unknownDTypesAndShapes() {
        refuse("0863", "dtype 99")
        refuse("0814", "resource")
        refuse("0801120212021801", "unknown rank")
        refuse("08011208120608ffffffffffffffffff01", "negative dimension")
    }

    @Test func paddingBomb() {
        // float32 shape [2^40] with one value: refused before allocating 4 TiB.
        refuse("0801120912070880808080801f2a040000e040", "2^40 elements from one value")
        refuse("0801120912070880808080801f", "2^40 zeros")
        refuse("0801120412020864" + "2a040000e040", "under a tiny limit", limit: 64)
    }
}
