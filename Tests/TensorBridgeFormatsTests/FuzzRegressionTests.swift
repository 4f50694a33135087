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

    /// scripts/fuzz npy: a Fortran-order header with shape (44444444444444442, 3,
    /// 444444444446, 0, 4) trapped on an overflowing product while reordering axes, because
    /// the zero dimension let the shape through. Shape now refuses any shape whose non-zero
    /// dimensions overflow, so this is a typed error before anything is read.
    @Test func npyZeroDimensionOverflowTrap() throws {
        let data = try Data(contentsOf: Fixtures.url("fuzz/npy-crash-aaa25fe4.npy"))
        #expect(throws: (any Error).self) { try NPY.decode(data) }
    }
}
