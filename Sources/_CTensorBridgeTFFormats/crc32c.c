#include "tf_formats.h"

#if defined(__x86_64__)
#include <cpuid.h>
#endif

// Slicing-by-8 tables for the reflected Castagnoli polynomial 0x82F63B78.
static uint32_t table[8][256];
static int ready = 0;
static int hardware = 0;

// Shifting a CRC past LONG or SHORT zero bytes, as tables (Mark Adler's method in
// crc32c.c, zlib license): three streams run in parallel to hide the crc32 instruction's
// latency, and their CRCs are combined by shifting the earlier ones over the later data.
#define LONG 8192
#define SHORT 256
static uint32_t zeros_long[4][256], zeros_short[4][256];

static void zeros_table(uint32_t zeros[4][256], size_t len);

static void init_tables(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
        table[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = table[0][i];
        for (int t = 1; t < 8; t++) {
            c = table[0][c & 0xff] ^ (c >> 8);
            table[t][i] = c;
        }
    }
#if defined(__x86_64__)
    unsigned a, b, c, d;
    if (__get_cpuid(1, &a, &b, &c, &d)) hardware = (c & bit_SSE4_2) != 0;
#endif
    zeros_table(zeros_long, LONG);
    zeros_table(zeros_short, SHORT);
    __atomic_store_n(&ready, 1, __ATOMIC_RELEASE);
}

static uint32_t software(uint32_t crc, const uint8_t *p, size_t n) {
    while (n && ((uintptr_t)p & 7)) { crc = table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8); n--; }
    while (n >= 8) {
        uint64_t v;
        __builtin_memcpy(&v, p, 8);
        uint32_t lo = (uint32_t)v ^ crc, hi = (uint32_t)(v >> 32);
        crc = table[7][lo & 0xff] ^ table[6][(lo >> 8) & 0xff] ^ table[5][(lo >> 16) & 0xff] ^ table[4][lo >> 24] ^
              table[3][hi & 0xff] ^ table[2][(hi >> 8) & 0xff] ^ table[1][(hi >> 16) & 0xff] ^ table[0][hi >> 24];
        p += 8; n -= 8;
    }
    while (n--) crc = table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return crc;
}

static uint32_t gf2_times(const uint32_t *mat, uint32_t vec) {
    uint32_t sum = 0;
    while (vec) { if (vec & 1) sum ^= *mat; vec >>= 1; mat++; }
    return sum;
}

static void gf2_square(uint32_t *square, const uint32_t *mat) {
    for (int n = 0; n < 32; n++) square[n] = gf2_times(mat, mat[n]);
}

// The operator that appends `len` (a power of two) zero bytes to a CRC.
static void zeros_op(uint32_t *even, size_t len) {
    uint32_t odd[32];
    odd[0] = 0x82F63B78u;
    uint32_t row = 1;
    for (int n = 1; n < 32; n++) { odd[n] = row; row <<= 1; }
    gf2_square(even, odd);
    gf2_square(odd, even);
    do {
        gf2_square(even, odd);
        len >>= 1;
        if (len == 0) return;
        gf2_square(odd, even);
        len >>= 1;
    } while (len);
    for (int n = 0; n < 32; n++) even[n] = odd[n];
}

static void zeros_table(uint32_t zeros[4][256], size_t len) {
    uint32_t op[32];
    zeros_op(op, len);
    for (uint32_t n = 0; n < 256; n++) {
        zeros[0][n] = gf2_times(op, n);
        zeros[1][n] = gf2_times(op, n << 8);
        zeros[2][n] = gf2_times(op, n << 16);
        zeros[3][n] = gf2_times(op, n << 24);
    }
}

static uint32_t shift(uint32_t zeros[4][256], uint32_t crc) {
    return zeros[0][crc & 0xff] ^ zeros[1][(crc >> 8) & 0xff] ^ zeros[2][(crc >> 16) & 0xff] ^ zeros[3][crc >> 24];
}

#if defined(__x86_64__)
__attribute__((target("sse4.2")))
static uint32_t sse42(uint32_t crc, const uint8_t *p, size_t n) {
    uint64_t c0 = crc;
    while (n && ((uintptr_t)p & 7)) { c0 = __builtin_ia32_crc32qi((uint32_t)c0, *p++); n--; }
    for (size_t block = LONG; block >= SHORT; block = block == LONG ? SHORT : 0) {
        uint32_t (*zeros)[256] = block == LONG ? zeros_long : zeros_short;
        while (n >= 3 * block) {
            uint64_t c1 = 0, c2 = 0;
            const uint8_t *end = p + block;
            do {
                uint64_t a, b, c;
                __builtin_memcpy(&a, p, 8);
                __builtin_memcpy(&b, p + block, 8);
                __builtin_memcpy(&c, p + 2 * block, 8);
                c0 = __builtin_ia32_crc32di(c0, a);
                c1 = __builtin_ia32_crc32di(c1, b);
                c2 = __builtin_ia32_crc32di(c2, c);
                p += 8;
            } while (p < end);
            c0 = shift(zeros, (uint32_t)c0) ^ (uint32_t)c1;
            c0 = shift(zeros, (uint32_t)c0) ^ (uint32_t)c2;
            p += 2 * block;
            n -= 3 * block;
        }
    }
    while (n >= 8) {
        uint64_t v;
        __builtin_memcpy(&v, p, 8);
        c0 = __builtin_ia32_crc32di(c0, v);
        p += 8; n -= 8;
    }
    while (n--) c0 = __builtin_ia32_crc32qi((uint32_t)c0, *p++);
    return (uint32_t)c0;
}
#endif

uint32_t tb_crc32c_extend(uint32_t crc, const void *data, size_t n) {
    if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) init_tables();
    const uint8_t *p = (const uint8_t *)data;
    crc = ~crc;
#if defined(__x86_64__)
    if (hardware) return ~sse42(crc, p, n);
#endif
    return ~software(crc, p, n);
}

uint32_t tb_crc32c_extend_portable(uint32_t crc, const void *data, size_t n) {
    if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) init_tables();
    return ~software(~crc, (const uint8_t *)data, n);
}

int tb_crc32c_hardware(void) {
    if (!__atomic_load_n(&ready, __ATOMIC_ACQUIRE)) init_tables();
    return hardware;
}
