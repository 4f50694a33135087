/*
 * float16 arrays to float32 and back with the CPU's F16C conversions, 16 or 8 lanes at a
 * time (AVX-512 or AVX), so that float16 math can run in float32 blocks as Eigen's does.
 * Widening is exact; narrowing rounds to nearest even and keeps subnormals (MXCSR's
 * flush-to-zero does not apply to these instructions); a NaN keeps its sign and top payload
 * bits and is quieted.
 */
#ifndef TB_HALF_H
#define TB_HALF_H

#include <stddef.h>
#include <stdint.h>

/* Whether this CPU has F16C (checked once). Without it the functions below do nothing. */
int tb_half_supported(void);

/* y[i] = (float)x[i] for i in [0, n). */
void tb_half_widen(const uint16_t *x, float *y, size_t n);

/* y[i] = (float16)x[i], rounded to nearest even. */
void tb_half_narrow(const float *x, uint16_t *y, size_t n);

#endif
