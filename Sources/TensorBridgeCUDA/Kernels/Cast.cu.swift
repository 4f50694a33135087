/// Casts from float32 with the CPU backend's exact semantics, TensorFlow's vectorized x86
/// path for every element: cvttps2dq (out of range and NaN give Int32.min), float → uint8
/// through int32 then saturating packs (NaN → 0), and float32 → bfloat16 rounded to nearest
/// even with every NaN the positive quiet NaN.
enum CastKernelSource {
    static let float32ToInt32 = "tb_cast_f32_i32"
    static let float32ToUInt8 = "tb_cast_f32_u8"
    static let float32ToBFloat16 = "tb_cast_f32_bf16"

    static let source = #"""
    // x86 cvttss2si: out-of-range and NaN give INT_MIN. CUDA's own (int)x saturates, so the
    // range test is explicit; NaN fails both comparisons.
    __device__ __forceinline__ int tb_f32_to_i32(float x) {
        return (x >= -2147483648.0f && x < 2147483648.0f) ? (int)x : (int)0x80000000u;
    }
    extern "C" __global__ void tb_cast_f32_i32(const float *in, int *out, u64 n) {
        TB_FOR(i, n) out[i] = tb_f32_to_i32(in[i]);
    }
    // float -> uint8 saturates the int32 result, as x86's packs/packus do: -1 -> 0,
    // 300 -> 255, NaN and out of int32 range -> 0 (Int32.min saturates to 0).
    extern "C" __global__ void tb_cast_f32_u8(const float *in, u8 *out, u64 n) {
        TB_FOR(i, n) {
            int v = tb_f32_to_i32(in[i]);
            out[i] = (u8)(v < 0 ? 0 : v > 255 ? 255 : v);
        }
    }
    // Round to nearest even; every NaN becomes the positive quiet NaN (Eigen's packet path).
    extern "C" __global__ void tb_cast_f32_bf16(const float *in, u16 *out, u64 n) {
        TB_FOR(i, n) {
            u32 bits = __float_as_uint(in[i]);
            if ((bits & 0x7FFFFFFFu) > 0x7F800000u) {
                out[i] = 0x7FC0;
            } else {
                out[i] = (u16)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
            }
        }
    }
    """#
}
