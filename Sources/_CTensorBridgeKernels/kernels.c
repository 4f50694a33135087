#include "tb_kernels.h"

#include <string.h>
#if defined(__x86_64__) || defined(__i386__)
#include <emmintrin.h>
#define TB_X86 1
#endif

/* Outputs larger than this bypass the cache (non-temporal stores): they cannot stay cached
 * anyway, and skipping the read-for-ownership of each destination line saves a third of
 * the memory traffic. */
#define TB_STREAM_MIN_BYTES (4u << 20)

static inline uint16_t bf16_scalar(float x) {
  uint32_t bits;
  memcpy(&bits, &x, sizeof bits);
  /* TensorFlow's packet path makes every NaN the positive quiet NaN. */
  if ((bits & 0x7FFFFFFFu) > 0x7F800000u) return 0x7FC0u;
  return (uint16_t)((bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16);
}

#ifdef TB_X86
static inline int32_t i32_scalar(float x) { return _mm_cvttss_si32(_mm_set_ss(x)); }
#else
static inline int32_t i32_scalar(float x) {
  return (x >= -2147483648.0f && x < 2147483648.0f) ? (int32_t)x : INT32_MIN;
}
#endif

void tb_cast_f32_to_i32(const float *src, int32_t *dst, size_t count) {
  size_t i = 0;
#ifdef TB_X86
  int stream = count * sizeof(int32_t) >= TB_STREAM_MIN_BYTES;
  /* Scalar until the destination is 16-byte aligned, as streaming stores require. */
  for (; i < count && ((uintptr_t)(dst + i) & 15u) != 0; i++) dst[i] = i32_scalar(src[i]);
  if (stream) {
    for (; i + 8 <= count; i += 8) {
      _mm_stream_si128((__m128i *)(dst + i), _mm_cvttps_epi32(_mm_loadu_ps(src + i)));
      _mm_stream_si128((__m128i *)(dst + i + 4), _mm_cvttps_epi32(_mm_loadu_ps(src + i + 4)));
    }
    _mm_sfence();
  } else {
    for (; i + 8 <= count; i += 8) {
      _mm_store_si128((__m128i *)(dst + i), _mm_cvttps_epi32(_mm_loadu_ps(src + i)));
      _mm_store_si128((__m128i *)(dst + i + 4), _mm_cvttps_epi32(_mm_loadu_ps(src + i + 4)));
    }
  }
#endif
  for (; i < count; i++) dst[i] = i32_scalar(src[i]);
}

#ifdef TB_X86
/* Four floats to four bfloat16 in the low 16 bits of each lane, sign-extended. */
static inline __m128i bf16_lanes(__m128 x) {
  __m128i bits = _mm_castps_si128(x);
  __m128i lsb = _mm_and_si128(_mm_srli_epi32(bits, 16), _mm_set1_epi32(1));
  __m128i rounded = _mm_add_epi32(_mm_add_epi32(bits, _mm_set1_epi32(0x7FFF)), lsb);
  __m128i magnitude = _mm_and_si128(bits, _mm_set1_epi32(0x7FFFFFFF));
  __m128i is_nan = _mm_cmpgt_epi32(magnitude, _mm_set1_epi32(0x7F800000));
  __m128i nan = _mm_set1_epi32(0x7FC00000);
  __m128i chosen = _mm_or_si128(_mm_and_si128(is_nan, nan), _mm_andnot_si128(is_nan, rounded));
  /* An arithmetic shift keeps the 16 bits as an int16 value, which packs_epi32 passes exactly. */
  return _mm_srai_epi32(chosen, 16);
}
#endif

void tb_cast_f32_to_bf16(const float *src, uint16_t *dst, size_t count) {
  size_t i = 0;
#ifdef TB_X86
  int stream = count * sizeof(uint16_t) >= TB_STREAM_MIN_BYTES;
  for (; i < count && ((uintptr_t)(dst + i) & 15u) != 0; i++) dst[i] = bf16_scalar(src[i]);
  for (; i + 8 <= count; i += 8) {
    __m128i packed = _mm_packs_epi32(bf16_lanes(_mm_loadu_ps(src + i)), bf16_lanes(_mm_loadu_ps(src + i + 4)));
    if (stream) _mm_stream_si128((__m128i *)(dst + i), packed);
    else _mm_store_si128((__m128i *)(dst + i), packed);
  }
  if (stream) _mm_sfence();
#endif
  for (; i < count; i++) dst[i] = bf16_scalar(src[i]);
}
