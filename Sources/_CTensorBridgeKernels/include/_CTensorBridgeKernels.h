/*
 * The module's umbrella header: every header of this target, listed. A new header is added
 * here, which changes this file, so a build that cached the module before sees the new one
 * (with an umbrella directory, clang's module cache keeps the old header set).
 */
#include "tb_fpmode.h"
#include "tb_gemm.h"
#include "tb_half.h"
#include "tb_kernels.h"
#include "tb_vmath.h"
