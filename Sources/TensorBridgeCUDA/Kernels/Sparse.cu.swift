/// Sparse `to_dense`: validation, then a scatter into an output already filled with the
/// default (``FillKernelSource``), the last duplicate winning when indices are not validated.
enum SparseKernelSource {
    static let validate = "tb_sparse_validate"
    static let scatterByElementSize: [Int: String] = [1: "tb_sparse_scatter_1", 2: "tb_sparse_scatter_2",
                                                      4: "tb_sparse_scatter_4", 8: "tb_sparse_scatter_8",
                                                      16: "tb_sparse_scatter_16"]
    static let claimLast = "tb_sparse_claim_last"
    /// The most dense dimensions the kernels take (the shape travels by value in the launch).
    static let maxRank = 8

    static let source = #"""
    struct tb_dense_shape { i64 dims[8]; int rank; };

    __device__ __forceinline__ bool tb_offset(const i64 *row, tb_dense_shape s, i64 *offset) {
        i64 o = 0;
        for (int d = 0; d < s.rank; ++d) {
            if (row[d] < 0 || row[d] >= s.dims[d]) return false;
            o = o * s.dims[d] + row[d];
        }
        *offset = o;
        return true;
    }

    // First failing row wins: result = min over rows of (row << 2 | code), code 1 = out of
    // bounds, 2 = out of order, 3 = repeated. With check_order = 0 only bounds are checked.
    extern "C" __global__ void tb_sparse_validate(const i64 *indices, u64 nnz, tb_dense_shape s,
                                                  int check_order, u64 *result) {
        TB_FOR(i, nnz) {
            const i64 *row = indices + i * s.rank;
            i64 offset;
            u64 code = 0;
            if (!tb_offset(row, s, &offset)) {
                code = 1;
            } else if (check_order && i > 0) {
                const i64 *prev = row - s.rank;
                int cmp = 0;
                for (int d = 0; d < s.rank && cmp == 0; ++d) cmp = row[d] < prev[d] ? -1 : (row[d] > prev[d] ? 1 : 0);
                code = cmp < 0 ? 2 : (cmp == 0 ? 3 : 0);
            }
            if (code) atomicMin(result, (i << 2) | code);
        }
    }

    // Duplicates with validation off: the last row wins, as on the CPU. Each output slot
    // records the largest row index writing to it; only that row then writes.
    extern "C" __global__ void tb_sparse_claim_last(const i64 *indices, u64 nnz, tb_dense_shape s, u64 *winner) {
        TB_FOR(i, nnz) {
            i64 offset;
            if (tb_offset(indices + i * s.rank, s, &offset)) atomicMax(winner + offset, i + 1);
        }
    }

    #define TB_SCATTER(NAME, T) \
    extern "C" __global__ void NAME(const i64 *indices, const T *values, u64 nnz, tb_dense_shape s, \
                                    const u64 *winner, T *out) { \
        TB_FOR(i, nnz) { \
            i64 offset; \
            if (tb_offset(indices + i * s.rank, s, &offset) && (!winner || winner[offset] == i + 1)) \
                out[offset] = values[i]; \
        } \
    }
    TB_SCATTER(tb_sparse_scatter_1, u8)
    TB_SCATTER(tb_sparse_scatter_2, u16)
    TB_SCATTER(tb_sparse_scatter_4, u32)
    TB_SCATTER(tb_sparse_scatter_8, u64)
    TB_SCATTER(tb_sparse_scatter_16, tb_u128)
    """#
}
