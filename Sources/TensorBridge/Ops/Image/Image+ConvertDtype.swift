/// One element of `tf.image.convert_image_dtype(image, D, saturate)` from `S`, with the
/// scale precomputed. The rules (TensorFlow's `image_ops_impl.py`):
/// - int → int, shrinking: floor-divide by `(maxIn+1)/(maxOut+1)` in `S`, then cast;
/// - int → int, growing: cast, then multiply by `(maxOut+1)/(maxIn+1)` in `D` (wrapping);
/// - int → float: cast, then multiply by `D(1/maxIn)` in `D`;
/// - float → int: multiply by `S(maxOut + 0.5)` in `S`, then cast (x86 `tf.cast` semantics);
/// - float → float: cast.
/// With `saturate`, the cast is `saturate_cast` (clamp first).
struct ImageConversion<S: ImageScalar, D: ImageScalar> {
    enum Mode { case shrink, grow, toFloat, fromFloat, cast }
    let mode: Mode
    let shift: Int
    let toFloatScale: D
    let fromFloatScale: S
    let bounds: SaturationBounds<S, D>?

    init(saturate: Bool) {
        let sInt = S.dtype.isInteger, dInt = D.dtype.isInteger
        shift = abs(S.magnitudeBits - D.magnitudeBits)
        toFloatScale = D.imageParameter(1.0 / S.imageMax)
        fromFloatScale = S.imageParameter(D.imageMax + 0.5)
        bounds = saturate ? SaturationBounds<S, D>() : nil
        switch (sInt, dInt) {
        case (true, true): mode = S.magnitudeBits > D.magnitudeBits ? .shrink : .grow
        case (true, false): mode = .toFloat
        case (false, true): mode = .fromFloat
        case (false, false): mode = .cast
        }
    }

    /// `tf.cast` or `saturate_cast` of one element. `packet` picks TensorFlow's SIMD
    /// conversion over its scalar one: they differ for out-of-range floats going to narrow
    /// integers. `Tensor.cast(to:)` gives every element the SIMD value.
    @inline(__always) func castToD(_ x: S, packet: Bool) -> D {
        let x = bounds?.clamp(x) ?? x
        return packet ? x.vectorCast(to: D.self) : x.cast(to: D.self)
    }

    /// Converts one element; `packet` as in ``castToD(_:packet:)``.
    @inline(__always) func callAsFunction(_ x: S, packet: Bool = false) -> D {
        switch mode {
        case .shrink: castToD(S.floorDivide(x, shift: shift), packet: packet)
        case .grow: D.multiplyPowerOfTwo(castToD(x, packet: packet), shift: shift)
        case .toFloat: D.imageMultiply(x.cast(to: D.self), toFloatScale)
        case .fromFloat: castToD(S.imageMultiply(x, fromFloatScale), packet: packet)
        case .cast: x.cast(to: D.self)
        }
    }

    /// Converts `count` elements; the mode is switched on once, outside the loop, so each
    /// loop is a tight specialised kernel.
    func run(_ src: UnsafePointer<S>, _ dst: UnsafeMutablePointer<D>, count: Int) {
        let s = UnsafeSendable(src), d = UnsafeSendable(dst)
        // 8/16-bit integers to float32, the common image case: the cast is exact, so the
        // direct multiply is TensorFlow's result, and it vectorises.
        if mode == .toFloat, D.self == Float.self {
            let scale = toFloatScale as? Float ?? 0
            let out = UnsafeSendable(UnsafeMutableRawPointer(dst).assumingMemoryBound(to: Float.self))
            let raw = UnsafeRawPointer(src)
            switch S.dtype {
            case .uint8: Self.smallIntToFloat(raw.assumingMemoryBound(to: UInt8.self), out.value, count: count, scale: scale); return
            case .int8: Self.smallIntToFloat(raw.assumingMemoryBound(to: Int8.self), out.value, count: count, scale: scale); return
            case .uint16: Self.smallIntToFloat(raw.assumingMemoryBound(to: UInt16.self), out.value, count: count, scale: scale); return
            case .int16: Self.smallIntToFloat(raw.assumingMemoryBound(to: Int16.self), out.value, count: count, scale: scale); return
            default: break
            }
        }
        // Other 8- and 16-bit integer sources: every possible input fits in a table of exact
        // results, and a lookup beats the cast and multiply (int sources have no
        // packet/tail difference, so position does not matter).
        if S.dtype.isInteger && MemoryLayout<S>.size <= 2 {
            let entries = 1 << (8 * MemoryLayout<S>.size)
            var table = [D]()
            table.reserveCapacity(entries)
            for bits in 0..<entries {
                table.append(self(S(castingUInt64: UInt64(bits))))
            }
            table.withUnsafeBufferPointer { t in
                guard let base = t.baseAddress else { return }
                let t = UnsafeSendable(base)
                let raw = UnsafeSendable(UnsafeRawPointer(src))
                Parallel.forEachChunk(count: count, grain: Image.grain) { r in
                    if MemoryLayout<S>.size == 1 {
                        let x = raw.value.assumingMemoryBound(to: UInt8.self)
                        for i in r { d.value[i] = t.value[Int(x[i])] }
                    } else {
                        let x = raw.value.assumingMemoryBound(to: UInt16.self)
                        for i in r { d.value[i] = t.value[Int(x[i])] }
                    }
                }
            }
            return
        }
        switch mode {
        case .toFloat:
            let scale = toFloatScale
            Parallel.forEachChunk(count: count, grain: Image.grain) { r in
                for i in r { d.value[i] = D.imageMultiply(s.value[i].cast(to: D.self), scale) }
            }
        default:
            // Every element takes TensorFlow's SIMD (packet) value, as `Tensor.cast(to:)` does.
            Parallel.forEachChunk(count: count, grain: Image.grain) { r in
                for i in r { d.value[i] = self(s.value[i], packet: true) }
            }
        }
    }
}

extension ImageConversion {
    static func smallIntToFloat<I: FixedWidthInteger>(_ src: UnsafePointer<I>, _ dst: UnsafeMutablePointer<Float>, count: Int, scale: Float) {
        let s = UnsafeSendable(src), d = UnsafeSendable(dst)
        Parallel.forEachChunk(count: count, grain: Image.grain) { r in
            let src = s.value, dst = d.value
            for i in r { dst[i] = Float(Int32(truncatingIfNeeded: src[i])) * scale }
        }
    }
}

extension Image {
    /// `tf.image.convert_image_dtype(image, dtype, saturate)`: rescales pixel values between
    /// integer ranges `[0, MAX]` and floats in `[0, 1]`, with TensorFlow's exact arithmetic:
    /// uint16 → uint8 floor-divides by 256; float → uint8 multiplies by 255.5 and truncates,
    /// wrapping unless `saturate`.
    ///
    /// The same dtype returns `image` itself (shared, like `tf.identity`). Otherwise one pass
    /// over memory writes a new tensor (on the host: no accelerator has this kernel yet, so soft
    /// placement runs it there).
    /// - Throws: ``TensorBridgeError`` (`.unsupportedDType`) with TensorFlow's text for a bool,
    ///   complex or string image or target.
    public static func convertImageDtype(_ image: Tensor, to dtype: DType, saturate: Bool = false) throws -> Tensor {
        try requireImageDType(dtype, target: true)
        try requireImageDType(image.dtype)
        if dtype == image.dtype { return image }
        // float → float is exactly `tf.cast` (with its denormal and rounding rules).
        if image.dtype.isFloatingPoint && dtype.isFloatingPoint { return try image.cast(to: dtype) }
        return try Ops.convertImageDtype((image, dtype, saturate), on: image.device)
    }

    static func hostConvertImageDtype(_ image: Tensor, to dtype: DType, saturate: Bool) throws -> Tensor {
        let source = try image.hostBuffer()
        struct Outer: ImageVisitor {
            let image: Tensor, source: TensorBuffer, dtype: DType, saturate: Bool
            func visit<S: ImageScalar>(_: S.Type) throws -> Tensor {
                try ImageDispatch.visit(dtype, Inner<S>(image: image, source: source, saturate: saturate))
            }
        }
        struct Inner<S: ImageScalar>: ImageVisitor {
            let image: Tensor, source: TensorBuffer, saturate: Bool
            func visit<D: ImageScalar>(_: D.Type) throws -> Tensor {
                let count = image.elementCount
                let out = try TensorBuffer.allocateHost(byteCount: try image.shape.byteCount(for: D.dtype))
                ImageConversion<S, D>(saturate: saturate).run(
                    source.baseAddress.assumingMemoryBound(to: S.self),
                    out.baseAddress.bindMemory(to: D.self, capacity: count), count: count)
                return Tensor(uncheckedDType: D.dtype, shape: image.shape, buffer: out)
            }
        }
        return try ImageDispatch.visit(image.dtype, Outer(image: image, source: source, dtype: dtype, saturate: saturate))
    }
}

extension Ops {
    /// `convert_image_dtype` between an integer and another image dtype.
    package static let convertImageDtype = Op<(Tensor, DType, Bool), Tensor>(
        "ConvertImageDtype", inputsToHost: { (try $0.0.copy(to: .cpu), $0.1, $0.2) },
        cpu: { try Image.hostConvertImageDtype($0.0, to: $0.1, saturate: $0.2) })
}
