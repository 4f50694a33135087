import Foundation
import Testing
@testable import TensorBridgeFormats

/// Every input a fuzzer (scripts/fuzz) crashed on: each must now be a typed error.
@Suite struct FuzzRegressionTests {
    /// scripts/fuzz npz: ZIPFoundation's in-memory archive trapped ("Range requires
    /// lowerBound <= upperBound" in MemoryFile.readData) on this damaged archive. Read
    /// through a file, it has no readable `.npy` member: no tensors, and no trap.
    @Test func npzInMemoryArchiveTrap() throws {
        let url = Fixtures.url("fuzz/npz-crash-fd951ac7.npz")
        #expect((try? NPZ.decode(Data(contentsOf: url)))?.isEmpty ?? true)
        #expect((try? NPZ.load(url))?.isEmpty ?? true)
    }
}
