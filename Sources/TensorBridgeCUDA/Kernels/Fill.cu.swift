/// Fill: writes one bit pattern into every element, for 1-, 2-, 4- and 8-byte dtypes.
enum FillKernelSource {
    /// Kernel names by element size in bytes.
    static let names: [Int: String] = [1: "tb_fill_1", 2: "tb_fill_2", 4: "tb_fill_4", 8: "tb_fill_8"]

    static let source = #"""
    extern "C" __global__ void tb_fill_1(u8 *out, u8 value, u64 n) { TB_FOR(i, n) out[i] = value; }
    extern "C" __global__ void tb_fill_2(u16 *out, u16 value, u64 n) { TB_FOR(i, n) out[i] = value; }
    extern "C" __global__ void tb_fill_4(u32 *out, u32 value, u64 n) { TB_FOR(i, n) out[i] = value; }
    extern "C" __global__ void tb_fill_8(u64 *out, u64 value, u64 n) { TB_FOR(i, n) out[i] = value; }
    """#
}
