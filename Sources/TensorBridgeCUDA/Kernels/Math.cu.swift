/// Element-wise math with the CPU kernels' semantics: NumPy broadcasting through per-input
/// strides (0 on broadcast dimensions) over at most ``maxRank`` collapsed dimensions; integers
/// wrap; floats read and write as TensorFlow's CPU kernels run, with x86 denormals-are-zero
/// and flush-to-zero (a subnormal operand or result is a zero of its sign), except `Neg` and
/// `Abs`, which only touch the sign bit there too.
///
/// `+ - * /`, `Maximum`, `Minimum`, the comparisons, `Sqrt`, `Square`, `Rsqrt` (`1 / sqrt`)
/// and `Relu` are correctly rounded IEEE operations on both sides (NVRTC divides and takes
/// square roots to nearest by default, and `--fmad=false` forbids contraction), so they are
/// bit-exact. `Exp`, `Log`, `Tanh` and `Sigmoid` use CUDA's libdevice (`expf` 2 ULP, `logf`
/// 1 ULP, `tanhf` 2 ULP, `exp`/`log` 1 ULP, `tanh` 2 ULP from the correctly rounded value,
/// per the CUDA Programming Guide's accuracy tables), so they agree with the CPU (glibc, or
/// Eigen's float32 `exp` polynomial) within 4 ULP, not bit for bit.
enum MathKernelSource {
    /// The largest rank (after merging dimensions that broadcast alike) the binary kernels take.
    static let maxRank = 8

    /// The dtypes the element-wise kernels cover, by kernel-name suffix.
    static let dtypeSuffixes: [(suffix: String, type: String)] = [("f32", "float"), ("f64", "double"), ("i32", "int"), ("i64", "i64")]

    /// Binary arithmetic (TensorFlow name → kernel stem; `RealDiv` is float-only).
    static let arithmetic: [(op: String, stem: String)] = [
        ("AddV2", "add"), ("Sub", "sub"), ("Mul", "mul"), ("RealDiv", "div"), ("Maximum", "maximum"), ("Minimum", "minimum"),
    ]
    /// Comparisons, bool (one byte) results.
    static let comparisons: [(op: String, stem: String)] = [
        ("Less", "less"), ("LessEqual", "less_equal"), ("Greater", "greater"), ("GreaterEqual", "greater_equal"),
        ("Equal", "equal"), ("NotEqual", "not_equal"),
    ]
    /// Unary float ops.
    static let unary: [(op: String, stem: String)] = [
        ("Neg", "neg"), ("Abs", "abs"), ("Square", "square"), ("Exp", "exp"), ("Log", "log"), ("Sqrt", "sqrt"),
        ("Rsqrt", "rsqrt"), ("Relu", "relu"), ("Sigmoid", "sigmoid"), ("Tanh", "tanh"),
    ]

    /// The kernel for a binary op stem and dtype suffix: `tb_add_f32`.
    static func binaryName(_ stem: String, _ suffix: String) -> String { "tb_\(stem)_\(suffix)" }
    /// The kernel for a unary op stem and float dtype suffix: `tb_exp_f64`.
    static func unaryName(_ stem: String, _ suffix: String) -> String { "tb_u\(stem)_\(suffix)" }

    /// Whether the binary op `stem` has an integer kernel (true division is float-only).
    static func hasIntegerKernel(_ stem: String) -> Bool { stem != "div" }

    /// Every kernel name this source defines.
    static var names: [String] {
        var names: [String] = []
        for (_, stem) in arithmetic + comparisons {
            for (suffix, _) in dtypeSuffixes where suffix.hasPrefix("f") || hasIntegerKernel(stem) {
                names.append(binaryName(stem, suffix))
            }
        }
        for (_, stem) in unary { for suffix in ["f32", "f64"] { names.append(unaryName(stem, suffix)) } }
        return names
    }

    static var source: String {
        var instances: [String] = []
        for (_, stem) in arithmetic {
            for (suffix, type) in dtypeSuffixes where suffix.hasPrefix("f") || hasIntegerKernel(stem) {
                instances.append("TB_BINARY(\(binaryName(stem, suffix)), tb_op_\(stem), \(type), \(type))")
            }
        }
        for (_, stem) in comparisons {
            for (suffix, type) in dtypeSuffixes {
                instances.append("TB_BINARY(\(binaryName(stem, suffix)), tb_op_\(stem), \(type), u8)")
            }
        }
        for (_, stem) in unary {
            instances.append("TB_UNARY(\(unaryName(stem, "f32")), tb_op_\(stem), float)")
            instances.append("TB_UNARY(\(unaryName(stem, "f64")), tb_op_\(stem), double)")
        }
        return prelude + instances.joined(separator: "\n") + "\n"
    }

    private static let prelude = #"""
    #define TB_MAX_RANK 8
    // Output dimensions (outermost first) and each input's element strides over them.
    struct tb_bcast { i64 dims[TB_MAX_RANK]; i64 xs[TB_MAX_RANK]; i64 ys[TB_MAX_RANK]; i64 rank; };

    // x86 denormals-are-zero / flush-to-zero, as TensorFlow's CPU kernels run: a subnormal
    // reads and writes as a zero of its sign. Integers and bools pass through.
    __device__ __forceinline__ float tb_flush(float x) { return fabsf(x) < 1.17549435e-38f ? copysignf(0.0f, x) : x; }
    __device__ __forceinline__ double tb_flush(double x) { return fabs(x) < 2.2250738585072014e-308 ? copysign(0.0, x) : x; }
    template <typename T> __device__ __forceinline__ T tb_flush(T x) { return x; }

    // Integers wrap on overflow (TensorFlow's), so they compute in the unsigned type.
    #define TB_ARITH(name, op) struct name { \
        __device__ static float f(float a, float b) { return tb_flush(tb_flush(a) op tb_flush(b)); } \
        __device__ static double f(double a, double b) { return tb_flush(tb_flush(a) op tb_flush(b)); } \
        __device__ static int f(int a, int b) { return (int)((u32)a op (u32)b); } \
        __device__ static i64 f(i64 a, i64 b) { return (i64)((u64)a op (u64)b); } };
    TB_ARITH(tb_op_add, +)
    TB_ARITH(tb_op_sub, -)
    TB_ARITH(tb_op_mul, *)
    struct tb_op_div {
        __device__ static float f(float a, float b) { return tb_flush(tb_flush(a) / tb_flush(b)); }
        __device__ static double f(double a, double b) { return tb_flush(tb_flush(a) / tb_flush(b)); }
    };
    // NaN propagates (the first NaN operand); ties, ±0 included, give the second operand, as
    // x86's maxps/minps do.
    struct tb_op_maximum {
        template <typename T> __device__ static T f(T a, T b) {
            a = tb_flush(a); b = tb_flush(b);
            return a != a ? a : b != b ? b : (a > b ? a : b);
        }
    };
    struct tb_op_minimum {
        template <typename T> __device__ static T f(T a, T b) {
            a = tb_flush(a); b = tb_flush(b);
            return a != a ? a : b != b ? b : (a < b ? a : b);
        }
    };
    #define TB_COMPARE(name, op) struct name { \
        template <typename T> __device__ static u8 f(T a, T b) { return (u8)(tb_flush(a) op tb_flush(b)); } };
    TB_COMPARE(tb_op_less, <)
    TB_COMPARE(tb_op_less_equal, <=)
    TB_COMPARE(tb_op_greater, >)
    TB_COMPARE(tb_op_greater_equal, >=)
    TB_COMPARE(tb_op_equal, ==)
    TB_COMPARE(tb_op_not_equal, !=)

    // One thread per output element: the element's coordinates give each input's offset.
    template <typename F, typename T, typename R>
    __device__ __forceinline__ void tb_binary(const T *x, const T *y, R *out, u64 n, const tb_bcast &b) {
        TB_FOR(i, n) {
            u64 r = i;
            i64 ox = 0, oy = 0;
            for (i64 d = b.rank - 1; d >= 0; --d) {
                const u64 dim = (u64)b.dims[d], q = r / dim, c = r - q * dim;
                ox += (i64)c * b.xs[d];
                oy += (i64)c * b.ys[d];
                r = q;
            }
            out[i] = F::f(x[ox], y[oy]);
        }
    }
    #define TB_BINARY(kname, F, T, R) extern "C" __global__ void kname(const T *x, const T *y, R *out, u64 n, tb_bcast b) { \
        tb_binary<F, T, R>(x, y, out, n, b); }

    // Unary float ops; see MathKernelSource for which flush and how accurate each is.
    struct tb_op_neg { template <typename T> __device__ static T f(T a) { return -a; } };
    struct tb_op_abs {
        __device__ static float f(float a) { return fabsf(a); }
        __device__ static double f(double a) { return fabs(a); }
    };
    struct tb_op_square { template <typename T> __device__ static T f(T a) { a = tb_flush(a); return tb_flush(a * a); } };
    struct tb_op_exp {
        __device__ static float f(float a) { return tb_flush(expf(tb_flush(a))); }
        __device__ static double f(double a) { return tb_flush(exp(tb_flush(a))); }
    };
    struct tb_op_log {
        __device__ static float f(float a) { return logf(tb_flush(a)); }
        __device__ static double f(double a) { return log(tb_flush(a)); }
    };
    struct tb_op_sqrt {
        __device__ static float f(float a) { return sqrtf(tb_flush(a)); }
        __device__ static double f(double a) { return sqrt(tb_flush(a)); }
    };
    // 1 / sqrt(x), both correctly rounded, as the CPU computes it (not the approximate rsqrtf).
    struct tb_op_rsqrt {
        __device__ static float f(float a) { return tb_flush(1.0f / sqrtf(tb_flush(a))); }
        __device__ static double f(double a) { return tb_flush(1.0 / sqrt(tb_flush(a))); }
    };
    // NaN stays NaN; -0 and negatives give +0.
    struct tb_op_relu { template <typename T> __device__ static T f(T a) { return a != a ? a : a > (T)0 ? tb_flush(a) : (T)0; } };
    struct tb_op_sigmoid {
        __device__ static float f(float a) { return tb_flush(1.0f / (1.0f + expf(-tb_flush(a)))); }
        __device__ static double f(double a) { return tb_flush(1.0 / (1.0 + exp(-tb_flush(a)))); }
    };
    struct tb_op_tanh {
        __device__ static float f(float a) { return tb_flush(tanhf(tb_flush(a))); }
        __device__ static double f(double a) { return tb_flush(tanh(tb_flush(a))); }
    };
    #define TB_UNARY(kname, F, T) extern "C" __global__ void kname(const T *x, T *out, u64 n) { \
        TB_FOR(i, n) out[i] = F::f(x[i]); }

    """#
}
