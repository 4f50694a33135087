import Synchronization
import CDLPack

/// An owned DLPack managed tensor: a pointer to either the versioned (1.x) or the legacy
/// (pre-1.0) struct, whose deleter must run exactly once.
///
/// This is the form DLPack tensors travel in between C libraries (and, inside a `PyCapsule`,
/// between Python libraries). `Tensor.toDLPack(versioned:device:copy:)` makes
/// one; `Tensor(dlpack:)` consumes one. The type is noncopyable, so the rule "delete it or
/// hand it on, once" is checked by the compiler: ``delete()`` and ``release()`` consume it,
/// and one that is simply dropped runs the producer's deleter then.
///
/// To pass one to C code, take its pointer with ``release()``; to adopt one from C code,
/// wrap the pointer with ``init(versioned:)`` or ``init(legacy:)``.
// Unchecked Sendable: it owns a pointer that moves with it, and DLPack lets the deleter run on
// any thread.
public struct DLPackManagedTensor: ~Copyable, @unchecked Sendable {
    /// The struct's address (a `DLManagedTensorVersioned` or a `DLManagedTensor`).
    private let address: UnsafeMutableRawPointer
    /// Whether the pointer is to the versioned struct.
    public let isVersioned: Bool

    /// Adopts a `DLManagedTensorVersioned*` (Python capsule name `"dltensor_versioned"`):
    /// from now on this value owns it.
    public init(versioned pointer: UnsafeMutableRawPointer) {
        address = pointer
        isVersioned = true
    }

    /// Adopts a legacy `DLManagedTensor*` (Python capsule name `"dltensor"`: no version, no
    /// flags): from now on this value owns it.
    public init(legacy pointer: UnsafeMutableRawPointer) {
        address = pointer
        isVersioned = false
    }

    /// The struct's address, as stored in a `PyCapsule` or passed to C. It stays owned by this
    /// value; use ``release()`` to hand it on.
    public var rawPointer: UnsafeMutableRawPointer { address }

    /// The ABI version, or `nil` for a legacy tensor. Always safe to read: `version` stays at
    /// offset 0 in every major version.
    public var version: DLPack.Version? {
        guard isVersioned else { return nil }
        let v = address.assumingMemoryBound(to: DLManagedTensorVersioned.self).pointee.version
        return DLPack.Version(major: v.major, minor: v.minor)
    }

    /// Whether a consumer built for this header may read the fields after the deleter:
    /// true for legacy tensors and for versioned ones whose major version is ours.
    public var isSupportedVersion: Bool {
        guard let version else { return true }
        return version.major == DLPack.version.major
    }

    /// The flags (``DLPackFlags``); always empty for a legacy tensor.
    /// Meaningful only when ``isSupportedVersion`` is true.
    public var flags: DLPackFlags {
        guard isVersioned else { return [] }
        return DLPackFlags(rawValue: address.assumingMemoryBound(to: DLManagedTensorVersioned.self).pointee.flags)
    }

    /// A copy of the described tensor (pointers into producer-owned memory).
    /// Meaningful only when ``isSupportedVersion`` is true.
    package var dlTensor: DLTensor {
        isVersioned
            ? address.assumingMemoryBound(to: DLManagedTensorVersioned.self).pointee.dl_tensor
            : address.assumingMemoryBound(to: DLManagedTensor.self).pointee.dl_tensor
    }

    /// Calls the producer's deleter (if it set one). Use it when declining a tensor; after it
    /// returns, the pointer and everything it referenced are gone.
    public consuming func delete() {
        // `deinit` runs the deleter.
    }

    /// Hands ownership on: returns the struct's address without running the deleter. Whoever
    /// receives the pointer must run the deleter exactly once.
    public consuming func release() -> UnsafeMutableRawPointer {
        let pointer = address
        discard self
        return pointer
    }

    /// Runs the deleter. Safe for any major version, because the deleter sits at a fixed offset.
    deinit {
        if isVersioned {
            let p = address.assumingMemoryBound(to: DLManagedTensorVersioned.self)
            p.pointee.deleter?(p)
        } else {
            let p = address.assumingMemoryBound(to: DLManagedTensor.self)
            p.pointee.deleter?(p)
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
    /// A DLPack ABI version.
    public struct Version: Sendable, Hashable, CustomStringConvertible {
        /// The major version: a consumer reads only the fields of the major version it knows.
        public var major: UInt32
        /// The minor version: additions that keep the layout.
        public var minor: UInt32

        /// Makes a version.
        public init(major: UInt32, minor: UInt32) {
            self.major = major
            self.minor = minor
        }

        /// `major.minor`.
        public var description: String { "\(major).\(minor)" }
    }

    /// The ABI version TensorBridge produces (1.1; any 1.x is accepted on import).
    public static var version: Version {
        Version(major: UInt32(DLPACK_MAJOR_VERSION), minor: UInt32(DLPACK_MINOR_VERSION))
    }

    /// Managed tensors exported by TensorBridge whose deleter has not yet run. Leak and
    /// exactly-once tests compare it before and after.
    public static var liveExportCount: Int { DLPackExportContext.live.load(ordering: .relaxed) }
}
