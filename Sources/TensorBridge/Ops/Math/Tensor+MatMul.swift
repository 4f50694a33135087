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
    /// float32 and float64 run a packed, blocked kernel with an AVX-512 (12 rows × 2 vectors)
    /// or AVX2+FMA (6 × 2) inner loop, chosen at run time (portable C elsewhere), on every
    /// core. Complex products are four real ones over the real and imaginary parts; float16
    /// and bfloat16 multiply in float32 and round once. Results agree with TensorFlow's to
    /// rounding (the order of the additions differs), not bit for bit.
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
        let a = r.a, b = r.b, geometry = try r.geometry()  // TensorFlow's checks, in its order
        let (m, n, k) = (geometry.m, geometry.n, geometry.k), shape = geometry.shape
        let g = Geometry(m: m, n: n, k: k, rsa: geometry.rowStrideA, csa: geometry.columnStrideA,
                         rsb: geometry.rowStrideB, csb: geometry.columnStrideB)
        // Offsets of each batch's matrices (broadcast batches repeat a matrix).
        let aBatch = try Shape(Array(a.shape.dimensions.dropLast(2))), bBatch = try Shape(Array(b.shape.dimensions.dropLast(2)))
        let batch = try BroadcastPlan(aBatch, bBatch)
        let offsets: [(Int, Int)] = (0..<geometry.batch.elementCount).map { index in
            let (x, y) = aBatch == bBatch || (aBatch.elementCount == 1 && bBatch.elementCount == 1) ? (index, index) : flatOffsets(batch, index)
            return (aBatch.elementCount == 1 ? 0 : x * m * k, bBatch.elementCount == 1 ? 0 : y * k * n)
        }
        switch a.dtype {
        case .float32: return try real(Float.self, a, b, shape: shape, g, offsets)
        case .float64: return try real(Double.self, a, b, shape: shape, g, offsets)
        case .float16, .bfloat16:
            let product = try real(Float.self, try a.cast(to: .float32), try b.cast(to: .float32), shape: shape, g, offsets)
            return try product.cast(to: a.dtype)
        case .complex64: return try complex(Complex64.self, a, b, shape: shape, g, offsets)
        default: return try complex(Complex128.self, a, b, shape: shape, g, offsets)
        }
    }

    /// The element offsets (in matrices) of both operands for output batch `index`.
    static func flatOffsets(_ plan: BroadcastPlan, _ index: Int) -> (Int, Int) {
        // The plan's rows walk every dimension but the inner one; add the inner position.
        let inner = plan.inner, row = index / inner, j = index - row * inner
        let (x, y) = plan.offsets(row: row)
        return (x + j * plan.xStrides[plan.xStrides.count - 1], y + j * plan.yStrides[plan.yStrides.count - 1])
    }

    /// Runs `product(batch, firstRow, rows)` for every matrix of the batch, split into row
    /// blocks when there are fewer matrices than cores. The closure returns false when its
    /// packing buffers could not be allocated.
    static func forEachBlock(_ g: Geometry, batches: Int, _ product: @escaping @Sendable (Int, Int, Int) -> Bool) throws {
        let rowBlocks = batches >= Parallel.workerCount ? 1 : Swift.max(1, Swift.min(Parallel.workerCount * 2, g.m / 96))
        let rowsPer = (g.m + rowBlocks - 1) / rowBlocks
        let failed = Locked(false)
        Parallel.forEachChunk(count: batches * rowBlocks, grain: 1) { range in
            withTensorFlowFPMode {
                for item in range {
                    let batch = item / rowBlocks, row0 = (item - batch * rowBlocks) * rowsPer
                    let rows = Swift.min(rowsPer, g.m - row0)
                    if rows > 0 && !product(batch, row0, rows) { failed.withLock { $0 = true } }
                }
            }
        }
        if failed.withLock({ $0 }) {
            throw TensorBridgeError.outOfMemory(bytes: 8 * 512 * (2048 + 96), device: "CPU (matmul packing buffers)")
        }
    }

    /// float32 and float64: the packed GEMM on each block.
    static func real<T: PackedGEMM>(_: T.Type, _ a: Tensor, _ b: Tensor, shape: Shape, _ g: Geometry,
                                    _ offsets: [(Int, Int)]) throws -> Tensor {
        let pa = try hostPointer(a, as: T.self), pb = try hostPointer(b, as: T.self)
        let (out, o) = try allocateHost(T.self, dtype: a.dtype, shape: shape)
        guard shape.elementCount > 0 else { return out }
        try forEachBlock(g, batches: offsets.count) { batch, row0, rows in
            let (ao, bo) = offsets[batch]
            return T.gemm(rows, g.n, g.k, pa.value + ao + row0 * g.rsa, g.rsa, g.csa, pb.value + bo, g.rsb, g.csb,
                          o.value + batch * g.m * g.n + row0 * g.n, g.n, accumulate: false)
        }
        return out
    }

    /// complex64 and complex128 as four real GEMMs over the operands' real and imaginary parts
    /// (strided views, no copies): `re = Ar·Br − Ai·Bi`, `im = Ar·Bi + Ai·Br`. Eigen's complex
    /// kernel also keeps the products of real and of imaginary parts in separate sums.
    static func complex<C: ComplexScalar>(_: C.Type, _ a: Tensor, _ b: Tensor, shape: Shape, _ g: Geometry,
                                          _ offsets: [(Int, Int)]) throws -> Tensor where C.Part: PackedGEMM {
        typealias T = C.Part
        let pa = try hostPointer(a, as: C.self), pb = try hostPointer(b, as: C.self)
        let (out, o) = try allocateHost(C.self, dtype: a.dtype, shape: shape)
        guard shape.elementCount > 0 else { return out }
        // A part of complex element (i, p) is scalar 2 (i rs + p cs) (+ 1 for the imaginary part).
        let (rsa, csa, rsb, csb) = (2 * g.rsa, 2 * g.csa, 2 * g.rsb, 2 * g.csb)
        try forEachBlock(g, batches: offsets.count) { batch, row0, rows in
            let (ao, bo) = offsets[batch]
            let ar = UnsafeRawPointer(pa.value + ao + row0 * g.rsa).assumingMemoryBound(to: T.self), ai = ar + 1
            let br = UnsafeRawPointer(pb.value + bo).assumingMemoryBound(to: T.self), bi = br + 1
            let c = UnsafeMutableRawPointer(o.value + batch * g.m * g.n + row0 * g.n).assumingMemoryBound(to: T.self)
            let count = rows * g.n
            let first = UnsafeMutablePointer<T>.allocate(capacity: count), second = UnsafeMutablePointer<T>.allocate(capacity: count)
            defer { first.deallocate(); second.deallocate() }
            func gemm(_ x: UnsafePointer<T>, _ y: UnsafePointer<T>, into z: UnsafeMutablePointer<T>, accumulate: Bool) -> Bool {
                T.gemm(rows, g.n, g.k, x, rsa, csa, y, rsb, csb, z, g.n, accumulate: accumulate)
            }
            guard gemm(ar, br, into: first, accumulate: false), gemm(ai, bi, into: second, accumulate: false) else { return false }
            for j in 0..<count { c[2 * j] = first[j] - second[j] }
            guard gemm(ar, bi, into: first, accumulate: false), gemm(ai, br, into: first, accumulate: true) else { return false }
            for j in 0..<count { c[2 * j + 1] = first[j] }
            return true
        }
        return out
    }
}

/// A real type with a packed GEMM in the kernels library.
protocol PackedGEMM: MathFloat {
    /// `C = A·B` (or `C += A·B`): true, or false when the packing buffers could not be allocated.
    static func gemm(_ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Self>, _ rsa: Int, _ csa: Int,
                     _ b: UnsafePointer<Self>, _ rsb: Int, _ csb: Int, _ c: UnsafeMutablePointer<Self>, _ ldc: Int,
                     accumulate: Bool) -> Bool
}

extension Float: PackedGEMM {
    static func gemm(_ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Float>, _ rsa: Int, _ csa: Int,
                     _ b: UnsafePointer<Float>, _ rsb: Int, _ csb: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int,
                     accumulate: Bool) -> Bool {
        tb_sgemm(m, n, k, a, rsa, csa, b, rsb, csb, c, ldc, accumulate ? 1 : 0) == 0
    }
}

extension Double: PackedGEMM {
    static func gemm(_ m: Int, _ n: Int, _ k: Int, _ a: UnsafePointer<Double>, _ rsa: Int, _ csa: Int,
                     _ b: UnsafePointer<Double>, _ rsb: Int, _ csb: Int, _ c: UnsafeMutablePointer<Double>, _ ldc: Int,
                     accumulate: Bool) -> Bool {
        tb_dgemm(m, n, k, a, rsa, csa, b, rsb, csb, c, ldc, accumulate ? 1 : 0) == 0
    }
}
