/// Philox random numbers: Philox4x32-10 with TensorFlow's counter layout and the
/// distributions of `random_distributions.h`. One thread runs one Philox call and writes
/// that call's values (four for 32- and 16-bit floats, two for float64), so element `j`
/// depends only on `j` and the seed, as on the CPU.
enum PhiloxKernelSource {
    /// Kernel names by (distribution, dtype name).
    static let names: [String: String] = [
        "normal/float32": "tb_philox_normal_f32", "uniform/float32": "tb_philox_uniform_f32",
        "normal/float64": "tb_philox_normal_f64", "uniform/float64": "tb_philox_uniform_f64",
        "normal/float16": "tb_philox_normal_f16", "uniform/float16": "tb_philox_uniform_f16",
        "normal/bfloat16": "tb_philox_normal_bf16", "uniform/bfloat16": "tb_philox_uniform_bf16",
    ]

    /// Values one Philox call yields for a dtype of `byteSize` bytes (TF's `kResultElementCount`).
    static func valuesPerCall(byteSize: Int) -> Int { byteSize == 8 ? 2 : 4 }

    static let source = #"""
    struct tb_philox_key { u32 k0, k1; };
    struct tb_philox_counter { u32 c0, c1, c2, c3; };

    // The counter is a 128-bit little-endian number; add a 64-bit offset with carries.
    __device__ __forceinline__ uint4 tb_counter_add(tb_philox_counter c, u64 offset) {
        u64 low = ((u64)c.c1 << 32 | c.c0);
        u64 sum = low + offset;
        u64 high = ((u64)c.c3 << 32 | c.c2) + (sum < low ? 1ull : 0ull);
        return make_uint4((u32)sum, (u32)(sum >> 32), (u32)high, (u32)(high >> 32));
    }

    __device__ __forceinline__ uint4 tb_philox(uint4 c, tb_philox_key key) {
        u32 k0 = key.k0, k1 = key.k1;
        #pragma unroll
        for (int round = 0; round < 10; ++round) {
            u32 lo0 = 0xD2511F53u * c.x, hi0 = __umulhi(0xD2511F53u, c.x);
            u32 lo1 = 0xCD9E8D57u * c.z, hi1 = __umulhi(0xCD9E8D57u, c.z);
            c = make_uint4(hi1 ^ c.y ^ k0, lo1, hi0 ^ c.w ^ k1, lo0);
            k0 += 0x9E3779B9u;  // raised after every round; the tenth raise is never used
            k1 += 0xBB67AE85u;
        }
        return c;
    }

    // Uint32ToFloat: 23 mantissa bits under exponent 0, minus one.
    __device__ __forceinline__ float tb_unit(u32 x) {
        return __uint_as_float(0x3F800000u | (x & 0x7FFFFFu)) - 1.0f;
    }

    // Uint64ToDouble: 20 bits of hi and 32 of lo as the mantissa, minus one.
    __device__ __forceinline__ double tb_unit_double(u32 hi, u32 lo) {
        u64 bits = (1023ull << 52) | ((u64)(hi & 0xFFFFFu) << 32) | (u64)lo;
        return __longlong_as_double((long long)bits) - 1.0;
    }

    // TF's BoxMullerFloat: the angle's product is taken in double, then rounded once.
    __device__ __forceinline__ float2 tb_box_muller(u32 x0, u32 x1) {
        float u1 = fmaxf(tb_unit(x0), 1.0e-7f);
        float v1 = (float)(2.0 * 3.14159265358979323846 * (double)tb_unit(x1));
        float u2 = sqrtf(__fmul_rn(-2.0f, logf(u1)));
        float s, c;
        sincosf(v1, &s, &c);
        return make_float2(__fmul_rn(s, u2), __fmul_rn(c, u2));
    }

    // TF's BoxMullerDouble: four words make two doubles.
    __device__ __forceinline__ double2 tb_box_muller_double(uint4 w) {
        double u1 = fmax(tb_unit_double(w.x, w.y), 1.0e-7);
        double v1 = __dmul_rn(2.0 * 3.14159265358979323846, tb_unit_double(w.z, w.w));
        double u2 = sqrt(__dmul_rn(-2.0, log(u1)));
        double s, c;
        sincos(v1, &s, &c);
        return make_double2(__dmul_rn(s, u2), __dmul_rn(c, u2));
    }

    // float <-> half and bfloat16 by bits, rounding to nearest even (NVRTC needs no headers).
    __device__ __forceinline__ float tb_half_to_float(u16 h) {
        u32 sign = (u32)(h & 0x8000u) << 16, exp = (h >> 10) & 0x1Fu, man = h & 0x3FFu;
        if (exp == 0x1Fu) return __uint_as_float(sign | 0x7F800000u | (man << 13));
        if (exp != 0) return __uint_as_float(sign | ((exp + 112u) << 23) | (man << 13));
        float v = (float)man * 5.9604644775390625e-8f;                 // subnormal: man * 2^-24, exact
        return sign ? -v : v;
    }
    __device__ __forceinline__ u16 tb_float_to_half(float f) {
        u32 x = __float_as_uint(f), sign = (x >> 16) & 0x8000u, ax = x & 0x7FFFFFFFu;
        if (ax > 0x7F800000u) return (u16)(sign | 0x7E00u);             // NaN
        if (ax >= 0x477FF000u) return (u16)(sign | 0x7C00u);            // rounds to infinity
        if (ax >= 0x38800000u) {                                        // normal half
            u32 r = ax - 0x38000000u;                                   // rebias 127 -> 15
            r = r + 0xFFFu + ((r >> 13) & 1u);
            return (u16)(sign | (r >> 13));
        }
        if (ax < 0x33000001u) return (u16)sign;                         // below half the smallest subnormal
        u32 e = ax >> 23, m = (ax & 0x7FFFFFu) | 0x800000u;             // subnormal half
        u32 shift = 126u - e;                                           // value / 2^-24 = m * 2^(e - 126)
        u32 q = m >> shift, rem = m & ((1u << shift) - 1u), halfway = 1u << (shift - 1u);
        if (rem > halfway || (rem == halfway && (q & 1u))) q += 1u;
        return (u16)(sign | q);
    }
    __device__ __forceinline__ float tb_bf16_to_float(u16 b) { return __uint_as_float((u32)b << 16); }
    __device__ __forceinline__ u16 tb_float_to_bf16(float f) {
        u32 bits = __float_as_uint(f);
        if ((bits & 0x7FFFFFFFu) > 0x7F800000u) return (bits & 0x80000000u) ? 0xFFC0 : 0x7FC0;
        return (u16)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
    }

    // x*scale + shift with two roundings and no FMA, in each dtype's own arithmetic: half types
    // compute each step in float and round back, as Eigen's half/bfloat16 operators do.
    __device__ __forceinline__ float tb_affine(float x, float scale, float shift) {
        return __fadd_rn(__fmul_rn(x, scale), shift);
    }
    __device__ __forceinline__ double tb_affine_double(double x, double scale, double shift) {
        return __dadd_rn(__dmul_rn(x, scale), shift);
    }
    __device__ __forceinline__ u16 tb_affine_half(u16 x, u16 scale, u16 shift) {
        u16 p = tb_float_to_half(__fmul_rn(tb_half_to_float(x), tb_half_to_float(scale)));
        return tb_float_to_half(__fadd_rn(tb_half_to_float(p), tb_half_to_float(shift)));
    }
    __device__ __forceinline__ u16 tb_affine_bf16(u16 x, u16 scale, u16 shift) {
        u16 p = tb_float_to_bf16(__fmul_rn(tb_bf16_to_float(x), tb_bf16_to_float(scale)));
        return tb_float_to_bf16(__fadd_rn(tb_bf16_to_float(p), tb_bf16_to_float(shift)));
    }

    extern "C" __global__ void tb_philox_normal_f32(float *out, u64 n, tb_philox_key key,
                                                    tb_philox_counter counter, float scale, float shift) {
        TB_FOR(t, (n + 3) / 4) {
            uint4 r = tb_philox(tb_counter_add(counter, t), key);
            float2 a = tb_box_muller(r.x, r.y), b = tb_box_muller(r.z, r.w);
            float v[4] = {a.x, a.y, b.x, b.y};
            for (int k = 0; k < 4 && 4 * t + k < n; ++k) out[4 * t + k] = tb_affine(v[k], scale, shift);
        }
    }

    extern "C" __global__ void tb_philox_uniform_f32(float *out, u64 n, tb_philox_key key,
                                                     tb_philox_counter counter, float scale, float shift) {
        TB_FOR(t, (n + 3) / 4) {
            uint4 r = tb_philox(tb_counter_add(counter, t), key);
            u32 w[4] = {r.x, r.y, r.z, r.w};
            for (int k = 0; k < 4 && 4 * t + k < n; ++k) out[4 * t + k] = tb_affine(tb_unit(w[k]), scale, shift);
        }
    }

    extern "C" __global__ void tb_philox_normal_f64(double *out, u64 n, tb_philox_key key,
                                                    tb_philox_counter counter, double scale, double shift) {
        TB_FOR(t, (n + 1) / 2) {
            double2 v = tb_box_muller_double(tb_philox(tb_counter_add(counter, t), key));
            out[2 * t] = tb_affine_double(v.x, scale, shift);
            if (2 * t + 1 < n) out[2 * t + 1] = tb_affine_double(v.y, scale, shift);
        }
    }

    extern "C" __global__ void tb_philox_uniform_f64(double *out, u64 n, tb_philox_key key,
                                                     tb_philox_counter counter, double scale, double shift) {
        TB_FOR(t, (n + 1) / 2) {
            uint4 r = tb_philox(tb_counter_add(counter, t), key);
            out[2 * t] = tb_affine_double(tb_unit_double(r.x, r.y), scale, shift);
            if (2 * t + 1 < n) out[2 * t + 1] = tb_affine_double(tb_unit_double(r.z, r.w), scale, shift);
        }
    }

    // float16/bfloat16 normals are float32 normals rounded to the dtype, then scaled in it.
    extern "C" __global__ void tb_philox_normal_f16(u16 *out, u64 n, tb_philox_key key,
                                                    tb_philox_counter counter, u16 scale, u16 shift) {
        TB_FOR(t, (n + 3) / 4) {
            uint4 r = tb_philox(tb_counter_add(counter, t), key);
            float2 a = tb_box_muller(r.x, r.y), b = tb_box_muller(r.z, r.w);
            float v[4] = {a.x, a.y, b.x, b.y};
            for (int k = 0; k < 4 && 4 * t + k < n; ++k)
                out[4 * t + k] = tb_affine_half(tb_float_to_half(v[k]), scale, shift);
        }
    }

    extern "C" __global__ void tb_philox_normal_bf16(u16 *out, u64 n, tb_philox_key key,
                                                     tb_philox_counter counter, u16 scale, u16 shift) {
        TB_FOR(t, (n + 3) / 4) {
            uint4 r = tb_philox(tb_counter_add(counter, t), key);
            float2 a = tb_box_muller(r.x, r.y), b = tb_box_muller(r.z, r.w);
            float v[4] = {a.x, a.y, b.x, b.y};
            for (int k = 0; k < 4 && 4 * t + k < n; ++k)
                out[4 * t + k] = tb_affine_bf16(tb_float_to_bf16(v[k]), scale, shift);
        }
    }

    // Uint16ToHalf: 10 low bits under exponent 0, minus one (exact in half).
    extern "C" __global__ void tb_philox_uniform_f16(u16 *out, u64 n, tb_philox_key key,
                                                     tb_philox_counter counter, u16 scale, u16 shift) {
        TB_FOR(t, (n + 3) / 4) {
            uint4 r = tb_philox(tb_counter_add(counter, t), key);
            u32 w[4] = {r.x, r.y, r.z, r.w};
            for (int k = 0; k < 4 && 4 * t + k < n; ++k) {
                u16 u = tb_float_to_half(tb_half_to_float((u16)(0x3C00u | (w[k] & 0x3FFu))) - 1.0f);
                out[4 * t + k] = tb_affine_half(u, scale, shift);
            }
        }
    }

    // Uint16ToGfloat16: 7 low bits under exponent 0, minus one (exact in bfloat16).
    extern "C" __global__ void tb_philox_uniform_bf16(u16 *out, u64 n, tb_philox_key key,
                                                      tb_philox_counter counter, u16 scale, u16 shift) {
        TB_FOR(t, (n + 3) / 4) {
            uint4 r = tb_philox(tb_counter_add(counter, t), key);
            u32 w[4] = {r.x, r.y, r.z, r.w};
            for (int k = 0; k < 4 && 4 * t + k < n; ++k) {
                u16 u = tb_float_to_bf16(tb_bf16_to_float((u16)(0x3F80u | (w[k] & 0x7Fu))) - 1.0f);
                out[4 * t + k] = tb_affine_bf16(u, scale, shift);
            }
        }
    }
    """#
}
