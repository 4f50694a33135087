import Foundation
import Testing
@testable import TensorBridgeFormats

/// TensorProto against protos from TensorFlow 2.21 (`tf.make_tensor_proto`,
/// `tf.io.serialize_tensor`), expected values from `tf.make_ndarray`.
@Suite struct TensorProtoTests {
    static let names: [String] = Fixtures.section("proto").keys.sorted()

    static func expected(_ name: String) -> ExpectedTensor {
        ExpectedTensor(Fixtures.section("proto")[name] as? [String: Any] ?? [:], name: name)
    }

    @Test(arguments: names)
    func readsTensorFlowProtos(_ name: String) throws {
        let e = Self.expected(name)
        e.check(try TensorProtoFile.load(Fixtures.url("proto/\(name).pb")))
        e.check(try TensorProtoFile.load(Fixtures.url("proto/\(name).pbtxt")))
        e.check(try TensorProtoFile.decode(Data(contentsOf: Fixtures.url("proto/\(name).pb"))))
    }

    /// Same choice of tensor_content vs typed field as make_tensor_proto, hence the same bytes.
    @Test(arguments: names.filter { $0.hasPrefix("make_") && !$0.hasSuffix("_padded") && !$0.hasSuffix("_fill") })
    func writesWhatMakeTensorProtoWrites(_ name: String) throws {
        let ours = try TensorProtoFile.encode(try Self.expected(name).tensor())
        #expect(ours == (try Data(contentsOf: Fixtures.url("proto/\(name).pb"))), "\(name)")
    }

    @Test func factsExamples() throws {
        let f = try TensorProtoFile.decode(Data(Hex.decode("08011208120208021202080222100000803f000000400000404000008040")))
        #expect(try f.scalars(as: Float.self) == [1, 2, 3, 4])
        #expect(f.shape.dimensions == [2, 2])
        let fill = try TensorProtoFile.decode(Data(Hex.decode("0801120812020802120208032a040000e040")))
        #expect(try fill.scalars(as: Float.self) == [Float](repeating: 7, count: 6))
        let half = try TensorProtoFile.decode(Data(Hex.decode("08131204120208036a028078")))
        #expect(try half.scalars(as: Float16.self) == [1, 1, 1])
        let s = try TensorProtoFile.decode(Data(Hex.decode("0807120412020802420261624203630064")))
        #expect(try s.strings() == [Array("ab".utf8), [0x63, 0, 0x64]])
    }

    /// TensorFlow reads our .pb and .pbtxt files (make_ndarray) and parse_tensor reads our .pb.
    @Test func tensorFlowLoadsOurProtos() throws {
        let dir = try temporaryDirectory()
        var expected: [String: ExpectedTensor] = [:]
        for name in Self.names where !name.hasSuffix("_padded") && !name.hasSuffix("_fill") {
            let e = Self.expected(name)
            let t = try e.tensor()
            try TensorProtoFile.save(t, to: dir.appendingPathComponent(name + ".pb"))
            try TensorProtoFile.save(t, to: dir.appendingPathComponent(name + ".pbtxt"))
            expected[name] = e
        }
        let script = """
        import tensorflow as tf
        from google.protobuf import text_format
        from tensorflow.core.framework import tensor_pb2
        d = sys.argv[1]; out = {}
        for f in sorted(os.listdir(d)):
            p = tensor_pb2.TensorProto()
            raw = open(os.path.join(d, f), 'rb').read()
            if f.endswith('.pbtxt'): text_format.Parse(raw.decode(), p)
            else: p.ParseFromString(raw)
            out[f] = rec(tf.make_ndarray(p))
            if f.endswith('.pb') and 'float8' not in f:
                t = tf.io.parse_tensor(raw, out_type=tf.dtypes.as_dtype(p.dtype))
                out[f + '.parse_tensor'] = rec(t.numpy())
        print(json.dumps(out))
        """
        guard let json = ReferencePython.json(script, [dir.path]) as? [String: [String: Any]] else { return }
        for (name, e) in expected {
            var keys = [name + ".pb", name + ".pbtxt"]
            if !name.contains("float8") { keys.append(name + ".pb.parse_tensor") }
            for key in keys {
                let got = json[key] ?? [:]
                #expect(got["dtype"] as? String == e.dtype, "\(key)")
                #expect(got["shape"] as? [Int] == e.shape, "\(key)")
                #expect(got["hex"] as? String == e.hex, "\(key)")
                #expect(got["strings"] as? [String] == e.strings, "\(key)")
            }
        }
    }
}
