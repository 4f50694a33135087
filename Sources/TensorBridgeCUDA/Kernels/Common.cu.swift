/// CUDA C shared by every kernel: fixed-width types (NVRTC has no system headers) and the
/// grid-stride loop.
enum CommonKernelSource {
    static let source = #"""
    typedef unsigned char u8;
    typedef unsigned short u16;
    typedef unsigned int u32;
    typedef unsigned long long u64;
    typedef long long i64;
    // Every kernel covers [0, n) whatever the grid size (see LaunchConfiguration).
    #define TB_FOR(i, n) for (u64 i = (u64)blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
                              i += (u64)gridDim.x * blockDim.x)
    """#
}
