
/// An explicit random state, like `tf.random.Generator` with the Philox algorithm.
///
/// The state is TensorFlow's three 64-bit words: a 128-bit counter then a 64-bit key.
/// ``init(seed:)`` matches `tf.random.Generator.from_seed(seed)` (state `[seed, 0, 0]`), and
/// each draw advances the counter by `elementCount * 256` blocks, so the same calls give the
/// same values as TensorFlow. The class is thread-safe: draws from several threads each get
/// a disjoint slice of the sequence (in the order they take the lock).
public final class RandomGenerator: Sendable {
    private let state: Locked<Philox4x32>

    /// `tf.random.Generator.from_seed(seed)`: the seed chopped into 64-bit words, least
    /// significant first, so a negative seed fills the higher words with ones.
    public convenience init(seed: Int64) {
        let fill: UInt64 = seed < 0 ? ~0 : 0
        self.init(state: (UInt64(bitPattern: seed), fill, fill))
    }

    /// `tf.random.Generator(state=[counter0, counter1, key], alg="philox")`.
    public init(state words: (UInt64, UInt64, UInt64)) {
        // Counter words first, then the key, as TensorFlow's state variable lays them out.
        func split(_ x: UInt64) -> (UInt32, UInt32) { (UInt32(truncatingIfNeeded: x), UInt32(truncatingIfNeeded: x >> 32)) }
        let c0 = split(words.0), c1 = split(words.1), k = split(words.2)
        state = Locked(Philox4x32(key: k, counter: (c0.0, c0.1, c1.0, c1.1)))
    }

    /// The current state as TensorFlow shows it (`generator.state`): counter low, counter
    /// high, key.
    public var stateWords: (UInt64, UInt64, UInt64) {
        state.withLock { p in
            (UInt64(p.counter.0) | UInt64(p.counter.1) << 32, UInt64(p.counter.2) | UInt64(p.counter.3) << 32, p.key64)
        }
    }

    /// `generator.normal(shape, mean, stddev, dtype)`: a new tensor on the current scope's
    /// device. Advances the state.
    public func normal(shape: [Int], mean: Double = 0, stddev: Double = 1, dtype: DType = .float32) throws -> Tensor {
        try draw(.normal, shape: shape, mean, stddev, dtype: dtype)
    }

    /// `generator.uniform(shape, minval, maxval, dtype)` for float dtypes. Advances the state.
    public func uniform(shape: [Int], minval: Double = 0, maxval: Double = 1, dtype: DType = .float32) throws -> Tensor {
        try draw(.uniform, shape: shape, minval, maxval, dtype: dtype)
    }

    private func draw(_ d: Random.Distribution, shape: [Int], _ a: Double, _ b: Double, dtype: DType) throws -> Tensor {
        let shape = try Shape(shape)
        guard [.float32, .float64, .float16, .bfloat16].contains(dtype) else {
            return try Random.sample(d, shape: shape, philox: Philox4x32(seedLo: 0, seedHi: 0), a, b, dtype: dtype)
        }
        let start = state.withLock { p -> Philox4x32 in
            let start = p
            p.skip(UInt64(shape.elementCount).multipliedReportingOverflow(by: 256).partialValue)
            return start
        }
        return try Random.sample(d, shape: shape, philox: start, a, b, dtype: dtype, placed: true)
    }
}
