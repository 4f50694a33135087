/*
 * Vectorized float32 element-wise math for TensorBridge's CPU kernels. Each function is
 * chosen at run time: AVX-512 or AVX2+FMA where the CPU has them, the C library otherwise.
 * Results are within 2 ULP of TensorFlow's Eigen approximations; results below the smallest
 * normal float become +0, as TensorFlow's flush-to-zero CPU mode makes them.
 */
#ifndef TB_VMATH_H
#define TB_VMATH_H

#include <stddef.h>

/* y[i] = exp(x[i]) for i in [0, n). x and y may be the same buffer. */
void tb_exp_f32(const float *x, float *y, size_t n);

/* y[i] = 1 / (1 + exp(-x[i])). */
void tb_sigmoid_f32(const float *x, float *y, size_t n);

/* out[i] = a[i] + b[i], in the caller's floating-point mode. Large outputs bypass the cache. */
void tb_add_f32(const float *a, const float *b, float *out, size_t n);

/* out[i] = TensorFlow's Maximum: a NaN in a wins, then a NaN in b, else the larger (b on
 * ties), a subnormal result becoming a zero of its sign. */
void tb_maximum_f32(const float *a, const float *b, float *out, size_t n);

/* out[i] = a[i] * b[i], and out[i] = a[i] * s, in the caller's floating-point mode. */
void tb_mul_f32(const float *a, const float *b, float *out, size_t n);
void tb_mul_scalar_f32(const float *a, float s, float *out, size_t n);

/* The sum of p[0..n) in float32, in 64 interleaved partial sums (a different order from a
 * sequential loop: the result differs by rounding only). */
float tb_sum_f32(const float *p, size_t n);

/* The largest of p[0..n) when it is a plain number: returns 1 and stores it in *result.
 * Returns 0 when the row holds a NaN or its maximum is a zero (whose sign depends on the
 * order of comparisons), so the caller's ordered loop decides; n must be > 0. */
int tb_max_f32(const float *p, size_t n, float *result);

/* 4-byte elements: dst[r * dst_row + c] = src[c * src_row + r] for r in [r0, r1), c in
 * [0, cols), walked in 8 x 8 blocks. */
void tb_transpose_32(const void *src, size_t src_row, void *dst, size_t dst_row, size_t r0, size_t r1, size_t cols);

#endif
