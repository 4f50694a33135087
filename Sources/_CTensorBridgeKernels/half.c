#include "tb_half.h"

#if defined(__x86_64__)
#include <immintrin.h>

static int has_avx512(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f");
}

int tb_half_supported(void) {
    static _Atomic int supported = -1;  /* every thread that races here stores the same value */
    if (supported < 0) {
        __builtin_cpu_init();
        supported = __builtin_cpu_supports("avx") && __builtin_cpu_supports("f16c");
    }
    return supported;
}

__attribute__((target("avx512f")))
static void widen512(const uint16_t *x, float *y, size_t n) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(x + i))));
    for (; i < n; i++) y[i] = _cvtsh_ss(x[i]);
}

__attribute__((target("avx512f")))
static void narrow512(const float *x, uint16_t *y, size_t n) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16)
        _mm256_storeu_si256((__m256i *)(y + i), _mm512_cvtps_ph(_mm512_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
    for (; i < n; i++) y[i] = _cvtss_sh(x[i], _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
}

__attribute__((target("avx,f16c")))
static void widen256(const uint16_t *x, float *y, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(x + i))));
    for (; i < n; i++) y[i] = _cvtsh_ss(x[i]);
}

__attribute__((target("avx,f16c")))
static void narrow256(const float *x, uint16_t *y, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm_storeu_si128((__m128i *)(y + i), _mm256_cvtps_ph(_mm256_loadu_ps(x + i), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC));
    for (; i < n; i++) y[i] = _cvtss_sh(x[i], _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
}

void tb_half_widen(const uint16_t *x, float *y, size_t n) {
    if (!tb_half_supported()) return;
    if (has_avx512()) widen512(x, y, n); else widen256(x, y, n);
}

void tb_half_narrow(const float *x, uint16_t *y, size_t n) {
    if (!tb_half_supported()) return;
    if (has_avx512()) narrow512(x, y, n); else narrow256(x, y, n);
}
#else
int tb_half_supported(void) { return 0; }
void tb_half_widen(const uint16_t *x, float *y, size_t n) { (void)x; (void)y; (void)n; }
void tb_half_narrow(const float *x, uint16_t *y, size_t n) { (void)x; (void)y; (void)n; }
#endif
