// CUDA driver API and NVRTC declarations used by TensorBridgeCUDA, written from NVIDIA's
// published API reference. No CUDA header or library is needed at build time: every
// function is looked up with dlsym at run time and called through these pointer types.
#ifndef TB_CUDA_ABI_H
#define TB_CUDA_ABI_H

#include <stddef.h>

typedef int tb_CUresult;                 // CUresult: 0 is CUDA_SUCCESS
typedef int tb_CUdevice;                 // CUdevice: an ordinal
typedef unsigned long long tb_CUdeviceptr; // CUdeviceptr (64-bit on every supported platform)
typedef struct tb_CUctx_st *tb_CUcontext;
typedef struct tb_CUmod_st *tb_CUmodule;
typedef struct tb_CUfunc_st *tb_CUfunction;
typedef struct tb_CUstream_st *tb_CUstream;
typedef struct tb_CUevent_st *tb_CUevent;

// Driver API (symbol names in comments are the exported ones, _v2 where the driver has it).
typedef tb_CUresult (*tb_cuInit_t)(unsigned int flags);
typedef tb_CUresult (*tb_cuDriverGetVersion_t)(int *version);
typedef tb_CUresult (*tb_cuDeviceGetCount_t)(int *count);
typedef tb_CUresult (*tb_cuDeviceGet_t)(tb_CUdevice *device, int ordinal);
typedef tb_CUresult (*tb_cuDeviceGetName_t)(char *name, int length, tb_CUdevice device);
typedef tb_CUresult (*tb_cuDeviceTotalMem_t)(size_t *bytes, tb_CUdevice device);            // cuDeviceTotalMem_v2
typedef tb_CUresult (*tb_cuDeviceGetAttribute_t)(int *value, int attribute, tb_CUdevice device);
typedef tb_CUresult (*tb_cuDevicePrimaryCtxRetain_t)(tb_CUcontext *context, tb_CUdevice device);
typedef tb_CUresult (*tb_cuDevicePrimaryCtxRelease_t)(tb_CUdevice device);                  // _v2
typedef tb_CUresult (*tb_cuCtxSetCurrent_t)(tb_CUcontext context);
typedef tb_CUresult (*tb_cuMemAlloc_t)(tb_CUdeviceptr *pointer, size_t bytes);               // _v2
typedef tb_CUresult (*tb_cuMemFree_t)(tb_CUdeviceptr pointer);                              // _v2
typedef tb_CUresult (*tb_cuMemAllocHost_t)(void **pointer, size_t bytes);                    // _v2
typedef tb_CUresult (*tb_cuMemFreeHost_t)(void *pointer);
typedef tb_CUresult (*tb_cuMemcpyHtoDAsync_t)(tb_CUdeviceptr dst, const void *src, size_t bytes, tb_CUstream stream); // _v2
typedef tb_CUresult (*tb_cuMemcpyDtoHAsync_t)(void *dst, tb_CUdeviceptr src, size_t bytes, tb_CUstream stream);       // _v2
typedef tb_CUresult (*tb_cuMemcpyDtoDAsync_t)(tb_CUdeviceptr dst, tb_CUdeviceptr src, size_t bytes, tb_CUstream stream); // _v2
typedef tb_CUresult (*tb_cuStreamCreate_t)(tb_CUstream *stream, unsigned int flags);
typedef tb_CUresult (*tb_cuStreamDestroy_t)(tb_CUstream stream);                             // _v2
typedef tb_CUresult (*tb_cuStreamSynchronize_t)(tb_CUstream stream);
typedef tb_CUresult (*tb_cuStreamWaitEvent_t)(tb_CUstream stream, tb_CUevent event, unsigned int flags);
typedef tb_CUresult (*tb_cuEventCreate_t)(tb_CUevent *event, unsigned int flags);
typedef tb_CUresult (*tb_cuEventRecord_t)(tb_CUevent event, tb_CUstream stream);
typedef tb_CUresult (*tb_cuEventSynchronize_t)(tb_CUevent event);
typedef tb_CUresult (*tb_cuEventElapsedTime_t)(float *milliseconds, tb_CUevent start, tb_CUevent end);
typedef tb_CUresult (*tb_cuEventDestroy_t)(tb_CUevent event);                                // _v2
typedef tb_CUresult (*tb_cuModuleLoadData_t)(tb_CUmodule *module, const void *image);
typedef tb_CUresult (*tb_cuModuleGetFunction_t)(tb_CUfunction *function, tb_CUmodule module, const char *name);
typedef tb_CUresult (*tb_cuModuleUnload_t)(tb_CUmodule module);
typedef tb_CUresult (*tb_cuLaunchKernel_t)(tb_CUfunction function,
    unsigned int gridX, unsigned int gridY, unsigned int gridZ,
    unsigned int blockX, unsigned int blockY, unsigned int blockZ,
    unsigned int sharedBytes, tb_CUstream stream, void **params, void **extra);
typedef tb_CUresult (*tb_cuGetErrorName_t)(tb_CUresult error, const char **name);

// NVRTC.
typedef int tb_nvrtcResult;              // 0 is NVRTC_SUCCESS
typedef struct tb_nvrtcProgram_st *tb_nvrtcProgram;
typedef tb_nvrtcResult (*tb_nvrtcVersion_t)(int *major, int *minor);
typedef tb_nvrtcResult (*tb_nvrtcCreateProgram_t)(tb_nvrtcProgram *program, const char *source, const char *name,
    int headerCount, const char *const *headers, const char *const *includeNames);
typedef tb_nvrtcResult (*tb_nvrtcCompileProgram_t)(tb_nvrtcProgram program, int optionCount, const char *const *options);
typedef tb_nvrtcResult (*tb_nvrtcGetPTXSize_t)(tb_nvrtcProgram program, size_t *size);
typedef tb_nvrtcResult (*tb_nvrtcGetPTX_t)(tb_nvrtcProgram program, char *ptx);
typedef tb_nvrtcResult (*tb_nvrtcGetProgramLogSize_t)(tb_nvrtcProgram program, size_t *size);
typedef tb_nvrtcResult (*tb_nvrtcGetProgramLog_t)(tb_nvrtcProgram program, char *log);
typedef tb_nvrtcResult (*tb_nvrtcDestroyProgram_t)(tb_nvrtcProgram *program);
typedef const char *(*tb_nvrtcGetErrorString_t)(tb_nvrtcResult result);

#endif
