#include "tb_gemm.h"

#include <stdlib.h>
#include <string.h>

/* The widest instruction set the kernels may use (tests lower it to reach the fallbacks). */
static _Atomic int isa_limit = 2;

void tb_gemm_limit_isa(int level) { isa_limit = level; }

#if defined(__x86_64__)
#include <immintrin.h>

int tb_gemm_uses_fma(void) {
    __builtin_cpu_init();
    return isa_limit >= 1 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

int tb_gemm_uses_avx512(void) {
    __builtin_cpu_init();
    return isa_limit >= 2 && __builtin_cpu_supports("avx512f");
}
#else
int tb_gemm_uses_fma(void) { return 0; }
int tb_gemm_uses_avx512(void) { return 0; }
#endif

/* float32: 16 lanes per AVX-512 vector, 8 per AVX2 one. KC x NC of packed B is 4 MiB, read
 * from L2 and L3 a micro-panel at a time; MC x KC of packed A (192 KiB) stays in L2. */
#define GEMM_T float
#define GEMM_NAME tb_sgemm
#define GEMM(x) x##_f32
#define GEMM_KC 512
#define GEMM_MC 96
#define GEMM_NC 2048
#define GEMM_V512 __m512
#define GEMM_LANES512 16
#define GEMM_LOAD512 _mm512_loadu_ps
#define GEMM_STORE512 _mm512_storeu_ps
#define GEMM_SET1_512 _mm512_set1_ps
#define GEMM_FMA512 _mm512_fmadd_ps
#define GEMM_ADD512 _mm512_add_ps
#define GEMM_ZERO512 _mm512_setzero_ps
#define GEMM_V256 __m256
#define GEMM_LANES256 8
#define GEMM_LOAD256 _mm256_loadu_ps
#define GEMM_STORE256 _mm256_storeu_ps
#define GEMM_SET1_256 _mm256_set1_ps
#define GEMM_FMA256 _mm256_fmadd_ps
#define GEMM_ZERO256 _mm256_setzero_ps
#include "gemm_template.h"

/* float64: half the lanes, the same bytes per block (NC halved). */
#define GEMM_T double
#define GEMM_NAME tb_dgemm
#define GEMM(x) x##_f64
#define GEMM_KC 512
#define GEMM_MC 96
#define GEMM_NC 1024
#define GEMM_V512 __m512d
#define GEMM_LANES512 8
#define GEMM_LOAD512 _mm512_loadu_pd
#define GEMM_STORE512 _mm512_storeu_pd
#define GEMM_SET1_512 _mm512_set1_pd
#define GEMM_FMA512 _mm512_fmadd_pd
#define GEMM_ADD512 _mm512_add_pd
#define GEMM_ZERO512 _mm512_setzero_pd
#define GEMM_V256 __m256d
#define GEMM_LANES256 4
#define GEMM_LOAD256 _mm256_loadu_pd
#define GEMM_STORE256 _mm256_storeu_pd
#define GEMM_SET1_256 _mm256_set1_pd
#define GEMM_FMA256 _mm256_fmadd_pd
#define GEMM_ZERO256 _mm256_setzero_pd
#include "gemm_template.h"
