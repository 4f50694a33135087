import Testing
@testable import TensorBridge

/// float16's integer conversions against Swift's own `Float16` ⇄ `Float` conversions: every
/// float16 value widened, and float32 values on and around every rounding boundary narrowed
/// (halfway points, the overflow threshold, the subnormal range), plus a sweep of all bit
/// patterns. NaNs must stay NaNs with their sign.
@Suite struct HalfBitsTests {
    @Test func wideningIsExactForEveryFloat16() {
        for bits in 0...UInt16.max {
            let reference = Float(Float16(bitPattern: bits)), ours = Float(bitPattern: HalfBits.widen(bits))
            if reference.isNaN {
                #expect(ours.isNaN && ours.sign == reference.sign, "0x\(String(bits, radix: 16))")
            } else {
                #expect(ours.bitPattern == reference.bitPattern, "0x\(String(bits, radix: 16)): \(ours) vs \(reference)")
            }
        }
    }

    @Test func narrowingRoundsToNearestEven() {
        var samples: [UInt32] = []
        for bits in 0...UInt16.max {
            let wide = HalfBits.widen(bits)  // exact; its neighbours straddle the rounding points
            for delta: Int64 in [-0x1001, -0x1000, -0xfff, -1, 0, 1, 0xfff, 0x1000, 0x1001] {
                samples.append(UInt32(truncatingIfNeeded: Int64(wide) + delta))
            }
        }
        samples += stride(from: UInt64(0), to: 1 << 32, by: 65_521).map { UInt32($0) }
        var mismatches = 0
        for bits in samples {
            let value = Float(bitPattern: bits)
            let reference = Float16(value), ours = Float16(bitPattern: HalfBits.narrow(bits))
            let same = reference.isNaN ? ours.isNaN && ours.sign == reference.sign : ours.bitPattern == reference.bitPattern
            if !same {
                mismatches += 1
                if mismatches <= 5 { Issue.record("\(value) (0x\(String(bits, radix: 16))): \(ours) vs \(reference)") }
            }
        }
        #expect(mismatches == 0)
    }
}
