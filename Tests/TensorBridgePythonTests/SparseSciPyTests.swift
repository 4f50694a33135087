import Testing
import TensorBridge
import TensorBridgePython

@Suite("SparseTensor and SciPy")
struct SparseSciPyTests {
    @Test func scipyGivesACOOArrayWithTheSameDenseForm() throws {
        try requirePython()
        let np = try Python.import("numpy")
        let sp = try SparseTensor(indices: [[0, 0], [1, 2]], values: Tensor([1, 2] as [Int32], shape: [2]), denseShape: [3, 3])
        let coo = try sp.scipy()
        #expect(coo.typeName == "coo_array")
        #expect(try [Int](python: coo.shape) == [3, 3])
        #expect(try Int(python: coo.nnz) == 2)
        #expect(try String(python: coo.dtype.name) == "int32")
        #expect(try Bool(python: np.array_equal(coo.toarray(), sp.toDense().numpy())))
    }

    @Test func sparseNumPyIsAnErrorNamingToDense() throws {
        let sp = try SparseTensor(indices: [[0, 0]], values: Tensor([1] as [Float], shape: [1]), denseShape: [2, 2])
        do {
            _ = try sp.numpy()
        } catch {
            #expect("\(error)".contains("toDense()"))
        }
    }
}
