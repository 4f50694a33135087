extension Image {
    /// TensorFlow's grayscale weights, as float32.
    static let grayWeights: (Float, Float, Float) = (0.2989, 0.5870, 0.1140)

    /// `tf.image.rgb_to_grayscale(images)`: shape `[..., 3]` to `[..., 1]`, same dtype.
    ///
    /// As TensorFlow: the pixel is converted to float32 with ``convertImageDtype(_:to:saturate:)``,
    /// weighted as `(r*0.2989 + g*0.587) + b*0.114` (each step rounded, no FMA), and converted
    /// back. All of that happens per pixel in one pass with no intermediate tensors; uint8
    /// reads three 256-entry tables of the exact float32 products. Returns a new tensor where
    /// `images` lives (the GPU kernel computes the same bits).
    /// - Throws: ``TensorBridgeError`` (`.unsupportedDType`) for bool and other non-image dtypes,
    ///   ``TensorBridgeError`` (`.invalidArgument`) for rank 0 or a last dimension other than 3
    ///   (TensorFlow's matmul text), ``TensorBridgeError`` (`.notOnHost`).
    public static func rgbToGrayscale(_ images: Tensor) throws -> Tensor {
        let (pixels, shape) = try grayscaleShape(images)
        return try Ops.rgbToGrayscale(GrayscaleRequest(images: images, pixels: pixels, shape: shape), on: images.device)
    }

    /// The checks of `rgb_to_grayscale` and its output: pixel count and shape `[..., 1]`.
    package static func grayscaleShape(_ images: Tensor) throws -> (pixels: Int, shape: Shape) {
        try requireImageDType(images.dtype)
        guard let last = images.shape.dimensions.last else {
            throw TensorBridgeError.invalidArgument("Shape () must have rank at least 1")
        }
        // Leading dimensions multiplied with overflow checks: a zero last dimension lets the
        // shape hold leading dimensions whose product does not fit.
        let leading = images.shape.dimensions.dropLast().reduce(Optional(1)) { p, d in
            p.flatMap { p in let (m, o) = p.multipliedReportingOverflow(by: d); return o ? nil : m }
        }
        guard let pixels = leading else { throw TensorBridgeError.invalidShape("Shape \(images.shape) has too many pixels") }
        guard last == 3 else {
            throw TensorBridgeError.invalidArgument("rgbToGrayscale needs RGB images, whose last dimension is 3, but the shape is \(images.shape) (TensorFlow: Matrix size-incompatible: In[0]: [\(pixels),\(last)], In[1]: [3,1])")
        }
        return (pixels, Shape(trusted: images.shape.dimensions.dropLast() + [1], count: pixels))
    }

    /// The CPU kernel of `rgb_to_grayscale`, on checked arguments.
    static func hostRGBToGrayscale(_ request: GrayscaleRequest) throws -> Tensor {
        let (images, pixels, shape) = (request.images, request.pixels, request.shape)
        let source = try images.hostBuffer()
        struct Kernel: ImageVisitor {
            let source: TensorBuffer, shape: Shape, pixels: Int
            func visit<T: ImageScalar>(_: T.Type) throws -> Tensor {
                let out = try TensorBuffer.allocateHost(byteCount: try shape.byteCount(for: T.dtype))
                let src = UnsafeSendable(UnsafePointer(source.baseAddress.assumingMemoryBound(to: T.self)))
                let dst = UnsafeSendable(out.baseAddress.bindMemory(to: T.self, capacity: pixels))
                if T.self == UInt8.self {
                    // The kernel runs (on every thread) and returns inside the rebinding closures.
                    src.value.withMemoryRebound(to: UInt8.self, capacity: pixels * 3) { bytes in
                        dst.value.withMemoryRebound(to: UInt8.self, capacity: pixels) { gray in
                            Grayscale.uint8(bytes, gray, pixels: pixels)
                        }
                    }
                } else if T.self == Float.self {
                    Grayscale.float32(UnsafeRawPointer(src.value).assumingMemoryBound(to: Float.self),
                                      UnsafeMutableRawPointer(dst.value).assumingMemoryBound(to: Float.self), pixels: pixels)
                } else {
                    Grayscale.generic(src.value, dst.value, pixels: pixels)
                }
                return Tensor(uncheckedDType: T.dtype, shape: shape, buffer: out)
            }
        }
        return try ImageDispatch.visit(images.dtype, Kernel(source: source, shape: shape, pixels: pixels))
    }

    /// `tf.image.grayscale_to_rgb(images)`: repeats the last dimension (size 1) three times.
    /// Any dtype; returns a new tensor of shape `[..., 3]` (on the host: no accelerator has
    /// a kernel for it, so soft placement runs it there).
    /// - Throws: TensorFlow's messages for rank < 2 or a last dimension other than 1.
    public static func grayscaleToRGB(_ images: Tensor) throws -> Tensor {
        try Ops.grayscaleToRGB(images)
    }

    static func hostGrayscaleToRGB(_ images: Tensor) throws -> Tensor {
        guard images.rank >= 2 else {
            throw TensorBridgeError.invalidArgument("A grayscale image (shape \(images.shape)) must be at least two-dimensional.")
        }
        guard images.shape.dimensions.last == 1 else {
            throw TensorBridgeError.invalidArgument("Last dimension of a grayscale image should be size 1.")
        }
        let source = try images.hostBuffer()
        let shape = try Shape(images.shape.dimensions.dropLast() + [3])
        let size = try images.dtype.byteSize ?? { throw TensorBridgeError.unsupportedDType(images.dtype, "\(images.dtype.name) has no fixed size") }()
        let out = try TensorBuffer.allocateHost(byteCount: try shape.byteCount(for: images.dtype))
        let src = UnsafeSendable(UnsafeRawPointer(source.baseAddress)), dst = UnsafeSendable(out.baseAddress)
        let pixels = images.elementCount
        Parallel.forEachChunk(count: pixels, grain: grain) { r in
            for p in r {
                let from = src.value + p * size, to = dst.value + p * 3 * size
                to.copyMemory(from: from, byteCount: size)
                (to + size).copyMemory(from: from, byteCount: size)
                (to + 2 * size).copyMemory(from: from, byteCount: size)
            }
        }
        return Tensor(uncheckedDType: images.dtype, shape: shape, buffer: out)
    }
}

extension Ops {
    /// `rgb_to_grayscale`: one pass per pixel.
    package static let rgbToGrayscale = Op<GrayscaleRequest, Tensor>(
        "RGBToGrayscale",
        inputsToHost: { GrayscaleRequest(images: try $0.images.copy(to: .cpu), pixels: $0.pixels, shape: $0.shape) },
        cpu: { try Image.hostRGBToGrayscale($0) })
    /// `grayscale_to_rgb`.
    package static let grayscaleToRGB = Op<Tensor, Tensor>("GrayscaleToRGB") { try Image.hostGrayscaleToRGB($0) }
}

/// The arguments of `rgb_to_grayscale`, checked: `[..., 3]` images, their pixel count and the
/// output shape `[..., 1]`.
package struct GrayscaleRequest: Sendable {
    package let images: Tensor
    package let pixels: Int
    package let shape: Shape
}

/// The grayscale kernels.
enum Grayscale {
    /// Any image dtype: each pixel through float32 and back, with `convert_image_dtype`'s rules.
    static func generic<T: ImageScalar>(_ src: UnsafePointer<T>, _ dst: UnsafeMutablePointer<T>, pixels: Int) {
        let toFloat = ImageConversion<T, Float>(saturate: false)
        let back = ImageConversion<Float, T>(saturate: false)
        let (w0, w1, w2) = Image.grayWeights
        let s = UnsafeSendable(src), d = UnsafeSendable(dst)
        Parallel.forEachChunk(count: pixels, grain: Image.grain / 4) { r in
            for p in r {
                let r = toFloat(s.value[3 * p]), g = toFloat(s.value[3 * p + 1]), b = toFloat(s.value[3 * p + 2])
                d.value[p] = back((r * w0 + g * w1) + b * w2)
            }
        }
    }

    /// float32: no conversions at all, just the weighted sum.
    static func float32(_ src: UnsafePointer<Float>, _ dst: UnsafeMutablePointer<Float>, pixels: Int) {
        let (w0, w1, w2) = Image.grayWeights
        let s = UnsafeSendable(src), d = UnsafeSendable(dst)
        Parallel.forEachChunk(count: pixels, grain: Image.grain) { r in
            let src = s.value, dst = d.value
            for p in r {
                dst[p] = (src[3 * p] * w0 + src[3 * p + 1] * w1) + src[3 * p + 2] * w2
            }
        }
    }

    /// uint8: each channel as `Float(x) * Float(1/255)` times its weight, summed and scaled
    /// back as TensorFlow does, but per pixel in registers: one read of the input, one write
    /// of the output. Simple enough for the compiler to vectorise.
    static func uint8(_ src: UnsafePointer<UInt8>, _ dst: UnsafeMutablePointer<UInt8>, pixels: Int) {
        let scale = Float(1.0 / 255.0)
        let (w0, w1, w2) = Image.grayWeights
        let s = UnsafeSendable(src), d = UnsafeSendable(dst)
        Parallel.forEachChunk(count: pixels, grain: Image.grain) { r in
            let src = s.value, dst = d.value
            for p in r {
                let red = Float(src[3 * p]) * scale, green = Float(src[3 * p + 1]) * scale
                let blue = Float(src[3 * p + 2]) * scale
                let gray = (red * w0 + green * w1) + blue * w2
                // trunc(gray * 255.5) with plain float ops, so the loop vectorises (Swift's
                // Int32(Float) checks its range, and `rounded` is a libm call on baseline
                // x86-64): y is in [0, 255.5], adding 2^23 rounds it to the nearest integer,
                // held in the low mantissa bits; step down where that rounded up.
                let y = gray * 255.5
                let shifted = y + 8_388_608
                let roundedUp: UInt32 = shifted - 8_388_608 > y ? 1 : 0
                dst[p] = UInt8(truncatingIfNeeded: shifted.bitPattern &- roundedUp)
            }
        }
    }
}
