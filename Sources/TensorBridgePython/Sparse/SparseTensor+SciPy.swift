import TensorBridge

extension SparseTensor {
    /// The sparse tensor as a `scipy.sparse.coo_array` with the same shape, indices and values
    /// (in stored order, duplicates kept, as COO allows). The indices and values are **copied**
    /// into fresh writable NumPy arrays, because SciPy sorts and sums COO data in place.
    /// A sparse tensor has no `numpy()`: for a dense array use `toDense().numpy()`.
    ///
    /// - Throws: `TensorBridgeError` (`.missingPythonModule`) when SciPy is not
    ///   installed; SciPy's own error (as `TensorBridgeError` (`.pythonException`)) for dtypes or ranks
    ///   it does not support (SciPy before 1.15 takes rank 2 only).
    public func scipy() throws -> PythonObject {
        let runtime = try Python.load()
        let sparse: PythonObject
        do {
            sparse = try Python.import("scipy.sparse")
        } catch let error as TensorBridgeError where error.pythonException?.isInstance(of: .moduleNotFoundError) == true {
            throw TensorBridgeError.missingModule(name: "scipy", purpose: "for SparseTensor.scipy()", interpreter: runtime.library.origin)
        }
        let data = try values.numpy(copy: true)
        let coordinates = try indices.numpy(copy: true)
        let rows = try (0..<rank).map { axis in try coordinates[Python.slice(nil, nil), axis] }
        return try sparse.coo_array(Python.tuple([data, Python.tuple(rows)]), shape: Python.tuple(shape.map { Int($0) }))
    }
}
