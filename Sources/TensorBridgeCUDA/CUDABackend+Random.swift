import TensorBridge

/// The Philox random ops on the GPU: the CPU's stream and counter mapping, for float32,
/// float64, float16 and bfloat16, normal and uniform.
extension CUDABackend {
    func random(_ request: RandomRequest, on device: Device) throws -> Tensor? {
        let distribution = request.distribution == .normal ? "normal" : "uniform"
        guard let kernel = PhiloxKernelSource.names["\(distribution)/\(request.dtype.name)"],
              let size = request.dtype.byteSize else { return nil }
        let out = try output(request.shape, request.dtype, on: device)
        let n = request.shape.elementCount
        let (scale, shift) = request.affineBits
        let address = Self.address(out)
        let philox = request.philox
        try launch(kernel, workItems: PhiloxLaunch.calls(elements: n, byteSize: size), on: try context(for: device)) { args in
            args.add(address)
            args.add(UInt64(n))
            args.add(philox.key)
            args.add(philox.counter)
            switch size {
            case 8: args.add(scale); args.add(shift)
            case 4: args.add(UInt32(truncatingIfNeeded: scale)); args.add(UInt32(truncatingIfNeeded: shift))
            default: args.add(UInt16(truncatingIfNeeded: scale)); args.add(UInt16(truncatingIfNeeded: shift))
            }
        }
        return try Tensor(dtype: request.dtype, shape: request.shape, buffer: out)
    }
}

/// Launch arithmetic of the Philox kernels.
package enum PhiloxLaunch {
    /// Philox calls (threads) needed for `elements` values of a `byteSize`-byte dtype.
    package static func calls(elements: Int, byteSize: Int) -> Int {
        let per = PhiloxKernelSource.valuesPerCall(byteSize: byteSize)
        return elements / per + (elements % per == 0 ? 0 : 1)
    }
}
