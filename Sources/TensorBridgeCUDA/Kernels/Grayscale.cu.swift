/// `rgb_to_grayscale`: `(r*0.2989f + g*0.587f) + b*0.114f`, each step rounded, no FMA
/// (spelled with `__fmul_rn`/`__fadd_rn`, which are never contracted), bit-exact with TF.
enum GrayscaleKernelSource {
    static let float32 = "tb_gray_f32"
    static let uint8 = "tb_gray_u8"

    static let source = #"""
    __device__ __forceinline__ float tb_gray(float r, float g, float b) {
        return __fadd_rn(__fadd_rn(__fmul_rn(r, 0.2989f), __fmul_rn(g, 0.587f)), __fmul_rn(b, 0.114f));
    }
    extern "C" __global__ void tb_gray_f32(const float *in, float *out, u64 pixels) {
        TB_FOR(p, pixels) out[p] = tb_gray(in[3 * p], in[3 * p + 1], in[3 * p + 2]);
    }
    // uint8: x * float(1/255) (a multiply, not a divide), gray, then trunc(gray * 255.5).
    extern "C" __global__ void tb_gray_u8(const u8 *in, u8 *out, u64 pixels) {
        const float s = 0.003921568859368562698364257812f;  // Float(1.0 / 255.0)
        TB_FOR(p, pixels) {
            float g = tb_gray(__fmul_rn((float)in[3 * p], s), __fmul_rn((float)in[3 * p + 1], s),
                              __fmul_rn((float)in[3 * p + 2], s));
            out[p] = (u8)truncf(__fmul_rn(g, 255.5f));
        }
    }
    """#
}
