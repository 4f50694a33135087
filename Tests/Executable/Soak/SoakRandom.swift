import Foundation
import TensorBridge

/// The soak's seeded randomness: SplitMix64 (one stream per worker), random dtypes, shapes
/// and element values. Values are generated element by element in Swift, independently of
/// any TensorBridge op, so that they can serve as the reference for checks.
struct SoakRNG: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// An independent stream for worker `index` of a run seeded with `seed`.
    init(seed: UInt64, stream index: Int) {
        var mixer = SoakRNG(seed: seed ^ (0x9E37_79B9_7F4A_7C15 &* UInt64(index + 1)))
        state = mixer.next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `p`.
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &self) < p }

    /// A seed for another generator (NumPy's `default_rng`), kept below 2^63 for Python.
    mutating func childSeed() -> Int { Int(next() >> 1) }
}

/// Which dtypes each part of the workload may use on this machine.
struct SoakDTypes: Sendable {
    /// NumPy's own dtypes; every other dense dtype reaches NumPy only through `ml_dtypes`.
    static let numpyNativeNames: Set<String> = [
        "bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
        "float16", "float32", "float64", "complex64", "complex128",
    ]
    /// Every dtype a dense tensor can have.
    static let allDense: [DType] = DType.allCases.filter { $0.isMaterializable && $0 != .string && !$0.isStorageOnly }

    /// dtypes NumPy has without ml_dtypes (a plain NumPy reader can check these files).
    static func isNumPyNative(_ d: DType) -> Bool { numpyNativeNames.contains(d.unquantized.name) }

    /// Every dtype a dense tensor can have (work that stays in Swift).
    let dense: [DType] = Self.allDense
    /// dtypes `numpy()` can hand over: all of them with ml_dtypes, NumPy's own without.
    let numpy: [DType]
    /// dtypes NumPy itself can make: everything but quantized (ml_dtypes types only with it).
    let numpyMade: [DType]
    /// dtypes `np.from_dlpack` reads, and NumPy's `__dlpack__` exports: NumPy's own, unquantized.
    let dlpackNumPy: [DType] = Self.allDense.filter { !$0.isQuantized && Self.isNumPyNative($0) }
    /// dtypes `.npy` / `.npz` can hold (quantized dtypes are refused by the writer).
    let npy: [DType] = Self.allDense.filter { !$0.isQuantized }
    /// dtypes safetensors can hold (quantized ones are written as their plain integers).
    let safetensors: [DType] = Self.allDense.filter { $0 != .complex128 }

    /// The dtypes left out of NumPy-facing work when `ml_dtypes` is missing.
    static let needingMLDtypes: [DType] = allDense.filter { !$0.isQuantized && !isNumPyNative($0) }

    init(mlDtypes: Bool) {
        numpy = mlDtypes ? Self.allDense : Self.allDense.filter(Self.isNumPyNative)
        numpyMade = Self.allDense.filter { !$0.isQuantized && (mlDtypes || Self.isNumPyNative($0)) }
    }
}

extension SoakRNG {
    mutating func pick<T>(_ items: [T]) -> T { items[Int.random(in: 0..<items.count, using: &self)] }

    /// A shape whose byte size is log-uniform up to `maxBytes`: mostly small tensors, a few
    /// of several MiB (which go through the host allocator's block cache). Rank 0 to 4, and
    /// now and then a zero-length dimension.
    mutating func shape(itemSize: Int, maxBytes: Int, maxRank: Int = 4) -> [Int] {
        let rank = Int.random(in: 0...maxRank, using: &self)
        if rank == 0 { return [] }
        let maxElements = max(1, maxBytes / max(itemSize, 1))
        let target = Int(exp(Double.random(in: 0...log(Double(maxElements)), using: &self)))
        var dims: [Int] = []
        var left = max(1, target)
        for axis in 0..<rank {
            let remaining = rank - axis
            let side = max(1, Int(pow(Double(left), 1 / Double(remaining)).rounded()))
            let d = axis == rank - 1 ? left : max(1, Int.random(in: max(1, side / 2)...(side + side / 2), using: &self))
            dims.append(d)
            left = max(1, left / d)
        }
        if chance(0.02) { dims[Int.random(in: 0..<rank, using: &self)] = 0 }
        return dims
    }

    /// `count` elements of `dtype` as little-endian bytes. Floating values are finite (no NaN,
    /// whose bytes NumPy may canonicalise and whose sums do not compare), integers use every bit.
    mutating func elementBytes(_ dtype: DType, count: Int) -> [UInt8] {
        let size = dtype.byteSize ?? 1
        var bytes = [UInt8](repeating: 0, count: count * size)
        bytes.withUnsafeMutableBytes { raw in
            for i in 0..<count {
                let at = i * size
                switch dtype {
                case .bool:
                    raw[at] = UInt8(next() & 1)
                case .float16:
                    raw.storeBytes(of: Float16(Float.random(in: -8...8, using: &self)).bitPattern, toByteOffset: at, as: UInt16.self)
                case .bfloat16:
                    raw.storeBytes(of: BFloat16(Float.random(in: -100...100, using: &self)).bitPattern, toByteOffset: at, as: UInt16.self)
                case .float8_e4m3fn:
                    var b = UInt8(truncatingIfNeeded: next())
                    if b & 0x7F == 0x7F { b &= 0xFE }  // S.1111.111 is NaN
                    raw[at] = b
                case .float8_e5m2:
                    var b = UInt8(truncatingIfNeeded: next())
                    if b & 0x7C == 0x7C { b &= 0xBF }  // exponent 11111 is inf/NaN
                    raw[at] = b
                case .float32:
                    raw.storeBytes(of: scaledFloat().bitPattern, toByteOffset: at, as: UInt32.self)
                case .float64:
                    raw.storeBytes(of: scaledDouble().bitPattern, toByteOffset: at, as: UInt64.self)
                case .complex64:
                    raw.storeBytes(of: scaledFloat().bitPattern, toByteOffset: at, as: UInt32.self)
                    raw.storeBytes(of: scaledFloat().bitPattern, toByteOffset: at + 4, as: UInt32.self)
                case .complex128:
                    raw.storeBytes(of: scaledDouble().bitPattern, toByteOffset: at, as: UInt64.self)
                    raw.storeBytes(of: scaledDouble().bitPattern, toByteOffset: at + 8, as: UInt64.self)
                default:  // integers and quantized integers: every bit pattern is a value
                    var v = next()
                    for k in 0..<size {
                        raw[at + k] = UInt8(truncatingIfNeeded: v)
                        v >>= 8
                    }
                }
            }
        }
        return bytes
    }

    private mutating func scaledFloat() -> Float {
        Float.random(in: -1...1, using: &self) * Float(pick([1, 1e-3, 1e3, 1e6] as [Float]))
    }

    private mutating func scaledDouble() -> Double {
        Double.random(in: -1...1, using: &self) * pick([1, 1e-6, 1e6, 1e12] as [Double])
    }

    /// Random byte strings (any bytes, NULs included), for string tensors.
    mutating func byteStrings(count: Int) -> [[UInt8]] {
        (0..<count).map { _ in
            (0..<Int.random(in: 0...24, using: &self)).map { _ in UInt8(truncatingIfNeeded: next()) }
        }
    }
}
