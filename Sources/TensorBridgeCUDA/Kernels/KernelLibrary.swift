/// The complete CUDA C source compiled once per device, and every kernel it exports.
public enum KernelLibrary {
    /// The translation unit NVRTC compiles.
    public static var source: String {
        [CommonKernelSource.source, FillKernelSource.source, CastKernelSource.source,
         GrayscaleKernelSource.source, PhiloxKernelSource.source, SparseKernelSource.source]
            .joined(separator: "\n")
    }

    /// Every `extern "C"` kernel name, looked up after loading the module.
    public static var kernelNames: [String] {
        (FillKernelSource.names.values.sorted()
            + [CastKernelSource.float32ToInt32, CastKernelSource.float32ToUInt8, CastKernelSource.float32ToBFloat16,
               GrayscaleKernelSource.float32, GrayscaleKernelSource.uint8,
               PhiloxKernelSource.normalFloat32, PhiloxKernelSource.uniformFloat32,
               SparseKernelSource.validate, SparseKernelSource.claimLast]
            + SparseKernelSource.scatterByElementSize.values.sorted())
    }
}
