import _CTensorBridgeKernels

/// `Exp`, `Log` and `Sqrt` on complex tensors, from the C library's real functions in the
/// forms Eigen's complex packet functions use (`pexp_complex`, `plog_complex`,
/// `psqrt_complex` in Eigen/src/Core/arch/Default/GenericPacketMathFunctions.h): within a few
/// ULP of TensorFlow's results for finite inputs (Eigen evaluates the real functions with
/// its own polynomials). complex128 exp is the exception: bit-exact (see `exp(_:)`).
enum ComplexTranscendental {
    /// `log(z) = log|z| + i arg(z)`, with `log(hypot)` as Eigen and TensorFlow compute it: near
    /// a modulus of 1 that real part is itself some ULP from the exact value (TensorFlow's too).
    enum Log: ComplexUnaryFunction {
        @inline(__always) static func apply<C: ComplexScalar>(_ z: C) -> C {
            C(C.Part.cLog(C.Part.cHypot(z.real, z.imaginary)), C.Part.cAtan2(z.imaginary, z.real))
        }
    }

    /// The principal square root: with `l = sqrt((|x| + |z|) / 2)`, `(l, y / 2l)` for
    /// `x >= 0` and `(|y| / 2l, ±l)` (the sign of `y`) otherwise; zero gives `(0, y)`.
    enum SquareRoot: ComplexUnaryFunction {
        @inline(__always) static func apply<C: ComplexScalar>(_ z: C) -> C {
            let x = z.real, y = z.imaginary
            if x == 0 && y == 0 { return C(0, y) }
            if y.isInfinite { return C(C.Part.infinity, y) }
            if x.isNaN || y.isNaN { return C(C.Part.nan, C.Part.nan) }
            if x.isInfinite {
                return x > 0 ? C(x, y.sign == .minus ? -0.0 : 0) : C(0, y.sign == .minus ? -C.Part.infinity : C.Part.infinity)
            }
            let l = ((x.magnitude + C.Part.cHypot(x, y)) / 2).squareRoot()
            if x >= 0 { return C(l, y / (2 * l)) }
            return C(y.magnitude / (2 * l), y.sign == .minus ? -l : l)
        }
    }

    /// complex128 `Exp` has no packet path in Eigen (AVX's `Packet2cd` lacks `HasExp`), so
    /// TensorFlow calls `std::exp`, the C library's `cexp`, on every element: TensorBridge does
    /// the same steps and matches it bit for bit (but for the sign of the NaN in
    /// `exp(inf + inf·i)`, positive in TensorFlow). complex64 follows `pexp_complex`.
    static func exp(_ x: Tensor) throws -> Tensor {
        x.dtype == .complex64 ? try exp64(x) : try UnaryKernel.run(ComplexUnaryOf<CLibraryExp, Complex128>.self, x, dtype: x.dtype)
    }

    /// complex64 `exp(a + bi) = exp(a) (cos b + i sin b)`, as `pexp_complex`, in blocks: the
    /// real parts' `exp` through the vectorized float32 loop that float32 `Tensor.exp` runs
    /// (within 1 ULP of the C library's), then the C library's `cos` and `sin` of the
    /// imaginary parts.
    static func exp64(_ x: Tensor) throws -> Tensor {
        let a = try hostPointer(x, as: Complex64.self)
        let (out, o) = try allocateHost(Complex64.self, dtype: .complex64, shape: x.shape)
        let block = 1024
        forEachBlock(count: x.elementCount, block: block, scratchBlocks: 2, flush: true) { start, n, real in
            let e = real + block, z = a.value + start, y = o.value + start
            for i in 0..<n { real[i] = z[i].real }
            tb_exp_f32(real, e, n)
            for i in 0..<n {
                let b = z[i].imaginary
                y[i] = Complex64((e[i] * Float.cCos(b)).flushedToZero, (e[i] * Float.cSin(b)).flushedToZero)
            }
        }
        return out
    }

    enum CLibraryExp: ComplexUnaryFunction {
        @inline(__always) static func apply<C: ComplexScalar>(_ z: C) -> C {
            let (r, i) = CLibraryComplex.exp(z.real, z.imaginary)
            return C(r, i)
        }
    }
}
