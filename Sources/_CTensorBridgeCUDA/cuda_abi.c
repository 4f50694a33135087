// Declarations only: this file exists because a SwiftPM C target needs one source file.
#include "tb_cuda_abi.h"
