/// The arguments of `BroadcastTo`.
package struct BroadcastRequest: Sendable {
    package let tensor: Tensor
    package let shape: Shape
}

extension Ops {
    /// `BroadcastTo`: a new tensor of the target shape.
    package static let broadcastTo = Op<BroadcastRequest, Tensor>(
        "BroadcastTo", inputsToHost: { BroadcastRequest(tensor: try $0.tensor.copy(to: .cpu), shape: $0.shape) },
        cpu: { try ShapeKernels.broadcast($0.tensor, to: $0.shape) })
}

extension Tensor {
    /// `tf.broadcast_to`: the tensor repeated along new leading dimensions and along its
    /// size-1 dimensions to fill `shape`. Always a new tensor (TensorFlow copies too).
    /// - Throws: "Incompatible shapes: [2,3] vs. [4,3]" when the shapes do not broadcast.
    public func broadcast(to shape: [Int]) throws -> Tensor {
        try Ops.broadcastTo(BroadcastRequest(tensor: self, shape: try Shape(shape)), on: device)
    }
}

/// Byte-level kernels of the shape ops: they move whole elements, whatever the dtype.
enum ShapeKernels {
    /// The element size of a dense tensor.
    static func elementSize(_ t: Tensor) throws -> Int {
        guard t.dtype != .string, let size = t.dtype.byteSize else {
            throw TensorBridgeError.unsupportedDType(t.dtype, "\(t.dtype.name) tensors have no shape kernels")
        }
        return size
    }

    static func broadcast(_ t: Tensor, to target: Shape) throws -> Tensor {
        let joined = try BroadcastPlan.shape(t.shape, target)
        guard joined == target else {
            throw TensorBridgeError.invalidArgument("Incompatible shapes: \(tfShape(t.shape)) vs. \(tfShape(target))")
        }
        let size = try elementSize(t)
        let src = UnsafeSendable(UnsafeRawPointer(try t.hostBuffer().baseAddress))
        let out = try TensorBuffer.allocateHost(byteCount: try target.byteCount(for: t.dtype))
        let dst = UnsafeSendable(out.baseAddress)
        let result = Tensor(uncheckedDType: t.dtype, shape: target, buffer: out)
        guard target.elementCount > 0 else { return result }
        let plan = try BroadcastPlan(t.shape, target)
        let inner = plan.inner, sx = plan.xStrides[plan.xStrides.count - 1]
        Parallel.forEachChunk(count: plan.rows, grain: max(1, (1 << 18) / max(1, inner * size))) { rows in
            for row in rows {
                let (ox, _) = plan.offsets(row: row)
                let from = src.value + ox * size, to = dst.value + row * inner * size
                if sx == 1 {
                    to.copyMemory(from: from, byteCount: inner * size)
                } else {
                    for i in 0..<inner { (to + i * size).copyMemory(from: from, byteCount: size) }
                }
            }
        }
        return result
    }
}
