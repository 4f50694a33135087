// Diagnoses SIGBUS on memory-mapped tensor files. A mapping's pages vanish when another
// process truncates the file; touching them raises SIGBUS, which would otherwise kill the
// process with no hint of the cause. Registered mappings are named in a message on stderr,
// then the signal goes on to the previous handler (or the default action, ending the process).
#ifndef TENSORBRIDGE_MAPPED_FAULTS_H
#define TENSORBRIDGE_MAPPED_FAULTS_H

#include <stddef.h>

/// Registers `[base, base + length)` as a mapping of `path`, installing the SIGBUS handler on
/// first use. Returns a slot for `tb_mapped_faults_unregister`, or -1 when the table is full
/// (the mapping then works as before, only without the message).
int tb_mapped_faults_register(const void *base, size_t length, const char *path);

/// Forgets a slot from `tb_mapped_faults_register` (before the range is unmapped).
void tb_mapped_faults_unregister(int slot);

#endif
