import CDLPack

/// An owned DLPack managed tensor: a pointer to either the versioned (1.x) or the legacy
/// (pre-1.0) struct, which its holder must either hand on or delete exactly once.
///
/// This is the form DLPack tensors travel in between C libraries (and, inside a `PyCapsule`,
/// between Python libraries). `Tensor.toDLPack(versioned:device:copy:)` makes
/// one; `Tensor(dlpack:)` consumes one. The value is a plain pointer:
/// copying it does not copy ownership, so exactly one copy may be passed on or deleted.
public enum DLPackManagedTensor: @unchecked Sendable {
    // @unchecked: the value is a pointer whose ownership moves with it; DLPack allows the
    // deleter to run on any thread, so handing it to another thread is allowed.

    /// A `DLManagedTensorVersioned` (Python capsule name `"dltensor_versioned"`).
    case versioned(UnsafeMutablePointer<DLManagedTensorVersioned>)
    /// A legacy `DLManagedTensor` (Python capsule name `"dltensor"`): no version, no flags.
    case legacy(UnsafeMutablePointer<DLManagedTensor>)

    /// Whether this is the versioned struct.
    public var isVersioned: Bool {
        if case .versioned = self { return true }
        return false
    }

    /// The struct's address, as stored in a `PyCapsule` or passed to C.
    public var rawPointer: UnsafeMutableRawPointer {
        switch self {
        case .versioned(let p): UnsafeMutableRawPointer(p)
        case .legacy(let p): UnsafeMutableRawPointer(p)
        }
    }

    /// The ABI version, or `nil` for a legacy tensor. Always safe to read: `version` stays at
    /// offset 0 in every major version.
    public var version: DLPackVersion? {
        if case .versioned(let p) = self { return p.pointee.version }
        return nil
    }

    /// Whether a consumer built for this header may read the fields after the deleter:
    /// true for legacy tensors and for versioned ones whose major version is ours.
    public var isSupportedVersion: Bool {
        guard let version else { return true }
        return version.major == UInt32(DLPACK_MAJOR_VERSION)
    }

    /// The flags (``DLPackFlags``); always empty for a legacy tensor.
    /// Meaningful only when ``isSupportedVersion`` is true.
    public var flags: DLPackFlags {
        if case .versioned(let p) = self { return DLPackFlags(rawValue: p.pointee.flags) }
        return []
    }

    /// A copy of the described tensor (pointers into producer-owned memory).
    /// Meaningful only when ``isSupportedVersion`` is true.
    public var dlTensor: DLTensor {
        switch self {
        case .versioned(let p): p.pointee.dl_tensor
        case .legacy(let p): p.pointee.dl_tensor
        }
    }

    /// Calls the producer's deleter (if it set one). Use it when declining a tensor; after it
    /// returns, the pointer and everything it referenced are gone. Safe for any major version,
    /// because the deleter sits at a fixed offset.
    public func delete() {
        switch self {
        case .versioned(let p): p.pointee.deleter?(p)
        case .legacy(let p): p.pointee.deleter?(p)
        }
    }
}

/// The `flags` bit field of a versioned DLPack tensor.
public struct DLPackFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// The consumer must not write through the data pointer (TensorBridge sets it on every
    /// zero-copy export: tensors are immutable and the memory is shared).
    public static let readOnly = DLPackFlags(rawValue: 1 << 0)
    /// The producer made a copy for this export, so the consumer owns the only reference.
    public static let isCopied = DLPackFlags(rawValue: 1 << 1)
    /// Sub-byte elements are padded to whole bytes (unused by TensorBridge's dtypes).
    public static let isSubbyteTypePadded = DLPackFlags(rawValue: 1 << 2)
}

/// DLPack facts for this package.
public enum DLPack {
    /// The ABI version TensorBridge produces (1.1; any 1.x is accepted on import).
    public static var version: DLPackVersion {
        DLPackVersion(major: UInt32(DLPACK_MAJOR_VERSION), minor: UInt32(DLPACK_MINOR_VERSION))
    }

    /// Managed tensors exported by TensorBridge whose deleter has not yet run. Leak and
    /// exactly-once tests compare it before and after.
    public static var liveExportCount: Int { DLPackExportContext.live.load(ordering: .relaxed) }
}
