// Declarations only; this file exists because a C target needs one source file.
#include "CPythonABI.h"
