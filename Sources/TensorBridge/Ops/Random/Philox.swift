/// Philox4x32-10, the counter-based generator behind TensorFlow's CPU random ops
/// (`tensorflow/core/lib/random/philox_random.h`).
///
/// Each call turns a 128-bit counter and a 64-bit key into four 32-bit words, then steps the
/// counter by one. Because output block `i` depends only on `counter + i`, any range of
/// the output can be produced independently, which is what lets the fill kernels split work
/// across threads without changing a single bit.
public struct Philox4x32: Sendable, Hashable {
    /// The 64-bit key as two little-endian words.
    public var key: (UInt32, UInt32)
    /// The 128-bit counter as four little-endian words.
    public var counter: (UInt32, UInt32, UInt32, UInt32)

    /// Same key and same counter.
    public static func == (a: Philox4x32, b: Philox4x32) -> Bool {
        a.key == b.key && a.counter == b.counter
    }

    /// Hashes the key and counter.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(key.0); hasher.combine(key.1)
        hasher.combine(counter.0); hasher.combine(counter.1); hasher.combine(counter.2); hasher.combine(counter.3)
    }

    /// A generator with an explicit key and counter.
    public init(key: (UInt32, UInt32), counter: (UInt32, UInt32, UInt32, UInt32)) {
        self.key = key
        self.counter = counter
    }

    /// TensorFlow's `PhiloxRandom(seed_lo, seed_hi)`: the key is `seedLo`, and the upper
    /// half of the counter is `seedHi`. Used by the stateful ops, with no scrambling.
    public init(seedLo: UInt64, seedHi: UInt64) {
        key = (UInt32(truncatingIfNeeded: seedLo), UInt32(truncatingIfNeeded: seedLo >> 32))
        counter = (0, 0, UInt32(truncatingIfNeeded: seedHi), UInt32(truncatingIfNeeded: seedHi >> 32))
    }

    /// The key and counter `tf.random.stateless_*` derive from a two-integer seed: each seed
    /// is sign-extended to 64 bits and run through one Philox call under a fixed key
    /// (`GetKeyCounterFromSeed` / `GenerateKey` in TensorFlow).
    public init(statelessSeed seed: (Int64, Int64)) {
        let s0 = UInt64(bitPattern: seed.0), s1 = UInt64(bitPattern: seed.1)
        let mix = Philox4x32.block(
            counter: (UInt32(truncatingIfNeeded: s0), UInt32(truncatingIfNeeded: s0 >> 32),
                      UInt32(truncatingIfNeeded: s1), UInt32(truncatingIfNeeded: s1 >> 32)),
            key: (0x3EC8_F720, 0x0246_1E29))
        key = (mix.0, mix.1)
        counter = (0, 0, mix.2, mix.3)
    }

    /// The key as TensorFlow reports it: `key0 | key1 << 32`.
    public var key64: UInt64 { UInt64(key.0) | UInt64(key.1) << 32 }

    /// Four words for the current counter, then advances the counter by one.
    @inline(__always)
    public mutating func next() -> (UInt32, UInt32, UInt32, UInt32) {
        let out = Philox4x32.block(counter: counter, key: key)
        skip(1)
        return out
    }

    /// Advances the counter by `count` blocks (a 128-bit add), as `PhiloxRandom::Skip`.
    @inline(__always)
    public mutating func skip(_ count: UInt64) {
        let lo = UInt64(counter.0) | UInt64(counter.1) << 32
        let (sum, carry) = lo.addingReportingOverflow(count)
        counter.0 = UInt32(truncatingIfNeeded: sum)
        counter.1 = UInt32(truncatingIfNeeded: sum >> 32)
        if carry {
            let hi = (UInt64(counter.2) | UInt64(counter.3) << 32) &+ 1
            counter.2 = UInt32(truncatingIfNeeded: hi)
            counter.3 = UInt32(truncatingIfNeeded: hi >> 32)
        }
    }

    /// The ten-round Philox function; the key is raised between rounds (nine times).
    @inline(__always)
    static func block(counter c: (UInt32, UInt32, UInt32, UInt32), key k: (UInt32, UInt32)) -> (UInt32, UInt32, UInt32, UInt32) {
        var c = c
        var k0 = k.0, k1 = k.1
        for round in 0..<10 {
            let p0 = UInt64(0xD251_1F53) &* UInt64(c.0)
            let p1 = UInt64(0xCD9E_8D57) &* UInt64(c.2)
            c = (UInt32(truncatingIfNeeded: p1 >> 32) ^ c.1 ^ k0, UInt32(truncatingIfNeeded: p1),
                 UInt32(truncatingIfNeeded: p0 >> 32) ^ c.3 ^ k1, UInt32(truncatingIfNeeded: p0))
            if round < 9 {
                k0 &+= 0x9E37_79B9
                k1 &+= 0xBB67_AE85
            }
        }
        return c
    }
}
