#include "tb_fpmode.h"

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>

uint32_t tb_fpmode_flush_denormals(void) {
    uint32_t old = _mm_getcsr();
    _mm_setcsr(old | 0x8040u); /* FTZ (bit 15) | DAZ (bit 6) */
    return old;
}

void tb_fpmode_restore(uint32_t mode) { _mm_setcsr(mode); }

#elif defined(__aarch64__)

uint32_t tb_fpmode_flush_denormals(void) {
    uint64_t old;
    __asm__ volatile("mrs %0, fpcr" : "=r"(old));
    __asm__ volatile("msr fpcr, %0" : : "r"(old | (1ull << 24))); /* FZ */
    return (uint32_t)old;
}

void tb_fpmode_restore(uint32_t mode) {
    uint64_t value = mode;
    __asm__ volatile("msr fpcr, %0" : : "r"(value));
}

#else

uint32_t tb_fpmode_flush_denormals(void) { return 0; }
void tb_fpmode_restore(uint32_t mode) { (void)mode; }

#endif
