// libFuzzer target: tf.train.Example and SequenceExample parsing (scripts/fuzz-tf example SECONDS).
import Foundation
@testable import TensorBridgeTFFormats

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTFExample(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let record = Array(UnsafeBufferPointer(start: bytes, count: count))
    let spec: [String: FeatureSpec] = [
        "id": .fixedLen(shape: [], type: .int64, defaultValue: .int64([0])),
        "score": .fixedLen(shape: [2], type: .float32, defaultValue: .float32([0, 0])),
        "name": .fixedLen(shape: [], type: .bytes, defaultValue: .bytes([[]])),
        "tokens": .varLen(.int64), "weights": .varLen(.float32), "tags": .varLen(.bytes),
    ]
    _ = try? ExampleParser.parse([record, record], features: spec)
    // Split into runs as large batches are (on this thread: waiting for workers would cost
    // most of the fuzzing time), so that joining runs is fuzzed too.
    _ = try? ExampleParser.parse([record, [], record], features: spec, runs: 2, concurrently: false)
    _ = try? ExampleParser.parseSequences([record], context: ["length": .fixedLen(shape: [], type: .int64, defaultValue: .int64([0]))],
                                          sequence: ["frames": .fixedLenSequence(shape: [2], type: .float32), "words": .varLen(.bytes)])
    if let e = try? Example(serializedBytes: record) { _ = e.serializedBytes() }
    return 0
}
