/// Arithmetic with TensorFlow's semantics: NumPy broadcasting, no implicit dtype promotion
/// (mixing dtypes throws, naming both), a literal takes the tensor's dtype. Each returns a
/// new tensor; inputs on an accelerator without a kernel for the op are computed on the host
/// under soft placement (counted copies), and the result stays there.
///
/// Errors: ``TensorBridgeError`` (`.invalidArgument`) with TensorFlow's "cannot compute AddV2 as
/// input #1(zero-based) was expected to be a float tensor but is a double tensor" for mixed
/// dtypes, "Incompatible shapes: [2,3] vs. [4]" for shapes that do not broadcast, and
/// ``TensorBridgeError`` (`.unsupportedDType`) for a dtype the op has no kernel for.
extension Tensor {
    /// `tf.add` (`AddV2`). Integers wrap on overflow, as in TensorFlow.
    public static func + (lhs: Tensor, rhs: Tensor) throws -> Tensor { try Ops.add(lhs, rhs) }
    /// `tf.subtract` (`Sub`).
    public static func - (lhs: Tensor, rhs: Tensor) throws -> Tensor { try Ops.subtract(lhs, rhs) }
    /// `tf.multiply` (`Mul`).
    public static func * (lhs: Tensor, rhs: Tensor) throws -> Tensor { try Ops.multiply(lhs, rhs) }

    /// `tf.math.truediv`, what Python's `/` does: floats divide (`RealDiv`); integer tensors
    /// are first cast to float32 (8- and 16-bit) or float64 (32- and 64-bit), as TensorFlow does.
    public static func / (lhs: Tensor, rhs: Tensor) throws -> Tensor {
        try MathCheck.sameDType("RealDiv", lhs, rhs)
        if lhs.dtype.isInteger {
            let target: DType = [.int8, .int16, .uint8, .uint16].contains(lhs.dtype) ? .float32 : .float64
            return try Ops.realDivide(try lhs.cast(to: target), try rhs.cast(to: target))
        }
        return try Ops.realDivide(lhs, rhs)
    }

    /// `-x` (`Neg`).
    public static prefix func - (x: Tensor) throws -> Tensor { try x.negated() }

    /// `tensor + literal`, the literal in the tensor's dtype.
    public static func + (lhs: Tensor, rhs: ScalarLiteral) throws -> Tensor { try lhs + rhs.tensor(lhs.dtype) }
    /// `literal + tensor`.
    public static func + (lhs: ScalarLiteral, rhs: Tensor) throws -> Tensor { try lhs.tensor(rhs.dtype) + rhs }
    /// `tensor - literal`.
    public static func - (lhs: Tensor, rhs: ScalarLiteral) throws -> Tensor { try lhs - rhs.tensor(lhs.dtype) }
    /// `literal - tensor`.
    public static func - (lhs: ScalarLiteral, rhs: Tensor) throws -> Tensor { try lhs.tensor(rhs.dtype) - rhs }
    /// `tensor * literal`.
    public static func * (lhs: Tensor, rhs: ScalarLiteral) throws -> Tensor { try lhs * rhs.tensor(lhs.dtype) }
    /// `literal * tensor`.
    public static func * (lhs: ScalarLiteral, rhs: Tensor) throws -> Tensor { try lhs.tensor(rhs.dtype) * rhs }
    /// `tensor / literal`.
    public static func / (lhs: Tensor, rhs: ScalarLiteral) throws -> Tensor { try lhs / rhs.tensor(lhs.dtype) }
    /// `literal / tensor`.
    public static func / (lhs: ScalarLiteral, rhs: Tensor) throws -> Tensor { try lhs.tensor(rhs.dtype) / rhs }

    /// `tf.math.floordiv` (`FloorDiv`): `floor(self / other)`; integers round toward
    /// negative infinity. An integer zero divisor throws "Integer division by zero".
    public func floorDiv(_ other: Tensor) throws -> Tensor { try Ops.floorDivide(self, other) }
    /// `floorDiv` by a literal.
    public func floorDiv(_ other: ScalarLiteral) throws -> Tensor { try floorDiv(other.tensor(dtype)) }

    /// `tf.math.floormod` (`FloorMod`, Python's `%`): the remainder takes the divisor's sign.
    public func mod(_ other: Tensor) throws -> Tensor { try Ops.floorMod(self, other) }
    /// `mod` by a literal.
    public func mod(_ other: ScalarLiteral) throws -> Tensor { try mod(other.tensor(dtype)) }

    /// `tf.math.truncatediv` (`Div`): integer division rounding toward zero.
    public func truncatingDiv(_ other: Tensor) throws -> Tensor { try Ops.truncatingDivide(self, other) }

    /// `tf.pow` (`Pow`). Integer tensors: negative exponents throw "Integers to negative
    /// integer powers are not allowed"; results wrap. Complex tensors: `exp(y · log(x))` as the
    /// C library's `cpow` computes it (`0 ^ 0` is NaN), bit-exact with TensorFlow.
    public func pow(_ exponent: Tensor) throws -> Tensor { try Ops.pow(self, exponent) }
    /// `pow` with a literal exponent.
    public func pow(_ exponent: ScalarLiteral) throws -> Tensor { try pow(exponent.tensor(dtype)) }
}
