import Synchronization
import TensorBridge

/// A per-test counter of storage releases (tests run in parallel, so global counters would race).
public final class ReleaseCounter: Sendable {
    private let value = Atomic<Int>(0)
    public init() {}
    public func increment() { value.add(1, ordering: .relaxed) }
    public var count: Int { value.load(ordering: .relaxed) }
}

/// A host tensor with a distinct byte per position whose storage release is counted, so a
/// test can see exactly when (and how often) the memory is given back.
public func countedTensor(dtype: DType, shape: [Int], released: ReleaseCounter) throws -> Tensor {
    let shape = try Shape(shape)
    let bytes = try shape.byteCount(for: dtype)
    let memory = try HostMemory.allocate(byteCount: bytes, zeroed: false)
    for i in 0..<bytes {
        // Bool must stay 0/1; everything else gets a byte pattern that differs per position.
        memory.storeBytes(of: dtype == .bool ? UInt8(i % 2) : UInt8(truncatingIfNeeded: i &* 37 &+ 11),
                          toByteOffset: i, as: UInt8.self)
    }
    let buffer = TensorBuffer(baseAddress: memory, byteCount: bytes, device: .cpu,
                              release: .custom { p in HostMemory.release(p, byteCount: bytes); released.increment() })
    return try Tensor(dtype: dtype, shape: shape, buffer: buffer)
}
