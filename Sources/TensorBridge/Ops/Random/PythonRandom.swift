/// CPython's `random.Random(seed)` (MT19937 with `init_by_array`), just enough to reproduce
/// `randint(0, 2**31 - 1)`.
///
/// TensorFlow's eager context seeds one of these in `tf.random.set_seed(g)` and draws each
/// op seed from it when a random op is called without one; matching TensorFlow's stateful
/// sequences therefore needs Python's exact generator.
struct PythonRandom: Sendable {
    private var mt = [UInt32](repeating: 0, count: 624)
    private var index = 624

    /// `random.Random(seed)` for an integer seed: the absolute value, split into 32-bit words.
    init(seed: Int64) {
        var n = seed.magnitude
        var key: [UInt32] = []
        repeat {
            key.append(UInt32(truncatingIfNeeded: n))
            n >>= 32
        } while n != 0
        initByArray(key)
    }

    private mutating func initGenrand(_ s: UInt32) {
        mt[0] = s
        for i in 1..<624 {
            mt[i] = 1_812_433_253 &* (mt[i - 1] ^ (mt[i - 1] >> 30)) &+ UInt32(i)
        }
        index = 624
    }

    private mutating func initByArray(_ key: [UInt32]) {
        initGenrand(19_650_218)
        var i = 1, j = 0
        for _ in 0..<max(624, key.count) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) &* 1_664_525)) &+ key[j] &+ UInt32(j)
            i += 1; j += 1
            if i >= 624 { mt[0] = mt[623]; i = 1 }
            if j >= key.count { j = 0 }
        }
        for _ in 0..<623 {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >> 30)) &* 1_566_083_941)) &- UInt32(i)
            i += 1
            if i >= 624 { mt[0] = mt[623]; i = 1 }
        }
        mt[0] = 0x8000_0000
    }

    private mutating func twist() {
        for k in 0..<624 {
            let y = (mt[k] & 0x8000_0000) | (mt[(k + 1) % 624] & 0x7FFF_FFFF)
            mt[k] = mt[(k + 397) % 624] ^ (y >> 1) ^ (y & 1 != 0 ? 0x9908_B0DF : 0)
        }
        index = 0
    }

    /// `genrand_uint32`.
    mutating func nextUInt32() -> UInt32 {
        if index >= 624 { twist() }
        var y = mt[index]
        index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C_5680
        y ^= (y << 15) & 0xEFC6_0000
        y ^= y >> 18
        return y
    }

    /// `randint(0, 2**31 - 1)`: `_randbelow(2**31)` draws 32 bits and rejects values ≥ 2^31.
    mutating func randint31() -> Int64 {
        while true {
            let r = nextUInt32()
            if r < 0x8000_0000 { return Int64(r) }
        }
    }
}
