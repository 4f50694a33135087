/*
 * The floating-point mode TensorFlow's CPU kernels run in: on x86 its thread pool sets
 * flush-to-zero and denormals-are-zero (tensorflow/core/platform/denormal.cc), so a
 * subnormal float32/float64 input reads as zero and a subnormal result becomes zero.
 * Element-wise kernels run their loops between these two calls to give the same bits.
 */
#ifndef TB_FPMODE_H
#define TB_FPMODE_H

#include <stdint.h>

/* Sets FTZ and DAZ on the calling thread; returns the previous mode for tb_fpmode_restore. */
uint32_t tb_fpmode_flush_denormals(void);

/* Restores the mode tb_fpmode_flush_denormals returned. */
void tb_fpmode_restore(uint32_t mode);

#endif
