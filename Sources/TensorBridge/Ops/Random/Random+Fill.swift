/// Float dtypes the random ops produce, with TensorFlow's arithmetic for the `x*stddev + mean`
/// step (a multiply and an add, each rounded, never fused). float16 and bfloat16 compute each
/// step in float32 and round back, as Eigen's `half`/`bfloat16` operators do.
protocol RandomFloat: TensorScalar {
    /// A Python float converted to the dtype, as `convert_to_tensor(x, dtype)` does.
    static func parameter(_ value: Double) -> Self
    static func multiply(_ a: Self, _ b: Self) -> Self
    static func add(_ a: Self, _ b: Self) -> Self
    static func subtract(_ a: Self, _ b: Self) -> Self
}

extension Float: RandomFloat {
    @inline(__always) static func parameter(_ value: Double) -> Float { Float(value) }
    @inline(__always) static func multiply(_ a: Float, _ b: Float) -> Float { a * b }
    @inline(__always) static func add(_ a: Float, _ b: Float) -> Float { a + b }
    @inline(__always) static func subtract(_ a: Float, _ b: Float) -> Float { a - b }
}

extension Double: RandomFloat {
    @inline(__always) static func parameter(_ value: Double) -> Double { value }
    @inline(__always) static func multiply(_ a: Double, _ b: Double) -> Double { a * b }
    @inline(__always) static func add(_ a: Double, _ b: Double) -> Double { a + b }
    @inline(__always) static func subtract(_ a: Double, _ b: Double) -> Double { a - b }
}

extension Float16: RandomFloat {
    @inline(__always) static func parameter(_ value: Double) -> Float16 { Float16(value) }
    @inline(__always) static func multiply(_ a: Float16, _ b: Float16) -> Float16 { Float16(Float(a) * Float(b)) }
    @inline(__always) static func add(_ a: Float16, _ b: Float16) -> Float16 { Float16(Float(a) + Float(b)) }
    @inline(__always) static func subtract(_ a: Float16, _ b: Float16) -> Float16 { Float16(Float(a) - Float(b)) }
}

extension BFloat16: RandomFloat {
    @inline(__always) static func parameter(_ value: Double) -> BFloat16 { BFloat16(Float(value)) }
    @inline(__always) static func multiply(_ a: BFloat16, _ b: BFloat16) -> BFloat16 { BFloat16(a.floatValue * b.floatValue) }
    @inline(__always) static func add(_ a: BFloat16, _ b: BFloat16) -> BFloat16 { BFloat16(a.floatValue + b.floatValue) }
    @inline(__always) static func subtract(_ a: BFloat16, _ b: BFloat16) -> BFloat16 { BFloat16(a.floatValue - b.floatValue) }
}

/// The scale and shift applied after sampling: `x*scale + shift`.
struct RandomAffine<T: RandomFloat> {
    let scale: T
    let shift: T
}

enum PhiloxFill {
    /// Philox blocks per parallel grain: small enough to balance two cores on mid-size
    /// outputs, large enough that dispatch costs nothing.
    static let blockGrain = 1 << 12

    /// Fills a new host tensor of `shape` with distribution `D`, starting at `philox`'s counter.
    ///
    /// Element `j` comes from block `j / perBlock`, at counter `philox.counter + j/perBlock`,
    /// so the result never depends on how the blocks are split across threads.
    static func tensor<D: PhiloxDistribution>(
        _: D.Type, shape: Shape, philox: Philox4x32, affine: RandomAffine<D.Element>
    ) throws -> Tensor where D.Element: RandomFloat {
        let count = shape.elementCount
        let buffer = try TensorBuffer.allocateHost(byteCount: try shape.byteCount(for: D.Element.dtype))
        let out = buffer.baseAddress.bindMemory(to: D.Element.self, capacity: count)
        fill(D.self, count: count, philox: philox, affine: affine, out: out)
        return Tensor(uncheckedDType: D.Element.dtype, shape: shape, buffer: buffer)
    }

    static func fill<D: PhiloxDistribution>(
        _: D.Type, count: Int, philox: Philox4x32, affine: RandomAffine<D.Element>,
        out: UnsafeMutablePointer<D.Element>
    ) where D.Element: RandomFloat {
        let k = D.perBlock
        let blocks = (count + k - 1) / k
        let box = UnsafeSendable(out)
        Parallel.forEachChunk(count: blocks, grain: blockGrain) { range in
            var gen = philox
            gen.skip(UInt64(range.lowerBound))
            let out = box.value
            withUnsafeTemporaryAllocation(of: D.Element.self, capacity: k) { scratch in
                guard let scratch = scratch.baseAddress else { return }
                for block in range {
                    let start = block * k
                    D.generate(gen.next(), into: scratch)
                    // The last block may be partial: TensorFlow drops the extra values.
                    let n = min(k, count - start)
                    for i in 0..<n {
                        out[start + i] = D.Element.add(D.Element.multiply(scratch[i], affine.scale), affine.shift)
                    }
                }
            }
        }
    }
}

extension RandomRequest {
    /// The `x*scale + shift` constants in the request's dtype, computed exactly as the CPU
    /// kernel computes them, as bit patterns (the low `dtype.byteSize` bytes), for kernels
    /// that take them by value.
    package var affineBits: (scale: UInt64, shift: UInt64) {
        switch dtype {
        case .float64: bits(Double.self)
        case .float16: bits(Float16.self)
        case .bfloat16: bits(BFloat16.self)
        default: bits(Float.self)
        }
    }

    private func bits<T: RandomFloat>(_: T.Type) -> (scale: UInt64, shift: UInt64) {
        let affine: RandomAffine<T>
        if distribution == .normal {
            affine = RandomAffine(scale: T.parameter(b), shift: T.parameter(a))
        } else {
            let low = T.parameter(a), high = T.parameter(b)
            affine = RandomAffine(scale: T.subtract(high, low), shift: low)
        }
        func pattern(_ x: T) -> UInt64 {
            Swift.withUnsafeBytes(of: x) { raw in raw.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) } }
        }
        return (pattern(affine.scale), pattern(affine.shift))
    }
}
