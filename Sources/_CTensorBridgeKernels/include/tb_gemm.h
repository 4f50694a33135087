/*
 * Single-precision matrix multiply for TensorBridge's MatMul: C = A x B with A of M x K,
 * B of K x N and C of M x N (row-major, leading dimension ldc). A and B are read through
 * strides, so transposed operands cost nothing: element (i, k) of A is a[i*rsa + k*csa].
 * Blocked and packed as BLIS does; an AVX-512 micro-kernel (12 x 32) or an AVX2+FMA one
 * (6 x 16) where the CPU has one (checked at run time), portable C otherwise. One thread: callers split M or the batch.
 */
#ifndef TB_GEMM_H
#define TB_GEMM_H

#include <stddef.h>

/* Returns 0, or -1 when the packing buffers cannot be allocated. */
int tb_sgemm(size_t m, size_t n, size_t k,
             const float *a, ptrdiff_t rsa, ptrdiff_t csa,
             const float *b, ptrdiff_t rsb, ptrdiff_t csb,
             float *c, size_t ldc);

/* Whether tb_sgemm uses the AVX2+FMA micro-kernel on this CPU. */
int tb_sgemm_uses_fma(void);

/* Whether tb_sgemm uses the AVX-512 micro-kernel on this CPU. */
int tb_sgemm_uses_avx512(void);

#endif
