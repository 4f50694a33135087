// CRC32C (Castagnoli) and zlib streams for TensorFlow's file formats. CRC32C uses the SSE4.2
// instruction where the CPU has it, as TensorFlow's own crc32c does, and a table otherwise.
// zlib is the system libz that ZIPFoundation already links on Linux.
#ifndef TENSORBRIDGE_TF_FORMATS_H
#define TENSORBRIDGE_TF_FORMATS_H

#include <stddef.h>
#include <stdint.h>

/// Extends `crc` (0 to start) over `n` bytes; the result is the plain (unmasked) CRC32C.
uint32_t tb_crc32c_extend(uint32_t crc, const void *data, size_t n);

/// The same CRC by table lookups only (to check the hardware path against).
uint32_t tb_crc32c_extend_portable(uint32_t crc, const void *data, size_t n);

/// Whether the hardware path is in use (for the bench report).
int tb_crc32c_hardware(void);

/// An opaque zlib stream (inflate or deflate).
typedef struct tb_zstream tb_zstream;

/// Window bits as zlib takes them: 15 + 16 for GZIP, 15 for ZLIB.
tb_zstream *tb_inflate_new(int window_bits);
tb_zstream *tb_deflate_new(int window_bits, int level);
void tb_zstream_free(tb_zstream *stream);

/// Runs inflate (or deflate) over `in`, writing at most `out_capacity` bytes. Reports how much
/// was consumed and produced. Returns 0 to go on, 1 at the end of the stream, a negative zlib
/// error code otherwise. `finish` (deflate only) flushes and ends the stream.
int tb_zstream_run(tb_zstream *stream, const void *in, size_t in_length, size_t *consumed,
                   void *out, size_t out_capacity, size_t *produced, int finish);

/// Starts a new member after the end of one (gzip files may hold several).
int tb_inflate_reset(tb_zstream *stream);

/// zlib's message for the last error, or "" (never NULL).
const char *tb_zstream_message(tb_zstream *stream);

#endif
