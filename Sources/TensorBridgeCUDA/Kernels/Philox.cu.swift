/// Stateless random numbers: Philox4x32-10 with TensorFlow's counter layout and the
/// Box–Muller transform of FACTS §2. One thread runs one Philox call, which yields four
/// float32 values (elements 4t…4t+3), so element `j` depends only on `j` and the seed.
enum PhiloxKernelSource {
    static let normalFloat32 = "tb_philox_normal_f32"
    static let uniformFloat32 = "tb_philox_uniform_f32"
    /// Float32 values produced by one Philox call (TF's `kResultElementCount`).
    static let valuesPerCall = 4

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

    __device__ __forceinline__ float tb_unit(u32 x) {
        return __uint_as_float(0x3F800000u | (x & 0x7FFFFFu)) - 1.0f;
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

    __device__ __forceinline__ float tb_affine(float x, float scale, float shift) {
        return __fadd_rn(__fmul_rn(x, scale), shift);  // two roundings, no FMA
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
    """#
}
