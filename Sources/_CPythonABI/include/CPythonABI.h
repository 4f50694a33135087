// Struct layouts of the CPython stable ABI that TensorBridgePython needs, written from the
// CPython headers (3.9 and newer, default non-free-threaded build, LP64). Declarations only:
// nothing here links against libpython, whose functions are resolved at run time with dlsym.
#ifndef TENSORBRIDGE_CPYTHON_ABI_H
#define TENSORBRIDGE_CPYTHON_ABI_H

#include <stddef.h>
#include <sys/types.h>

/// The head of every Python object (`PyObject`): reference count, then type.
typedef struct TBPyObject {
    ssize_t ob_refcnt;
    struct TBPyObject *ob_type;
} TBPyObject;

/// `Py_buffer` (PEP 3118), filled by a `bf_getbuffer` slot.
typedef struct TBPyBuffer {
    void *buf;
    TBPyObject *obj;
    ssize_t len;
    ssize_t itemsize;
    int readonly;
    int ndim;
    char *format;
    ssize_t *shape;
    ssize_t *strides;
    ssize_t *suboffsets;
    void *internal;
} TBPyBuffer;

/// `PyType_Slot`.
typedef struct TBPyTypeSlot {
    int slot;
    void *pfunc;
} TBPyTypeSlot;

/// `PyType_Spec`, for `PyType_FromSpec`.
typedef struct TBPyTypeSpec {
    const char *name;
    int basicsize;
    int itemsize;
    unsigned int flags;
    TBPyTypeSlot *slots;
} TBPyTypeSpec;

/// The instance layout of TensorBridge's buffer exporter type: the object head, then an
/// opaque retained pointer to the Swift object describing the exported memory.
typedef struct TBExporterObject {
    TBPyObject head;
    void *owner;
} TBExporterObject;

// Slot numbers (typeslots.h) and flags (object.h, pybuffer.h); stable across 3.9–3.13.
enum {
    TBPy_bf_getbuffer = 1,
    TBPy_bf_releasebuffer = 2,
    TBPy_tp_dealloc = 52,
};

enum {
    TBPyBUF_WRITABLE = 0x0001,
    TBPyBUF_FORMAT = 0x0004,
    TBPyBUF_ND = 0x0008,
    TBPyBUF_STRIDES = 0x0018,
    TBPyBUF_RECORDS_RO = 0x001C,
};

/// Py_TPFLAGS_DEFAULT (Py_TPFLAGS_HAVE_VERSION_TAG).
#define TBPy_TPFLAGS_DEFAULT (1UL << 18)

#endif
