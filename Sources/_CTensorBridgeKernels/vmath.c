#include "tb_vmath.h"

#include <float.h>
#include <math.h>
#include <stdint.h>

/* exp(x) = 2^n * exp(r), n = round(x / ln 2), r = x - n ln 2 (Cody-Waite, two constants),
 * exp(r) by Cephes' degree-6 polynomial on [-ln2/2, ln2/2] (under 1 ULP), 2^n applied in
 * two halves so that n = 128 (x up to 88.72) stays finite. */
#define EXP_HI 88.72283935546875f
#define EXP_LO (-87.33654022216796875f) /* below: the result is subnormal, flushed to 0 */
#define LOG2E 1.44269504088896341f
#define LN2_HI 0.693359375f
#define LN2_LO (-2.12194440e-4f)
#define P0 1.9875691500e-4f
#define P1 1.3981999507e-3f
#define P2 8.3334519073e-3f
#define P3 4.1665795894e-2f
#define P4 1.6666665459e-1f
#define P5 5.0000001201e-1f

static float exp_scalar(float x) {
    float y = expf(x);
    return y < FLT_MIN ? 0.0f : y; /* flush-to-zero; NaN compares false and passes */
}

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx512f")))
static inline __m512 exp512(__m512 x) {
    __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(LOG2E)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fmadd_ps(n, _mm512_set1_ps(-LN2_HI), x);
    r = _mm512_fmadd_ps(n, _mm512_set1_ps(-LN2_LO), r);
    __m512 p = _mm512_set1_ps(P0);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(P1));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(P2));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(P3));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(P4));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(P5));
    __m512 y = _mm512_add_ps(_mm512_fmadd_ps(_mm512_mul_ps(p, r), r, r), _mm512_set1_ps(1.0f));
    __m512i ni = _mm512_cvtps_epi32(n);
    __m512i n1 = _mm512_srai_epi32(ni, 1), n2 = _mm512_sub_epi32(ni, n1);
    __m512 s1 = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(n1, _mm512_set1_epi32(127)), 23));
    __m512 s2 = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(n2, _mm512_set1_epi32(127)), 23));
    y = _mm512_mul_ps(_mm512_mul_ps(y, s1), s2);
    /* Out of range: +inf above, +0 below (and for results under FLT_MIN); NaN stays NaN. */
    y = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, _mm512_set1_ps(EXP_HI), _CMP_GT_OQ), y, _mm512_set1_ps(INFINITY));
    y = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, _mm512_set1_ps(EXP_LO), _CMP_LT_OQ), y, _mm512_setzero_ps());
    y = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(y, _mm512_set1_ps(FLT_MIN), _CMP_LT_OQ), y, _mm512_setzero_ps());
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q), y, _mm512_add_ps(x, x));
}

__attribute__((target("avx2,fma")))
static inline __m256 exp256(__m256 x) {
    __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(LOG2E)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fmadd_ps(n, _mm256_set1_ps(-LN2_HI), x);
    r = _mm256_fmadd_ps(n, _mm256_set1_ps(-LN2_LO), r);
    __m256 p = _mm256_set1_ps(P0);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(P1));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(P2));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(P3));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(P4));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(P5));
    __m256 y = _mm256_add_ps(_mm256_fmadd_ps(_mm256_mul_ps(p, r), r, r), _mm256_set1_ps(1.0f));
    __m256i ni = _mm256_cvtps_epi32(n);
    __m256i n1 = _mm256_srai_epi32(ni, 1), n2 = _mm256_sub_epi32(ni, n1);
    __m256 s1 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n1, _mm256_set1_epi32(127)), 23));
    __m256 s2 = _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n2, _mm256_set1_epi32(127)), 23));
    y = _mm256_mul_ps(_mm256_mul_ps(y, s1), s2);
    y = _mm256_blendv_ps(y, _mm256_set1_ps(INFINITY), _mm256_cmp_ps(x, _mm256_set1_ps(EXP_HI), _CMP_GT_OQ));
    y = _mm256_blendv_ps(y, _mm256_setzero_ps(), _mm256_cmp_ps(x, _mm256_set1_ps(EXP_LO), _CMP_LT_OQ));
    y = _mm256_blendv_ps(y, _mm256_setzero_ps(), _mm256_cmp_ps(y, _mm256_set1_ps(FLT_MIN), _CMP_LT_OQ));
    return _mm256_blendv_ps(y, _mm256_add_ps(x, x), _mm256_cmp_ps(x, x, _CMP_UNORD_Q));
}

__attribute__((target("avx512f")))
static void exp_avx512(const float *x, float *y, size_t n) {
    size_t i = 0;
    for (; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, exp512(_mm512_loadu_ps(x + i)));
    if (i < n) {
        __mmask16 m = (__mmask16)((1u << (n - i)) - 1u);
        _mm512_mask_storeu_ps(y + i, m, exp512(_mm512_maskz_loadu_ps(m, x + i)));
    }
}

__attribute__((target("avx2,fma")))
static void exp_avx2(const float *x, float *y, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, exp256(_mm256_loadu_ps(x + i)));
    for (; i < n; i++) y[i] = exp_scalar(x[i]);
}

__attribute__((target("avx512f")))
static void sigmoid_avx512(const float *x, float *y, size_t n) {
    const __m512 one = _mm512_set1_ps(1.0f);
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m512 e = exp512(_mm512_sub_ps(_mm512_setzero_ps(), _mm512_loadu_ps(x + i)));
        _mm512_storeu_ps(y + i, _mm512_div_ps(one, _mm512_add_ps(one, e)));
    }
    if (i < n) {
        __mmask16 m = (__mmask16)((1u << (n - i)) - 1u);
        __m512 e = exp512(_mm512_sub_ps(_mm512_setzero_ps(), _mm512_maskz_loadu_ps(m, x + i)));
        _mm512_mask_storeu_ps(y + i, m, _mm512_div_ps(one, _mm512_add_ps(one, e)));
    }
}

/* 2: AVX-512, 1: AVX2+FMA, 0: neither. Cached; racing first calls store the same value. */
static int cpu_level(void) {
    static int cached = -1;
    int level = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (level < 0) {
        __builtin_cpu_init();
        level = __builtin_cpu_supports("avx512f") ? 2 : (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) ? 1 : 0;
        __atomic_store_n(&cached, level, __ATOMIC_RELAXED);
    }
    return level;
}
#endif

void tb_exp_f32(const float *x, float *y, size_t n) {
#if defined(__x86_64__)
    int level = cpu_level();
    if (level == 2) { exp_avx512(x, y, n); return; }
    if (level == 1) { exp_avx2(x, y, n); return; }
#endif
    for (size_t i = 0; i < n; i++) y[i] = exp_scalar(x[i]);
}

void tb_sigmoid_f32(const float *x, float *y, size_t n) {
#if defined(__x86_64__)
    if (cpu_level() == 2) { sigmoid_avx512(x, y, n); return; }
#endif
    for (size_t i = 0; i < n; i++) {
        float s = 1.0f / (1.0f + expf(-x[i]));
        y[i] = s < FLT_MIN ? 0.0f : s;
    }
}

#if defined(__x86_64__)
/* Max over the first n / 32 * 32 elements; *nan set when any of them is NaN. */
__attribute__((target("avx2")))
static float max_avx2(const float *p, size_t n, int *nan) {
    __m256 m0 = _mm256_set1_ps(-INFINITY), m1 = m0, m2 = m0, m3 = m0;
    __m256 u = _mm256_setzero_ps();
    for (size_t i = 0; i + 32 <= n; i += 32) {
        __m256 a = _mm256_loadu_ps(p + i), b = _mm256_loadu_ps(p + i + 8);
        __m256 c = _mm256_loadu_ps(p + i + 16), d = _mm256_loadu_ps(p + i + 24);
        m0 = _mm256_max_ps(m0, a); m1 = _mm256_max_ps(m1, b);
        m2 = _mm256_max_ps(m2, c); m3 = _mm256_max_ps(m3, d);
        u = _mm256_or_ps(u, _mm256_or_ps(_mm256_cmp_ps(a, b, _CMP_UNORD_Q), _mm256_cmp_ps(c, d, _CMP_UNORD_Q)));
    }
    __m256 m = _mm256_max_ps(_mm256_max_ps(m0, m1), _mm256_max_ps(m2, m3));
    float lanes[8], best = -INFINITY;
    _mm256_storeu_ps(lanes, m);
    for (int k = 0; k < 8; k++) best = lanes[k] > best ? lanes[k] : best;
    *nan = _mm256_movemask_ps(u) != 0;
    return best;
}
#endif

int tb_max_f32(const float *p, size_t n, float *result) {
    size_t i = 0;
    float best = -INFINITY;
    int nan = 0;
#if defined(__x86_64__)
    if (cpu_level() >= 1 && n >= 32) {
        best = max_avx2(p, n, &nan);
        i = n / 32 * 32;
    }
#endif
    for (; i < n; i++) {
        float x = p[i];
        if (x != x) nan = 1;
        best = x > best ? x : best;
    }
    if (nan || best == 0.0f) return 0;
    *result = best;
    return 1;
}

#if defined(__x86_64__)
__attribute__((target("avx2")))
static void transpose8x8(const float *s, size_t ss, float *d, size_t ds) {
    __m256 r0 = _mm256_loadu_ps(s), r1 = _mm256_loadu_ps(s + ss), r2 = _mm256_loadu_ps(s + 2 * ss), r3 = _mm256_loadu_ps(s + 3 * ss);
    __m256 r4 = _mm256_loadu_ps(s + 4 * ss), r5 = _mm256_loadu_ps(s + 5 * ss), r6 = _mm256_loadu_ps(s + 6 * ss), r7 = _mm256_loadu_ps(s + 7 * ss);
    __m256 t0 = _mm256_unpacklo_ps(r0, r1), t1 = _mm256_unpackhi_ps(r0, r1), t2 = _mm256_unpacklo_ps(r2, r3), t3 = _mm256_unpackhi_ps(r2, r3);
    __m256 t4 = _mm256_unpacklo_ps(r4, r5), t5 = _mm256_unpackhi_ps(r4, r5), t6 = _mm256_unpacklo_ps(r6, r7), t7 = _mm256_unpackhi_ps(r6, r7);
    __m256 u0 = _mm256_shuffle_ps(t0, t2, 0x44), u1 = _mm256_shuffle_ps(t0, t2, 0xEE), u2 = _mm256_shuffle_ps(t1, t3, 0x44), u3 = _mm256_shuffle_ps(t1, t3, 0xEE);
    __m256 u4 = _mm256_shuffle_ps(t4, t6, 0x44), u5 = _mm256_shuffle_ps(t4, t6, 0xEE), u6 = _mm256_shuffle_ps(t5, t7, 0x44), u7 = _mm256_shuffle_ps(t5, t7, 0xEE);
    _mm256_storeu_ps(d, _mm256_permute2f128_ps(u0, u4, 0x20));
    _mm256_storeu_ps(d + ds, _mm256_permute2f128_ps(u1, u5, 0x20));
    _mm256_storeu_ps(d + 2 * ds, _mm256_permute2f128_ps(u2, u6, 0x20));
    _mm256_storeu_ps(d + 3 * ds, _mm256_permute2f128_ps(u3, u7, 0x20));
    _mm256_storeu_ps(d + 4 * ds, _mm256_permute2f128_ps(u0, u4, 0x31));
    _mm256_storeu_ps(d + 5 * ds, _mm256_permute2f128_ps(u1, u5, 0x31));
    _mm256_storeu_ps(d + 6 * ds, _mm256_permute2f128_ps(u2, u6, 0x31));
    _mm256_storeu_ps(d + 7 * ds, _mm256_permute2f128_ps(u3, u7, 0x31));
}
#endif

void tb_transpose_32(const void *src_raw, size_t src_row, void *dst_raw, size_t dst_row, size_t r0, size_t r1, size_t cols) {
    /* Floats only move (no arithmetic), so any 4-byte pattern, NaN included, is kept. */
    const float *src = src_raw;
    float *dst = dst_raw;
    const size_t tile = 64;
    for (size_t rt = r0; rt < r1; rt += tile) {
        size_t re = rt + tile < r1 ? rt + tile : r1;
        for (size_t ct = 0; ct < cols; ct += tile) {
            size_t ce = ct + tile < cols ? ct + tile : cols;
            size_t r = rt;
#if defined(__x86_64__)
            if (cpu_level() >= 1) {
                for (; r + 8 <= re; r += 8) {
                    size_t c = ct;
                    /* Block (rows r..r+8 of dst, columns c..c+8): source rows c..c+8 at offset r. */
                    for (; c + 8 <= ce; c += 8) transpose8x8(src + c * src_row + r, src_row, dst + r * dst_row + c, dst_row);
                    for (; c < ce; c++)
                        for (size_t k = r; k < r + 8; k++) dst[k * dst_row + c] = src[c * src_row + k];
                }
            }
#endif
            for (; r < re; r++)
                for (size_t c = ct; c < ce; c++) dst[r * dst_row + c] = src[c * src_row + r];
        }
    }
}

/* Outputs at least this large skip the cache (non-temporal stores): they cannot stay cached,
 * and skipping each line's read-for-ownership saves a quarter of the memory traffic. */
#define STREAM_MIN_BYTES (4u << 20)

static inline float maximum_scalar(float a, float b) {
    if (a != a) return a;
    if (b != b) return b;
    float r = a > b ? a : b;
    return (r != 0.0f && fabsf(r) < FLT_MIN) ? copysignf(0.0f, r) : r;
}

#if defined(__x86_64__)
__attribute__((target("avx512f")))
static inline __m512 maximum512(__m512 a, __m512 b) {
    __m512 r = _mm512_max_ps(a, b); /* a where a > b, else b (ties and NaNs: b) */
    r = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(a, a, _CMP_UNORD_Q), r, a);
    __m512 magnitude = _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(r), _mm512_set1_epi32(0x7FFFFFFF)));
    __mmask16 tiny = _mm512_cmp_ps_mask(magnitude, _mm512_set1_ps(FLT_MIN), _CMP_LT_OQ);
    return _mm512_mask_blend_ps(tiny, r, _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(r), _mm512_set1_epi32((int)0x80000000u))));
}

enum { OP_ADD, OP_MAX, OP_MUL };

static inline float binary_scalar(int op, float a, float b) {
    return op == OP_MAX ? maximum_scalar(a, b) : op == OP_MUL ? a * b : a + b;
}

/* b_step 0: b is one value repeated. */
__attribute__((target("avx512f")))
static void binary_avx512(int op, const float *a, const float *b, size_t b_step, float *out, size_t n) {
    size_t i = 0;
    int stream = n * sizeof(float) >= STREAM_MIN_BYTES;
    if (stream) {
        for (; i < n && ((uintptr_t)(out + i) & 63u) != 0; i++) out[i] = binary_scalar(op, a[i], b[i * b_step]);
    }
    for (; i + 16 <= n; i += 16) {
        __m512 x = _mm512_loadu_ps(a + i), y = b_step ? _mm512_loadu_ps(b + i) : _mm512_set1_ps(b[0]);
        __m512 r = op == OP_MAX ? maximum512(x, y) : op == OP_MUL ? _mm512_mul_ps(x, y) : _mm512_add_ps(x, y);
        if (stream) _mm512_stream_ps(out + i, r); else _mm512_storeu_ps(out + i, r);
    }
    if (stream) _mm_sfence();
    for (; i < n; i++) out[i] = binary_scalar(op, a[i], b[i * b_step]);
}

__attribute__((target("avx512f")))
static float sum_avx512(const float *p, size_t n) {
    __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
    size_t i = 0;
    for (; i + 64 <= n; i += 64) {
        s0 = _mm512_add_ps(s0, _mm512_loadu_ps(p + i));
        s1 = _mm512_add_ps(s1, _mm512_loadu_ps(p + i + 16));
        s2 = _mm512_add_ps(s2, _mm512_loadu_ps(p + i + 32));
        s3 = _mm512_add_ps(s3, _mm512_loadu_ps(p + i + 48));
    }
    for (; i + 16 <= n; i += 16) s0 = _mm512_add_ps(s0, _mm512_loadu_ps(p + i));
    if (i < n) s1 = _mm512_add_ps(s1, _mm512_maskz_loadu_ps((__mmask16)((1u << (n - i)) - 1u), p + i));
    return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3)));
}
#endif

float tb_sum_f32(const float *p, size_t n) {
#if defined(__x86_64__)
    if (cpu_level() == 2) return sum_avx512(p, n);
#endif
    float s[4] = {0, 0, 0, 0};
    size_t i = 0;
    for (; i + 4 <= n; i += 4) { s[0] += p[i]; s[1] += p[i + 1]; s[2] += p[i + 2]; s[3] += p[i + 3]; }
    for (; i < n; i++) s[0] += p[i];
    return (s[0] + s[1]) + (s[2] + s[3]);
}

void tb_mul_f32(const float *a, const float *b, float *out, size_t n) {
#if defined(__x86_64__)
    if (cpu_level() == 2) { binary_avx512(OP_MUL, a, b, 1, out, n); return; }
#endif
    for (size_t i = 0; i < n; i++) out[i] = a[i] * b[i];
}

void tb_mul_scalar_f32(const float *a, float s, float *out, size_t n) {
#if defined(__x86_64__)
    if (cpu_level() == 2) { binary_avx512(OP_MUL, a, &s, 0, out, n); return; }
#endif
    for (size_t i = 0; i < n; i++) out[i] = a[i] * s;
}

void tb_add_f32(const float *a, const float *b, float *out, size_t n) {
#if defined(__x86_64__)
    if (cpu_level() == 2) { binary_avx512(OP_ADD, a, b, 1, out, n); return; }
#endif
    for (size_t i = 0; i < n; i++) out[i] = a[i] + b[i];
}

void tb_maximum_f32(const float *a, const float *b, float *out, size_t n) {
#if defined(__x86_64__)
    if (cpu_level() == 2) { binary_avx512(OP_MAX, a, b, 1, out, n); return; }
#endif
    for (size_t i = 0; i < n; i++) out[i] = maximum_scalar(a[i], b[i]);
}
