extension Image {
    /// `tf.image.flip_left_right(image)`: reverses the width axis (the second-to-last).
    /// Any dtype; returns a new host tensor.
    ///
    /// TensorFlow accepts rank 3 (`[H, W, C]`) and rank 4 (`[N, H, W, C]`); here any rank ≥ 3
    /// works, the leading dimensions all being batch dimensions.
    /// - Throws: TensorFlow's messages for rank < 3 or an empty inner dimension.
    public static func flipLeftRight(_ image: Tensor) throws -> Tensor {
        try Ops.flipLeftRight(image)
    }

    /// `tf.image.flip_up_down(image)`: reverses the height axis (the third-to-last).
    /// Any dtype, any rank ≥ 3; returns a new host tensor.
    public static func flipUpDown(_ image: Tensor) throws -> Tensor {
        try Ops.flipUpDown(image)
    }

    /// `_CheckAtLeast3DImage`'s checks, with its text.
    static func requireAtLeast3D(_ image: Tensor) throws {
        guard image.rank >= 3 else {
            throw TensorBridgeError.invalidArgument("'image' (shape \(image.shape)) must be at least three-dimensional.")
        }
        guard !image.shape.dimensions.suffix(3).contains(0) else {
            throw TensorBridgeError.invalidArgument("inner 3 dims of 'image.shape' must be > 0: \(image.shape)")
        }
    }

    /// Reverses axis `rank - axisFromEnd`: copies blocks of everything inside that axis.
    static func flip(_ image: Tensor, axisFromEnd: Int) throws -> Tensor {
        try requireAtLeast3D(image)
        let source = try image.hostBuffer()
        guard let size = image.dtype.byteSize else {
            throw TensorBridgeError.unsupportedDType(image.dtype, "\(image.dtype.name) has no fixed size")
        }
        let dims = image.shape.dimensions
        let axis = dims.count - axisFromEnd
        let length = dims[axis]
        let inner = dims[(axis + 1)...].reduce(1, *) * size  // bytes per flipped slice
        let outer = dims[..<axis].reduce(1, *)
        let out = try TensorBuffer.allocateHost(byteCount: try image.shape.byteCount(for: image.dtype))
        let src = UnsafeSendable(UnsafeRawPointer(source.baseAddress)), dst = UnsafeSendable(out.baseAddress)
        let slices = outer * length
        Parallel.forEachChunk(count: slices, grain: max(1, (1 << 20) / max(inner, 1))) { r in
            for s in r {
                let o = s / length, i = s % length
                let from = src.value + (o * length + (length - 1 - i)) * inner
                (dst.value + s * inner).copyMemory(from: from, byteCount: inner)
            }
        }
        return Tensor(uncheckedDType: image.dtype, shape: image.shape, buffer: out)
    }
}

extension Ops {
    /// `flip_left_right`.
    package static let flipLeftRight = Op<Tensor, Tensor>("FlipLeftRight") { try Image.flip($0, axisFromEnd: 2) }
    /// `flip_up_down`.
    package static let flipUpDown = Op<Tensor, Tensor>("FlipUpDown") { try Image.flip($0, axisFromEnd: 3) }
}
