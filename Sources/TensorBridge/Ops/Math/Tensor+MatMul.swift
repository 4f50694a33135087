import _CTensorBridgeKernels

/// The arguments of `BatchMatMulV2`.
package struct MatMulRequest: Sendable {
    package let a: Tensor
    package let b: Tensor
    package let transposeA: Bool
    package let transposeB: Bool
}

extension Ops {
    /// `MatMul` / `BatchMatMulV2`.
    package static let matmul = Op<MatMulRequest, Tensor>(
        "BatchMatMulV2",
        inputsToHost: { MatMulRequest(a: try $0.a.copy(to: .cpu), b: try $0.b.copy(to: .cpu), transposeA: $0.transposeA, transposeB: $0.transposeB) },
        cpu: { try MatMul.run($0) })
}

extension Tensor {
    /// `tf.linalg.matmul(self, other, transpose_a:, transpose_b:)`: matrix products over the
    /// last two axes, leading (batch) axes broadcast. float32, float64, float16, bfloat16,
    /// complex64 and complex128. A new tensor.
    ///
    /// float32 runs a packed, blocked kernel with an AVX-512 (12×32) or AVX2+FMA (6×16) inner
    /// loop (chosen at run time; portable C elsewhere) on every core; float16 and bfloat16 multiply in float32 and round
    /// once; float64 and complex use a plain loop. Results agree with TensorFlow's to rounding
    /// (the order of the additions differs), not bit for bit.
    /// - Throws: "Matrix size-incompatible: In[0]: [2,3], In[1]: [2,3]" when the inner
    ///   dimensions differ, and the mixed-dtype and batch-shape messages.
    public func matmul(_ other: Tensor, transposeA: Bool = false, transposeB: Bool = false) throws -> Tensor {
        try Ops.matmul(MatMulRequest(a: self, b: other, transposeA: transposeA, transposeB: transposeB), on: opDevice(self, other))
    }
}

enum MatMul {
    static let allowed: [DType] = MathCheck.floats + [.complex64, .complex128]

    /// One matrix product's geometry: sizes and the element strides of each operand.
    struct Geometry: Sendable {
        let m: Int, n: Int, k: Int
        let rsa: Int, csa: Int, rsb: Int, csb: Int
    }

    static func run(_ r: MatMulRequest) throws -> Tensor {
        let a = r.a, b = r.b
        try MathCheck.sameDType("MatMul", a, b)
        try MathCheck.allowed("MatMul", a.dtype, allowed)
        guard a.rank >= 2, b.rank >= 2 else {
            throw TensorBridgeError.invalidArgument("In[0] and In[1] has different ndims: \(tfShape(a.shape)) vs. \(tfShape(b.shape))")
        }
        let ad = a.shape.dimensions, bd = b.shape.dimensions
        let (ar, ac) = (ad[ad.count - 2], ad[ad.count - 1]), (br, bc) = (bd[bd.count - 2], bd[bd.count - 1])
        let m = r.transposeA ? ac : ar, k = r.transposeA ? ar : ac
        let kb = r.transposeB ? bc : br, n = r.transposeB ? br : bc
        guard k == kb else {
            if a.rank == 2 && b.rank == 2 {
                throw TensorBridgeError.invalidArgument("Matrix size-incompatible: In[0]: \(tfShape(a.shape)), In[1]: \(tfShape(b.shape))")
            }
            throw TensorBridgeError.invalidArgument("Matrix size-incompatible: In[0]: \(tfShape(a.shape)), In[1]: \(tfShape(b.shape)) (\(k) vs. \(kb))")
        }
        let aBatch = try Shape(Array(ad.dropLast(2))), bBatch = try Shape(Array(bd.dropLast(2)))
        let batch: BroadcastPlan
        do { batch = try BroadcastPlan(aBatch, bBatch) } catch {
            throw TensorBridgeError.invalidArgument("In[0] and In[1] must have compatible batch dimensions: \(tfShape(a.shape)) vs. \(tfShape(b.shape))")
        }
        let shape = try Shape(batch.shape.dimensions + [m, n])
        let g = Geometry(m: m, n: n, k: k,
                         rsa: r.transposeA ? 1 : k, csa: r.transposeA ? m : 1,
                         rsb: r.transposeB ? 1 : n, csb: r.transposeB ? k : 1)
        // Offsets of each batch's matrices (broadcast batches repeat a matrix).
        let count = batch.shape.elementCount
        let offsets: [(Int, Int)] = (0..<count).map { index in
            let (x, y) = aBatch == bBatch || (aBatch.elementCount == 1 && bBatch.elementCount == 1) ? (index, index) : flatOffsets(batch, index)
            return (aBatch.elementCount == 1 ? 0 : x * m * k, bBatch.elementCount == 1 ? 0 : y * k * n)
        }
        switch a.dtype {
        case .float32:
            return try float32(a, b, shape: shape, g, offsets)
        case .float16, .bfloat16:
            let product = try float32(try a.cast(to: .float32), try b.cast(to: .float32), shape: shape, g, offsets)
            return try product.cast(to: a.dtype)
        case .float64:
            return try generic(Double.self, a, b, shape: shape, g, offsets, zero: 0) { acc, x, y in acc + x * y }
        case .complex64:
            return try generic(Complex64.self, a, b, shape: shape, g, offsets, zero: Complex64(0)) { acc, x, y in
                Complex64(acc.real + (x.real * y.real - x.imaginary * y.imaginary), acc.imaginary + (x.real * y.imaginary + x.imaginary * y.real))
            }
        default:
            return try generic(Complex128.self, a, b, shape: shape, g, offsets, zero: Complex128(0)) { acc, x, y in
                Complex128(acc.real + (x.real * y.real - x.imaginary * y.imaginary), acc.imaginary + (x.real * y.imaginary + x.imaginary * y.real))
            }
        }
    }

    /// The element offsets (in matrices) of both operands for output batch `index`.
    static func flatOffsets(_ plan: BroadcastPlan, _ index: Int) -> (Int, Int) {
        // The plan's rows walk every dimension but the inner one; add the inner position.
        let inner = plan.inner, row = index / inner, j = index - row * inner
        let (x, y) = plan.offsets(row: row)
        return (x + j * plan.xStrides[plan.xStrides.count - 1], y + j * plan.yStrides[plan.yStrides.count - 1])
    }

    static func float32(_ a: Tensor, _ b: Tensor, shape: Shape, _ g: Geometry, _ offsets: [(Int, Int)]) throws -> Tensor {
        let pa = try hostPointer(a, as: Float.self), pb = try hostPointer(b, as: Float.self)
        let (out, o) = try allocateHost(Float.self, dtype: .float32, shape: shape)
        guard shape.elementCount > 0 else { return out }
        let batches = offsets.count
        // Work items: whole matrices when there are enough of them, else row blocks.
        let rowBlocks = batches >= Parallel.workerCount ? 1 : Swift.max(1, Swift.min(Parallel.workerCount * 2, g.m / 96))
        let rowsPer = (g.m + rowBlocks - 1) / rowBlocks
        let failed = Locked(false)  // set by any worker whose packing buffers could not be allocated
        offsets.withUnsafeBufferPointer { offs in
            let offs = UnsafeSendable(offs)
            Parallel.forEachChunk(count: batches * rowBlocks, grain: 1) { range in
                withTensorFlowFPMode {
                    for item in range {
                        let batch = item / rowBlocks, block = item - batch * rowBlocks
                        let row0 = block * rowsPer, rows = Swift.min(rowsPer, g.m - row0)
                        guard rows > 0 else { continue }
                        let (ao, bo) = offs.value[batch]
                        let status = tb_sgemm(rows, g.n, g.k, pa.value + ao + row0 * g.rsa, g.rsa, g.csa,
                                              pb.value + bo, g.rsb, g.csb, o.value + batch * g.m * g.n + row0 * g.n, g.n)
                        if status != 0 { failed.withLock { $0 = true } }
                    }
                }
            }
        }
        if failed.withLock({ $0 }) { throw TensorBridgeError.outOfMemory(bytes: 4 * 256 * (2048 + 96), device: "CPU (matmul packing buffers)") }
        return out
    }

    static func generic<T: TensorScalar>(_: T.Type, _ a: Tensor, _ b: Tensor, shape: Shape, _ g: Geometry, _ offsets: [(Int, Int)],
                                         zero: T, _ fma: @escaping (T, T, T) -> T) throws -> Tensor {
        let pa = try hostPointer(a, as: T.self), pb = try hostPointer(b, as: T.self)
        let (out, o) = try allocateHost(T.self, dtype: a.dtype, shape: shape)
        let rows = offsets.count * g.m
        offsets.withUnsafeBufferPointer { offs in
            let offs = UnsafeSendable(offs)
            Parallel.forEachChunk(count: rows, grain: Swift.max(1, (1 << 16) / Swift.max(1, g.n * g.k))) { range in
                withTensorFlowFPMode {
                    for row in range {
                        let batch = row / g.m, i = row - batch * g.m
                        let (ao, bo) = offs.value[batch]
                        let c = o.value + row * g.n
                        for j in 0..<g.n { c[j] = zero }
                        for p in 0..<g.k {
                            let x = pa.value[ao + i * g.rsa + p * g.csa]
                            let line = pb.value + bo + p * g.rsb
                            for j in 0..<g.n { c[j] = fma(c[j], x, line[j * g.csb]) }
                        }
                    }
                }
            }
        }
        return out
    }
}
