import TensorBridge
import TensorBridgeFormats

extension CheckpointReader {
    /// Rebuilds a partitioned variable from its slices. Each slice is stored under the key
    /// `EncodeTensorNameSlice(name, slice)`; together they must tile the full shape exactly.
    func reassemble(_ entry: Tensorflow_BundleEntryProto, key: String) throws -> Tensor {
        let dtype = try DType(tensorFlow: entry.dtype.rawValue, what: "tensor '\(key)'")
        let dims = try Self.shape(of: entry, key: key)
        let total = dims.reduce(1, *)
        var boxes: [[(start: Int, length: Int)]] = []
        var covered = 0
        for slice in entry.slices {
            guard slice.extent.count == dims.count else {
                throw TensorBridgeError.dataLoss("tensor '\(key)': a slice has \(slice.extent.count) dimensions but the tensor has \(dims.count)")
            }
            var box: [(start: Int, length: Int)] = []
            for (d, e) in slice.extent.enumerated() {
                let start = Int(e.start)
                let length = e.hasLength_p != nil ? Int(e.length) : dims[d]
                guard start >= 0, length >= 0, start <= dims[d], length <= dims[d] - start else {
                    throw TensorBridgeError.dataLoss("tensor '\(key)': slice extent [\(e.start), +\(e.hasLength_p != nil ? e.length : -1)) lies outside dimension \(d) of size \(dims[d])")
                }
                box.append((start, length))
            }
            for other in boxes where Self.overlap(box, other) {
                throw TensorBridgeError.dataLoss("tensor '\(key)': two of its slices overlap")
            }
            boxes.append(box)
            covered += box.reduce(1) { $0 * $1.length }
        }
        guard covered == total else {
            throw TensorBridgeError.dataLoss("tensor '\(key)': its slices cover \(covered) of \(total) elements")
        }
        let parts = try zip(entry.slices, boxes).map { slice, box -> Tensor in
            let extents = slice.extent.map { (start: $0.start, length: $0.hasLength_p != nil ? $0.length : -1) }
            let sliceKey = OrderedCode.sliceKey(name: Array(key.utf8), extents: extents)
            guard let value = table.value(for: sliceKey) else {
                throw TensorBridgeError.notFound("tensor '\(key)': the slice at \(box.map(\.start)) is missing from the checkpoint")
            }
            let part = try Self.parseEntry(value, key: "\(key) slice", file: prefix + ".index")
            guard part.slices.isEmpty, part.dtype == entry.dtype else {
                throw TensorBridgeError.dataLoss("tensor '\(key)': a slice entry has dtype \(part.dtype) but the variable has \(entry.dtype)")
            }
            let t = try read(part, key: "\(key) slice \(box.map(\.start))")
            guard t.shape.dimensions == box.map(\.length) else {
                throw TensorBridgeError.dataLoss("tensor '\(key)': a slice holds shape \(t.shape.dimensions) but its extent is \(box.map(\.length))")
            }
            return t
        }
        if dtype == .string {
            var out = [[UInt8]](repeating: [], count: total)
            for (part, box) in zip(parts, boxes) {
                let values = try part.strings()
                Self.forEachRun(dims: dims, box: box) { dst, src, n in
                    for i in 0..<n { out[dst + i] = values[src + i] }
                }
            }
            return try Tensor(strings: out, shape: dims)
        }
        let itemSize = dtype.byteSize ?? 1
        let buffer = try TensorBuffer.allocateHost(byteCount: total * itemSize, zeroed: true)
        for (part, box) in zip(parts, boxes) {
            try part.withUnsafeBytes { src in
                guard let base = src.baseAddress else { return }
                Self.forEachRun(dims: dims, box: box) { dst, from, n in
                    (buffer.baseAddress + dst * itemSize).copyMemory(from: base + from * itemSize, byteCount: n * itemSize)
                }
            }
        }
        return try Tensor(dtype: dtype, shape: Shape(dims), buffer: buffer)
    }

    static func overlap(_ a: [(start: Int, length: Int)], _ b: [(start: Int, length: Int)]) -> Bool {
        zip(a, b).allSatisfy { x, y in x.start < y.start + y.length && y.start < x.start + x.length }
    }

    /// Calls `body(destinationElement, sourceElement, count)` for each contiguous run of the
    /// box inside the full row-major tensor.
    static func forEachRun(dims: [Int], box: [(start: Int, length: Int)], _ body: (Int, Int, Int) -> Void) {
        let rank = dims.count
        if rank == 0 { body(0, 0, 1); return }
        if box.contains(where: { $0.length == 0 }) { return }
        var strides = [Int](repeating: 1, count: rank)
        for d in stride(from: rank - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * dims[d + 1] }
        let run = box[rank - 1].length
        var index = [Int](repeating: 0, count: rank - 1)  // position within the box, outer dims
        var source = 0
        while true {
            var dst = box[rank - 1].start
            for d in 0..<(rank - 1) { dst += (box[d].start + index[d]) * strides[d] }
            body(dst, source, run)
            source += run
            var d = rank - 2
            while d >= 0 {
                index[d] += 1
                if index[d] < box[d].length { break }
                index[d] = 0
                d -= 1
            }
            if d < 0 { return }
        }
    }
}
