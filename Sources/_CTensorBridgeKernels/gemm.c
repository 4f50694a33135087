#include "tb_gemm.h"

#include <stdlib.h>
#include <string.h>

/* Register tiles: MR x NR for the portable and AVX2 kernels, MR512 x NR512 for AVX-512.
 * MC is a multiple of both MRs. */
#define MR 6
#define NR 16
#define MR512 12
#define NR512 32
#define MR_MAX 12
#define NR_MAX 32
#define KC 256
#define MC 96
#define NC 2048

/* Packs rows [0, mc) x cols [0, kc) of A into mr-row panels: panel p holds, for each k, mr values. */
static void pack_a(size_t mr, size_t mc, size_t kc, const float *a, ptrdiff_t rs, ptrdiff_t cs, float *out) {
    for (size_t i0 = 0; i0 < mc; i0 += mr) {
        size_t rows = mc - i0 < mr ? mc - i0 : mr;
        if (cs == 1 && rows == mr) {
            /* Row-major A: read each row once, contiguously, and scatter into the panel. */
            for (size_t i = 0; i < mr; i++) {
                const float *row = a + (ptrdiff_t)(i0 + i) * rs;
                for (size_t p = 0; p < kc; p++) out[p * mr + i] = row[p];
            }
            out += kc * mr;
            continue;
        }
        for (size_t p = 0; p < kc; p++) {
            for (size_t i = 0; i < rows; i++) out[i] = a[(ptrdiff_t)(i0 + i) * rs + (ptrdiff_t)p * cs];
            for (size_t i = rows; i < mr; i++) out[i] = 0.0f;
            out += mr;
        }
    }
}

/* Packs B [0, kc) x [0, nc) into nr-column panels. */
static void pack_b(size_t nr, size_t kc, size_t nc, const float *b, ptrdiff_t rs, ptrdiff_t cs, float *out) {
    for (size_t j0 = 0; j0 < nc; j0 += nr) {
        size_t cols = nc - j0 < nr ? nc - j0 : nr;
        for (size_t p = 0; p < kc; p++) {
            const float *row = b + (ptrdiff_t)p * rs + (ptrdiff_t)j0 * cs;
            if (cs == 1 && cols == nr) {
                memcpy(out, row, nr * sizeof(float));
            } else {
                for (size_t j = 0; j < cols; j++) out[j] = row[(ptrdiff_t)j * cs];
                for (size_t j = cols; j < nr; j++) out[j] = 0.0f;
            }
            out += nr;
        }
    }
}

/* Portable micro-kernel: acc = sum over k of a_panel x b_panel. */
static void kernel_c(size_t kc, const float *a, const float *b, float acc[MR][NR]) {
    memset(acc, 0, sizeof(float) * MR * NR);
    for (size_t p = 0; p < kc; p++) {
        for (int i = 0; i < MR; i++) {
            float ai = a[p * MR + i];
            for (int j = 0; j < NR; j++) acc[i][j] += ai * b[p * NR + j];
        }
    }
}

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2,fma")))
static void kernel_fma(size_t kc, const float *a, const float *b, float acc[MR][NR]) {
    __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps(), c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
    __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps(), c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
    __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps(), c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
    for (size_t p = 0; p < kc; p++) {
        __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
        __m256 x;
        x = _mm256_broadcast_ss(a + 0); c00 = _mm256_fmadd_ps(x, b0, c00); c01 = _mm256_fmadd_ps(x, b1, c01);
        x = _mm256_broadcast_ss(a + 1); c10 = _mm256_fmadd_ps(x, b0, c10); c11 = _mm256_fmadd_ps(x, b1, c11);
        x = _mm256_broadcast_ss(a + 2); c20 = _mm256_fmadd_ps(x, b0, c20); c21 = _mm256_fmadd_ps(x, b1, c21);
        x = _mm256_broadcast_ss(a + 3); c30 = _mm256_fmadd_ps(x, b0, c30); c31 = _mm256_fmadd_ps(x, b1, c31);
        x = _mm256_broadcast_ss(a + 4); c40 = _mm256_fmadd_ps(x, b0, c40); c41 = _mm256_fmadd_ps(x, b1, c41);
        x = _mm256_broadcast_ss(a + 5); c50 = _mm256_fmadd_ps(x, b0, c50); c51 = _mm256_fmadd_ps(x, b1, c51);
        a += MR;
        b += NR;
    }
    _mm256_storeu_ps(acc[0], c00); _mm256_storeu_ps(acc[0] + 8, c01);
    _mm256_storeu_ps(acc[1], c10); _mm256_storeu_ps(acc[1] + 8, c11);
    _mm256_storeu_ps(acc[2], c20); _mm256_storeu_ps(acc[2] + 8, c21);
    _mm256_storeu_ps(acc[3], c30); _mm256_storeu_ps(acc[3] + 8, c31);
    _mm256_storeu_ps(acc[4], c40); _mm256_storeu_ps(acc[4] + 8, c41);
    _mm256_storeu_ps(acc[5], c50); _mm256_storeu_ps(acc[5] + 8, c51);
}

/* AVX-512 micro-kernel: a 12 x 32 tile in 24 zmm accumulators, added into C (leading
 * dimension ldc). The same per-element order of products as the AVX2 kernel: one FMA per k. */
__attribute__((target("avx512f")))
static void kernel_avx512(size_t kc, const float *a, const float *b, float *c, size_t ldc) {
    __m512 c0[MR512], c1[MR512];
    for (int i = 0; i < MR512; i++) { c0[i] = _mm512_setzero_ps(); c1[i] = _mm512_setzero_ps(); }
    for (size_t p = 0; p < kc; p++) {
        __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
        _mm_prefetch((const char *)(b + 8 * NR512), _MM_HINT_T0);
#pragma GCC unroll 12
        for (int i = 0; i < MR512; i++) {
            __m512 x = _mm512_set1_ps(a[i]);
            c0[i] = _mm512_fmadd_ps(x, b0, c0[i]);
            c1[i] = _mm512_fmadd_ps(x, b1, c1[i]);
        }
        a += MR512;
        b += NR512;
    }
    for (int i = 0; i < MR512; i++) {
        float *row = c + (size_t)i * ldc;
        _mm512_storeu_ps(row, _mm512_add_ps(_mm512_loadu_ps(row), c0[i]));
        _mm512_storeu_ps(row + 16, _mm512_add_ps(_mm512_loadu_ps(row + 16), c1[i]));
    }
}

int tb_sgemm_uses_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

int tb_sgemm_uses_avx512(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f");
}
#else
int tb_sgemm_uses_fma(void) { return 0; }
int tb_sgemm_uses_avx512(void) { return 0; }
#endif

int tb_sgemm(size_t m, size_t n, size_t k,
             const float *a, ptrdiff_t rsa, ptrdiff_t csa,
             const float *b, ptrdiff_t rsb, ptrdiff_t csb,
             float *c, size_t ldc) {
    for (size_t i = 0; i < m; i++) memset(c + i * ldc, 0, n * sizeof(float));
    if (m == 0 || n == 0 || k == 0) return 0;
#if defined(__x86_64__)
    int wide = tb_sgemm_uses_avx512(), fma = tb_sgemm_uses_fma();
#else
    int wide = 0;
#endif
    size_t mr = wide ? MR512 : MR, nr = wide ? NR512 : NR;
    size_t kc_max = k < KC ? k : KC, nc_max = n < NC ? n : NC;
    float *pa = aligned_alloc(64, ((MC + MR_MAX) * kc_max * sizeof(float) + 63) / 64 * 64);
    float *pb = aligned_alloc(64, ((nc_max + NR_MAX) * kc_max * sizeof(float) + 63) / 64 * 64);
    if (!pa || !pb) { free(pa); free(pb); return -1; }
    float acc[MR_MAX][NR_MAX] __attribute__((aligned(64)));
    for (size_t jc = 0; jc < n; jc += NC) {
        size_t nc = n - jc < NC ? n - jc : NC;
        for (size_t pc = 0; pc < k; pc += KC) {
            size_t kc = k - pc < KC ? k - pc : KC;
            pack_b(nr, kc, nc, b + (ptrdiff_t)pc * rsb + (ptrdiff_t)jc * csb, rsb, csb, pb);
            for (size_t ic = 0; ic < m; ic += MC) {
                size_t mc = m - ic < MC ? m - ic : MC;
                pack_a(mr, mc, kc, a + (ptrdiff_t)ic * rsa + (ptrdiff_t)pc * csa, rsa, csa, pa);
                for (size_t jr = 0; jr < nc; jr += nr) {
                    size_t cols = nc - jr < nr ? nc - jr : nr;
                    for (size_t ir = 0; ir < mc; ir += mr) {
                        size_t rows = mc - ir < mr ? mc - ir : mr;
                        const float *ap = pa + ir * kc, *bp = pb + jr * kc;
                        float *cp = c + (ic + ir) * ldc + jc + jr;
#if defined(__x86_64__)
                        if (wide) {
                            if (rows == mr && cols == nr) {
                                kernel_avx512(kc, ap, bp, cp, ldc);
                            } else {
                                /* Edge tile: into a zeroed buffer, then the valid part into C. */
                                memset(acc, 0, sizeof acc);
                                kernel_avx512(kc, ap, bp, &acc[0][0], NR_MAX);
                                for (size_t i = 0; i < rows; i++)
                                    for (size_t j = 0; j < cols; j++) cp[i * ldc + j] += acc[i][j];
                            }
                            continue;
                        }
                        if (fma) kernel_fma(kc, ap, bp, (float (*)[NR])&acc[0][0]); else kernel_c(kc, ap, bp, (float (*)[NR])&acc[0][0]);
#else
                        kernel_c(kc, ap, bp, (float (*)[NR])&acc[0][0]);
#endif
                        float (*small)[NR] = (float (*)[NR])&acc[0][0];
                        for (size_t i = 0; i < rows; i++)
                            for (size_t j = 0; j < cols; j++) cp[i * ldc + j] += small[i][j];
                    }
                }
            }
        }
    }
    free(pa);
    free(pb);
    return 0;
}
