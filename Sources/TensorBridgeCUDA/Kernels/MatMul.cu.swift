/// `MatMul` / `BatchMatMulV2` for float32 and float64: one block of 16×16 threads per 16×16
/// output tile (grid-stride over tiles and batches), both operands staged through shared
/// memory a 16-wide slice of `k` at a time. Correctness first: no register blocking, no
/// tensor cores, far from cuBLAS. Each output adds its products in ascending `k`, one rounded
/// multiply and one rounded add per step (no FMA: `--fmad=false`), flushed as the CPU runs;
/// the CPU's packed GEMM blocks `k` and fuses multiply-adds, so both dtypes agree with it to
/// rounding, not bit for bit.
enum MatMulKernelSource {
    /// Tile edge; a block is `tile * tile` threads.
    static let tile = 16
    static let float32 = "tb_matmul_f32"
    static let float64 = "tb_matmul_f64"

    static let source = #"""
    #define TB_TILE 16
    // Sizes, element strides (a row and a column of each operand) and batch strides (0: the
    // one matrix serves every batch).
    struct tb_mm { u64 m, n, k; i64 rsa, csa, rsb, csb; u64 batches; i64 batch_a, batch_b; };

    template <typename T>
    __device__ __forceinline__ void tb_matmul(const T *a, const T *b, T *c, const tb_mm &g) {
        __shared__ T as[TB_TILE][TB_TILE + 1];
        __shared__ T bs[TB_TILE][TB_TILE + 1];
        const u32 tx = threadIdx.x % TB_TILE, ty = threadIdx.x / TB_TILE;
        const u64 tiles_m = (g.m + TB_TILE - 1) / TB_TILE, tiles_n = (g.n + TB_TILE - 1) / TB_TILE;
        const u64 per_batch = tiles_m * tiles_n, total = per_batch * g.batches;
        for (u64 t = blockIdx.x; t < total; t += gridDim.x) {
            const u64 batch = t / per_batch, rest = t - batch * per_batch, tm = rest / tiles_n, tn = rest - tm * tiles_n;
            const T *pa = a + (i64)batch * g.batch_a, *pb = b + (i64)batch * g.batch_b;
            const u64 row = tm * TB_TILE + ty, col = tn * TB_TILE + tx;
            T acc = (T)0;
            for (u64 k0 = 0; k0 < g.k; k0 += TB_TILE) {
                const u64 ka = k0 + tx, kb = k0 + ty;
                as[ty][tx] = (row < g.m && ka < g.k) ? tb_flush(pa[(i64)row * g.rsa + (i64)ka * g.csa]) : (T)0;
                bs[ty][tx] = (kb < g.k && col < g.n) ? tb_flush(pb[(i64)kb * g.rsb + (i64)col * g.csb]) : (T)0;
                __syncthreads();
                const u64 steps = g.k - k0 < TB_TILE ? g.k - k0 : TB_TILE;
                for (u64 p = 0; p < steps; ++p) acc = tb_flush(acc + tb_flush(as[ty][p] * bs[p][tx]));
                __syncthreads();
            }
            if (row < g.m && col < g.n) c[(batch * g.m + row) * g.n + col] = acc;
        }
    }
    extern "C" __global__ void tb_matmul_f32(const float *a, const float *b, float *c, tb_mm g) { tb_matmul<float>(a, b, c, g); }
    extern "C" __global__ void tb_matmul_f64(const double *a, const double *b, double *c, tb_mm g) { tb_matmul<double>(a, b, c, g); }

    """#
}
