import _CTensorBridgeKernels

/// The unary ops, each TensorFlow's kernel by name.
enum UnaryOps {
    static let floatsAndSigned = MathCheck.floats + MathCheck.signedInts

    struct Negate: UnaryMath {
        static let name = "Neg"
        static var allowed: [DType] { floatsAndSigned }
        static func float<T: MathFloat>(_ a: T) -> T { -a }
        static func integer<T: MathInteger>(_ a: T) -> T { 0 &- a }
    }

    struct Absolute: UnaryMath {
        static let name = "Abs"
        static var allowed: [DType] { floatsAndSigned }
        static func float<T: MathFloat>(_ a: T) -> T { a.magnitude }
        static func integer<T: MathInteger>(_ a: T) -> T { a < 0 ? 0 &- a : a }
    }

    /// `Sign`: -1, 0 or 1; NaN stays NaN and zeros give +0 (Eigen's scalar_sign_op). A
    /// float64 subnormal, which compares equal to zero under denormals-are-zero, comes back as
    /// its magnitude, as TensorFlow 2.21's double kernel returns it.
    struct Signum: UnaryMath {
        static let name = "Sign"
        static var allowed: [DType] { floatsAndSigned }
        static func float<T: MathFloat>(_ a: T) -> T {
            a.isNaN ? a : a > 0 ? 1 : a < 0 ? -1 : (T.self == Double.self && a.isSubnormal ? a.magnitude : 0)
        }
        static func integer<T: MathInteger>(_ a: T) -> T { a > 0 ? 1 : a < 0 ? 0 &- 1 : 0 }
    }

    struct Exp: UnaryMath {
        static let name = "Exp"
        static var allowed: [DType] { MathCheck.floatsAndComplex }
        static func float<T: MathFloat>(_ a: T) -> T { T.cExp(a).flushedToZero }
        static var float32Kernel: Float32Kernel? { { tb_exp_f32($0, $1, $2) } }
    }

    struct Log: UnaryMath {
        static let name = "Log"
        static var allowed: [DType] { MathCheck.floatsAndComplex }
        static func float<T: MathFloat>(_ a: T) -> T { T.cLog(a.flushedToZero) }
    }

    struct SquareRoot: UnaryMath {
        static let name = "Sqrt"
        static var allowed: [DType] { MathCheck.floatsAndComplex }
        static func float<T: MathFloat>(_ a: T) -> T { a.squareRoot() }
    }

    struct ReciprocalSquareRoot: UnaryMath {
        static let name = "Rsqrt"
        static var allowed: [DType] { MathCheck.floatsAndComplex }
        static func float<T: MathFloat>(_ a: T) -> T { 1 / a.squareRoot() }
    }

    struct Square: UnaryMath {
        static let name = "Square"
        static var allowed: [DType] { MathCheck.reals }
        static func float<T: MathFloat>(_ a: T) -> T { a * a }
        static func integer<T: MathInteger>(_ a: T) -> T { a &* a }
    }

    struct Sine: UnaryMath {
        static let name = "Sin"
        static var allowed: [DType] { MathCheck.floatsAndComplex }
        static func float<T: MathFloat>(_ a: T) -> T { T.self == Double.self ? T.cSin(a) : T.cSin(a.flushedToZero) }
    }

    struct Cosine: UnaryMath {
        static let name = "Cos"
        static var allowed: [DType] { MathCheck.floatsAndComplex }
        static func float<T: MathFloat>(_ a: T) -> T { T.cCos(a.flushedToZero) }
    }

    struct HyperbolicTangent: UnaryMath {
        static let name = "Tanh"
        static var allowed: [DType] { MathCheck.floatsAndComplex }
        static func float<T: MathFloat>(_ a: T) -> T { T.cTanh(a.flushedToZero).flushedToZero }
    }

    struct Sigmoid: UnaryMath {
        static let name = "Sigmoid"
        static var allowed: [DType] { MathCheck.floatsAndComplex }
        static func float<T: MathFloat>(_ a: T) -> T { (1 / (1 + T.cExp(-a))).flushedToZero }
        static var float32Kernel: Float32Kernel? { { tb_sigmoid_f32($0, $1, $2) } }
    }

    /// `Relu`: `max(x, 0)`; NaN stays NaN. float16/bfloat16 keep -0 (Eigen's scalar max
    /// returns its first argument on ties there).
    struct Relu: UnaryMath {
        static let name = "Relu"
        static var allowed: [DType] { MathCheck.reals }
        static func float<T: MathFloat>(_ a: T) -> T { a.isNaN ? a : a > 0 ? a.flushedToZero : 0 }
        static func integer<T: MathInteger>(_ a: T) -> T { a > 0 ? a : 0 }
        static func half<T: HalfFloat>(_ a: T) -> T { a.widened < 0 ? T(narrowing: 0) : a }
        static var halfIsRoundedFloat32: Bool { false }
    }
}

extension Ops {
    package static let negate = Op<Tensor, Tensor>("Neg") { x in
        x.dtype.isComplex ? try ComplexElementwise.negate(x) : try UnaryMathKernel.run(UnaryOps.Negate.self, x)
    }
    package static let abs = Op<Tensor, Tensor>("Abs") { x in
        x.dtype.isComplex ? try ComplexElementwise.magnitude(x) : try UnaryMathKernel.run(UnaryOps.Absolute.self, x)
    }
    package static let sign = Op<Tensor, Tensor>("Sign") { x in
        x.dtype.isComplex ? try ComplexUnary.Sign.run(x) : try UnaryMathKernel.run(UnaryOps.Signum.self, x)
    }
    package static let exp = Op<Tensor, Tensor>("Exp") { x in
        x.dtype.isComplex ? try ComplexTranscendental.exp(x) : try UnaryMathKernel.run(UnaryOps.Exp.self, x)
    }
    package static let log = Op<Tensor, Tensor>("Log") { x in
        x.dtype.isComplex ? try ComplexTranscendental.Log.run(x) : try UnaryMathKernel.run(UnaryOps.Log.self, x)
    }
    package static let sqrt = Op<Tensor, Tensor>("Sqrt") { x in
        x.dtype.isComplex ? try ComplexTranscendental.SquareRoot.run(x) : try UnaryMathKernel.run(UnaryOps.SquareRoot.self, x)
    }
    package static let rsqrt = Op<Tensor, Tensor>("Rsqrt") { x in
        x.dtype.isComplex ? try ComplexUnary.ReciprocalSquareRoot.run(x) : try UnaryMathKernel.run(UnaryOps.ReciprocalSquareRoot.self, x)
    }
    package static let square = Op<Tensor, Tensor>("Square") { x in
        x.dtype.isComplex ? try ComplexElementwise.square(x) : try UnaryMathKernel.run(UnaryOps.Square.self, x)
    }
    package static let sin = Op<Tensor, Tensor>("Sin") { x in
        x.dtype.isComplex ? try ComplexUnary.Sine.run(x) : try UnaryMathKernel.run(UnaryOps.Sine.self, x)
    }
    package static let cos = Op<Tensor, Tensor>("Cos") { x in
        x.dtype.isComplex ? try ComplexUnary.Cosine.run(x) : try UnaryMathKernel.run(UnaryOps.Cosine.self, x)
    }
    package static let tanh = Op<Tensor, Tensor>("Tanh") { x in
        x.dtype.isComplex ? try ComplexUnary.HyperbolicTangent.run(x) : try UnaryMathKernel.run(UnaryOps.HyperbolicTangent.self, x)
    }
    package static let sigmoid = Op<Tensor, Tensor>("Sigmoid") { x in
        x.dtype.isComplex ? try ComplexUnary.Sigmoid.run(x) : try UnaryMathKernel.run(UnaryOps.Sigmoid.self, x)
    }
    package static let relu = Op<Tensor, Tensor>("Relu") { try UnaryMathKernel.run(UnaryOps.Relu.self, $0) }
}

/// Unary math, each a new tensor of the same shape and dtype. Floats compute as TensorFlow's
/// CPU kernels do: float16 and bfloat16 in float32 rounded back, subnormals flushed to zero.
/// Transcendental functions agree with TensorFlow's Eigen approximations to within a few ULP:
/// float32 exp and sigmoid run a vectorized polynomial (within 1 ULP of the correctly rounded
/// exp), the rest the C library (bit-exact: neg, abs, sign, sqrt, square, relu).
/// complex64 and complex128 take neg, square, sign, rsqrt, sin, cos, tanh and sigmoid
/// (bit-exact: the same formulas and C library functions as TensorFlow's scalar complex
/// kernels; complex128 exp too), abs (their magnitude, a real tensor), and complex64 exp,
/// log and sqrt (within 4, 4 and 2 ULP of the larger part of TensorFlow's result; log within
/// 32 for moduli near 1; complex128 log and sqrt likewise).
/// - Throws: ``TensorBridgeError`` (`.unsupportedDType`) with TensorFlow's "Value for attr 'T' of
///   int32 is not in the list of allowed values" for a dtype the op does not take.
extension Tensor {
    /// `tf.negative`.
    public func negated() throws -> Tensor { try Ops.negate(self) }
    /// `tf.abs` (integers: `abs(min)` wraps to `min`). Complex tensors give their magnitude
    /// (`ComplexAbs`, the C library's `hypot`) as float32 (complex64) or float64 (complex128).
    public func absolute() throws -> Tensor { try Ops.abs(self) }
    /// `tf.sign`. Complex tensors give `z / |z|` (0 for 0).
    public func sign() throws -> Tensor { try Ops.sign(self) }
    /// `tf.exp`.
    public func exp() throws -> Tensor { try Ops.exp(self) }
    /// `tf.math.log` (natural logarithm).
    public func log() throws -> Tensor { try Ops.log(self) }
    /// `tf.sqrt`.
    public func sqrt() throws -> Tensor { try Ops.sqrt(self) }
    /// `tf.math.rsqrt`: `1 / sqrt(x)`.
    public func rsqrt() throws -> Tensor { try Ops.rsqrt(self) }
    /// `tf.square`.
    public func square() throws -> Tensor { try Ops.square(self) }
    /// `tf.sin`.
    public func sin() throws -> Tensor { try Ops.sin(self) }
    /// `tf.cos`.
    public func cos() throws -> Tensor { try Ops.cos(self) }
    /// `tf.tanh`.
    public func tanh() throws -> Tensor { try Ops.tanh(self) }
    /// `tf.sigmoid`: `1 / (1 + exp(-x))`.
    public func sigmoid() throws -> Tensor { try Ops.sigmoid(self) }
    /// `tf.nn.relu`: `max(x, 0)`.
    public func relu() throws -> Tensor { try Ops.relu(self) }
}
