import TensorBridge

/// Fill, cast and grayscale: one thread per element (or pixel), grid-stride.
extension CUDABackend {
    /// `Fill`: 1-, 2-, 4-, 8- and 16-byte dtypes.
    func fill(_ request: FillRequest, on device: Device) throws -> Tensor? {
        let size = request.dtype.byteSize ?? 0
        guard let name = FillKernelSource.names[size] else { return nil }
        let buffer = try output(request.shape, request.dtype, on: device)
        let element = request.element.isEmpty ? [UInt8](repeating: 0, count: size) : request.element
        try fill(buffer, count: request.shape.elementCount, element: element, kernel: name)
        return try Tensor(dtype: request.dtype, shape: request.shape, buffer: buffer)
    }

    /// Writes `element` (its byte count is the element size) into `count` elements of `buffer`.
    func fill(_ buffer: TensorBuffer, count: Int, element: [UInt8], kernel name: String) throws {
        let address = Self.address(buffer)
        try launch(name, workItems: count, on: try context(for: buffer.device)) { args in
            args.add(address)
            args.addBytes(element, alignment: min(8, max(1, element.count)))
            args.add(UInt64(count))
        }
    }

    /// `Cast` from float32 to int32, uint8 or bfloat16 with the CPU's semantics (x86
    /// out-of-range and NaN rules; bfloat16 rounds to nearest even). Other pairs and
    /// `saturate_cast` have no GPU kernel yet.
    func cast(_ request: CastRequest, on device: Device) throws -> Tensor? {
        guard !request.saturating else { return nil }
        let kernel: String
        switch (request.tensor.dtype, request.dtype) {
        case (.float32, .int32): kernel = CastKernelSource.float32ToInt32
        case (.float32, .uint8): kernel = CastKernelSource.float32ToUInt8
        case (.float32, .bfloat16): kernel = CastKernelSource.float32ToBFloat16
        default: return nil
        }
        let t = request.tensor
        return try elementwise(t, kernel: kernel, outputShape: t.shape, outputDType: request.dtype, workItems: t.elementCount, on: device)
    }

    /// `rgb_to_grayscale` for float32 and uint8.
    func rgbToGrayscale(_ request: GrayscaleRequest, on device: Device) throws -> Tensor? {
        let kernel: String
        let (images, pixels, shape) = (request.images, request.pixels, request.shape)
        switch images.dtype {
        case .float32: kernel = GrayscaleKernelSource.float32
        case .uint8: kernel = GrayscaleKernelSource.uint8
        default: return nil
        }
        return try elementwise(images, kernel: kernel, outputShape: shape, outputDType: images.dtype, workItems: pixels, on: device)
    }

    /// Runs a kernel `(const In *in, Out *out, u64 n)` over `input`, on `device`.
    private func elementwise(_ input: Tensor, kernel: String, outputShape: Shape, outputDType: DType,
                             workItems: Int, on device: Device) throws -> Tensor {
        let source = try onDevice(input, device)
        let out = try output(outputShape, outputDType, on: device)
        let (src, dst) = (Self.address(source), Self.address(out))
        try launch(kernel, workItems: workItems, on: try context(for: device)) { args in
            args.add(src)
            args.add(dst)
            args.add(UInt64(workItems))
        }
        return try Tensor(dtype: outputDType, shape: outputShape, buffer: out)
    }
}
