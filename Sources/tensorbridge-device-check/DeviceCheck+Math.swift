import TensorBridge
import TensorBridgeCUDA

/// GPU-vs-CPU agreement of the math kernels, within what each kernel states: `+ - * /`,
/// `Maximum`, `Minimum`, the comparisons, integer ops, `Neg`, `Abs`, `Square`, `Sqrt`,
/// `Rsqrt`, `Relu` and `Max` exact; `Exp`, `Log`, `Tanh`, `Sigmoid` within 4 ULP (CUDA's
/// libdevice); float sums, means and `MatMul` (another order of the additions) within a
/// relative tolerance. A NaN equals any NaN (CUDA's canonical NaN is not
/// x86's default NaN).
extension DeviceCheck {
    mutating func mathAgreement() throws {
        let gpu = self.gpu
        let columns = 100, rows = max(1, 1_000_003 / scale / columns), n = rows * columns
        let specials: [Float] = [0, -0.0, 1, -1, 0.5, 3, .nan, .infinity, -.infinity, Float(bitPattern: 0x0001_16C2), -Float(bitPattern: 0x0001_16C2), 1.1754944e-38,
                                 3.4e38, -3.4e38, 1e-20, 2.5, -2.5]
        let normal32 = try Random.statelessNormal(shape: [n - specials.count], seed: (11, 12), stddev: 10).scalars(as: Float.self)
        let other32 = try Random.statelessNormal(shape: [n], seed: (13, 14), stddev: 10)
        let x32 = try Tensor(specials + normal32, shape: [n])
        let y32 = try Tensor(specials.reversed() + (try other32.scalars(as: Float.self)).dropFirst(specials.count), shape: [n])
        let x64 = try x32.cast(to: .float64), y64 = try y32.cast(to: .float64)
        // Positive, so sums have no cancellation and stay within a relative tolerance.
        let grid32 = try Random.statelessUniform(shape: [rows, 1, columns], seed: (15, 16), minval: 0.5, maxval: 1.5)
        let line32 = try Random.statelessNormal(shape: [7, 1], seed: (17, 18))
        let grid64 = try grid32.cast(to: .float64), line64 = try line32.cast(to: .float64)
        let ints32 = try Random.statelessUniform(shape: [n], seed: (19, 20), minval: -2e9, maxval: 2e9).cast(to: .int32)
        let other32i = try Random.statelessUniform(shape: [n], seed: (21, 22), minval: -2e9, maxval: 2e9).cast(to: .int32)
        let ints64 = try ints32.cast(to: .int64), other64i = try other32i.cast(to: .int64)
        let inputs = [x32, y32, x64, y64, grid32, line32, grid64, line64, ints32, other32i, ints64, other64i]
        let onGPU = try inputs.map { try $0.copy(to: gpu) }
        func p(_ i: Int) throws -> Tensor { try pick(onGPU[i], inputs[i]) }

        let binary: [(String, (Tensor, Tensor) throws -> Tensor)] = [
            ("add", { try $0 + $1 }), ("sub", { try $0 - $1 }), ("mul", { try $0 * $1 }), ("div", { try $0 / $1 }),
            ("maximum", { try $0.maximum($1) }), ("minimum", { try $0.minimum($1) }),
        ]
        let compare: [(String, (Tensor, Tensor) throws -> Tensor)] = [
            ("less", { try $0.less($1) }), ("lessEqual", { try $0.lessEqual($1) }), ("greater", { try $0.greater($1) }),
            ("greaterEqual", { try $0.greaterEqual($1) }), ("equal", { try $0.equal($1) }), ("notEqual", { try $0.notEqual($1) }),
        ]
        for (dtype, bits, base, grid) in [(DType.float32, 32, 0, 4), (.float64, 64, 2, 6)] {
            for (name, op) in binary {
                floats("\(name) \(dtype.name)", bits: bits, ulps: 0) { try op(p(base), p(base + 1)) }
                floats("\(name) \(dtype.name) broadcast", bits: bits, ulps: 0) { try op(p(grid), p(grid + 1)) }
            }
            for (name, op) in compare { bitExact("\(name) \(dtype.name)") { try op(p(base), p(base + 1)) } }
        }
        for (dtype, base) in [(DType.int32, 8), (.int64, 10)] {
            for (name, op) in binary where name != "div" { bitExact("\(name) \(dtype.name)") { try op(p(base), p(base + 1)) } }
            bitExact("less \(dtype.name)") { try p(base).less(p(base + 1)) }
            bitExact("sum \(dtype.name)") { try p(base).reduceSum() }
            bitExact("max \(dtype.name) axis 1") { try p(base).reshaped(to: [rows, columns]).reduceMax(axes: [1]) }
        }

        let unary: [(String, Int, (Tensor) throws -> Tensor)] = [
            ("neg", 0, { try $0.negated() }), ("abs", 0, { try $0.absolute() }), ("square", 0, { try $0.square() }),
            ("sqrt", 0, { try $0.sqrt() }), ("rsqrt", 0, { try $0.rsqrt() }), ("relu", 0, { try $0.relu() }),
            ("exp", 4, { try $0.exp() }), ("log", 4, { try $0.log() }), ("tanh", 4, { try $0.tanh() }), ("sigmoid", 4, { try $0.sigmoid() }),
        ]
        for (dtype, bits, base) in [(DType.float32, 32, 0), (.float64, 64, 2)] {
            for (name, ulps, op) in unary { floats("\(name) \(dtype.name)", bits: bits, ulps: ulps) { try op(p(base)) } }
        }

        // Reductions over the normals (no NaN), then max with the specials (NaN wins).
        for (dtype, bits, base, tolerance) in [(DType.float32, 32, 4, 1e-4), (.float64, 64, 6, 1e-12)] {
            close("sum \(dtype.name) all", bits: bits, relative: tolerance) { try p(base).reduceSum() }
            close("sum \(dtype.name) axis 0", bits: bits, relative: tolerance) { try p(base).reduceSum(axes: [0]) }
            close("sum \(dtype.name) last axis", bits: bits, relative: tolerance) { try p(base).reduceSum(axes: [-1]) }
            close("mean \(dtype.name) leading axes", bits: bits, relative: tolerance) { try p(base).reduceMean(axes: [0, 1]) }
            floats("max \(dtype.name) all", bits: bits, ulps: 0) { try p(base).reduceMax() }
            floats("max \(dtype.name) axis 0", bits: bits, ulps: 0) { try p(base).reduceMax(axes: [0]) }
        }
        floats("max float32 with NaN", bits: 32, ulps: 0) { try p(0).reduceMax() }
        floats("max float64 rows with specials", bits: 64, ulps: 0) { try p(2).reshaped(to: [rows, columns]).reduceMax(axes: [1]) }

        // MatMul: positive operands, so another order of the additions stays within a relative tolerance.
        let side = max(4, 160 / max(1, scale / 100))
        let a = try Random.statelessUniform(shape: [3, side, side + 7], seed: (23, 24))
        let b = try Random.statelessUniform(shape: [side + 7, side - 3], seed: (25, 26))
        let a64 = try a.cast(to: .float64), b64 = try b.cast(to: .float64)
        let matrices = [a, b, a64, b64], matricesGPU = try matrices.map { try $0.copy(to: gpu) }
        func m(_ i: Int) throws -> Tensor { try pick(matricesGPU[i], matrices[i]) }
        close("matmul float32 batched", bits: 32, relative: 1e-4) { try m(0).matmul(m(1)) }
        close("matmul float64 batched", bits: 64, relative: 1e-13) { try m(2).matmul(m(3)) }
        close("matmul float64 transposed", bits: 64, relative: 1e-13) { try m(3).matmul(m(3), transposeA: true) }
        close("matmul float32 transposed", bits: 32, relative: 1e-4) { try m(1).matmul(m(1), transposeB: true) }

        run("math error messages") { check in
            for (name, make) in [("mixed dtypes", { try pick(onGPU[0], inputs[0]) + pick(onGPU[2], inputs[2]) }),
                                 ("shapes", { try Tensor.zeros(shape: [2, 3]) - Tensor.zeros(shape: [4]) }),
                                 ("matmul", { try pick(matricesGPU[0], matrices[0]).matmul(pick(matricesGPU[0], matrices[0])) })] as [(String, () throws -> Tensor)] {
                let cpuError = try withDevice(Device.cpu) { Self.message(make) }
                let gpuError = try withSoftPlacement(false) { try withDevice(gpu) { Self.message(make) } }
                check.check("math error message (\(name))", cpuError != nil && cpuError == gpuError,
                            "CPU: \(cpuError ?? "no error"); GPU: \(gpuError ?? "no error")")
            }
        }
    }

    /// Float results within `ulps` (0: the same bits, but any NaN equals any NaN).
    mutating func floats(_ name: String, bits: Int, ulps limit: Int, _ make: () throws -> Tensor) {
        run(name) { check in
            let cpu = try check.onCPU(make)
            let (gpuBytes, device) = try check.onGPU(make)
            let worst = FloatCompare.worst(cpu, gpuBytes, bits: bits) { x, y in
                if FloatCompare.isNaN(x, bits: bits) || FloatCompare.isNaN(y, bits: bits) {
                    return FloatCompare.isNaN(x, bits: bits) && FloatCompare.isNaN(y, bits: bits) ? 0 : .infinity
                }
                return limit == 0 ? (x == y ? 0 : .infinity) : Double(ULP.distance(x, y, bits: bits))
            }
            check.check(name, worst.map { $0 <= Double(limit) } == true && device == check.gpu,
                        "max \(worst.map { "\($0)" } ?? "size mismatch") ULP (≤ \(limit) allowed, NaN = NaN), ran on \(device)")
        }
    }

    /// Float results within `relative` of the CPU's (of 1 near zero).
    mutating func close(_ name: String, bits: Int, relative: Double, _ make: () throws -> Tensor) {
        run(name) { check in
            let cpu = try check.onCPU(make)
            let (gpuBytes, device) = try check.onGPU(make)
            let worst = FloatCompare.worst(cpu, gpuBytes, bits: bits) { x, y in
                let (a, b) = (FloatCompare.value(x, bits: bits), FloatCompare.value(y, bits: bits))
                if a.isNaN || b.isNaN { return a.isNaN && b.isNaN ? 0 : .infinity }
                return Swift.abs(a - b) / Swift.max(1, Swift.abs(a))
            }
            check.check(name, worst.map { $0 <= relative } == true && device == check.gpu,
                        "max relative difference \(worst.map { "\($0)" } ?? "size mismatch") (≤ \(relative) allowed), ran on \(device)")
        }
    }
}

/// Element-wise comparisons of float32/float64 results given as little-endian bytes.
enum FloatCompare {
    /// The largest `difference` over all elements; `nil` when the sizes differ.
    static func worst(_ a: [UInt8], _ b: [UInt8], bits: Int, _ difference: (UInt64, UInt64) -> Double) -> Double? {
        let size = bits / 8
        guard a.count == b.count, size > 0, a.count % size == 0 else { return nil }
        var worst = 0.0
        for i in stride(from: 0, to: a.count, by: size) {
            worst = max(worst, difference(ULP.word(a, i, size), ULP.word(b, i, size)))
        }
        return worst
    }

    static func value(_ word: UInt64, bits: Int) -> Double {
        bits == 32 ? Double(Float(bitPattern: UInt32(truncatingIfNeeded: word))) : Double(bitPattern: word)
    }

    static func isNaN(_ word: UInt64, bits: Int) -> Bool { value(word, bits: bits).isNaN }
}

extension DeviceCheck {
    /// Speed of the math kernels on `bytes` of float32 (best of three, synchronized): `add`
    /// and `reduceSum` as bandwidth against a device-to-device copy (`copyRate`, bytes moved
    /// per second), and the tiled `matmul` in GFLOP/s (no cuBLAS to compare with here).
    mutating func mathSpeed(backend: CUDABackend, bytes: Int, copyRate: Double) throws {
        let gpu = self.gpu
        let context = try backend.context(for: gpu)
        let count = max(1, bytes / 4)
        let (x, y) = try withDevice(gpu) { (try Tensor.fill(shape: [count], value: Float(0.5)), try Tensor.fill(shape: [count], value: Float(2))) }
        func timed(_ body: () throws -> Void) throws -> Double {
            try withSoftPlacement(false) { try body() }  // warm up (and compile), on the GPU only
            try context.synchronize()
            return try Self.best { try withSoftPlacement(false) { try body() }; try context.synchronize() }
        }
        let add = try timed { _ = try x + y }
        let addRate = Double(count) * 12 / add  // reads 8 B, writes 4 B per element
        log("add [\(count)] float32: \(Self.format(add * 1e3, 3)) ms, \(Self.format(addRate / 1e9, 0)) GB/s moved, "
            + "\(Self.format(addRate / copyRate, 2)) of the D2D copy's bandwidth")
        let sum = try timed { _ = try x.reduceSum() }
        let sumRate = Double(count) * 4 / sum
        log("reduceSum [\(count)] float32: \(Self.format(sum * 1e3, 3)) ms, \(Self.format(sumRate / 1e9, 0)) GB/s read, "
            + "\(Self.format(sumRate / copyRate, 2)) of the D2D copy's bandwidth")
        var side = 16
        while side < 2048 && (side * 2) * (side * 2) <= count { side *= 2 }
        let (a, b) = try withDevice(gpu) {
            (try Tensor.fill(shape: [side, side], value: Float(0.5)), try Tensor.fill(shape: [side, side], value: Float(0.25)))
        }
        let matmul = try timed { _ = try a.matmul(b) }
        let flops = 2 * Double(side) * Double(side) * Double(side) / matmul
        log("matmul [\(side), \(side)] float32 (tiled, not cuBLAS): \(Self.format(matmul * 1e3, 3)) ms, \(Self.format(flops / 1e9, 0)) GFLOP/s")
    }
}
