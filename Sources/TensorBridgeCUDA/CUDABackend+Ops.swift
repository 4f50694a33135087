import TensorBridge

/// GPU versions of the ops the seed scenarios use. Each returns a new tensor on the GPU;
/// host inputs are first copied to the device (one counted copy each). Results match the CPU
/// backend bit for bit, except normals (within a few ULP: CUDA's `logf`/`sincosf`).
extension CUDABackend {
    /// A new tensor of `shape` on `device` with every element's bits set to `bitPattern`
    /// (the low `dtype.byteSize` bytes).
    public func fill(shape: [Int], dtype: DType, bitPattern: UInt64, on device: Device) throws -> Tensor {
        let shape = try Shape(shape)
        let size = dtype.byteSize ?? 0
        guard let name = FillKernelSource.names[size] else {
            throw TensorError.unsupportedDType(dtype, "GPU fill supports 1-, 2-, 4- and 8-byte dtypes, not \(dtype.name)")
        }
        let buffer = try allocate(byteCount: try shape.byteCount(for: dtype), on: device)
        try fill(buffer, elementSize: size, count: shape.elementCount, bitPattern: bitPattern, kernel: name)
        return try Tensor(dtype: dtype, shape: shape, buffer: buffer)
    }

    func fill(_ buffer: TensorBuffer, elementSize: Int, count: Int, bitPattern: UInt64, kernel name: String) throws {
        let context = try context(for: buffer.device)
        let address = Self.address(buffer)
        try launch(name, workItems: count, on: context) { args in
            args.add(address)
            switch elementSize {
            case 1: args.add(UInt8(truncatingIfNeeded: bitPattern))
            case 2: args.add(UInt16(truncatingIfNeeded: bitPattern))
            case 4: args.add(UInt32(truncatingIfNeeded: bitPattern))
            default: args.add(bitPattern)
            }
            args.add(UInt64(count))
        }
    }

    /// `tf.cast` from float32 to int32, uint8 or bfloat16 on the GPU, with the CPU's semantics
    /// (x86 out-of-range and NaN rules; bfloat16 rounds to nearest even).
    public func cast(_ tensor: Tensor, to dtype: DType) throws -> Tensor {
        let kernel: String
        switch (tensor.dtype, dtype) {
        case (.float32, .int32): kernel = CastKernelSource.float32ToInt32
        case (.float32, .uint8): kernel = CastKernelSource.float32ToUInt8
        case (.float32, .bfloat16): kernel = CastKernelSource.float32ToBFloat16
        default:
            throw TensorError.unimplemented("GPU cast from \(tensor.dtype.name) to \(dtype.name) is not implemented")
        }
        return try elementwise(tensor, kernel: kernel, outputShape: tensor.shape, outputDType: dtype, workItems: tensor.elementCount)
    }

    /// `tf.image.rgb_to_grayscale` for float32 and uint8 on the GPU: shape `[..., 3]` → `[..., 1]`.
    public func rgbToGrayscale(_ images: Tensor) throws -> Tensor {
        guard let last = images.shape.dimensions.last, last == 3 else {
            // Same checks and messages as the CPU op.
            return try Image.rgbToGrayscale(images)
        }
        let kernel: String
        switch images.dtype {
        case .float32: kernel = GrayscaleKernelSource.float32
        case .uint8: kernel = GrayscaleKernelSource.uint8
        default: throw TensorError.unimplemented("GPU rgbToGrayscale supports float32 and uint8, not \(images.dtype.name)")
        }
        let pixels = images.elementCount / 3
        let shape = try Shape(images.shape.dimensions.dropLast() + [1])
        return try elementwise(images, kernel: kernel, outputShape: shape, outputDType: images.dtype, workItems: pixels)
    }

    /// Runs a kernel `(const In *in, Out *out, u64 n)` over a tensor moved to the GPU if needed.
    private func elementwise(_ input: Tensor, kernel: String, outputShape: Shape, outputDType: DType, workItems: Int) throws -> Tensor {
        let onDevice = try input.device.type == .gpu ? input : input.copy(to: Device(.gpu, 0))
        guard let source = onDevice.buffer else {
            throw TensorError.unsupportedDType(input.dtype, "string tensors cannot run on the GPU")
        }
        let output = try allocate(byteCount: try outputShape.byteCount(for: outputDType), on: onDevice.device)
        let (src, dst) = (Self.address(source), Self.address(output))
        try launch(kernel, workItems: workItems, on: try context(for: onDevice.device)) { args in
            args.add(src)
            args.add(dst)
            args.add(UInt64(workItems))
        }
        return try Tensor(dtype: outputDType, shape: outputShape, buffer: output)
    }

    /// `tf.random.stateless_normal` (float32) on the GPU: the CPU's Philox stream and counter
    /// mapping, `x*stddev + mean` in two roundings.
    public func statelessNormal(shape: [Int], seed: (Int64, Int64), mean: Float = 0, stddev: Float = 1,
                                on device: Device) throws -> Tensor {
        try philox(PhiloxKernelSource.normalFloat32, shape: shape, seed: seed, scale: stddev, shift: mean, on: device)
    }

    /// `tf.random.stateless_uniform` (float32) on the GPU: `u*(maxval - minval) + minval`,
    /// bit-exact with the CPU.
    public func statelessUniform(shape: [Int], seed: (Int64, Int64), minval: Float = 0, maxval: Float = 1,
                                 on device: Device) throws -> Tensor {
        try philox(PhiloxKernelSource.uniformFloat32, shape: shape, seed: seed, scale: maxval - minval, shift: minval, on: device)
    }

    private func philox(_ kernel: String, shape: [Int], seed: (Int64, Int64), scale: Float, shift: Float,
                        on device: Device) throws -> Tensor {
        let shape = try Shape(shape)
        let output = try allocate(byteCount: try shape.byteCount(for: .float32), on: device)
        let n = shape.elementCount
        let generator = Philox4x32(statelessSeed: seed)
        let address = Self.address(output)
        let calls = PhiloxLaunch.calls(elements: n)
        try launch(kernel, workItems: calls, on: try context(for: device)) { args in
            args.add(address)
            args.add(UInt64(n))
            args.add(generator.key)
            args.add(generator.counter)
            args.add(scale)
            args.add(shift)
        }
        return try Tensor(dtype: .float32, shape: shape, buffer: output)
    }
}

/// Launch arithmetic of the Philox kernels.
public enum PhiloxLaunch {
    /// Philox calls (threads) needed for `elements` float32 values: four values per call.
    public static func calls(elements: Int) -> Int {
        elements / PhiloxKernelSource.valuesPerCall + (elements % PhiloxKernelSource.valuesPerCall == 0 ? 0 : 1)
    }
}
