/// Reductions over `[outer, reduced, inner]` of a contiguous buffer: one block of
/// ``threads`` threads per task (grid-stride over the tasks), each thread folding a strided
/// share of the task's run, then a shared-memory tree. A task is one output's whole run, or,
/// when few outputs have long runs, one chunk of it, whose partial results a second launch
/// folds (see `CUDABackend.reductionPasses`). Floats read and write as
/// the CPU kernels run (denormals-are-zero, flush-to-zero); `Max` lets NaN win and starts at
/// -inf (an empty max); integer sums wrap. Float sums add in a different order from the CPU,
/// so they agree to rounding, not bit for bit; `Max` and integer sums are exact.
enum ReduceKernelSource {
    /// Threads per block: a power of two, which the tree needs.
    static let threads = 256

    /// TensorFlow name → kernel stem, and the dtype suffixes each covers (`Mean` is float-only:
    /// TensorFlow's integer mean sums in 64 bits, which this kernel does not).
    static let reductions: [(op: String, stem: String, suffixes: [String])] = [
        ("Sum", "sum", ["f32", "f64", "i32", "i64"]), ("Max", "max", ["f32", "f64", "i32", "i64"]), ("Mean", "mean", ["f32", "f64"]),
    ]

    /// The kernel for a reduction stem and dtype suffix: `tb_reduce_sum_f32`.
    static func name(_ stem: String, _ suffix: String) -> String { "tb_reduce_\(stem)_\(suffix)" }

    /// Every kernel name this source defines.
    static var names: [String] { reductions.flatMap { r in r.suffixes.map { name(r.stem, $0) } } }

    static var source: String {
        let types = ["f32": "float", "f64": "double", "i32": "int", "i64": "i64"]
        let instances = reductions.flatMap { r in
            r.suffixes.map { "TB_REDUCE(\(name(r.stem, $0)), tb_red_\(r.stem), \(types[$0] ?? "float"))" }
        }
        return prelude + instances.joined(separator: "\n") + "\n"
    }

    private static let prelude = #"""
    #define TB_REDUCE_THREADS 256
    struct tb_red_sum {
        __device__ static float initial(float) { return 0.0f; }
        __device__ static double initial(double) { return 0.0; }
        __device__ static int initial(int) { return 0; }
        __device__ static i64 initial(i64) { return 0; }
        template <typename T> __device__ static T combine(T a, T b) { return tb_flush(a + b); }
        __device__ static int combine(int a, int b) { return (int)((u32)a + (u32)b); }
        __device__ static i64 combine(i64 a, i64 b) { return (i64)((u64)a + (u64)b); }
        template <typename T> __device__ static T finish(T a, u64) { return tb_flush(a); }
    };
    struct tb_red_mean {
        template <typename T> __device__ static T initial(T) { return (T)0; }
        template <typename T> __device__ static T combine(T a, T b) { return tb_flush(a + b); }
        template <typename T> __device__ static T finish(T a, u64 count) { return tb_flush(a / (T)count); }
    };
    struct tb_red_max {
        __device__ static float initial(float) { return __int_as_float(0xff800000); }
        __device__ static double initial(double) { return __longlong_as_double(0xfff0000000000000LL); }
        __device__ static int initial(int) { return (int)0x80000000u; }
        __device__ static i64 initial(i64) { return (i64)0x8000000000000000ULL; }
        // NaN wins, whichever side it is on.
        template <typename T> __device__ static T combine(T a, T b) { return (b > a || b != b) ? b : a; }
        template <typename T> __device__ static T finish(T a, u64) { return tb_flush(a); }
    };

    // Task t is chunk t % chunks of output t / chunks: elements [c * chunk, (c + 1) * chunk)
    // of its run; its result goes to out[t], finished with `count` (the mean's divisor).
    template <typename R, typename T>
    __device__ __forceinline__ void tb_reduce(const T *x, T *out, u64 tasks, u64 chunks, u64 chunk, u64 reduced, u64 inner,
                                              u64 count) {
        __shared__ T partial[TB_REDUCE_THREADS];
        for (u64 t = blockIdx.x; t < tasks; t += gridDim.x) {
            const u64 o = t / chunks, c = t - o * chunks;
            const u64 row = o / inner, j = o - row * inner;
            const u64 begin = c * chunk, end = reduced - begin < chunk ? reduced : begin + chunk;
            const T *base = x + row * reduced * inner + j;
            T acc = R::initial((T)0);
            for (u64 k = begin + threadIdx.x; k < end; k += blockDim.x) acc = R::combine(acc, tb_flush(base[k * inner]));
            partial[threadIdx.x] = acc;
            __syncthreads();
            for (u32 s = blockDim.x / 2; s > 0; s >>= 1) {
                if (threadIdx.x < s) partial[threadIdx.x] = R::combine(partial[threadIdx.x], partial[threadIdx.x + s]);
                __syncthreads();
            }
            if (threadIdx.x == 0) out[t] = R::finish(partial[0], count);
            __syncthreads();  // the next output reuses `partial`
        }
    }
    #define TB_REDUCE(kname, R, T) extern "C" __global__ void kname(const T *x, T *out, u64 tasks, u64 chunks, u64 chunk, \
                                                                  u64 reduced, u64 inner, u64 count) { \
        tb_reduce<R, T>(x, out, tasks, chunks, chunk, reduced, inner, count); }

    """#
}
