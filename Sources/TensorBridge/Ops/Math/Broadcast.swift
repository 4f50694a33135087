/// NumPy/TensorFlow broadcasting of two shapes, and a compact plan for walking them.
///
/// Shapes are aligned at their last dimension; each pair of dimensions must be equal or
/// one of them 1. The plan merges neighbouring dimensions that broadcast the same way, so
/// most cases reduce to one contiguous inner loop per output row.
struct BroadcastPlan: Sendable {
    /// The output's shape.
    let shape: Shape
    /// Collapsed output dimensions (outermost first); the last is the inner loop.
    let dims: [Int]
    /// Element strides of each input over `dims` (0 where it is broadcast).
    let xStrides: [Int]
    let yStrides: [Int]

    /// TensorFlow's "Incompatible shapes: [2,3] vs. [4]" when the shapes do not broadcast.
    static func shape(_ a: Shape, _ b: Shape) throws -> Shape {
        let rank = max(a.rank, b.rank)
        var out = [Int](repeating: 1, count: rank)
        for i in 0..<rank {
            let da = i < rank - a.rank ? 1 : a.dimensions[i - (rank - a.rank)]
            let db = i < rank - b.rank ? 1 : b.dimensions[i - (rank - b.rank)]
            if da == db || db == 1 { out[i] = da } else if da == 1 { out[i] = db } else {
                throw TensorBridgeError.invalidArgument("Incompatible shapes: \(tfShape(a)) vs. \(tfShape(b))")
            }
        }
        return try Shape(out)
    }

    init(_ a: Shape, _ b: Shape) throws {
        shape = try Self.shape(a, b)
        let rank = shape.rank
        func strides(_ s: Shape) -> [Int] {
            var st = [Int](repeating: 0, count: rank), step = 1
            for i in stride(from: rank - 1, through: 0, by: -1) {
                let d = i < rank - s.rank ? 1 : s.dimensions[i - (rank - s.rank)]
                st[i] = d == 1 ? 0 : step
                step *= d
            }
            return st
        }
        let sa = strides(a), sb = strides(b)
        // Merge dimension i into the one after it when both inputs step through them alike
        // (both contiguous across the pair, or both broadcast across it).
        var dims: [Int] = [], xs: [Int] = [], ys: [Int] = []
        for i in 0..<rank where shape.dimensions[i] != 1 {
            let d = shape.dimensions[i]
            if let lastD = dims.last, let lx = xs.last, let ly = ys.last,
               lx == sa[i] * d, ly == sb[i] * d {
                dims[dims.count - 1] = lastD * d
                xs[xs.count - 1] = sa[i]
                ys[ys.count - 1] = sb[i]
            } else {
                dims.append(d); xs.append(sa[i]); ys.append(sb[i])
            }
        }
        if dims.isEmpty { dims = [1]; xs = [0]; ys = [0] }
        self.dims = dims
        xStrides = xs
        yStrides = ys
    }

    /// Output elements per row (the inner loop) and the number of rows.
    var inner: Int { dims[dims.count - 1] }
    var rows: Int { dims.dropLast().reduce(1, *) }

    /// The input offsets of output row `row`.
    @inline(__always)
    func offsets(row: Int) -> (Int, Int) {
        var r = row, ox = 0, oy = 0
        var i = dims.count - 2
        while i >= 0 {
            let d = dims[i]
            let q = r / d, c = r - q * d
            ox += c * xStrides[i]
            oy += c * yStrides[i]
            r = q
            i -= 1
        }
        return (ox, oy)
    }
}

/// TensorFlow's compact shape text in messages: `[2,3]`.
func tfShape(_ s: Shape) -> String { "[" + s.dimensions.map(String.init).joined(separator: ",") + "]" }
