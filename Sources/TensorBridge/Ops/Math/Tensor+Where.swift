/// The three tensors of `SelectV2`.
package struct SelectRequest: Sendable {
    package let condition: Tensor, x: Tensor, y: Tensor
}

extension Ops {
    /// `SelectV2`: picks from `x` where the condition holds, else from `y`, all broadcast.
    package static let select = Op<SelectRequest, Tensor>(
        "SelectV2",
        inputsToHost: { SelectRequest(condition: try $0.condition.copy(to: .cpu), x: try $0.x.copy(to: .cpu), y: try $0.y.copy(to: .cpu)) },
        cpu: { try Selection.select($0) })
}

extension Tensor {
    /// `tf.where(condition, x, y)`: `x`'s element where `condition` is true, else `y`'s.
    /// The three broadcast together; `x` and `y` must share a dtype. A new tensor.
    /// - Throws: for a non-bool condition, mixed dtypes, or shapes that do not broadcast
    ///   (TensorFlow's "condition [2], then [2,3], and else [2,3] must be broadcastable").
    public static func `where`(_ condition: Tensor, _ x: Tensor, _ y: Tensor) throws -> Tensor {
        try Ops.select(SelectRequest(condition: condition, x: x, y: y), on: opDevice(condition, x, y))
    }
}

enum Selection {
    static func select(_ r: SelectRequest) throws -> Tensor {
        try MathCheck.dtype("SelectV2", r.condition, input: 0, is: .bool)
        guard r.x.dtype == r.y.dtype else {
            throw TensorBridgeError.invalidArgument(
                "cannot compute SelectV2 as input #2(zero-based) was expected to be a \(r.x.dtype.kernelName) tensor but is a \(r.y.dtype.kernelName) tensor")
        }
        let shape: Shape
        do {
            shape = try BroadcastPlan.shape(r.condition.shape, try BroadcastPlan.shape(r.x.shape, r.y.shape))
        } catch {
            throw TensorBridgeError.invalidArgument(
                "condition \(tfShape(r.condition.shape)), then \(tfShape(r.x.shape)), and else \(tfShape(r.y.shape)) must be broadcastable")
        }
        func full(_ t: Tensor) throws -> Tensor { t.shape == shape ? t : try ShapeKernels.broadcast(t, to: shape) }
        let c = try full(r.condition), x = try full(r.x), y = try full(r.y)
        switch try ShapeKernels.elementSize(x) {
        case 1: return try pick(UInt8.self, c, x, y)
        case 2: return try pick(UInt16.self, c, x, y)
        case 4: return try pick(UInt32.self, c, x, y)
        case 8: return try pick(UInt64.self, c, x, y)
        default: return try pick(SIMD2<UInt64>.self, c, x, y)
        }
    }

    private static func pick<T>(_: T.Type, _ c: Tensor, _ x: Tensor, _ y: Tensor) throws -> Tensor {
        let pc = try hostPointer(c, as: UInt8.self), px = try hostPointer(x, as: T.self), py = try hostPointer(y, as: T.self)
        let buffer = try TensorBuffer.allocateHost(byteCount: try x.shape.byteCount(for: x.dtype))
        let po = UnsafeSendable(buffer.baseAddress.bindMemory(to: T.self, capacity: max(1, x.elementCount)))
        Parallel.forEachChunk(count: x.elementCount, grain: BinaryKernel.grain) { r in
            for i in r { po.value[i] = pc.value[i] != 0 ? px.value[i] : py.value[i] }
        }
        return Tensor(uncheckedDType: x.dtype, shape: x.shape, buffer: buffer)
    }
}
