#include "tf_formats.h"
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

struct tb_zstream {
    z_stream z;
    int inflating;
};

tb_zstream *tb_inflate_new(int window_bits) {
    tb_zstream *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->inflating = 1;
    if (inflateInit2(&s->z, window_bits) != Z_OK) { free(s); return NULL; }
    return s;
}

tb_zstream *tb_deflate_new(int window_bits, int level) {
    tb_zstream *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    if (deflateInit2(&s->z, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK) { free(s); return NULL; }
    return s;
}

void tb_zstream_free(tb_zstream *s) {
    if (!s) return;
    if (s->inflating) inflateEnd(&s->z); else deflateEnd(&s->z);
    free(s);
}

int tb_zstream_run(tb_zstream *s, const void *in, size_t in_length, size_t *consumed,
                   void *out, size_t out_capacity, size_t *produced, int finish) {
    // zlib counts in uInt; larger spans are handled by the caller's loop.
    uInt in_n = in_length > 0x40000000u ? 0x40000000u : (uInt)in_length;
    uInt out_n = out_capacity > 0x40000000u ? 0x40000000u : (uInt)out_capacity;
    s->z.next_in = (Bytef *)in;
    s->z.avail_in = in_n;
    s->z.next_out = (Bytef *)out;
    s->z.avail_out = out_n;
    int r = s->inflating ? inflate(&s->z, Z_NO_FLUSH) : deflate(&s->z, finish ? Z_FINISH : Z_NO_FLUSH);
    *consumed = in_n - s->z.avail_in;
    *produced = out_n - s->z.avail_out;
    if (r == Z_STREAM_END) return 1;
    if (r == Z_OK) return 0;
    if (r == Z_BUF_ERROR) return 0;  // no progress possible without more input or output room
    return r < 0 ? r : -100;
}

int tb_inflate_reset(tb_zstream *s) { return inflateReset(&s->z) == Z_OK ? 0 : -1; }

const char *tb_zstream_message(tb_zstream *s) { return (s && s->z.msg) ? s->z.msg : ""; }
