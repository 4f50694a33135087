/// The dimensions of a dense tensor, validated once: no negative dimension, and a product
/// of the dimensions (and byte count, see ``byteCount(for:)``) that fits in `Int`. Overflow is a thrown
/// error, never a trap, so a shape read from an untrusted file cannot crash the process.
public struct Shape: Sendable, Hashable, CustomStringConvertible, RandomAccessCollection {
    /// The dimensions, outermost first.
    public let dimensions: [Int]
    /// The product of the dimensions (1 for rank 0).
    public let elementCount: Int

    /// Validates `dimensions`.
    /// - Throws: ``TensorBridgeError`` (`.invalidShape`) for a negative dimension, with TensorFlow's
    ///   text (`Dimension -3 must be >= 0`), or when the element count overflows.
    public init(_ dimensions: [Int]) throws {
        // The product of the non-zero dimensions must fit, even when a zero dimension makes
        // the element count 0: strides and slice sizes multiply subsets of the dimensions,
        // and a shape read from a file must not be able to overflow any of them.
        var nonZeroProduct = 1
        for d in dimensions {
            guard d >= 0 else { throw TensorBridgeError.invalidShape("Dimension \(d) must be >= 0") }
            guard d > 0 else { continue }
            let (product, overflow) = nonZeroProduct.multipliedReportingOverflow(by: d)
            guard !overflow else {
                throw TensorBridgeError.invalidShape("Shape \(Shape.format(dimensions)) has more elements than fit in a 64-bit count")
            }
            nonZeroProduct = product
        }
        self.dimensions = dimensions
        self.elementCount = dimensions.contains(0) ? 0 : nonZeroProduct
    }

    /// The scalar shape `[]`.
    public static let scalar = Shape(trusted: [], count: 1)

    init(trusted dimensions: [Int], count: Int) {
        self.dimensions = dimensions
        self.elementCount = count
    }

    public var rank: Int { dimensions.count }

    /// The number of bytes `elementCount` elements of `dtype` take.
    /// - Throws: ``TensorBridgeError`` (`.invalidShape`) on overflow, or for a dtype without a fixed size.
    public func byteCount(for dtype: DType) throws -> Int {
        guard let size = dtype.byteSize else {
            throw TensorBridgeError.unsupportedDType(dtype, "dtype \(dtype.name) has no fixed element size")
        }
        let (bytes, overflow) = elementCount.multipliedReportingOverflow(by: size)
        guard !overflow else {
            throw TensorBridgeError.invalidShape("Shape \(self) of \(dtype.name) needs more bytes than fit in a 64-bit count")
        }
        return bytes
    }

    // RandomAccessCollection over the dimensions.
    public var startIndex: Int { 0 }
    public var endIndex: Int { dimensions.count }
    public subscript(position: Int) -> Int { dimensions[position] }

    /// TensorFlow's spelling: `(2, 3)`, `()`, `(5,)`.
    public var description: String { Shape.format(dimensions) }

    static func format(_ dims: [Int]) -> String {
        dims.count == 1 ? "(\(dims[0]),)" : "(" + dims.map(String.init).joined(separator: ", ") + ")"
    }

    /// Row-major strides in elements.
    public var strides: [Int] { Shape.rowMajorStrides(dimensions) }

    /// Row-major strides in elements of any dimensions (the product wraps rather than traps:
    /// callers have checked the element count).
    package static func rowMajorStrides(_ dimensions: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: dimensions.count)
        var running = 1
        for axis in stride(from: dimensions.count - 1, through: 0, by: -1) {
            strides[axis] = running
            running = running &* dimensions[axis]
        }
        return strides
    }
}
