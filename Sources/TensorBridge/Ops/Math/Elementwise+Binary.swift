/// A scalar function of two elements, as a type: kernels generic over it are specialised
/// per function and dtype, so each inner loop is a plain (vectorisable) loop.
protocol BinaryFunction {
    associatedtype Element
    associatedtype Result
    static func apply(_ a: Element, _ b: Element) -> Result
}

/// The broadcasting element-wise engine shared by every binary op.
enum BinaryKernel {
    /// Elements per parallel task: small work stays on the calling thread.
    static let grain = 1 << 15

    /// `F` over `x` and `y` broadcast together, into a new host tensor of `dtype`.
    static func run<F: BinaryFunction>(_: F.Type, _ x: Tensor, _ y: Tensor, dtype: DType) throws -> Tensor {
        let plan = try BroadcastPlan(x.shape, y.shape)
        let a = try hostPointer(x, as: F.Element.self), b = try hostPointer(y, as: F.Element.self)
        let (out, o) = try allocateHost(F.Result.self, dtype: dtype, shape: plan.shape)
        let count = plan.shape.elementCount
        guard count > 0 else { return out }
        let flush = flushesDenormals(F.Element.self)
        let xScalar = x.elementCount == 1, yScalar = y.elementCount == 1
        if x.shape == y.shape || xScalar || yScalar {
            // The common cases: one flat loop, split across the cores.
            Parallel.forEachChunk(count: count, grain: grain) { r in
                withTensorFlowFPMode(flush) {
                    let n = r.count, s = r.lowerBound
                    if xScalar && !yScalar {
                        loopScalarLeft(F.self, a.value[0], b.value + s, o.value + s, n)
                    } else if yScalar && !xScalar {
                        loopScalarRight(F.self, a.value + s, b.value[0], o.value + s, n)
                    } else if xScalar && yScalar {
                        o.value[0] = F.apply(a.value[0], b.value[0])
                    } else {
                        loop(F.self, a.value + s, b.value + s, o.value + s, n)
                    }
                }
            }
            return out
        }
        let inner = plan.inner
        let sx = plan.xStrides[plan.xStrides.count - 1], sy = plan.yStrides[plan.yStrides.count - 1]
        Parallel.forEachChunk(count: plan.rows, grain: max(1, grain / inner)) { rows in
            withTensorFlowFPMode(flush) {
                for row in rows {
                    let (ox, oy) = plan.offsets(row: row)
                    let pa = a.value + ox, pb = b.value + oy, po = o.value + row * inner
                    switch (sx, sy) {
                    case (1, 1): loop(F.self, pa, pb, po, inner)
                    case (0, 1): loopScalarLeft(F.self, pa[0], pb, po, inner)
                    case (1, 0): loopScalarRight(F.self, pa, pb[0], po, inner)
                    default: for i in 0..<inner { po[i] = F.apply(pa[i * sx], pb[i * sy]) }
                    }
                }
            }
        }
        return out
    }

    /// Two float32 tensors of one shape through the op's C loop, split across the cores.
    static func runFloat32(_ kernel: Float32BinaryKernel, _ x: Tensor, _ y: Tensor) throws -> Tensor {
        let a = try hostPointer(x, as: Float.self), b = try hostPointer(y, as: Float.self)
        let (out, o) = try allocateHost(Float.self, dtype: .float32, shape: x.shape)
        Parallel.forEachChunk(count: x.elementCount, grain: grain) { r in
            withTensorFlowFPMode { kernel(a.value + r.lowerBound, b.value + r.lowerBound, o.value + r.lowerBound, r.count) }
        }
        return out
    }

    /// A float32 tensor and a one-element float32 tensor (of no higher rank) through the
    /// op's C loop.
    static func runFloat32(_ kernel: Float32ScalarKernel, _ x: Tensor, _ y: Tensor) throws -> Tensor {
        let a = try hostPointer(x, as: Float.self), b = try hostPointer(y, as: Float.self)
        let (out, o) = try allocateHost(Float.self, dtype: .float32, shape: x.shape)
        let value = b.value[0]
        Parallel.forEachChunk(count: x.elementCount, grain: grain) { r in
            withTensorFlowFPMode { kernel(a.value + r.lowerBound, value, o.value + r.lowerBound, r.count) }
        }
        return out
    }

    @inline(__always)
    static func loop<F: BinaryFunction>(_: F.Type, _ a: UnsafePointer<F.Element>, _ b: UnsafePointer<F.Element>,
                                        _ o: UnsafeMutablePointer<F.Result>, _ n: Int) {
        for i in 0..<n { o[i] = F.apply(a[i], b[i]) }
    }

    @inline(__always)
    static func loopScalarLeft<F: BinaryFunction>(_: F.Type, _ a: F.Element, _ b: UnsafePointer<F.Element>,
                                                  _ o: UnsafeMutablePointer<F.Result>, _ n: Int) {
        for i in 0..<n { o[i] = F.apply(a, b[i]) }
    }

    @inline(__always)
    static func loopScalarRight<F: BinaryFunction>(_: F.Type, _ a: UnsafePointer<F.Element>, _ b: F.Element,
                                                   _ o: UnsafeMutablePointer<F.Result>, _ n: Int) {
        for i in 0..<n { o[i] = F.apply(a[i], b) }
    }
}

/// A scalar function of one element.
protocol UnaryFunction {
    associatedtype Element
    associatedtype Result
    static func apply(_ a: Element) -> Result
}

/// The element-wise engine of every unary op.
enum UnaryKernel {
    static func run<F: UnaryFunction>(_: F.Type, _ x: Tensor, dtype: DType) throws -> Tensor {
        let a = try hostPointer(x, as: F.Element.self)
        let (out, o) = try allocateHost(F.Result.self, dtype: dtype, shape: x.shape)
        let flush = flushesDenormals(F.Element.self)
        Parallel.forEachChunk(count: x.elementCount, grain: BinaryKernel.grain) { r in
            withTensorFlowFPMode(flush) {
                let pa = a.value + r.lowerBound, po = o.value + r.lowerBound
                for i in 0..<r.count { po[i] = F.apply(pa[i]) }
            }
        }
        return out
    }

    /// A float32 op through its vectorized C loop, split across the cores, flushed as
    /// TensorFlow runs.
    static func runFloat32(_ kernel: Float32Kernel, _ x: Tensor) throws -> Tensor {
        let a = try hostPointer(x, as: Float.self)
        let (out, o) = try allocateHost(Float.self, dtype: .float32, shape: x.shape)
        Parallel.forEachChunk(count: x.elementCount, grain: BinaryKernel.grain) { r in
            withTensorFlowFPMode { kernel(a.value + r.lowerBound, o.value + r.lowerBound, r.count) }
        }
        return out
    }
}
