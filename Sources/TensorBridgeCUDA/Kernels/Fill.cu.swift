/// Fill: writes one element into every element, for 1-, 2-, 4-, 8- and 16-byte dtypes. The
/// `_from_` kernels read the element from device memory (a default value already on the GPU).
enum FillKernelSource {
    /// Kernel names by element size in bytes: the element passed by value.
    static let names: [Int: String] = [1: "tb_fill_1", 2: "tb_fill_2", 4: "tb_fill_4", 8: "tb_fill_8", 16: "tb_fill_16"]
    /// Kernel names by element size in bytes: the element read from a device address.
    static let fromDeviceNames: [Int: String] = [1: "tb_fill_from_1", 2: "tb_fill_from_2", 4: "tb_fill_from_4",
                                                 8: "tb_fill_from_8", 16: "tb_fill_from_16"]

    static let source = #"""
    struct tb_u128 { u64 lo, hi; };
    #define TB_FILL(NAME, FROM, T) \
    extern "C" __global__ void NAME(T *out, T value, u64 n) { TB_FOR(i, n) out[i] = value; } \
    extern "C" __global__ void FROM(T *out, const T *value, u64 n) { T v = *value; TB_FOR(i, n) out[i] = v; }
    TB_FILL(tb_fill_1, tb_fill_from_1, u8)
    TB_FILL(tb_fill_2, tb_fill_from_2, u16)
    TB_FILL(tb_fill_4, tb_fill_from_4, u32)
    TB_FILL(tb_fill_8, tb_fill_from_8, u64)
    TB_FILL(tb_fill_16, tb_fill_from_16, tb_u128)
    """#
}
