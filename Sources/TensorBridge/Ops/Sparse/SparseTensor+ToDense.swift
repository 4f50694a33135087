
extension SparseTensor {
    /// `tf.sparse.to_dense(sp, default_value, validate_indices)`: a new host tensor of the
    /// dense shape, filled with `defaultValue` (zero when `nil`) and then with the values.
    ///
    /// With `validateIndices`, the indices are checked in row-major order and the first
    /// failure decides: out of bounds, then out of order, then repeated (TensorFlow's texts).
    /// Without it, any order scatters correctly, a repeated index keeps its last value, and
    /// an out-of-bounds index still fails. The dense size is checked for overflow before
    /// anything is allocated.
    /// - Throws: ``TensorBridgeError`` (`.invalidArgument`) with TensorFlow's messages,
    ///   ``TensorBridgeError`` (`.invalidShape`) when the dense shape cannot be allocated.
    ///
    /// Runs where the sparse tensor's parts live: on a GPU, its kernels validate, fill and
    /// scatter in device memory (reading back only the 8-byte validation result).
    public func toDense(defaultValue: Tensor? = nil, validateIndices: Bool = true) throws -> Tensor {
        if let defaultValue {
            guard defaultValue.dtype == dtype else {
                throw TensorBridgeError.invalidArgument("cannot compute SparseToDense as input #3(zero-based) was expected to be a \(dtype.cTypeName) tensor but is a \(defaultValue.dtype.cTypeName) tensor")
            }
            guard defaultValue.rank == 0 else {
                throw TensorBridgeError.invalidArgument("default_value should be a scalar: \(defaultValue.shape)")
            }
        }
        _ = try denseShapeForToDense()
        _ = try elementSize()
        return try Ops.sparseToDense(SparseToDenseRequest(sparse: self, defaultValue: defaultValue, validateIndices: validateIndices),
                                     on: opDevice(indices, values, defaultValue))
    }

    /// The dense shape, checked to be allocatable.
    package func denseShapeForToDense() throws -> Shape {
        let dims = try shape.map { d -> Int in
            guard let i = Int(exactly: d) else { throw TensorBridgeError.invalidShape("Dimension \(d) does not fit in Int") }
            return i
        }
        let dense = try Shape(dims)
        _ = try dense.byteCount(for: dtype)
        return dense
    }

    /// The CPU `SparseToDense` kernel.
    fileprivate func hostToDense(defaultValue: Tensor?, validateIndices: Bool) throws -> Tensor {
        let dense = try denseShapeForToDense()
        let dims = dense.dimensions
        let byteCount = try dense.byteCount(for: dtype)
        let size = try elementSize()
        let nnz = nonZeroCount, rank = self.rank
        let idx = try indices.hostBuffer().baseAddress.assumingMemoryBound(to: Int64.self)
        let vals = try values.hostBuffer().baseAddress

        // Check every index before allocating: a bad index costs no memory.
        let check = SparseIndexCheck(indices: idx, rank: rank, shape: dims, strides: dense.strides)
        if let bad = check.firstFailure(count: nnz, validateOrder: validateIndices) {
            throw check.error(at: bad, validated: validateIndices, shape: shape)
        }
        let out = try TensorBuffer.allocateHost(byteCount: byteCount)
        let fill = try defaultValue?.hostBuffer()
        if validateIndices {
            // Sorted and unique: one sequential pass writes each output byte once.
            SparseScatter.fillSorted(vals, to: out.baseAddress, indices: idx, strides: dense.strides,
                                     nnz: nnz, total: dense.elementCount, size: size, value: fill?.baseAddress)
        } else {
            // Any order, repeats allowed: fill, then scatter in order so the last value wins.
            SparseScatter.fill(out.baseAddress, count: dense.elementCount, size: size, value: fill?.baseAddress)
            SparseScatter.scatter(vals, to: out.baseAddress, indices: idx, strides: dense.strides,
                                  count: nnz, size: size, parallel: false)
        }
        return Tensor(uncheckedDType: dtype, shape: dense, buffer: out)
    }

    package func elementSize() throws -> Int {
        guard let size = dtype.byteSize else { throw TensorBridgeError.unsupportedDType(dtype, "\(dtype.name) has no fixed size") }
        return size
    }
}

/// The per-index checks of `SparseToDense`, in TensorFlow's order.
package struct SparseIndexCheck {
    let indices: UnsafePointer<Int64>
    let rank: Int
    let shape: [Int]
    let strides: [Int]
    let rows: Int64
    let columns: Int64

    init(indices: UnsafePointer<Int64>, rank: Int, shape: [Int], strides: [Int]) {
        self.indices = indices
        self.rank = rank
        self.shape = shape
        self.strides = strides
        rows = rank == 2 ? Int64(shape[0]) : 0
        columns = rank == 2 ? Int64(shape[1]) : 0
    }

    /// Why an index row fails.
    package enum Kind { case bounds, order, repeated }

    /// The first failing kind for index `i` (validated) or just bounds (not validated).
    @inline(__always) func kind(at i: Int, validateOrder: Bool) -> Kind? {
        if rank == 2 { return kind2(at: i, validateOrder: validateOrder) }
        let row = indices + i * rank
        for d in 0..<rank where row[d] < 0 || row[d] >= Int64(shape[d]) { return .bounds }
        guard validateOrder, i > 0 else { return nil }
        let prev = row - rank
        for d in 0..<rank {
            if row[d] > prev[d] { return nil }
            if row[d] < prev[d] { return .order }
        }
        return .repeated
    }

    /// The rank-2 case (matrices, one-hot data) without loops over the rank.
    @inline(__always) func kind2(at i: Int, validateOrder: Bool) -> Kind? {
        let r = indices[2 * i], c = indices[2 * i + 1]
        if r < 0 || r >= rows || c < 0 || c >= columns { return .bounds }
        guard validateOrder, i > 0 else { return nil }
        let pr = indices[2 * i - 2], pc = indices[2 * i - 1]
        if r != pr { return r > pr ? nil : .order }
        return c > pc ? nil : c < pc ? .order : .repeated
    }

    /// The first failing position, if any. Chunks run in parallel; the smallest failing
    /// position wins, so the answer is the sequential one.
    func firstFailure(count: Int, validateOrder: Bool) -> Int? {
        let box = UnsafeSendable(self)
        let firstBad = FirstFailure()
        Parallel.forEachChunk(count: count, grain: 1 << 15) { r in
            for i in r where box.value.kind(at: i, validateOrder: validateOrder) != nil {
                firstBad.record(i)
                return
            }
        }
        return firstBad.value
    }

    func error(at i: Int, validated: Bool, shape dense: [Int64]) -> TensorBridgeError {
        SparseIndexCheck.error(row: (0..<rank).map { indices[i * rank + $0] }, at: i,
                               kind: validated ? kind(at: i, validateOrder: true) ?? .bounds : nil, shape: dense)
    }

    /// TensorFlow's message for index row `i` failing with `kind` (`nil`: unvalidated bounds).
    package static func error(row values: [Int64], at i: Int, kind: Kind?, shape dense: [Int64]) -> TensorBridgeError {
        let row = values.map(String.init).joined(separator: ",")
        let bounds = dense.map(String.init).joined(separator: ",")
        switch kind {
        case nil:
            return .invalidArgument("Indices are not valid (out of bounds).  Shape: [\(bounds)]")
        case .order:
            return .invalidArgument("indices[\(i)] = [\(row)] is out of order. Many sparse ops require sorted indices.\n    Use `reordered()` to create a correctly ordered copy.\n\n")
        case .repeated:
            return .invalidArgument("indices[\(i)] = [\(row)] is repeated")
        case .bounds:
            return .invalidArgument("indices[\(i)] = [\(row)] is out of bounds: need 0 <= index < [\(bounds)]")
        }
    }
}

/// The smallest failing position reported by parallel chunks.
final class FirstFailure: Sendable {
    private let lock = Locked<Int?>(nil)
    func record(_ i: Int) { lock.withLock { $0 = min($0 ?? i, i) } }
    var value: Int? { lock.withLock { $0 } }
}

extension DType {
    /// TensorFlow's C++ `DataTypeString`, used in kernel messages (`float`, not `float32`).
    var cTypeName: String {
        switch self {
        case .float32: "float"
        case .float64: "double"
        case .float16: "half"
        default: name
        }
    }
}

/// The arguments of `SparseToDense`.
package struct SparseToDenseRequest: Sendable {
    package let sparse: SparseTensor
    package let defaultValue: Tensor?
    package let validateIndices: Bool
}

extension Ops {
    /// `SparseToDense`, run where the sparse tensor's parts live.
    package static let sparseToDense = Op<SparseToDenseRequest, Tensor>(
        "SparseToDense",
        inputsToHost: { r in
            SparseToDenseRequest(sparse: try r.sparse.copy(to: .cpu), defaultValue: try r.defaultValue?.copy(to: .cpu),
                                 validateIndices: r.validateIndices)
        },
        cpu: { try $0.sparse.hostToDense(defaultValue: $0.defaultValue, validateIndices: $0.validateIndices) })
}

extension SparseTensor {
    /// The same sparse tensor with its three parts on `device` (counted copies for those
    /// that move; the dense shape is known on the host already).
    package func copy(to device: Device) throws -> SparseTensor {
        SparseTensor(checkedIndices: try indices.copy(to: device), values: try values.copy(to: device),
                     denseShape: try denseShape.copy(to: device), shape: shape)
    }
}
