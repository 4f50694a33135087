import TensorBridge

/// GPU-vs-CPU agreement, one line per kernel. Inputs are made on the host by the CPU's own
/// ops, then copied to the GPU, so both sides read identical bits.
extension DeviceCheck {
    mutating func agreement() throws {
        let gpu = self.gpu
        let n = max(4, 1_000_003 / scale)

        // Grayscale.
        let images = try Random.statelessUniform(shape: [max(1, 64 / scale), 128, 128, 3], seed: (7, 9))
        let imagesGPU = try images.copy(to: gpu)
        bitExact("rgbToGrayscale float32") { try Image.rgbToGrayscale(pick(imagesGPU, images)) }
        var bytes: [UInt8] = []
        for r in stride(from: 0, through: 255, by: 5 * scale) { for g in 0...255 { for b in stride(from: 0, through: 255, by: 3) { bytes += [UInt8(r), UInt8(g), UInt8(b)] } } }
        let u8 = try Tensor(bytes, shape: [bytes.count / 3, 3])
        let u8GPU = try u8.copy(to: gpu)
        bitExact("rgbToGrayscale uint8") { try Image.rgbToGrayscale(pick(u8GPU, u8)) }

        // Casts, including NaN, infinities, out-of-range and subnormal values.
        let specials: [Float] = [0, -0.0, 1.5, -1.5, -1, 300, 2.5e9, -2.5e9, .nan, -.nan, .infinity, -.infinity,
                                 1.0000001, 3.3895314e38, Float(bitPattern: 0x0001_1234)]
            + (try Random.statelessNormal(shape: [4096], seed: (3, 4), stddev: 1e3).scalars(as: Float.self))
        let castIn = try Tensor(specials, shape: [specials.count])
        let castGPU = try castIn.copy(to: gpu)
        for dtype in [DType.int32, .uint8, .bfloat16] {
            bitExact("cast float32→\(dtype.name)") { try pick(castGPU, castIn).cast(to: dtype) }
        }

        // Fill, every element width.
        bitExact("fill uint8") { try Tensor.fill(shape: [n], value: UInt8(0xA5)) }
        bitExact("fill float16") { try Tensor.fill(shape: [n], value: Float16(-2.5)) }
        bitExact("fill float32") { try Tensor.fill(shape: [n], value: Float(3.25)) }
        bitExact("fill float64") { try Tensor.fill(shape: [n], value: -1e-300) }
        bitExact("ones complex128") { try Tensor.ones(shape: [n / 4], dtype: .complex128) }

        // Philox: uniforms bit-exact; normals within a few ULP (CUDA's logf/sincosf vs glibc).
        for (dtype, bits) in [(DType.float32, 32), (.float64, 64), (.float16, 16), (.bfloat16, 16)] {
            for shape in [[2, 3], [n]] {
                bitExact("statelessUniform \(dtype.name) \(shape)") {
                    try Random.statelessUniform(shape: shape, seed: (1, 2), minval: -3, maxval: 5, dtype: dtype)
                }
                withinULP("statelessNormal \(dtype.name) \(shape)", bits: bits, ulps: 4) {
                    try Random.statelessNormal(shape: shape, seed: (1, 2), mean: 0.5, stddev: 2, dtype: dtype)
                }
            }
        }
        withinULP("normal (stateful, global seed) float32", bits: 32, ulps: 4) {
            Random.setSeed(1234)
            return try Random.normal(shape: [n], seed: 5)
        }

        // Sparse toDense: validated, unvalidated with repeats (last wins), a default value on the GPU.
        let rows = max(2, 100_000 / scale)
        let sortedIndices = (0..<rows).flatMap { [Int64($0), Int64($0 * 7 % 1000)] }
        let values = try Random.statelessUniform(shape: [rows], seed: (5, 6))
        let sparse = try SparseTensor(indices: Tensor(sortedIndices, shape: [rows, 2]), values: values, denseShape: [Int64(rows), 1000])
        let sparseGPU = try sparse.copy(to: gpu)
        bitExact("sparse toDense validated") { try pickSparse(sparseGPU, sparse).toDense() }
        let repeated = sortedIndices.reversed().map { $0 % 3 }
        let messy = try SparseTensor(indices: Tensor(repeated, shape: [rows, 2]), values: values, denseShape: [3, 3])
        let messyGPU = try messy.copy(to: gpu)
        let fill = try Tensor(Float(-7))
        let fillGPU = try fill.copy(to: gpu)
        bitExact("sparse toDense unvalidated, repeats, default") {
            try pickSparse(messyGPU, messy).toDense(defaultValue: pick(fillGPU, fill), validateIndices: false)
        }
        run("sparse toDense error message") { check in
            let cpuError = Self.message { try messy.toDense() }
            let gpuError = Self.message { try withSoftPlacement(false) { try messyGPU.toDense() } }
            check.check("sparse toDense error message", cpuError != nil && cpuError == gpuError,
                        "CPU: \(cpuError ?? "no error"); GPU: \(gpuError ?? "no error")")
        }

        try mathAgreement()
    }

    static func message(_ body: () throws -> Tensor) -> String? {
        do { _ = try body(); return nil } catch { return "\(error)" }
    }
}

/// Picks the GPU tensor inside a GPU scope and the host one inside a CPU scope, so one
/// closure describes both runs of a case.
func pick(_ onGPU: Tensor, _ onHost: Tensor) throws -> Tensor {
    (try Placement.resolvedDevice()).isHost ? onHost : onGPU
}

/// `pick(_:_:)` for sparse tensors.
func pickSparse(_ onGPU: SparseTensor, _ onHost: SparseTensor) throws -> SparseTensor {
    (try Placement.resolvedDevice()).isHost ? onHost : onGPU
}
