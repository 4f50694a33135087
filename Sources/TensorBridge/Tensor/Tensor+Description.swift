/// Printing, in TensorFlow's style: `tf.Tensor([[1. 2.] [3. 4.]], shape=(2, 2), dtype=float32)`.
extension Tensor: CustomStringConvertible {
    /// Large tensors are summarised with `...`, as NumPy does past 1000 elements.
    public var description: String {
        "tf.Tensor(\(valuesDescription), shape=\(shape), dtype=\(dtype.name))"
    }

    /// The values as NumPy prints them (nested brackets), or a note where they are not on the host.
    public var valuesDescription: String {
        let texts: [String]
        do {
            texts = try elementTexts()
        } catch {
            return "<\(error)>"
        }
        let summarise = texts.count > 1000
        func render(_ level: Int, _ offset: Int) -> String {
            if level == shape.rank { return texts[offset] }
            let count = shape[level]
            let stride = shape.dimensions[(level + 1)...].reduce(1, *)
            var indices = Array(0..<count)
            if summarise && count > 6 { indices = [0, 1, 2, -1, count - 3, count - 2, count - 1] }
            let parts = indices.map { $0 < 0 ? "..." : render(level + 1, offset + $0 * stride) }
            let separator = level == shape.rank - 1 ? " " : "\n" + String(repeating: " ", count: level + 1)
            return "[" + parts.joined(separator: separator) + "]"
        }
        return render(0, 0)
    }

    private func elementTexts() throws -> [String] {
        if dtype == .string {
            return try strings().map { "b'" + String(decoding: $0, as: UTF8.self) + "'" }
        }
        struct Texts: ScalarVisitor {
            let tensor: Tensor
            func visit<T: Castable>(_: T.Type) throws -> [String] {
                try tensor.withUnsafeBufferPointer(as: T.self) { values in
                    values.map { v in
                        if T.self == Bool.self { return v.doubleValue != 0 ? "True" : "False" }
                        if T.dtype.isFloatingPoint {
                            let d = v.doubleValue
                            return d == d.rounded() && d.isFinite && abs(d) < 1e16 ? "\(Int64(d))." : "\(v)"
                        }
                        return "\(v)"
                    }
                }
            }
        }
        return try ScalarDispatch.visit(dtype, Texts(tensor: self))
    }
}
