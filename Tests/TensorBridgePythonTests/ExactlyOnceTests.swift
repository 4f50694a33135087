import Synchronization
import Testing
import TensorBridgeTestSupport
@testable import TensorBridgePython
import TensorBridgeDLPack

/// Ownership across the Swift/Python boundary over 100,000 round trips per path: every Swift
/// storage is freed exactly once, every DLPack deleter runs exactly once and every capsule
/// destructor runs exactly once, whichever side lets go last.
///
/// Counts are exact: each test owns its storages (counted releases) and reads Python refcounts
/// of objects only it uses. Nested in the serialized DLPack suite, so no other capsule is made
/// or destroyed while a test counts them.
extension DLPackPythonTests {
    @Suite struct ExactlyOnce {
        static let roundTrips = 100_000

        /// Our tensor → `np.from_dlpack` → array, dropped in both orders (the array first, then
        /// the tensor; or the tensor first, so the array is the last owner).
        @Test(arguments: [true, false])
        func ourTensorsThroughNumPy(arrayDiesFirst: Bool) throws {
            try requirePython()
            let np = try Python.import("numpy")
            let fromDLPack = try np.from_dlpack
            let released = ReleaseCounter()
            let capsulesBefore = DLPackCapsule.destroyed.load(ordering: .relaxed)
            for i in 0..<Self.roundTrips {
                var tensor: Tensor? = try countedTensor(dtype: .int32, shape: [i % 7], released: released)
                var array: PythonObject? = try fromDLPack(try tensor!.dlpackObject())
                if arrayDiesFirst {
                    array = nil
                    tensor = nil
                } else {
                    tensor = nil
                    #expect(released.count == i, "the array alone keeps the storage alive")
                    array = nil
                }
                _ = (tensor, array)
            }
            #expect(released.count == Self.roundTrips, "each storage freed exactly once")
            #expect(DLPackCapsule.destroyed.load(ordering: .relaxed) - capsulesBefore == Self.roundTrips,
                    "each capsule destroyed exactly once")
        }

        /// Capsules nobody consumes: the destructor must call the deleter (once); consumed ones
        /// must not call it again.
        @Test func unconsumedCapsulesReleaseOnce() throws {
            try requirePython()
            let released = ReleaseCounter()
            for i in 0..<Self.roundTrips {
                let tensor = try countedTensor(dtype: .uint8, shape: [3], released: released)
                let capsule = try tensor.dlpackCapsule(versioned: i % 2 == 0)
                if i % 3 == 0 { _ = try Tensor(dlpack: capsule) }  // consumed, then dropped
            }
            #expect(released.count == Self.roundTrips)
        }

        /// A NumPy array → `Tensor(dlpack:)`: NumPy's deleter must run exactly once per import,
        /// which NumPy's reference to its array shows: back to the start, never below it.
        @Test func numpyArraysIntoSwift() throws {
            try requirePython()
            let np = try Python.import("numpy"), sys = try Python.import("sys")
            let array = try np.arange(12, dtype: "float64")
            let before = try Int(python: sys.getrefcount(array))
            var kept: [Tensor] = []
            for i in 0..<Self.roundTrips {
                let t = try Tensor(dlpack: array)
                if i % 1000 == 0 { kept.append(t) }  // some outlive the loop
            }
            #expect(try Int(python: sys.getrefcount(array)) == before + kept.count)
            #expect(try kept.last?.scalars(as: Double.self) == (0..<12).map(Double.init))
            kept.removeAll()
            #expect(try Int(python: sys.getrefcount(array)) == before, "each NumPy deleter ran exactly once")
        }

        /// Zero-copy `numpy()` and back with `Tensor(numpy:)`: the storage outlives both views
        /// and is freed once, whichever is dropped last.
        @Test func numpyViewsAndBack() throws {
            try requirePython()
            let released = ReleaseCounter()
            for i in 0..<Self.roundTrips {
                var tensor: Tensor? = try countedTensor(dtype: .float32, shape: [2, i % 5], released: released)
                let array = try tensor!.numpy()
                tensor = nil
                let back = try Tensor(numpy: array)
                #expect(back.shape.dimensions == [2, i % 5])
                _ = tensor
            }
            #expect(released.count == Self.roundTrips)
        }
    }
}
