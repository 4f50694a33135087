extension Image {
    /// `tf.image.adjust_brightness(image, delta)`: adds `delta` to every channel.
    ///
    /// As TensorFlow: float16 and float32 images add `delta` (rounded to the dtype) directly;
    /// other dtypes are converted to float32 with ``convertImageDtype(_:to:saturate:)``, shifted,
    /// and converted back with `saturate: true`. Fused into one pass; returns a new host tensor.
    /// - Throws: TensorFlow's dtype message for non-image dtypes, ``TensorBridgeError`` (`.notOnHost`).
    public static func adjustBrightness(_ image: Tensor, delta: Double) throws -> Tensor {
        try requireImageDType(image.dtype)
        return try Ops.adjustBrightness((image, delta), on: image.device)
    }

    static func hostAdjustBrightness(_ image: Tensor, delta: Double) throws -> Tensor {
        let source = try image.hostBuffer()
        struct Kernel: ImageVisitor {
            let image: Tensor, source: TensorBuffer, delta: Double
            func visit<T: ImageScalar>(_: T.Type) throws -> Tensor {
                let count = image.elementCount
                let out = try TensorBuffer.allocateHost(byteCount: try image.shape.byteCount(for: T.dtype))
                let s = UnsafeSendable(UnsafePointer(source.baseAddress.assumingMemoryBound(to: T.self)))
                let d = UnsafeSendable(out.baseAddress.bindMemory(to: T.self, capacity: count))
                // `cast(delta, dtype)` of a Python float: a float32 constant, then cast.
                let delta32 = Float(delta)
                if T.self == Float.self || T.self == Float16.self {
                    let step = T(castingFloat: delta32)
                    Parallel.forEachChunk(count: count, grain: Image.grain) { r in
                        for i in r { d.value[i] = T(castingFloat: s.value[i].cast(to: Float.self) + step.cast(to: Float.self)) }
                    }
                } else {
                    let toFloat = ImageConversion<T, Float>(saturate: false)
                    let back = ImageConversion<Float, T>(saturate: true)
                    Parallel.forEachChunk(count: count, grain: Image.grain) { r in
                        for i in r { d.value[i] = back(toFloat(s.value[i]) + delta32) }
                    }
                }
                return Tensor(uncheckedDType: T.dtype, shape: image.shape, buffer: out)
            }
        }
        return try ImageDispatch.visit(image.dtype, Kernel(image: image, source: source, delta: delta))
    }
}

extension Ops {
    /// `adjust_brightness`.
    package static let adjustBrightness = Op<(Tensor, Double), Tensor>(
        "AdjustBrightness", inputsToHost: { (try $0.0.copy(to: .cpu), $0.1) },
        cpu: { try Image.hostAdjustBrightness($0.0, delta: $0.1) })
}
