/// TensorFlow's random ops, bit-exact with TensorFlow's CPU kernels.
///
/// Every function returns a new tensor; nothing is shared with any input. Values are
/// computed on the device of the current ``withDevice(_:_:)`` scope by its Philox kernel
/// (the GPU's follows the same counter layout), or on the host and copied there (counted)
/// where the device has none. Large outputs are split across cores,
/// and element `j` depends only on `j` and the seed, never on the thread count.
public enum Random {
    /// The distributions the Philox kernels sample.
    package enum Distribution: Sendable, Hashable {
        /// Normal (Box–Muller), parameters (mean, stddev).
        case normal
        /// Uniform in `[minval, maxval)`.
        case uniform
    }

    /// `tf.random.stateless_normal(shape, seed, mean, stddev, dtype)`.
    ///
    /// - Parameters:
    ///   - shape: the output shape; every dimension must be non-negative.
    ///   - seed: TensorFlow's two-integer seed; both values are scrambled through Philox
    ///     into the key and counter, exactly as TensorFlow does.
    ///   - mean: converted to `dtype` first, then applied as `x*stddev + mean`.
    ///   - stddev: converted to `dtype` first, then applied as `x*stddev + mean`.
    ///   - dtype: float32, float64, float16 or bfloat16.
    /// - Returns: a new tensor of `shape` on the current scope's device.
    /// - Throws: ``TensorBridgeError`` (`.invalidShape`) for a negative dimension or overflow,
    ///   ``TensorBridgeError`` (`.unsupportedDType`) for a non-float dtype (TensorFlow's text).
    public static func statelessNormal(
        shape: [Int], seed: (Int64, Int64), mean: Double = 0, stddev: Double = 1, dtype: DType = .float32
    ) throws -> Tensor {
        let shape = try Shape(shape)
        return try sample(.normal, shape: shape, philox: Philox4x32(statelessSeed: seed), mean, stddev, dtype: dtype, placed: true)
    }

    /// `tf.random.stateless_uniform(shape, seed, minval, maxval, dtype)` for float dtypes:
    /// values in `[minval, maxval)`, computed as `u*(maxval - minval) + minval` in `dtype`.
    ///
    /// float16 and bfloat16 draw their own mantissa bits (not rounded float32 values), as
    /// TensorFlow does. Returns a new tensor on the current scope's device.
    /// - Throws: as ``statelessNormal(shape:seed:mean:stddev:dtype:)``.
    public static func statelessUniform(
        shape: [Int], seed: (Int64, Int64), minval: Double = 0, maxval: Double = 1, dtype: DType = .float32
    ) throws -> Tensor {
        let shape = try Shape(shape)
        return try sample(.uniform, shape: shape, philox: Philox4x32(statelessSeed: seed), minval, maxval, dtype: dtype, placed: true)
    }

    /// The Philox key TensorFlow derives from a stateless seed (`key0 | key1 << 32`), as
    /// `tf.random.experimental.stateless_split`-style tooling reports it.
    public static func statelessKey(seed: (Int64, Int64)) -> UInt64 {
        Philox4x32(statelessSeed: seed).key64
    }

    /// Samples `distribution` starting at `philox`'s counter: on the current scope's device
    /// (that device's Philox kernel) when `placed`, else on the host.
    /// `a, b` are (mean, stddev) for normals and (minval, maxval) for uniforms.
    static func sample(
        _ distribution: Distribution, shape: Shape, philox: Philox4x32, _ a: Double, _ b: Double, dtype: DType,
        placed: Bool = false
    ) throws -> Tensor {
        try requireRandomDType(dtype)
        let request = RandomRequest(distribution: distribution, shape: shape, philox: philox, a: a, b: b, dtype: dtype)
        return try placed ? Ops.random(placing: request) : hostSample(request)
    }

    static func requireRandomDType(_ dtype: DType) throws {
        guard [.float32, .float64, .float16, .bfloat16].contains(dtype) else {
            throw TensorBridgeError.unsupportedDType(dtype,
                "Value for attr 'dtype' of \(dtype.name) is not in the list of allowed values: half, bfloat16, float, double")
        }
    }

    /// The CPU Philox kernel.
    static func hostSample(_ r: RandomRequest) throws -> Tensor {
        let (shape, philox, a, b) = (r.shape, r.philox, r.a, r.b)
        return switch (r.distribution, r.dtype) {
        case (.normal, .float32): try normal(NormalFloat32<Float>.self, shape, philox, a, b)
        case (.normal, .float16): try normal(NormalFloat32<Float16>.self, shape, philox, a, b)
        case (.normal, .bfloat16): try normal(NormalFloat32<BFloat16>.self, shape, philox, a, b)
        case (.normal, .float64): try normal(NormalFloat64.self, shape, philox, a, b)
        case (.uniform, .float32): try uniform(UniformFloat32.self, shape, philox, a, b)
        case (.uniform, .float16): try uniform(UniformFloat16.self, shape, philox, a, b)
        case (.uniform, .bfloat16): try uniform(UniformBFloat16.self, shape, philox, a, b)
        case (.uniform, .float64): try uniform(UniformFloat64.self, shape, philox, a, b)
        default:
            throw TensorBridgeError.unsupportedDType(r.dtype,
                "Value for attr 'dtype' of \(r.dtype.name) is not in the list of allowed values: half, bfloat16, float, double")
        }
    }

    private static func normal<D: PhiloxDistribution>(
        _ d: D.Type, _ shape: Shape, _ philox: Philox4x32, _ mean: Double, _ stddev: Double
    ) throws -> Tensor where D.Element: RandomFloat {
        let affine = RandomAffine(scale: D.Element.parameter(stddev), shift: D.Element.parameter(mean))
        return try PhiloxFill.tensor(d, shape: shape, philox: philox, affine: affine)
    }

    private static func uniform<D: PhiloxDistribution>(
        _ d: D.Type, _ shape: Shape, _ philox: Philox4x32, _ minval: Double, _ maxval: Double
    ) throws -> Tensor where D.Element: RandomFloat {
        let low = D.Element.parameter(minval), high = D.Element.parameter(maxval)
        let affine = RandomAffine(scale: D.Element.subtract(high, low), shift: low)
        return try PhiloxFill.tensor(d, shape: shape, philox: philox, affine: affine)
    }
}

/// The arguments of the Philox random ops: where the stream starts and what to make of it.
package struct RandomRequest: Sendable {
    package let distribution: Random.Distribution
    package let shape: Shape
    /// The key and the counter of element 0.
    package let philox: Philox4x32
    /// (mean, stddev) for normals, (minval, maxval) for uniforms.
    package let a: Double, b: Double
    package let dtype: DType
}

extension Ops {
    /// The Philox random ops (stateless, stateful and `Generator` draws share it).
    package static let random = Op<RandomRequest, Tensor>(creation: "PhiloxRandom") { try Random.hostSample($0) }
}
