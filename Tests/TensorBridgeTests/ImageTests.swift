import Testing
@testable import TensorBridge

/// Image ops against TensorFlow 2.21 goldens (scripts/generate_op_goldens.py), bit for bit.
@Suite struct ImageTests {
    static func index() throws -> [String: Any] { try GoldenFiles.opsIndex() }

    /// A tensor made from golden bits of `dtype`.
    static func tensor(_ slice: Any?, dtype: DType, shape: [Int]? = nil) throws -> Tensor {
        let bits = try RandomTests.expected(slice, dtype: dtype)
        let shape = shape ?? [bits.count]
        return try bits.withUnsafeBufferPointer { b in
            let size = dtype.byteSize ?? 8
            let buffer = try TensorBuffer.allocateHost(byteCount: b.count * size)
            for (i, v) in b.enumerated() {
                withUnsafeBytes(of: v.littleEndian) { (buffer.baseAddress + i * size).copyMemory(from: $0.baseAddress!, byteCount: size) }
            }
            return try Tensor(dtype: dtype, shape: Shape(shape), buffer: buffer)
        }
    }

    @Test func grayscaleFactsExamples() throws {
        let x = try Tensor([255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255, 128, 64, 32] as [UInt8], shape: [5, 3])
        let g = try Image.rgbToGrayscale(x)
        #expect(g.shape.dimensions == [5, 1])
        #expect(try g.scalars(as: UInt8.self) == [76, 149, 29, 255, 79])
    }

    @Test func grayscaleWholeUInt8Cube() throws {
        let golden = try #require(try Self.index()["grayscaleCube"] as? [String: Any])
        let blockSize = try #require(golden["blockSize"] as? Int)
        let hashes = try GoldenFiles.npy("ops/" + (try #require(golden["file"] as? String)))
        let expected: [UInt64] = hashes.data.withUnsafeBytes { raw in
            (0..<(raw.count / 8)).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
        }
        let n = 1 << 24
        #expect(expected.count == n / blockSize)
        let buffer = try TensorBuffer.allocateHost(byteCount: n * 3)
        let p = buffer.baseAddress.assumingMemoryBound(to: UInt8.self)
        for i in 0..<n {
            p[3 * i] = UInt8(i >> 16); p[3 * i + 1] = UInt8((i >> 8) & 255); p[3 * i + 2] = UInt8(i & 255)
        }
        let cube = try Tensor(dtype: .uint8, shape: Shape([n, 3]), buffer: buffer)
        let gray = try Image.rgbToGrayscale(cube)
        let multiplier = UInt64(try #require(golden["multiplier"] as? Int))
        var failing: [Int] = []
        try gray.withUnsafeBufferPointer(as: UInt8.self) { g in
            for block in 0..<(n / blockSize) {
                var h: UInt64 = 0, power: UInt64 = 1
                for i in 0..<blockSize {
                    power = power &* multiplier
                    h = h &+ (UInt64(g[block * blockSize + i]) &+ 1) &* power
                }
                if h != expected[block] { failing.append(block) }
            }
        }
        // A failing block names its inputs: r = block / 16, g in (block % 16) * 16 ..< +16.
        #expect(failing.isEmpty, "blocks differing from TF: \(failing.prefix(8).map { "r=\($0 / 16) g=\(($0 % 16) * 16)..." })")
    }

    @Test func grayscaleAllDTypes() throws {
        let cases = try #require(try Self.index()["grayscale"] as? [[String: Any]])
        #expect(cases.count == 8)
        for c in cases {
            let dtype = try RandomTests.dtype(c["dtype"])
            let shape = try #require(c["shape"] as? [Int])
            let x = try Self.tensor(c["input"], dtype: dtype, shape: shape)
            let y = try Image.rgbToGrayscale(x)
            #expect(y.shape.dimensions == shape.dropLast() + [1])
            let mismatch = RandomTests.firstMismatch(try RandomTests.bits(y), try RandomTests.expected(c["output"], dtype: dtype))
            #expect(mismatch == nil, "\(dtype): \(mismatch ?? "")")
        }
    }

    @Test func convertImageDtypeEveryPair() throws {
        let cases = try #require(try Self.index()["convertImageDtype"] as? [[String: Any]])
        #expect(cases.count == 98)
        for c in cases {
            let from = try RandomTests.dtype(c["from"]), to = try RandomTests.dtype(c["to"])
            let saturate = try #require(c["saturate"] as? Bool)
            let x = try Self.tensor(c["input"], dtype: from)
            let y = try Image.convertImageDtype(x, to: to, saturate: saturate)
            #expect(y.dtype == to)
            let mismatch = RandomTests.firstMismatch(try RandomTests.bits(y), try RandomTests.expected(c["output"], dtype: to))
            #expect(mismatch == nil, "\(from) → \(to) saturate \(saturate): \(mismatch ?? "")")
        }
    }

    @Test func convertImageDtypeFactsExamples() throws {
        let a = try Image.convertImageDtype(try Tensor([0, 255, 256, 65535] as [UInt16]), to: .uint8)
        #expect(try a.scalars(as: UInt8.self) == [0, 0, 1, 255])
        let b = try Image.convertImageDtype(try Tensor([0, 1, 255] as [UInt8]), to: .uint16)
        #expect(try b.scalars(as: UInt16.self) == [0, 256, 65280])
        // TensorFlow's vectorized cast saturates (what it gives for these values inside a
        // longer tensor, as in the convertImageDtype goldens); its scalar code, which a
        // 3-element TensorFlow tensor runs, wraps to [129, 127, 0]. TensorBridge gives every
        // element the vectorized value.
        let c = try Image.convertImageDtype(try Tensor([-0.5, 1.5, .nan] as [Float]), to: .uint8)
        #expect(try c.scalars(as: UInt8.self) == [0, 255, 0])
    }

    @Test func flipsMatchTensorFlow() throws {
        let f = try #require(try Self.index()["flips"] as? [String: Any])
        let shape = try #require(f["shape"] as? [Int])
        let x = try Self.tensor(f["input"], dtype: .uint8, shape: shape)
        let first = try Tensor(try x.scalars(as: UInt8.self).prefix(36).map { $0 }, shape: Array(shape.dropFirst()))
        for (key, y) in [("leftRight", try Image.flipLeftRight(x)), ("upDown", try Image.flipUpDown(x)),
                         ("leftRight3", try Image.flipLeftRight(first)), ("upDown3", try Image.flipUpDown(first))] {
            let mismatch = RandomTests.firstMismatch(try RandomTests.bits(y), try RandomTests.expected(f[key], dtype: .uint8))
            #expect(mismatch == nil, "\(key): \(mismatch ?? "")")
        }
    }

    @Test func brightnessMatchesTensorFlow() throws {
        let cases = try #require(try Self.index()["brightness"] as? [[String: Any]])
        for c in cases {
            let dtype = try RandomTests.dtype(c["dtype"])
            let delta = try #require(Golden.double(c["delta"]))
            let y = try Image.adjustBrightness(try Self.tensor(c["input"], dtype: dtype), delta: delta)
            let mismatch = RandomTests.firstMismatch(try RandomTests.bits(y), try RandomTests.expected(c["output"], dtype: dtype))
            #expect(mismatch == nil, "\(dtype) delta \(delta): \(mismatch ?? "")")
        }
    }

    @Test func errorsUseTensorFlowText() throws {
        let errors = try #require(try Self.index()["imageErrors"] as? [String: [String: String]])
        func text(_ body: () throws -> Tensor) -> String? {
            do { _ = try body(); return nil } catch let e as TensorBridgeError { return e.description } catch { return "\(error)" }
        }
        // Said in Swift terms, keeping TensorFlow's message as the key phrase.
        #expect(text { try Image.rgbToGrayscale(try Tensor.zeros(shape: [2, 4])) }?.contains(errors["grayscaleLastDim"]?["message"] ?? "?") == true)
        #expect(text { try Image.rgbToGrayscale(try Tensor.zeros(shape: [2, 3], dtype: .bool)) } == errors["grayscaleBool"]?["message"])
        #expect(text { try Image.grayscaleToRGB(try Tensor.zeros(shape: [2, 2])) } == errors["toRGBLastDim"]?["message"])
        #expect(text { try Image.grayscaleToRGB(try Tensor.zeros(shape: [1])) } == errors["toRGBRank"]?["message"])
        #expect(text { try Image.flipLeftRight(try Tensor.zeros(shape: [2, 3])) } == errors["flipRank"]?["message"])
        #expect(text { try Image.convertImageDtype(try Tensor.zeros(shape: [2], dtype: .bool), to: .float32) } == errors["convertBool"]?["message"])
        #expect(text { try Image.convertImageDtype(try Tensor.zeros(shape: [2]), to: .bool) } == errors["convertToBool"]?["message"])
        #expect(throws: TensorBridgeError.self) { try Image.rgbToGrayscale(try Tensor(Float(1))) }
    }

    @Test func grayscaleToRGBTilesAnyRank() throws {
        let x = try Tensor([1, 2, 3, 4] as [Int32], shape: [1, 2, 2, 1])
        let y = try Image.grayscaleToRGB(x)
        #expect(y.shape.dimensions == [1, 2, 2, 3])
        #expect(try y.scalars(as: Int32.self) == [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4])
    }
}
