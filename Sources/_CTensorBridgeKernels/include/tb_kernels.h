/*
 * Hot element-wise loops that Swift cannot vectorize on its own: float to integer
 * conversion has no unchecked form in Swift, so the compiler keeps a trap per element.
 * These loops give TensorFlow's x86 results (truncating conversion, out of range and NaN
 * become INT32_MIN) at memory speed.
 */
#ifndef TB_KERNELS_H
#define TB_KERNELS_H

#include <stddef.h>
#include <stdint.h>

/* dst[i] = x86 cvttss2si(src[i]): truncation, INT32_MIN when out of range or NaN. */
void tb_cast_f32_to_i32(const float *src, int32_t *dst, size_t count);

/* dst[i] = bfloat16 of src[i], rounded to nearest even; NaN becomes 0x7FC0 or 0xFFC0 by sign. */
void tb_cast_f32_to_bf16(const float *src, uint16_t *dst, size_t count);

#endif
