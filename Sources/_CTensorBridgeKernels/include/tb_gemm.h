/*
 * Real matrix multiply for TensorBridge's MatMul, in float32 (tb_sgemm) and float64
 * (tb_dgemm): C = A x B, or C += A x B when `accumulate` is nonzero, with A of M x K, B of
 * K x N and C of M x N (row-major, leading dimension ldc). A and B are read through strides,
 * so transposed operands, and the real or imaginary parts of complex ones, cost nothing:
 * element (i, k) of A is a[i*rsa + k*csa].
 * Blocked and packed as BLIS does, with an AVX-512 micro-kernel (12 rows x 2 vectors) or an
 * AVX2+FMA one (6 rows x 2 vectors) where the CPU has one (checked at run time), portable C
 * otherwise. One thread: callers split M or the batch.
 */
#ifndef TB_GEMM_H
#define TB_GEMM_H

#include <stddef.h>

/* Each returns 0, or -1 when the packing buffers cannot be allocated. */
int tb_sgemm(size_t m, size_t n, size_t k,
             const float *a, ptrdiff_t rsa, ptrdiff_t csa,
             const float *b, ptrdiff_t rsb, ptrdiff_t csb,
             float *c, size_t ldc, int accumulate);

int tb_dgemm(size_t m, size_t n, size_t k,
             const double *a, ptrdiff_t rsa, ptrdiff_t csa,
             const double *b, ptrdiff_t rsb, ptrdiff_t csb,
             double *c, size_t ldc, int accumulate);

/* Whether the GEMMs use the AVX2+FMA micro-kernels on this CPU. */
int tb_gemm_uses_fma(void);

/* Whether the GEMMs use the AVX-512 micro-kernels on this CPU. */
int tb_gemm_uses_avx512(void);

/* Caps the instruction set: 0 portable C, 1 AVX2+FMA, 2 AVX-512 (the default). For tests. */
void tb_gemm_limit_isa(int level);

#endif
