#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gathers a strided host array into dense row-major memory.
enum DLPackStridedCopy {
    /// Copies every element of a `dimensions`-shaped array whose element `i` lives at
    /// `base + sum(i[k] * strides[k]) * elementSize` (strides in elements, possibly negative
    /// or zero) into `destination`, row-major. The innermost axis is one `memcpy` when it is
    /// contiguous. Offsets are computed with overflow checks.
    static func gather(from base: UnsafeRawPointer, dimensions: [Int], strides: [Int],
                       elementSize: Int, into destination: UnsafeMutableRawPointer) throws {
        let rank = dimensions.count
        guard rank > 0 else {
            memcpy(destination, base, elementSize)
            return
        }
        guard !dimensions.contains(0) else { return }
        // Byte strides, checked once: every offset below is a sum of these within bounds.
        var byteStrides = [Int](repeating: 0, count: rank)
        for k in 0..<rank {
            let (b, o1) = strides[k].multipliedReportingOverflow(by: elementSize)
            let (_, o2) = b.multipliedReportingOverflow(by: dimensions[k])
            guard !o1 && !o2 else {
                throw TensorBridgeError.invalidArgument("DLTensor strides \(strides) overflow a 64-bit byte offset")
            }
            byteStrides[k] = b
        }
        let inner = dimensions[rank - 1]
        let innerStride = byteStrides[rank - 1]
        let rowBytes = inner * elementSize
        var index = [Int](repeating: 0, count: rank)
        var offset = 0  // byte offset of the current row's first element
        var out = destination
        while true {
            let row = base + offset
            if innerStride == elementSize {
                memcpy(out, row, rowBytes)
            } else {
                for j in 0..<inner {
                    memcpy(out + j * elementSize, row + j * innerStride, elementSize)
                }
            }
            out += rowBytes
            // Advance the odometer over the outer axes.
            var k = rank - 2
            while k >= 0 {
                index[k] += 1
                offset += byteStrides[k]
                if index[k] < dimensions[k] { break }
                offset -= byteStrides[k] * dimensions[k]
                index[k] = 0
                k -= 1
            }
            if k < 0 { return }
        }
    }
}
