#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gathers a strided host array into dense row-major memory, through the same strided copy
/// as transpose and slicing, once the strides are known not to overflow.
enum DLPackStridedCopy {
    /// Copies every element of a `dimensions`-shaped array whose element `i` lives at
    /// `base + sum(i[k] * strides[k]) * elementSize` (strides in elements, possibly negative
    /// or zero) into `destination`, row-major. The strides are checked for overflow first.
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
        StridedCopy(dims: dimensions, source: strides, destination: StridedCopy.rowMajor(dimensions))
            .run(from: base, sourceOffset: 0, to: destination, destinationOffset: 0, size: elementSize)
    }
}
