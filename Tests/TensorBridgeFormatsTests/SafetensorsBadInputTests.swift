import Foundation
import Testing
@testable import TensorBridgeFormats

/// The strict reader: each rule of the reference reader (huggingface/safetensors
/// safetensors/src/tensor.rs: header over 100,000,000 bytes, header past the end, gaps or
/// overlaps, sizes that do not match, trailing bytes) has a file that breaks it.
@Suite struct SafetensorsBadInputTests {
    static func file(_ json: String, data: Int = 0, length: UInt64? = nil) -> Data {
        let body = Array(json.utf8)
        let n = length ?? UInt64(body.count)
        return Data((0..<8).map { UInt8(truncatingIfNeeded: n >> (8 * $0)) } + body + [UInt8](repeating: 0, count: data))
    }

    func refuse(_ data: Data, _ comment: Comment) {
        #expect(throws: TensorBridgeError.self, comment) { try Safetensors.decode(data) }
    }

    @Test func headerLengths() {
        refuse(Data([1, 2, 3]), "shorter than the length")
        refuse(Self.file("{}", length: 1 << 60), "header length 2^60")
        refuse(Self.file("{}", length: 100_000_001), "over 100 MB")
        refuse(Self.file("{}", length: 50), "header past the end")
    }

    /// safetensors 0.8 parses the header with serde_json, which allows JSON whitespace around
    /// the object: `safe_open` accepts a header of `"\t\n{}\r "` (scripts/generate_conformance_fixtures.py).
    @Test func whitespaceAroundTheHeaderIsAccepted() throws {
        #expect(try Safetensors.decode(Self.file("\t\n{}\r ")).tensors.isEmpty)
        let one = try Safetensors.decode(Self.file("  {\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]}}\n", data: 2))
        #expect(one.names == ["a"])
    }

    @Test func badJSON() {
        for json in ["", "[]", "{", "{\"a\":}", "nope", "{\"a\": 1}", "{\"a\": {\"dtype\": \"F32\"}}",
                     "{\"__metadata__\": {\"k\": 1}}", "{\"__metadata__\": []}"] {
            refuse(Self.file(json), "json \(json)")
        }
    }

    @Test func unknownDTypes() {
        refuse(Self.file(#"{"a":{"dtype":"C128","shape":[1],"data_offsets":[0,16]}}"#, data: 16), "C128")
        refuse(Self.file(#"{"a":{"dtype":"F7","shape":[1],"data_offsets":[0,1]}}"#, data: 1), "F7")
    }

    @Test func lyingSizesAndOffsets() {
        refuse(Self.file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, data: 4), "size mismatch")
        refuse(Self.file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: 2), "offsets past end")
        refuse(Self.file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: 8), "trailing bytes")
        refuse(Self.file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: 8), "gap at start")
        refuse(Self.file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}"#, data: 6), "overlap")
        refuse(Self.file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#, data: 12), "gap between")
        refuse(Self.file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, data: 4), "reversed")
        refuse(Self.file(#"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, data: 4), "negative dim")
        refuse(Self.file(#"{"a":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}"#, data: 4), "fractional dim")
        refuse(Self.file(#"{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,0]}}"#), "overflowing count")
        refuse(Self.file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,99999999999999999999999]}}"#, data: 4), "huge offset")
        refuse(Self.file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[true,4]}}"#, data: 4), "bool offset")
    }

    @Test func acceptsAValidMinimalFile() throws {
        let f = try Safetensors.decode(Self.file(#"{"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}}"#, data: 2))
        #expect(f.names == ["a"])
    }
}
