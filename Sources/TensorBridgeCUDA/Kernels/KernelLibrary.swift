/// The complete CUDA C source compiled once per device, and every kernel it exports.
package enum KernelLibrary {
    /// The translation unit NVRTC compiles, at run time and in the compile check.
    package static var source: String {
        [CommonKernelSource.source, FillKernelSource.source, CastKernelSource.source,
         GrayscaleKernelSource.source, PhiloxKernelSource.source, SparseKernelSource.source,
         MathKernelSource.source, ReduceKernelSource.source, MatMulKernelSource.source]
            .joined(separator: "\n")
    }

    /// Every `extern "C"` kernel name, looked up after loading the module.
    package static var kernelNames: [String] {
        FillKernelSource.names.values.sorted() + FillKernelSource.fromDeviceNames.values.sorted()
            + [CastKernelSource.float32ToInt32, CastKernelSource.float32ToUInt8, CastKernelSource.float32ToBFloat16,
               GrayscaleKernelSource.float32, GrayscaleKernelSource.uint8]
            + PhiloxKernelSource.names.values.sorted()
            + [SparseKernelSource.validate, SparseKernelSource.claimLast]
            + SparseKernelSource.scatterByElementSize.values.sorted()
            + MathKernelSource.names + ReduceKernelSource.names + [MatMulKernelSource.float32, MatMulKernelSource.float64]
    }
}
