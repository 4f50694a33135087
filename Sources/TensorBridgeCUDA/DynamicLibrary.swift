#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A shared library opened with `dlopen` and kept open for the life of the process (the
/// driver and NVRTC must never be unloaded under live handles).
// Unchecked Sendable: immutable after opening; the handle only reaches `dlsym`, which is thread-safe.
struct DynamicLibrary: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
    /// The name that opened.
    let name: String

    /// Opens the first of `candidates` that loads; otherwise reports each name with `dlerror`'s reason.
    static func open(_ candidates: [String]) -> (library: DynamicLibrary?, reasons: [String]) {
        var reasons: [String] = []
        for name in candidates {
            if let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) {
                return (DynamicLibrary(handle: handle, name: name), reasons)
            }
            reasons.append("\(name) (\(dlerror().map { String(cString: $0) } ?? "not found"))")
        }
        return (nil, reasons)
    }

    /// The address of the first exported name among `names` (newest ABI first), or `nil`.
    func symbol(_ names: [String]) -> UnsafeMutableRawPointer? {
        for name in names {
            if let address = dlsym(handle, name) { return address }
        }
        return nil
    }
}

/// Collects symbol lookups and the names that were missing, so a too-old library is
/// reported once with every missing function rather than one at a time.
struct SymbolResolver {
    let library: DynamicLibrary
    private(set) var missing: [String] = []

    init(_ library: DynamicLibrary) { self.library = library }

    /// Resolves `names` (first found wins) as the C function type `T`.
    mutating func resolve<T>(_ names: String..., as type: T.Type) -> T? {
        guard let address = library.symbol(names) else {
            missing.append(names.joined(separator: "|"))
            return nil
        }
        return unsafeBitCast(address, to: T.self)
    }
}
