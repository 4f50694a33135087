
/// The process-wide seed state behind `Random.normal`/`Random.uniform`: TensorFlow's eager
/// context (global seed, the Python RNG that hands out op seeds) and its kernel cache (one
/// Philox position per op, dtype and seed pair). Guarded by a mutex; the sampling itself runs
/// outside the lock.
struct GlobalRandomState: Sendable {
    struct KernelKey: Hashable, Sendable {
        let distribution: Random.Distribution
        let dtype: DType
        let seed: Int64
        let seed2: Int64
    }

    var globalSeed: Int64?
    var opSeeds: PythonRandom?
    var kernels: [KernelKey: Philox4x32] = [:]

    /// TensorFlow's `DEFAULT_GRAPH_SEED`, used when only an op seed is given.
    static let defaultGraphSeed: Int64 = 87_654_321
    static let maxInt32: Int64 = 2_147_483_647

    /// `_truncate_seed`: Python's `seed % (2**31 - 1)`, never negative.
    static func truncate(_ seed: Int64) -> Int64 {
        let r = seed % maxInt32
        return r < 0 ? r + maxInt32 : r
    }

    /// `random_seed.get_seed(op_seed)`; `nil` means non-deterministic.
    mutating func seeds(op: Int64?) -> (Int64, Int64)? {
        var result: (Int64, Int64)
        if let globalSeed {
            let op = op ?? opSeeds?.randint31() ?? 0
            result = (Self.truncate(globalSeed), Self.truncate(op))
        } else if let op {
            result = (Self.defaultGraphSeed, Self.truncate(op))
        } else {
            return nil
        }
        if result == (0, 0) { result = (0, Self.maxInt32) }  // (0, 0) would mean "random" to the kernel
        return result
    }

    /// `GuardedPhiloxRandom::ReserveRandomOutputs(count, 256)`: the kernel's current
    /// position, then a skip of `count * 256` blocks for the next call.
    mutating func reserve(_ key: KernelKey, count: Int) -> Philox4x32 {
        var philox = kernels[key] ?? Philox4x32(seedLo: UInt64(bitPattern: key.seed), seedHi: UInt64(bitPattern: key.seed2))
        let start = philox
        philox.skip(UInt64(count).multipliedReportingOverflow(by: 256).partialValue)
        kernels[key] = philox
        return start
    }
}

extension Random {
    static let global = Locked(GlobalRandomState())

    /// `tf.random.set_seed(seed)`: sets the global seed, reseeds the generator that hands
    /// out op seeds, and forgets every op's position, so the same calls replay the same values.
    public static func setSeed(_ seed: Int64) {
        global.withLock { state in
            state.globalSeed = seed
            state.opSeeds = PythonRandom(seed: seed)
            state.kernels = [:]
        }
    }

    /// `tf.random.normal(shape, mean, stddev, dtype, seed)` with TensorFlow's seed rules:
    /// - global seed set: key from the global seed; the op seed is `seed`, or the next draw
    ///   of Python's RNG seeded by ``setSeed(_:)``;
    /// - only `seed`: the global seed is TensorFlow's default, 87654321;
    /// - neither: non-deterministic.
    ///
    /// Repeated calls with the same seeds continue the sequence (each call skips
    /// `elementCount * 256` Philox blocks), as TensorFlow's cached kernels do. Returns a new
    /// tensor on the current scope's device. Safe to call from any thread.
    /// - Throws: as ``statelessNormal(shape:seed:mean:stddev:dtype:)``.
    public static func normal(
        shape: [Int], mean: Double = 0, stddev: Double = 1, dtype: DType = .float32, seed: Int64? = nil
    ) throws -> Tensor {
        try stateful(.normal, shape: shape, mean, stddev, dtype: dtype, seed: seed)
    }

    /// `tf.random.uniform(shape, minval, maxval, dtype, seed)` for float dtypes, with the
    /// same seed rules and call-to-call advance as ``normal(shape:mean:stddev:dtype:seed:)``.
    public static func uniform(
        shape: [Int], minval: Double = 0, maxval: Double = 1, dtype: DType = .float32, seed: Int64? = nil
    ) throws -> Tensor {
        try stateful(.uniform, shape: shape, minval, maxval, dtype: dtype, seed: seed)
    }

    private static func stateful(
        _ distribution: Distribution, shape: [Int], _ a: Double, _ b: Double, dtype: DType, seed: Int64?
    ) throws -> Tensor {
        let shape = try Shape(shape)
        // Reject bad dtypes before touching the state, as TensorFlow fails before running.
        guard [.float32, .float64, .float16, .bfloat16].contains(dtype) else {
            return try sample(distribution, shape: shape, philox: Philox4x32(seedLo: 0, seedHi: 0), a, b, dtype: dtype)
        }
        let philox = global.withLock { state -> Philox4x32 in
            guard let (s1, s2) = state.seeds(op: seed) else {
                var rng = SystemRandomNumberGenerator()
                return Philox4x32(seedLo: rng.next(), seedHi: rng.next())
            }
            let key = GlobalRandomState.KernelKey(distribution: distribution, dtype: dtype, seed: s1, seed2: s2)
            return state.reserve(key, count: shape.elementCount)
        }
        return try sample(distribution, shape: shape, philox: philox, a, b, dtype: dtype, placed: true)
    }
}

extension Random {
    /// Back to a fresh process's state: no global seed, no op positions (tests only).
    static func resetForTesting() {
        global.withLock { $0 = GlobalRandomState() }
    }
}
