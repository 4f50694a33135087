/// One entry of a subscript on a ``Tensor``, with `tf.strided_slice` semantics:
///
/// | Swift | Python | meaning |
/// |---|---|---|
/// | `t[1]`, `t[-1]` | `t[1]`, `t[-1]` | one position; the axis goes away (negative counts from the end) |
/// | `t[1..<3]`, `t[1...2]`, `t[2...]`, `t[..<3]` | `t[1:3]`, `t[1:3]`, `t[2:]`, `t[:3]` | a range; out-of-range bounds clamp, as in Python |
/// | `t[.stride(from: 1, to: nil, by: 2)]`, `t[.stride(by: -1)]` | `t[1::2]`, `t[::-1]` | a range with a step (negative walks backwards) |
/// | `t[.all]` | `t[:]` | the whole axis |
/// | `t[.newAxis]` | `t[tf.newaxis]` | a new axis of size 1 |
/// | `t[.ellipsis, 0]`, `t[..., 0]` | `t[..., 0]` | as many whole axes as needed |
///
/// Entries combine freely: `gray[0, .all, .all, 0]` is Python's `gray[0, :, :, 0]`.
/// Axes not named at the end are whole.
public struct TensorIndex: Sendable, TensorIndexConvertible {
    enum Kind: Sendable, Equatable {
        case position(Int)
        case range(Int?, Int?, step: Int)
        case whole
        case newAxis
        case ellipsis
    }

    let kind: Kind

    /// A range from `start` to `end` (exclusive) by `step`; `nil` bounds run to the end in the
    /// step's direction.
    public static func range(_ start: Int?, _ end: Int?, step: Int) -> TensorIndex { TensorIndex(kind: .range(start, end, step: step)) }

    /// This index itself.
    public var tensorIndex: TensorIndex { self }
}

/// Values that can stand in a ``Tensor`` subscript: integers, ranges and ``TensorIndex``.
public protocol TensorIndexConvertible: Sendable {
    /// The subscript entry this value means.
    var tensorIndex: TensorIndex { get }
}

extension TensorIndexConvertible where Self == TensorIndex {
    /// The whole axis (Python's `:`).
    public static var all: TensorIndex { TensorIndex(kind: .whole) }
    /// A new axis of size 1 (`tf.newaxis`).
    public static var newAxis: TensorIndex { TensorIndex(kind: .newAxis) }
    /// As many whole axes as needed (Python's `...`).
    public static var ellipsis: TensorIndex { TensorIndex(kind: .ellipsis) }
    /// Python's `start:end:step`; `nil` bounds run to the end in the step's direction.
    public static func stride(from start: Int? = nil, to end: Int? = nil, by step: Int) -> TensorIndex {
        TensorIndex(kind: .range(start, end, step: step))
    }
}

extension Int: TensorIndexConvertible {
    /// One position along an axis; the axis is removed.
    public var tensorIndex: TensorIndex { TensorIndex(kind: .position(self)) }
}

extension Range: TensorIndexConvertible where Bound == Int {
    /// `start..<end`.
    public var tensorIndex: TensorIndex { TensorIndex(kind: .range(lowerBound, upperBound, step: 1)) }
}

extension ClosedRange: TensorIndexConvertible where Bound == Int {
    /// `start...end` (end included; `end == -1` runs to the last element).
    public var tensorIndex: TensorIndex { TensorIndex(kind: .range(lowerBound, upperBound == -1 ? nil : upperBound + 1, step: 1)) }
}

extension PartialRangeFrom: TensorIndexConvertible where Bound == Int {
    /// `start...`.
    public var tensorIndex: TensorIndex { TensorIndex(kind: .range(lowerBound, nil, step: 1)) }
}

extension PartialRangeUpTo: TensorIndexConvertible where Bound == Int {
    /// `..<end`.
    public var tensorIndex: TensorIndex { TensorIndex(kind: .range(nil, upperBound, step: 1)) }
}

extension PartialRangeThrough: TensorIndexConvertible where Bound == Int {
    /// `...end`.
    public var tensorIndex: TensorIndex { TensorIndex(kind: .range(nil, upperBound == -1 ? nil : upperBound + 1, step: 1)) }
}
