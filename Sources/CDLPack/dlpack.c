// The DLPack ABI is header-only; this file gives SwiftPM a source to build, and checks the
// LP64 layout of dmlc/dlpack's dlpack.h (DLTensor 48 bytes, DLManagedTensor 64,
// DLManagedTensorVersioned 80), at compile time.
#include <stddef.h>
#include "dlpack.h"

#if defined(__LP64__) || defined(_LP64)
_Static_assert(sizeof(DLDevice) == 8, "DLDevice is 8 bytes");
_Static_assert(sizeof(DLDataType) == 4, "DLDataType is 4 bytes");
_Static_assert(sizeof(DLPackVersion) == 8, "DLPackVersion is 8 bytes");
_Static_assert(sizeof(DLTensor) == 48, "DLTensor is 48 bytes");
_Static_assert(offsetof(DLTensor, device) == 8, "DLTensor.device @8");
_Static_assert(offsetof(DLTensor, ndim) == 16, "DLTensor.ndim @16");
_Static_assert(offsetof(DLTensor, dtype) == 20, "DLTensor.dtype @20");
_Static_assert(offsetof(DLTensor, shape) == 24, "DLTensor.shape @24");
_Static_assert(offsetof(DLTensor, strides) == 32, "DLTensor.strides @32");
_Static_assert(offsetof(DLTensor, byte_offset) == 40, "DLTensor.byte_offset @40");
_Static_assert(sizeof(DLManagedTensor) == 64, "DLManagedTensor is 64 bytes");
_Static_assert(offsetof(DLManagedTensor, manager_ctx) == 48, "DLManagedTensor.manager_ctx @48");
_Static_assert(offsetof(DLManagedTensor, deleter) == 56, "DLManagedTensor.deleter @56");
_Static_assert(sizeof(DLManagedTensorVersioned) == 80, "DLManagedTensorVersioned is 80 bytes");
_Static_assert(offsetof(DLManagedTensorVersioned, manager_ctx) == 8, "versioned manager_ctx @8");
_Static_assert(offsetof(DLManagedTensorVersioned, deleter) == 16, "versioned deleter @16");
_Static_assert(offsetof(DLManagedTensorVersioned, flags) == 24, "versioned flags @24");
_Static_assert(offsetof(DLManagedTensorVersioned, dl_tensor) == 32, "versioned dl_tensor @32");
#endif
