/*
 * One GEMM, instantiated by gemm.c for float and double: the GEMM_* macros name the element
 * type, the function, the block sizes and the vector intrinsics. Not a public header; each
 * inclusion ends by undefining what it and gemm.c defined.
 */

/* Register tiles: MR rows x 2 vectors (AVX-512 and AVX2), the AVX2 tile for portable C. */
#define MR512 12
#define NR512 (2 * GEMM_LANES512)
#define MR256 6
#define NR256 (2 * GEMM_LANES256)
#define MR_MAX MR512
#define NR_MAX NR512

/* Packs rows [0, mc) x cols [0, kc) of A into mr-row panels: panel p holds, for each k, mr values. */
static void GEMM(pack_a)(size_t mr, size_t mc, size_t kc, const GEMM_T *a, ptrdiff_t rs, ptrdiff_t cs, GEMM_T *out) {
    for (size_t i0 = 0; i0 < mc; i0 += mr) {
        size_t rows = mc - i0 < mr ? mc - i0 : mr;
        if (cs == 1 && rows == mr) {
            /* Row-major A: walk the mr rows in step, so the panel is written in order, and
             * fetch each row's next lines ahead (A comes from L3 or memory). */
            const GEMM_T *row[MR_MAX];
            for (size_t i = 0; i < mr; i++) row[i] = a + (ptrdiff_t)(i0 + i) * rs;
            for (size_t p = 0; p < kc; p++, out += mr) {
                if (p % 16 == 0)
                    for (size_t i = 0; i < mr; i++) __builtin_prefetch(row[i] + p + 64);
                for (size_t i = 0; i < mr; i++) out[i] = row[i][p];
            }
            continue;
        }
        for (size_t p = 0; p < kc; p++) {
            for (size_t i = 0; i < rows; i++) out[i] = a[(ptrdiff_t)(i0 + i) * rs + (ptrdiff_t)p * cs];
            for (size_t i = rows; i < mr; i++) out[i] = 0;
            out += mr;
        }
    }
}

/* Packs B [0, kc) x [0, nc) into nr-column panels. */
static void GEMM(pack_b)(size_t nr, size_t kc, size_t nc, const GEMM_T *b, ptrdiff_t rs, ptrdiff_t cs, GEMM_T *out) {
    for (size_t j0 = 0; j0 < nc; j0 += nr) {
        size_t cols = nc - j0 < nr ? nc - j0 : nr;
        for (size_t p = 0; p < kc; p++) {
            const GEMM_T *row = b + (ptrdiff_t)p * rs + (ptrdiff_t)j0 * cs;
            if (cs == 1 && cols == NR512 && nr == NR512) {
                memcpy(out, row, NR512 * sizeof(GEMM_T));  /* a constant size: two vector moves */
            } else if (cs == 1 && cols == nr) {
                memcpy(out, row, nr * sizeof(GEMM_T));
            } else {
                for (size_t j = 0; j < cols; j++) out[j] = row[(ptrdiff_t)j * cs];
                for (size_t j = cols; j < nr; j++) out[j] = 0;
            }
            out += nr;
        }
    }
}

/* The valid rows x cols of a computed tile (leading dimension lda) into C: stored for the
 * first block of k, added for the others. */
static void GEMM(store_tile)(size_t rows, size_t cols, const GEMM_T *acc, size_t lda, GEMM_T *c, size_t ldc, int first) {
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++) c[i * ldc + j] = first ? acc[i * lda + j] : c[i * ldc + j] + acc[i * lda + j];
}

/* Portable micro-kernel: acc = sum over k of a_panel x b_panel (MR256 x NR256). */
static void GEMM(kernel_c)(size_t kc, const GEMM_T *a, const GEMM_T *b, GEMM_T *acc) {
    memset(acc, 0, sizeof(GEMM_T) * MR256 * NR256);
    for (size_t p = 0; p < kc; p++) {
        for (int i = 0; i < MR256; i++) {
            GEMM_T ai = a[p * MR256 + i];
            for (int j = 0; j < NR256; j++) acc[i * NR256 + j] += ai * b[p * NR256 + j];
        }
    }
}

#if defined(__x86_64__)
/* AVX2+FMA micro-kernel: a 6 x 2-vector tile in 12 ymm accumulators, into acc. */
__attribute__((target("avx2,fma")))
static void GEMM(kernel_avx2)(size_t kc, const GEMM_T *a, const GEMM_T *b, GEMM_T *acc) {
    GEMM_V256 c0[MR256], c1[MR256];
    for (int i = 0; i < MR256; i++) { c0[i] = GEMM_ZERO256(); c1[i] = GEMM_ZERO256(); }
    for (size_t p = 0; p < kc; p++) {
        GEMM_V256 b0 = GEMM_LOAD256(b), b1 = GEMM_LOAD256(b + GEMM_LANES256);
#pragma GCC unroll 6
        for (int i = 0; i < MR256; i++) {
            GEMM_V256 x = GEMM_SET1_256(a[i]);
            c0[i] = GEMM_FMA256(x, b0, c0[i]);
            c1[i] = GEMM_FMA256(x, b1, c1[i]);
        }
        a += MR256;
        b += NR256;
    }
    for (int i = 0; i < MR256; i++) {
        GEMM_STORE256(acc + i * NR256, c0[i]);
        GEMM_STORE256(acc + i * NR256 + GEMM_LANES256, c1[i]);
    }
}

/* AVX-512 micro-kernel: a 12 x 2-vector tile in 24 zmm accumulators, stored into C (first
 * block of k) or added to it (leading dimension ldc). One FMA per k and element, as in the
 * AVX2 kernel. Element (i, p) of A is a[i * a_row + p * a_step] (a packed panel, or rows of
 * A read in place); row p of B is b + p * ldb (a packed panel, or B's rows in place). C's
 * rows are prefetched at the start, so that their loads at the end do not stall; B, streamed
 * from L2, is prefetched 16 steps ahead. */
__attribute__((target("avx512f"), always_inline))
static inline void GEMM(kernel_avx512_body)(size_t kc, const GEMM_T *a, size_t a_row, size_t a_step,
                                            const GEMM_T *b, size_t ldb, GEMM_T *c, size_t ldc, int first) {
    GEMM_V512 c0[MR512], c1[MR512];
    for (int i = 0; i < MR512; i++) {
        c0[i] = GEMM_ZERO512();
        c1[i] = GEMM_ZERO512();
        if (!first) {
            _mm_prefetch((const char *)(c + (size_t)i * ldc), _MM_HINT_T0);
            _mm_prefetch((const char *)(c + (size_t)i * ldc + GEMM_LANES512), _MM_HINT_T0);
        }
    }
    for (size_t p = 0; p < kc; p++) {
        GEMM_V512 b0 = GEMM_LOAD512(b), b1 = GEMM_LOAD512(b + GEMM_LANES512);
        _mm_prefetch((const char *)(b + 16 * ldb), _MM_HINT_T0);
        _mm_prefetch((const char *)(b + 16 * ldb + GEMM_LANES512), _MM_HINT_T0);
#pragma GCC unroll 12
        for (int i = 0; i < MR512; i++) {
            GEMM_V512 x = GEMM_SET1_512(a[i * a_row]);
            c0[i] = GEMM_FMA512(x, b0, c0[i]);
            c1[i] = GEMM_FMA512(x, b1, c1[i]);
        }
        a += a_step;
        b += ldb;
    }
    for (int i = 0; i < MR512; i++) {
        GEMM_T *row = c + (size_t)i * ldc;
        if (first) {
            GEMM_STORE512(row, c0[i]);
            GEMM_STORE512(row + GEMM_LANES512, c1[i]);
        } else {
            GEMM_STORE512(row, GEMM_ADD512(GEMM_LOAD512(row), c0[i]));
            GEMM_STORE512(row + GEMM_LANES512, GEMM_ADD512(GEMM_LOAD512(row + GEMM_LANES512), c1[i]));
        }
    }
}

/* A packed A panel. */
__attribute__((target("avx512f")))
static void GEMM(kernel_avx512)(size_t kc, const GEMM_T *a, const GEMM_T *b, size_t ldb, GEMM_T *c, size_t ldc, int first) {
    GEMM(kernel_avx512_body)(kc, a, 1, MR512, b, ldb, c, ldc, first);
}

/* Twelve rows of a row-major A, lda apart, read in place. */
__attribute__((target("avx512f")))
static void GEMM(kernel_avx512_rows)(size_t kc, const GEMM_T *a, size_t lda, const GEMM_T *b, size_t ldb, GEMM_T *c, size_t ldc, int first) {
    GEMM(kernel_avx512_body)(kc, a, lda, 1, b, ldb, c, ldc, first);
}
#endif

int GEMM_NAME(size_t m, size_t n, size_t k,
              const GEMM_T *a, ptrdiff_t rsa, ptrdiff_t csa,
              const GEMM_T *b, ptrdiff_t rsb, ptrdiff_t csb,
              GEMM_T *c, size_t ldc, int accumulate) {
    if (m == 0 || n == 0) return 0;
    if (k == 0) {
        if (!accumulate)
            for (size_t i = 0; i < m; i++) memset(c + i * ldc, 0, n * sizeof(GEMM_T));
        return 0;
    }
#if defined(__x86_64__)
    int wide = tb_gemm_uses_avx512(), fma = tb_gemm_uses_fma();
#else
    int wide = 0;
#endif
    size_t mr = wide ? MR512 : MR256, nr = wide ? NR512 : NR256;
    size_t kc_max = k < GEMM_KC ? k : GEMM_KC, nc_max = n < GEMM_NC ? n : GEMM_NC;
    GEMM_T *pa = aligned_alloc(64, ((GEMM_MC + MR_MAX) * kc_max * sizeof(GEMM_T) + 63) / 64 * 64);
    GEMM_T *pb = aligned_alloc(64, ((nc_max + NR_MAX) * kc_max * sizeof(GEMM_T) + 63) / 64 * 64);
    if (!pa || !pb) { free(pa); free(pb); return -1; }
    GEMM_T acc[MR_MAX * NR_MAX] __attribute__((aligned(64)));
    /* Row-major operands whose rows are short (within a page, so that the rows of a tile do
     * not collide in the cache) are read in place, not packed: B when it splits into whole
     * panels, A's full 12-row panels. Packing costs a quarter of the time of products as
     * small as 256 x 256. */
    int direct_b = wide && csb == 1 && n % NR512 == 0 && rsb > 0 && (size_t)rsb * sizeof(GEMM_T) <= 4096;
    int direct_a = wide && csa == 1 && rsa > 0 && (size_t)rsa * sizeof(GEMM_T) <= 4096;
    for (size_t jc = 0; jc < n; jc += GEMM_NC) {
        size_t nc = n - jc < GEMM_NC ? n - jc : GEMM_NC;
        for (size_t pc = 0; pc < k; pc += GEMM_KC) {
            size_t kc = k - pc < GEMM_KC ? k - pc : GEMM_KC;
            int first = pc == 0 && !accumulate;  /* the first block of k stores into C, the others add */
            const GEMM_T *bc = b + (ptrdiff_t)pc * rsb + (ptrdiff_t)jc * csb;
            if (!direct_b) GEMM(pack_b)(nr, kc, nc, bc, rsb, csb, pb);
            size_t ldb = direct_b ? (size_t)rsb : nr;
            for (size_t ic = 0; ic < m; ic += GEMM_MC) {
                size_t mc = m - ic < GEMM_MC ? m - ic : GEMM_MC;
                const GEMM_T *ac = a + (ptrdiff_t)ic * rsa + (ptrdiff_t)pc * csa;
                size_t in_place = direct_a ? mc / mr * mr : 0;  /* rows read in place; the rest packed */
                if (in_place < mc) GEMM(pack_a)(mr, mc - in_place, kc, ac + (ptrdiff_t)in_place * rsa, rsa, csa, pa);
                for (size_t jr = 0; jr < nc; jr += nr) {
                    size_t cols = nc - jr < nr ? nc - jr : nr;
                    for (size_t ir = 0; ir < mc; ir += mr) {
                        size_t rows = mc - ir < mr ? mc - ir : mr;
                        const GEMM_T *bp = direct_b ? bc + jr : pb + jr * kc;
                        GEMM_T *cp = c + (ic + ir) * ldc + jc + jr;
#if defined(__x86_64__)
                        if (wide) {
                            /* A whole tile goes straight into C; an edge tile into a buffer,
                             * then its valid part into C. */
                            int whole = rows == mr && cols == nr;
                            GEMM_T *out = whole ? cp : acc;
                            size_t ldo = whole ? ldc : NR_MAX;
                            if (ir < in_place)
                                GEMM(kernel_avx512_rows)(kc, ac + (ptrdiff_t)ir * rsa, (size_t)rsa, bp, ldb, out, ldo, whole ? first : 1);
                            else
                                GEMM(kernel_avx512)(kc, pa + (ir - in_place) * kc, bp, ldb, out, ldo, whole ? first : 1);
                            if (!whole) GEMM(store_tile)(rows, cols, acc, NR_MAX, cp, ldc, first);
                            continue;
                        }
#endif
                        const GEMM_T *ap = pa + ir * kc;  /* without AVX-512 every panel is packed */
#if defined(__x86_64__)
                        if (fma) GEMM(kernel_avx2)(kc, ap, bp, acc); else GEMM(kernel_c)(kc, ap, bp, acc);
#else
                        GEMM(kernel_c)(kc, ap, bp, acc);
#endif
                        GEMM(store_tile)(rows, cols, acc, NR256, cp, ldc, first);
                    }
                }
            }
        }
    }
    free(pa);
    free(pb);
    return 0;
}

#undef MR512
#undef NR512
#undef MR256
#undef NR256
#undef MR_MAX
#undef NR_MAX
#undef GEMM_T
#undef GEMM_NAME
#undef GEMM
#undef GEMM_KC
#undef GEMM_MC
#undef GEMM_NC
#undef GEMM_V512
#undef GEMM_LANES512
#undef GEMM_LOAD512
#undef GEMM_STORE512
#undef GEMM_SET1_512
#undef GEMM_FMA512
#undef GEMM_ADD512
#undef GEMM_ZERO512
#undef GEMM_V256
#undef GEMM_LANES256
#undef GEMM_LOAD256
#undef GEMM_STORE256
#undef GEMM_SET1_256
#undef GEMM_FMA256
#undef GEMM_ZERO256
