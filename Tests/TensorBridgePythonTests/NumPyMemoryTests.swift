import Synchronization
import Testing
import TensorBridge
import TensorBridgePython
#if canImport(Glibc)
import Glibc
#endif

/// Sharing, lifetime and leaks of zero-copy arrays.
@Suite("NumPy memory", .serialized)
struct NumPyMemoryTests {
    /// A float32 tensor over malloc'd memory whose release is counted.
    final class CountedStorage: Sendable {
        let frees = Atomic<Int>(0)
        func tensor(_ values: [Float]) throws -> Tensor {
            let bytes = values.count * 4
            guard let memory = malloc(max(bytes, 1)) else { throw TensorBridgeError.outOfMemory(bytes: bytes, device: "CPU") }
            values.withUnsafeBytes { memory.copyMemory(from: $0.baseAddress!, byteCount: bytes) }
            let buffer = TensorBuffer(baseAddress: memory, byteCount: bytes, device: .cpu, release: .custom { [self] p in
                free(p)
                frees.add(1, ordering: .relaxed)
            })
            return try Tensor(dtype: .float32, shape: Shape([values.count]), buffer: buffer)
        }
        var count: Int { frees.load(ordering: .relaxed) }
    }

    @Test func zeroCopyViewsShareMemoryAndAreReadOnly() throws {
        try requirePython()
        let np = try Python.import("numpy")
        let t = try Tensor([1, 2, 3, 4] as [Float], shape: [2, 2])
        let a = try t.numpy(), b = try t.numpy()
        #expect(try Bool(python: np.shares_memory(a, b)))
        #expect(try !Bool(python: a.flags.writeable))
        #expect(throws: TensorBridgeError.self) { try a.setItem(0, 5) }
        let address = try t.withUnsafeBytes { Int(bitPattern: $0.baseAddress) }
        #expect(try Int(python: a.__array_interface__["data"][0]) == address)

        let c = try t.numpy(copy: true)
        #expect(try Bool(python: c.flags.writeable))
        #expect(try !Bool(python: np.shares_memory(a, c)))
        try c.setItem(Python.tuple([0, 0]), 9)
        #expect(try t.scalars(as: Float.self) == [1, 2, 3, 4], "the copy must not write through")
    }

    @Test func tensorFromNumPyCopiesWritableAndSharesReadOnlyArrays() throws {
        try requirePython()
        let np = try Python.import("numpy")
        let arr = try np.arange(6, dtype: "float32")
        let t = try Tensor(numpy: arr)
        try arr.setItem(0, 42)
        #expect(try t.scalars(as: Float.self)[0] == 0, "copy: nil copies a writable array: the tensor stays immutable")
        let aliased = try Tensor(numpy: arr, copy: false)
        try arr.setItem(0, 7)
        #expect(try aliased.scalars(as: Float.self)[0] == 7, "copy: false shares even a writable array (documented aliasing)")
        let owned = try Tensor(numpy: arr, copy: true)
        try arr.setItem(0, 8)
        #expect(try owned.scalars(as: Float.self)[0] == 7, "copy: true must not share")
        // A read-only array (what numpy() returns) is shared without a copy.
        let source = try Tensor([1, 2, 3] as [Float], shape: [3])
        let view = try source.numpy()
        #expect(try !Bool(python: view.flags.writeable))
        let back = try Tensor(numpy: view)
        #expect(try back.withUnsafeBytes { $0.baseAddress } == source.withUnsafeBytes { $0.baseAddress }, "shared, not copied")
    }

    @Test func storageFreedOnceAfterTheLastNumPyViewDies() throws {
        try requirePython()
        let storage = CountedStorage()
        var slice: PythonObject?
        do {
            var array: PythonObject?
            do {
                let t = try storage.tensor([1, 2, 3, 4])
                array = try t.numpy()
            }
            #expect(storage.count == 0, "the array keeps the storage alive after the tensor dies")
            slice = try array?[Python.slice(1, nil)]
            array = nil
            #expect(storage.count == 0, "a view of the array keeps it alive too")
        }
        #expect(try slice.map { try [Float](python: $0.tolist()) } == [2, 3, 4])
        slice = nil
        #expect(storage.count == 1, "freed exactly once when the last view dies")
    }

    @Test func tensorKeepsTheArrayAliveAndReleasesItOnce() throws {
        try requirePython()
        let np = try Python.import("numpy"), sys = try Python.import("sys")
        let arr = try np.arange(1000, dtype: "float64")
        let before = try Int(python: sys.getrefcount(arr))
        var t: Tensor? = try Tensor(numpy: arr, copy: false)
        #expect(try Int(python: sys.getrefcount(arr)) > before, "the tensor holds the array")
        #expect(try t?.scalars(as: Double.self)[999] == 999)
        t = nil
        #expect(try Int(python: sys.getrefcount(arr)) == before)
    }

    @Test func tenThousandConversionsLeakNothing() throws {
        try requirePython()
        let np = try Python.import("numpy"), sys = try Python.import("sys")
        let storage = CountedStorage()
        let arr = try np.arange(64, dtype: "float32")
        let arrRefs = try Int(python: sys.getrefcount(arr))
        // Each live exporter object holds a reference to its type: a leaked one shows here.
        let exporterType = try Python.builtins().type(Tensor([Float(1)], shape: [1]).numpy().base.obj)
        #expect(exporterType.description.contains("tensorbridge.HostBuffer"))
        let typeRefs = try Int(python: sys.getrefcount(exporterType))
        let liveBefore = TensorBuffer.liveCount
        for i in 0..<10_000 {
            let a = try storage.tensor([Float(i), 1]).numpy()
            let back = try Tensor(numpy: a)
            _ = try Tensor(numpy: arr)
            if i == 0 { #expect(try back.scalars(as: Float.self) == [0, 1]) }
        }
        #expect(storage.count == 10_000, "every Swift storage freed exactly once")
        #expect(try Int(python: sys.getrefcount(arr)) == arrRefs)
        // Other suites convert in parallel and may hold a few exporters at this moment; a leak
        // here would leave 10,000.
        #expect(try abs(Int(python: sys.getrefcount(exporterType)) - typeRefs) < 1_000)
        // liveCount is process-wide and other suites run in parallel: allow their few buffers,
        // far below the 10,000+ a leak here would leave.
        #expect(TensorBuffer.liveCount - liveBefore < 1_000)
    }
}
