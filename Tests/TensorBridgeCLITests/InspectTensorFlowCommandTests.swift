import Foundation
import Testing

/// `tensorbridge inspect` on TensorFlow's own files: checkpoints, SavedModels, TFRecords.
@Suite("tensorbridge inspect TensorFlow files")
struct InspectTensorFlowCommandTests {
    /// The TF1 Saver checkpoint, named three ways: the prefix, its `.index` file, and the
    /// directory whose `checkpoint` state file names it.
    static let tf1Paths = [TFFileFixtures.path("tf1/model.ckpt"), TFFileFixtures.path("tf1/model.ckpt.index"),
                           TFFileFixtures.path("tf1")]

    @Test(arguments: tf1Paths)
    func checkpointAsPrefixIndexOrDirectory(_ path: String) throws {
        let expected = TFFileFixtures.section("tf1")["tensors"] as? [String: [String: Any]] ?? [:]
        #expect(expected.count == 3, "manifest lists the TF1 checkpoint's variables")
        let text = try CLI.run(["inspect", path])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("model.ckpt (TensorFlow checkpoint, \(expected.count) variables)"), "\(text.stdout)")
        for name in expected.keys { #expect(text.stdout.contains("  \(name)  "), "\(name) listed") }

        let json = try CLI.run(["inspect", "--json", path])
        #expect(json.status == 0, "\(json.stderr)")
        let doc = TFFileFixtures.document(json.stdout)
        #expect(doc["version"] as? Int == 1)
        #expect(doc["format"] as? String == "tf-checkpoint")
        #expect((doc["prefix"] as? String)?.hasSuffix("model.ckpt") == true)
        let tensors = doc["tensors"] as? [[String: Any]] ?? []
        #expect(Set(tensors.compactMap { $0["name"] as? String }) == Set(expected.keys))
        for t in tensors {
            guard let name = t["name"] as? String, let e = expected[name] else { continue }
            #expect(t["dtype"] as? String == e["dtype"] as? String, "\(name): dtype")
            #expect(t["shape"] as? [Int] == e["shape"] as? [Int], "\(name): shape (partitioned slices reassembled)")
            #expect(t["key"] as? String == name, "TF1 keys are the variable names")
        }
    }

    @Test func kerasCheckpointDirectoryGivesTheLatestWithReadableNames() throws {
        let keras = TFFileFixtures.section("keras")
        let graph = keras["object_graph"] as? [[String: Any]] ?? []
        #expect(!graph.isEmpty, "manifest lists the object graph")
        let r = try CLI.run(["inspect", "--json", TFFileFixtures.path("keras")])
        #expect(r.status == 0, "\(r.stderr)")
        let doc = TFFileFixtures.document(r.stdout)
        #expect((doc["prefix"] as? String)?.hasSuffix(keras["latest"] as? String ?? "?") == true, "the state file's latest")
        let byKey = Dictionary((doc["tensors"] as? [[String: Any]] ?? []).compactMap { t in
            (t["key"] as? String).map { ($0, t) }
        }, uniquingKeysWith: { a, _ in a })
        for entry in graph {
            guard let key = entry["checkpoint_key"] as? String else { continue }
            #expect(byKey[key]?["name"] as? String == entry["full_name"] as? String, "\(key) is shown by its object-graph name")
        }
    }

    @Test func savedModelListsSignatures() throws {
        let model = TFFileFixtures.section("savedmodel")
        let signatures = (model["signatures"] as? [String: [String: Any]] ?? [:]).filter { !$0.key.hasPrefix("__") }
        #expect(signatures.count == 2, "the fixture has two serving signatures")
        let path = TFFileFixtures.path("savedmodel")
        let text = try CLI.run(["inspect", path])
        #expect(text.status == 0, "\(text.stderr)")
        for (name, sig) in signatures {
            #expect(text.stdout.contains("signature_def['\(name)']:"))
            for input in (sig["inputs"] as? [String: Any] ?? [:]).keys { #expect(text.stdout.contains("inputs['\(input)'] tensor_info:")) }
            for output in (sig["outputs"] as? [String: Any] ?? [:]).keys { #expect(text.stdout.contains("outputs['\(output)'] tensor_info:")) }
        }

        let json = try CLI.run(["inspect", "--json", path])
        #expect(json.status == 0, "\(json.stderr)")
        let doc = TFFileFixtures.document(json.stdout)
        #expect(doc["format"] as? String == "tf-savedmodel")
        #expect(doc["tags"] as? [String] == model["tags"] as? [String])
        let listed = Dictionary((doc["signatures"] as? [[String: Any]] ?? []).compactMap { s in (s["name"] as? String).map { ($0, s) } },
                                uniquingKeysWith: { a, _ in a })
        for (name, sig) in signatures {
            guard let got = listed[name] else {
                Issue.record("signature \(name) missing from --json")
                continue
            }
            #expect(got["method"] as? String == sig["method_name"] as? String, "\(name): method")
            for side in ["inputs", "outputs"] {
                let expected = sig[side] as? [String: [String: Any]] ?? [:]
                let infos = got[side] as? [[String: Any]] ?? []
                #expect(Set(infos.compactMap { $0["key"] as? String }) == Set(expected.keys), "\(name) \(side)")
                for info in infos {
                    guard let key = info["key"] as? String, let e = expected[key] else { continue }
                    #expect(info["dtype"] as? String == e["dtype"] as? String, "\(name).\(key): dtype")
                    #expect(info["shape"] as? [Int] == e["shape"] as? [Int], "\(name).\(key): shape")
                    #expect(info["tensor"] as? String == e["name"] as? String, "\(name).\(key): tensor name")
                }
            }
        }
        let variables = Set((doc["tensors"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
        #expect(variables == ["scale", "offset"])
    }

    /// The schema `inspect` infers, checked against what TensorFlow parsed with it: a dense
    /// `[records, length]` result means fixed length, a sparse one variable.
    @Test(arguments: ["tfrecord/examples.tfrecord", "tfrecord/examples.tfrecord.gz"])
    func tfrecordCountAndInferredSchema(_ file: String) throws {
        let parsed = TFFileFixtures.convertedRecords
        let records = TFFileFixtures.json("cli_convert.json")["records"] as? Int ?? -1
        let fixed = parsed.filter { !$0.key.contains("/") }
        let variable = Set(parsed.keys.filter { $0.hasSuffix("/values") }.map { String($0.dropLast("/values".count)) })
        #expect(fixed.count + variable.count == 7, "the fixture's seven features")
        let path = TFFileFixtures.path(file)

        let text = try CLI.run(["inspect", path])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("\(records) records, \(records) tf.train.Example"), "\(text.stdout)")
        for (name, t) in fixed { #expect(text.stdout.contains("  \(name)  \(Self.kind(t["dtype"]))  fixed [\((t["shape"] as? [Int])?.last ?? -1)]")) }
        for name in variable { #expect(text.stdout.contains("  \(name)  "), "\(name) listed") }

        let json = try CLI.run(["inspect", "--json", path])
        #expect(json.status == 0, "\(json.stderr)")
        let doc = TFFileFixtures.document(json.stdout)
        #expect(doc["format"] as? String == "tfrecord")
        #expect(doc["compression"] as? String == (file.hasSuffix(".gz") ? "GZIP" : ""))
        #expect(doc["records"] as? Int == records)
        #expect(doc["examples"] as? Int == records)
        let features = doc["features"] as? [[String: Any]] ?? []
        #expect(features.count == fixed.count + variable.count)
        for f in features {
            guard let name = f["name"] as? String else { continue }
            if let t = fixed[name] {
                #expect(f["kind"] as? String == "fixed", "\(name)")
                #expect(f["type"] as? String == Self.kind(t["dtype"]), "\(name): type")
                #expect(f["max_length"] as? Int == (t["shape"] as? [Int])?.last, "\(name): length")
                #expect(f["present"] as? Int == records, "\(name): present")
            } else {
                #expect(variable.contains(name), "\(name) is a parsed feature")
                #expect(f["kind"] as? String == "var", "\(name)")
                #expect(f["type"] as? String == Self.kind(parsed[name + "/values"]?["dtype"]), "\(name): type")
                let shape = parsed[name + "/dense_shape"].flatMap { Self.int64s($0["hex"]) }
                #expect(f["max_length"] as? Int == shape?.last.map(Int.init), "\(name): longest list")
            }
        }
    }

    /// A `tf.train.Feature` kind as the schema names it, from a parsed tensor's dtype.
    static func kind(_ dtype: Any?) -> String {
        switch dtype as? String {
        case "float32": "float"
        case "int64": "int64"
        case "string": "string"
        default: "?"
        }
    }

    static func int64s(_ hex: Any?) -> [Int64]? {
        guard let hex = hex as? String else { return nil }
        let bytes = Array(hex.utf8).chunks(of: 2).compactMap { UInt8(String(decoding: $0, as: UTF8.self), radix: 16) }
        return bytes.chunks(of: 8).map { chunk in chunk.reversed().reduce(Int64(0)) { $0 << 8 | Int64($1) } }
    }
}

fileprivate extension Array {
    /// Consecutive slices of `n` elements (the last may be shorter).
    func chunks(of n: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: n).map { self[$0..<Swift.min($0 + n, count)] }
    }
}
