#include "mapped_faults.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

// A fixed table, so the handler reads it without locks or allocation (async-signal-safe).
// A slot is live while `end` is non-zero; it is claimed with a compare-and-swap on `end`.
enum { SLOTS = 1024, PATH_BYTES = 240 };

typedef struct {
    _Atomic uintptr_t start;
    _Atomic uintptr_t end;
    char path[PATH_BYTES];
} Slot;

static Slot slots[SLOTS];
static struct sigaction previous;
static pthread_once_t installed = PTHREAD_ONCE_INIT;

static void put(const char *text) {
    size_t n = strlen(text);
    while (n > 0) {
        ssize_t w = write(STDERR_FILENO, text, n);
        if (w <= 0) return;
        text += w;
        n -= (size_t)w;
    }
}

static void handler(int signal, siginfo_t *info, void *context) {
    (void)context;
    uintptr_t address = (uintptr_t)info->si_addr;
    for (int i = 0; i < SLOTS; i++) {
        uintptr_t end = atomic_load_explicit(&slots[i].end, memory_order_acquire);
        if (end == 0 || address >= end || address < atomic_load_explicit(&slots[i].start, memory_order_relaxed)) continue;
        put("TensorBridge: SIGBUS reading a memory-mapped tensor file: ");
        put(slots[i].path);
        put(" is shorter than when it was mapped (truncated or replaced in place by another "
            "process?). A tensor loaded with mmap: true needs its file unchanged while it lives; "
            "load with mmap: false for a private copy.\n");
        break;
    }
    // Hand the signal on: with the previous action restored, returning re-runs the faulting
    // access, which raises SIGBUS again for that handler (by default, ending the process).
    sigaction(signal, &previous, NULL);
}

static void install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = handler;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK;
    sigemptyset(&action.sa_mask);
    sigaction(SIGBUS, &action, &previous);
}

int tb_mapped_faults_register(const void *base, size_t length, const char *path) {
    if (base == NULL || length == 0) return -1;
    pthread_once(&installed, install);
    uintptr_t start = (uintptr_t)base;
    for (int i = 0; i < SLOTS; i++) {
        uintptr_t expected = 0;
        // Claim with a sentinel end (1: matches no address) while the slot is filled in.
        if (!atomic_compare_exchange_strong(&slots[i].end, &expected, 1)) continue;
        size_t n = strlen(path);
        if (n >= PATH_BYTES) {  // keep the tail, where the file name is
            path += n - (PATH_BYTES - 4);
            memcpy(slots[i].path, "...", 3);
            memcpy(slots[i].path + 3, path, PATH_BYTES - 4);
        } else {
            memcpy(slots[i].path, path, n);
        }
        slots[i].path[PATH_BYTES - 1] = 0;
        if (n < PATH_BYTES) slots[i].path[n] = 0;
        atomic_store_explicit(&slots[i].start, start, memory_order_relaxed);
        atomic_store_explicit(&slots[i].end, start + length, memory_order_release);
        return i;
    }
    return -1;
}

void tb_mapped_faults_unregister(int slot) {
    if (slot < 0 || slot >= SLOTS) return;
    // `end == 0` alone frees the slot; `start` is rewritten by the next claim before its `end`.
    atomic_store_explicit(&slots[slot].end, 0, memory_order_release);
}
