/// Casts from float32 with the CPU backend's exact semantics: x86's cvttss2si (out of range
/// and NaN give Int32.min), float → uint8 through int32 then truncation (wrapping), and
/// float32 → bfloat16 rounded to nearest even with NaN kept quiet.
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
    // float -> uint8 wraps through int32, as on x86: -1 -> 255, 300 -> 44, NaN -> 0.
    extern "C" __global__ void tb_cast_f32_u8(const float *in, u8 *out, u64 n) {
        TB_FOR(i, n) out[i] = (u8)(u32)tb_f32_to_i32(in[i]);
    }
    // Round to nearest even; NaN becomes the canonical quiet NaN with the input's sign (Eigen).
    extern "C" __global__ void tb_cast_f32_bf16(const float *in, u16 *out, u64 n) {
        TB_FOR(i, n) {
            u32 bits = __float_as_uint(in[i]);
            if ((bits & 0x7FFFFFFFu) > 0x7F800000u) {
                out[i] = (bits & 0x80000000u) ? 0xFFC0 : 0x7FC0;
            } else {
                out[i] = (u16)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
            }
        }
    }
    """#
}
