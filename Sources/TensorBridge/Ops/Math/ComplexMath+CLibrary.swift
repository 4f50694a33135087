#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The real functions the C library builds its complex functions from, for one part width.
protocol ComplexPart: MathFloat {
    static func cSinh(_ x: Self) -> Self
    static func cCosh(_ x: Self) -> Self
    static func cLog1p(_ x: Self) -> Self
    static func cScalbn(_ x: Self, _ n: Int32) -> Self
    /// `x² + y² - 1` without large cancellation, for `1 > x >= y` and `x² + y² >= 1/2`.
    static func x2y2m1(_ x: Self, _ y: Self) -> Self
    /// `(MAX_EXP - 1) · ln 2` truncated: the argument past which `exp` overflows (88, 709).
    static var expLimit: Self { get }
    /// Half of it, truncated (44, 354): `ctanh`'s limit.
    static var tanhLimit: Self { get }
    static var ln2: Self { get }
    /// π rounded to nearest (`(float)M_PI`; Swift's `.pi` rounds toward zero).
    static var piRounded: Self { get }
    /// `(a + ib) / h` for `Sign`, as TensorFlow 2.21's kernel divides by the modulus (measured
    /// against it, special values included): float32 parts by the plain formula in double
    /// precision, float64 parts by Smith's algorithm.
    static func divideByModulus(_ a: Self, _ b: Self, _ h: Self) -> (Self, Self)
}

extension Float: ComplexPart {
    static func cSinh(_ x: Float) -> Float { sinhf(x) }
    static func cCosh(_ x: Float) -> Float { coshf(x) }
    static func cLog1p(_ x: Float) -> Float { log1pf(x) }
    static func cScalbn(_ x: Float, _ n: Int32) -> Float { scalbnf(x, n) }
    /// In double precision, then rounded once.
    static func x2y2m1(_ x: Float, _ y: Float) -> Float {
        let (dx, dy) = (Double(x), Double(y))
        return Float((dx - 1) * (dx + 1) + dy * dy)
    }
    static func divideByModulus(_ a: Float, _ b: Float, _ h: Float) -> (Float, Float) {
        let (a, b, c, d) = (Double(a), Double(b), Double(h), 0.0)
        let den = c * c + d * d
        return (Float((a * c + b * d) / den), Float((b * c - a * d) / den))
    }
    static var expLimit: Float { 88 }
    static var tanhLimit: Float { 44 }
    static var ln2: Float { 0.693147180559945309417232121458176568 }
    static var piRounded: Float { Float(Double.pi) }
}

extension Double: ComplexPart {
    static func cSinh(_ x: Double) -> Double { sinh(x) }
    static func cCosh(_ x: Double) -> Double { cosh(x) }
    static func cLog1p(_ x: Double) -> Double { log1p(x) }
    static func cScalbn(_ x: Double, _ n: Int32) -> Double { scalbn(x, n) }
    /// The squares split exactly into high and low parts, then summed smallest first with
    /// exact two-sums so that the cancellation against -1 loses nothing.
    static func x2y2m1(_ x: Double, _ y: Double) -> Double {
        let xx = x * x, yy = y * y
        var v = [(-xx).addingProduct(x, x), xx, (-yy).addingProduct(y, y), yy, -1.0]
        v.sort { $0.magnitude < $1.magnitude }
        for i in 0...3 {
            let hi = v[i + 1] + v[i]
            v[i] = (v[i + 1] - hi) + v[i]
            v[i + 1] = hi
            v[(i + 1)...].sort { $0.magnitude < $1.magnitude }
        }
        return v[4] + v[3] + v[2] + v[1] + v[0]
    }
    static func divideByModulus(_ a: Double, _ b: Double, _ h: Double) -> (Double, Double) {
        let r = 0 / h, den = h + 0 * r
        return ((a + b * r) / den, (b - a * r) / den)
    }
    static var expLimit: Double { 709 }
    static var tanhLimit: Double { 354 }
    static var ln2: Double { 0.693147180559945309417232121458176568 }
    static var piRounded: Double { .pi }
}

/// The C library's (glibc's) `cexp`, `csin`, `ccosh`, `ctanh`, `clog` and `cpow`, step for step
/// from its real functions: TensorFlow's CPU kernels for complex `Sin`, `Cos`, `Tanh`, `Pow` and
/// the `exp` inside complex `Sigmoid` call `std::sin` and friends on `std::complex`, which are
/// these functions, so computing the same steps with the same real functions gives the same
/// bits. Large parts are scaled in steps of `exp(expLimit)` so that results overflow only
/// when they must.
enum CLibraryComplex {
    /// `sin` and `cos` of a part, or the part itself and 1 where it is below the smallest
    /// normal number (as the C library does).
    @inline(__always)
    static func sinCos<T: ComplexPart>(_ x: T) -> (T, T) {
        x.magnitude > T.leastNormalMagnitude ? (T.cSin(x), T.cCos(x)) : (x, 1)
    }

    static func exp<T: ComplexPart>(_ re: T, _ im: T) -> (T, T) {
        guard re.isFinite else { return expOfInfinite(re, im) }
        guard im.isFinite else { return (.nan, .nan) }
        var (s, c) = sinCos(im)
        var x = re
        let t = T.expLimit
        if x > t {
            let et = T.cExp(t)
            x -= t; s *= et; c *= et
            if x > t { x -= t; s *= et; c *= et }
        }
        if x > t { return (T.greatestFiniteMagnitude * c, T.greatestFiniteMagnitude * s) }
        let e = T.cExp(x)
        return (e * c, e * s)
    }

    private static func expOfInfinite<T: ComplexPart>(_ re: T, _ im: T) -> (T, T) {
        guard re.isInfinite else { return (.nan, im.isZero ? im : .nan) }
        if im.isFinite {
            let value: T = re.sign == .minus ? 0 : .infinity
            if im.isZero { return (value, im) }
            let (s, c) = sinCos(im)
            return (T(signOf: c, magnitudeOf: value), T(signOf: s, magnitudeOf: value))
        }
        return re.sign == .plus ? (.infinity, im - im) : (0, T(signOf: im, magnitudeOf: 0))
    }

    /// `csin(x + iy) = sin x cosh y + i cos x sinh y`.
    static func sin<T: ComplexPart>(_ re: T, _ im: T) -> (T, T) {
        let negate = re.sign == .minus
        let x = re.magnitude
        if im.isFinite {
            guard x.isFinite else { return im.isZero ? (x - x, im) : (.nan, .nan) }
            var (s, c) = sinCos(x)
            if negate { s = -s }
            let t = T.expLimit
            guard im.magnitude > t else { return (T.cCosh(im) * s, T.cSinh(im) * c) }
            return scaled(im.magnitude, t, s, im.sign == .minus ? -c : c)
        }
        let zero = T(signOf: negate ? -1 : 1, magnitudeOf: 0)
        if im.isInfinite {
            if x.isZero { return (zero, im) }
            guard x.isFinite else { return (x - x, .infinity) }
            let (s, c) = sinCos(x)
            let r = T(signOf: s, magnitudeOf: .infinity), i = T(signOf: c, magnitudeOf: .infinity)
            return (negate ? -r : r, im.sign == .minus ? -i : i)
        }
        return (x.isZero ? zero : .nan, .nan)
    }

    /// `exp(v) / 2 · (a, b)` for `v > t`, in steps that overflow only at the end.
    @inline(__always)
    private static func scaled<T: ComplexPart>(_ v: T, _ t: T, _ a: T, _ b: T) -> (T, T) {
        let et = T.cExp(t)
        var (v, a, b) = (v - t, a * (et / 2), b * (et / 2))
        if v > t { v -= t; a *= et; b *= et }
        if v > t { return (T.greatestFiniteMagnitude * a, T.greatestFiniteMagnitude * b) }
        let e = T.cExp(v)
        return (e * a, e * b)
    }

    /// `ccosh(x + iy) = cosh x cos y + i sinh x sin y`.
    static func cosh<T: ComplexPart>(_ re: T, _ im: T) -> (T, T) {
        if re.isFinite {
            guard im.isFinite else { return (im - im, re == 0 ? 0 : .nan) }
            let (s, c) = sinCos(im)
            let t = T.expLimit
            guard re.magnitude > t else { return (T.cCosh(re) * c, T.cSinh(re) * s) }
            let (a, b) = scaled(re.magnitude, t, c, re.sign == .minus ? -s : s)
            return (a, b)
        }
        if re.isInfinite {
            let one = T(signOf: re, magnitudeOf: 1)
            if im.isFinite && !im.isZero {
                let (s, c) = sinCos(im)
                return (T(signOf: c, magnitudeOf: .infinity), T(signOf: s, magnitudeOf: .infinity) * one)
            }
            return im.isZero ? (.infinity, im * one) : (.infinity, im - im)
        }
        return (.nan, im == 0 ? im : .nan)
    }

    /// `ccos(z) = ccosh(iz)`.
    static func cos<T: ComplexPart>(_ re: T, _ im: T) -> (T, T) { cosh(-im, re) }

    /// `ctanh(x + iy) = (sinh x cosh x + i sin y cos y) / (sinh² x + cos² y)`; past
    /// `tanhLimit` the real part is ±1 and the imaginary part `4 sin y cos y / exp(2|x|)`.
    static func tanh<T: ComplexPart>(_ re: T, _ im: T) -> (T, T) {
        guard re.isFinite && im.isFinite else {
            if re.isInfinite {
                if im.isFinite && im.magnitude > 1 {
                    let (s, c) = sinCos(im)
                    return (T(signOf: re, magnitudeOf: 1), T(signOf: s * c, magnitudeOf: 0))
                }
                return (T(signOf: re, magnitudeOf: 1), T(signOf: im, magnitudeOf: 0))
            }
            if im == 0 { return (re, im) }
            return (re == 0 ? re : .nan, .nan)
        }
        let (s, c) = sinCos(im)
        let t = T.tanhLimit
        if re.magnitude > t {
            let e2t = T.cExp(2 * t)
            var i = 4 * s * c
            let x = re.magnitude - t
            i /= e2t
            i = x > t ? i / e2t : i / T.cExp(2 * x)
            return (T(signOf: re, magnitudeOf: 1), i)
        }
        let (sh, ch) = re.magnitude > T.leastNormalMagnitude ? (T.cSinh(re), T.cCosh(re)) : (re, 1)
        let den = sh.magnitude > c.magnitude * T.ulpOfOne ? sh * sh + c * c : c * c
        return (sh * ch / den, s * c / den)
    }

    /// `clog(z) = log|z| + i arg z`, with `log1p` where `|z|` is near 1 and scaling where
    /// `|z|²` would overflow or underflow.
    static func log<T: ComplexPart>(_ re: T, _ im: T) -> (T, T) {
        if re.isZero && im.isZero {
            let arg: T = re.sign == .minus ? T.piRounded : 0
            return (-1 / re.magnitude, T(signOf: im, magnitudeOf: arg))
        }
        guard !re.isNaN && !im.isNaN else { return (re.isInfinite || im.isInfinite ? .infinity : .nan, .nan) }
        var (ax, ay) = (re.magnitude, im.magnitude)
        if ax < ay { swap(&ax, &ay) }
        var scale: Int32 = 0
        if ax > T.greatestFiniteMagnitude / 2 {
            scale = -1
            ax = T.cScalbn(ax, scale)
            ay = ay >= T.leastNormalMagnitude * 2 ? T.cScalbn(ay, scale) : 0
        } else if ax < T.leastNormalMagnitude && ay < T.leastNormalMagnitude {
            scale = Int32(T.significandBitCount + 1)
            ax = T.cScalbn(ax, scale)
            ay = T.cScalbn(ay, scale)
        }
        let real: T
        if ax == 1 && scale == 0 {
            real = T.cLog1p(ay * ay) / 2
        } else if ax > 1 && ax < 2 && ay < 1 && scale == 0 {
            var d = (ax - 1) * (ax + 1)
            if ay >= T.ulpOfOne { d += ay * ay }
            real = T.cLog1p(d) / 2
        } else if ax < 1 && ax >= 0.5 && ay < T.ulpOfOne / 2 && scale == 0 {
            real = T.cLog1p((ax - 1) * (ax + 1)) / 2
        } else if ax < 1 && ax >= 0.5 && scale == 0 && ax * ax + ay * ay >= 0.5 {
            real = T.cLog1p(T.x2y2m1(ax, ay)) / 2
        } else {
            real = T.cLog(T.cHypot(ax, ay)) - T(scale) * T.ln2
        }
        return (real, T.cAtan2(im, re))
    }

    /// `cpow(x, y) = cexp(y · clog(x))`, the product in the plain formula.
    static func pow<T: ComplexPart>(_ x: (T, T), _ y: (T, T)) -> (T, T) {
        let (lr, li) = log(x.0, x.1)
        return exp(y.0 * lr - y.1 * li, y.0 * li + y.1 * lr)
    }
}
