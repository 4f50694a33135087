import Foundation
import Testing
import TensorBridgeFormats
@testable import tensorbridge

/// The `inspect --json` document is stable: these strings are the contract.
@Suite struct TensorSummaryTests {
    /// The format fixtures, shared with the format tests (their generator is
    /// scripts/generate_format_fixtures.py).
    enum Fixtures {
        static func url(_ path: String) -> URL {
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("TensorBridgeFormatsTests/Fixtures/" + path)
        }
    }

    @Test func jsonDocumentIsStable() throws {
        let tensors = try TensorFileFormat.load(Fixtures.url("npz/stored.npz"))
        let json = TensorSummary.json(file: "stored.npz", format: .npz, summaries: try tensors.map { try TensorSummary($0) })
        // Integer min/max are exact (np.min/np.max of the int64 member), and the integer mean
        // is exact before one rounding: Python's sum(map(int, big.flat)) / big.size.
        #expect(json == #"{"version":1,"file":"stored.npz","format":"npz","tensors":["#
            + #"{"name":"weights","dtype":"float32","shape":[3,4],"bytes":48,"min":-10.5,"max":8.75,"mean":-0.875},"#
            + #"{"name":"bias","dtype":"float64","shape":[4],"bytes":32,"min":-3.5,"max":1.75,"mean":-0.875},"#
            + #"{"name":"mask","dtype":"bool","shape":[2,2],"bytes":4,"min":null,"max":null,"mean":null},"#
            + #"{"name":"big","dtype":"int64","shape":[2,3],"bytes":48,"min":-9223372036854775808,"max":9223372036854775807,"mean":-0.6666666666666666}]}"#)
        // And it is valid JSON.
        #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil)
    }

    /// The vector path (eight lanes, two halves) and its scalar tail agree with NumPy:
    /// a = (np.arange(1003) * 0.5 - 100).astype(np.float32) gives min -100, max 401, and
    /// a.astype(np.float64).mean() 150.5; one NaN anywhere makes all three NaN.
    @Test func floatStatisticsOverManyElements() throws {
        var values = (0..<1003).map { Float($0) * 0.5 - 100 }
        let s = try TensorSummary(NamedTensor(name: "a", tensor: try Tensor(values, shape: [1003])))
        #expect(s.min == .real(-100) && s.max == .real(401) && s.mean == 150.5)
        for index in [3, 500, 1001] {
            values[index] = .nan
            let n = try TensorSummary(NamedTensor(name: "a", tensor: try Tensor(values, shape: [1003])))
            #expect(n.mean?.isNaN == true, "NaN at \(index)")
            values[index] = 0
        }
    }

    @Test func nonFiniteAndEmptyTensors() throws {
        let nan = try TensorSummary(NamedTensor(name: "n\"q", tensor: try Tensor([1, .nan] as [Float], shape: [2])))
        #expect(nan.jsonObject == #"{"name":"n\"q","dtype":"float32","shape":[2],"bytes":8,"min":"nan","max":"nan","mean":"nan"}"#)
        let empty = try TensorSummary(NamedTensor(name: "e", tensor: try Tensor.zeros(shape: [0, 3])))
        #expect(empty.jsonObject == #"{"name":"e","dtype":"float32","shape":[0,3],"bytes":0,"min":null,"max":null,"mean":null}"#)
        let s = try TensorSummary(NamedTensor(name: "s", tensor: try Tensor(strings: ["ab", "c"])))
        #expect(s.byteCount == 3 && s.min == nil)
    }
}
