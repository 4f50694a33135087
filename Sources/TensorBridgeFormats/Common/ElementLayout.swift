/// In-place and copying rearrangements of raw element bytes shared by the readers:
/// byte swapping (big-endian files), reversing axes (Fortran order) and bool normalising.
enum ElementLayout {
    /// Reverses the bytes of every `unit`-byte word in place (a complex element swaps each
    /// of its two halves, so pass `itemSize / 2` for complex).
    static func swapBytes(_ base: UnsafeMutableRawPointer, count: Int, unit: Int) {
        guard unit > 1 else { return }
        let bytes = base.assumingMemoryBound(to: UInt8.self)
        switch unit {
        case 2:
            let p = base.bindMemory(to: UInt16.self, capacity: count / 2)
            for i in 0..<(count / 2) { p[i] = p[i].byteSwapped }
        case 4:
            let p = base.bindMemory(to: UInt32.self, capacity: count / 4)
            for i in 0..<(count / 4) { p[i] = p[i].byteSwapped }
        case 8:
            let p = base.bindMemory(to: UInt64.self, capacity: count / 8)
            for i in 0..<(count / 8) { p[i] = p[i].byteSwapped }
        default:
            var start = 0
            while start + unit <= count {
                var lo = start, hi = start + unit - 1
                while lo < hi { let t = bytes[lo]; bytes[lo] = bytes[hi]; bytes[hi] = t; lo += 1; hi -= 1 }
                start += unit
            }
        }
        base.bindMemory(to: UInt8.self, capacity: count)
    }

    /// Copies `source`, laid out in C order with dimensions `reversed(shape)`, into C order
    /// with dimensions `shape`: how a Fortran-order array becomes row-major.
    static func fromFortranOrder(_ source: UnsafeRawPointer, into destination: UnsafeMutableRawPointer,
                                 shape: [Int], itemSize: Int) {
        let rank = shape.count
        let count = shape.reduce(1, *)
        guard count > 0 else { return }
        // Fortran strides (in elements) for each C axis: axis 0 moves fastest in the source.
        var strides = [Int](repeating: 1, count: rank)
        for axis in 1..<max(rank, 1) where rank > 1 { strides[axis] = strides[axis - 1] * shape[axis - 1] }
        var index = [Int](repeating: 0, count: rank)
        var sourceElement = 0
        for out in 0..<count {
            (destination + out * itemSize).copyMemory(from: source + sourceElement * itemSize, byteCount: itemSize)
            // Odometer over the C-order output index, keeping the source offset in step.
            var axis = rank - 1
            while axis >= 0 {
                index[axis] += 1
                sourceElement += strides[axis]
                if index[axis] < shape[axis] { break }
                sourceElement -= strides[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }

    /// Whether every byte is 0 or 1 (a valid Swift `Bool`).
    static func isCanonicalBool(_ base: UnsafeRawPointer, count: Int) -> Bool {
        let p = base.assumingMemoryBound(to: UInt8.self)
        var bad: UInt8 = 0
        for i in 0..<count { bad |= p[i] & 0xFE }
        return bad == 0
    }

    /// Rewrites every non-zero byte as 1, as NumPy's `astype(bool)` would.
    static func canonicalizeBool(_ base: UnsafeMutableRawPointer, count: Int) {
        let p = base.assumingMemoryBound(to: UInt8.self)
        for i in 0..<count where p[i] > 1 { p[i] = 1 }
    }
}
