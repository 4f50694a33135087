// What a device kernel of a math op needs to know about its arguments, after the same checks
// (in the same order, with the same errors) as the op's CPU kernel makes before it computes.
// Backends call these first, so a bad argument throws the CPU's typed error before any launch.

/// Two shapes broadcast together, as strides over the output's (collapsed) dimensions.
package struct BroadcastGeometry: Sendable, Equatable {
    /// The output's shape.
    package let shape: Shape
    /// Output dimensions, outermost first, neighbours that broadcast alike merged.
    package let dims: [Int]
    /// Element strides of each input over `dims` (0 where it is broadcast).
    package let xStrides: [Int]
    package let yStrides: [Int]
}

extension TensorPair {
    /// The first CPU check of a binary element-wise op: both inputs of one dtype ("cannot
    /// compute AddV2 as input #1(zero-based) was expected to be a float tensor but is a double
    /// tensor"). Returns that dtype.
    package func checkedDType(op: String) throws -> DType {
        try MathCheck.sameDType(op, x, y)
        return x.dtype
    }

    /// The broadcast of the two shapes; throws TensorFlow's "Incompatible shapes" message.
    package func broadcastGeometry() throws -> BroadcastGeometry {
        let plan = try BroadcastPlan(x.shape, y.shape)
        return BroadcastGeometry(shape: plan.shape, dims: plan.dims, xStrides: plan.xStrides, yStrides: plan.yStrides)
    }
}

/// A reduction over one run of adjacent axes, as `[outer, reduced, inner]` of a contiguous buffer.
package struct ReductionGeometry: Sendable, Equatable {
    package let outer: Int, reduced: Int, inner: Int
    /// The result's shape (with or without the size-1 axes).
    package let shape: Shape
}

extension ReduceRequest {
    /// The CPU checks of a reduction ("Invalid reduction dimension", duplicate axes) and its
    /// geometry; `nil` when the reduced axes are not adjacent (the CPU transposes first).
    package func geometry(op: String) throws -> ReductionGeometry? {
        let dims = tensor.shape.dimensions
        let axes = try ReductionLayout.axes(self.axes, rank: tensor.rank, op: op)
        let set = Set(axes)
        let shape = try Shape(keepDims
            ? dims.enumerated().map { set.contains($0.offset) ? 1 : $0.element }
            : dims.enumerated().filter { !set.contains($0.offset) }.map(\.element))
        if let first = axes.first, let last = axes.last, last - first + 1 != axes.count { return nil }
        let first = axes.first ?? tensor.rank, end = (axes.last ?? (tensor.rank - 1)) + 1
        return ReductionGeometry(outer: dims[..<first].reduce(1, *),
                                 reduced: dims[first..<max(first, end)].reduce(1, *),
                                 inner: dims[max(first, end)...].reduce(1, *), shape: shape)
    }
}

/// One (possibly batched) matrix product's sizes and element strides.
package struct MatMulGeometry: Sendable, Equatable {
    package let m: Int, n: Int, k: Int
    /// Element strides of a row and a column of each operand (transposes swap them).
    package let rowStrideA: Int, columnStrideA: Int, rowStrideB: Int, columnStrideB: Int
    /// The broadcast batch shape and the output's shape (`batch + [m, n]`).
    package let batch: Shape
    package let shape: Shape
    /// Matrices in each operand's batch (1: the one matrix is reused for every output batch).
    package let batchCountA: Int, batchCountB: Int
}

extension MatMulRequest {
    /// The checks `MatMul` makes (on the CPU, which starts with them, and on every device),
    /// in TensorFlow's order and with its messages: the same dtype, then the dtype list, then
    /// rank ≥ 2, inner dimensions, compatible batch shapes.
    package func geometry() throws -> MatMulGeometry {
        try MathCheck.sameDType("MatMul", a, b)
        try MathCheck.allowed("MatMul", a.dtype, MatMul.allowed)
        guard a.rank >= 2, b.rank >= 2 else {
            throw TensorBridgeError.invalidArgument("In[0] and In[1] has different ndims: \(tfShape(a.shape)) vs. \(tfShape(b.shape))")
        }
        let ad = a.shape.dimensions, bd = b.shape.dimensions
        let (ar, ac) = (ad[ad.count - 2], ad[ad.count - 1]), (br, bc) = (bd[bd.count - 2], bd[bd.count - 1])
        let m = transposeA ? ac : ar, k = transposeA ? ar : ac
        let kb = transposeB ? bc : br, n = transposeB ? br : bc
        guard k == kb else {
            if a.rank == 2 && b.rank == 2 {
                throw TensorBridgeError.invalidArgument("Matrix size-incompatible: In[0]: \(tfShape(a.shape)), In[1]: \(tfShape(b.shape))")
            }
            throw TensorBridgeError.invalidArgument("Matrix size-incompatible: In[0]: \(tfShape(a.shape)), In[1]: \(tfShape(b.shape)) (\(k) vs. \(kb))")
        }
        let aBatch = try Shape(Array(ad.dropLast(2))), bBatch = try Shape(Array(bd.dropLast(2)))
        let batch: Shape
        do { batch = try BroadcastPlan.shape(aBatch, bBatch) } catch {
            throw TensorBridgeError.invalidArgument("In[0] and In[1] must have compatible batch dimensions: \(tfShape(a.shape)) vs. \(tfShape(b.shape))")
        }
        return MatMulGeometry(m: m, n: n, k: k,
                              rowStrideA: transposeA ? 1 : k, columnStrideA: transposeA ? m : 1,
                              rowStrideB: transposeB ? 1 : n, columnStrideB: transposeB ? k : 1,
                              batch: batch, shape: try Shape(batch.dimensions + [m, n]),
                              batchCountA: aBatch.elementCount, batchCountB: bBatch.elementCount)
    }
}
