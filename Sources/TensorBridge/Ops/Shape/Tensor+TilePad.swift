/// The arguments of `Tile`.
package struct TileRequest: Sendable {
    package let tensor: Tensor
    package let multiples: [Int]
}

/// The arguments of `PadV2`.
package struct PadRequest: Sendable {
    package let tensor: Tensor
    package let paddings: [(before: Int, after: Int)]
    package let value: Tensor
}

extension Ops {
    /// `Tile`.
    package static let tile = Op<TileRequest, Tensor>(
        "Tile", inputsToHost: { TileRequest(tensor: try $0.tensor.copy(to: .cpu), multiples: $0.multiples) },
        cpu: { try ShapeKernels.tile($0) })
    /// `PadV2`.
    package static let pad = Op<PadRequest, Tensor>(
        "PadV2", inputsToHost: { PadRequest(tensor: try $0.tensor.copy(to: .cpu), paddings: $0.paddings, value: $0.value) },
        cpu: { try ShapeKernels.pad($0) })
}

extension Tensor {
    /// `tf.tile`: the tensor repeated `multiples[i]` times along axis `i`. A new tensor.
    /// - Throws: "Expected multiples argument to be a vector of length 2 but got length 1",
    ///   and for a negative multiple.
    public func tiled(_ multiples: [Int]) throws -> Tensor {
        try Ops.tile(TileRequest(tensor: self, multiples: multiples), on: device)
    }

    /// `tf.pad` in constant mode: `paddings[i]` elements of `value` (a literal in this
    /// tensor's dtype, 0 by default) before and after axis `i`. A new tensor.
    /// - Throws: "The first dimension of paddings must be the rank of inputs[1,2] [2,3]" for
    ///   the wrong number of pairs, and "Paddings must be non-negative: -1 0".
    public func padded(_ paddings: [(before: Int, after: Int)], value: ScalarLiteral = 0) throws -> Tensor {
        try Ops.pad(PadRequest(tensor: self, paddings: paddings, value: try value.tensor(dtype)), on: device)
    }
}

extension ShapeKernels {
    static func tile(_ r: TileRequest) throws -> Tensor {
        let t = r.tensor, dims = t.shape.dimensions
        guard r.multiples.count == t.rank else {
            throw TensorBridgeError.invalidArgument("Expected multiples argument to be a vector of length \(t.rank) but got length \(r.multiples.count)")
        }
        if let bad = r.multiples.firstIndex(where: { $0 < 0 }) {
            throw TensorBridgeError.invalidArgument("Expected multiples[\(bad)] >= 0, but got \(r.multiples[bad])")
        }
        // Output axis i as [multiple, size]: the repeat reads the same elements (stride 0).
        let strides = StridedCopy.rowMajor(dims)
        var outDims: [Int] = [], outStrides: [Int] = []
        for i in dims.indices {
            outDims += [r.multiples[i], dims[i]]
            outStrides += [0, strides[i]]
        }
        let tiled = try gathered(t, dims: outDims, strides: outStrides, offset: 0)
        return try tiled.reshaped(to: dims.indices.map { dims[$0] * r.multiples[$0] })
    }

    static func pad(_ r: PadRequest) throws -> Tensor {
        let t = r.tensor, dims = t.shape.dimensions
        guard r.paddings.count == t.rank else {
            throw TensorBridgeError.invalidArgument("The first dimension of paddings must be the rank of inputs[\(r.paddings.count),2] \(tfShape(t.shape))")
        }
        if let bad = r.paddings.first(where: { $0.before < 0 || $0.after < 0 }) {
            throw TensorBridgeError.invalidArgument("Paddings must be non-negative: \(bad.before) \(bad.after)")
        }
        let size = try elementSize(t)
        let outDims = dims.indices.map { dims[$0] + r.paddings[$0].before + r.paddings[$0].after }
        let shape = try Shape(outDims)
        let out = try TensorBuffer.allocateHost(byteCount: try shape.byteCount(for: t.dtype))
        try r.value.withUnsafeBytes { value in
            SparseScatter.fill(out.baseAddress, count: shape.elementCount, size: size, value: value.baseAddress)
        }
        let outStrides = StridedCopy.rowMajor(outDims)
        let offset = dims.indices.reduce(0) { $0 + r.paddings[$1].before * outStrides[$1] }
        StridedCopy(dims: dims, source: StridedCopy.rowMajor(dims), destination: outStrides)
            .run(from: UnsafeRawPointer(try t.hostBuffer().baseAddress), sourceOffset: 0,
                 to: out.baseAddress, destinationOffset: offset, size: size)
        return Tensor(uncheckedDType: t.dtype, shape: shape, buffer: out)
    }
}
