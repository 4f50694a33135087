import TensorBridge

extension SoakWorker {
    /// The multi-threaded kernels (work over 2^16 elements is split across the cores) while
    /// other tasks run: uniform RGB pixels to grayscale, checked against a plain loop of
    /// TensorFlow's formula `(r·0.2989 + g·0.587) + b·0.114` in float32 with no fused
    /// multiply-add; a float32 → float64 → float32 cast that must give the same bits back; and
    /// the same stateless normal draw twice, which must agree bit for bit.
    mutating func kernels() throws {
        // Always enough pixels for Parallel to split the work (2^16 elements per chunk),
        // whatever --max-bytes says: the point is the kernels' threads among the tasks'.
        let pixels = Int.random(in: (1 << 17)...((1 << 17) + 4096), using: &rng)
        let seed = (Int64(rng.childSeed()), Int64(index))
        let images = try Random.statelessUniform(shape: [pixels, 3], seed: seed)
        let gray = try Image.rgbToGrayscale(images)
        let rgb = try images.scalars(as: Float.self)
        let expected = (0..<pixels).map { p in
            let r = rgb[3 * p] * 0.2989 as Float, g = rgb[3 * p + 1] * 0.587 as Float, b = rgb[3 * p + 2] * 0.114 as Float
            return (r + g) + b
        }
        let got = try gray.scalars(as: Float.self)
        guard gray.shape.dimensions == [pixels, 1], got.map(\.bitPattern) == expected.map(\.bitPattern) else {
            throw SoakMismatch("rgbToGrayscale of \(pixels) uniform pixels differs from the float32 loop")
        }
        let back = try gray.cast(to: .float64).cast(to: .float32).scalars(as: Float.self)
        guard back.map(\.bitPattern) == got.map(\.bitPattern) else {
            throw SoakMismatch("float32 → float64 → float32 cast of \(pixels) values changed bits")
        }
        let a = try Random.statelessNormal(shape: [pixels], seed: seed)
        let b = try Random.statelessNormal(shape: [pixels], seed: seed)
        guard try a.scalars(as: Float.self).map(\.bitPattern) == b.scalars(as: Float.self).map(\.bitPattern) else {
            throw SoakMismatch("statelessNormal([\(pixels)]) with one seed gave two different results")
        }
    }
}
