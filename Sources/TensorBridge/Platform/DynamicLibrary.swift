#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A shared library opened with `dlopen`, kept open for the life of the process: the one way
/// the package loads libraries at run time (the CUDA driver, NVRTC, libpython) and looks up
/// optional libc functions. Libraries are never closed, because handles and function pointers
/// taken from them outlive any one caller.
// Unchecked Sendable: immutable after opening; the handle only reaches `dlsym`, which is thread-safe.
package struct DynamicLibrary: @unchecked Sendable {
    /// How a library's symbols are offered to libraries loaded after it.
    package enum Visibility {
        /// Private to this handle (`RTLD_LOCAL`): driver libraries.
        case local
        /// Offered to every later library (`RTLD_GLOBAL`): libpython, whose C extensions (NumPy)
        /// resolve the interpreter's symbols through it.
        case global
    }

    /// `nil` for ``process``: `dlsym` then searches the global scope (`RTLD_DEFAULT`).
    private let handle: UnsafeMutableRawPointer?
    /// The name or path that opened, for messages.
    package let name: String

    /// The executable and every library already loaded into it with global visibility.
    package static let process = DynamicLibrary(handle: nil, name: "this process")

    private init(handle: UnsafeMutableRawPointer?, name: String) {
        self.handle = handle
        self.name = name
    }

    /// Opens `path` (a file path or a soname the loader searches for).
    /// - Returns: the library, or `dlerror`'s reason.
    package static func open(_ path: String, visibility: Visibility = .local) -> Result<DynamicLibrary, LoadFailure> {
        let mode = RTLD_NOW | (visibility == .global ? RTLD_GLOBAL : RTLD_LOCAL)
        if let handle = dlopen(path, mode) { return .success(DynamicLibrary(handle: handle, name: path)) }
        return .failure(LoadFailure(reason: dlerror().map { String(cString: $0) } ?? "not found"))
    }

    /// Opens the first of `candidates` that loads; otherwise reports each name with `dlerror`'s reason.
    package static func open(_ candidates: [String], visibility: Visibility = .local)
        -> (library: DynamicLibrary?, reasons: [String]) {
        var reasons: [String] = []
        for name in candidates {
            switch open(name, visibility: visibility) {
            case .success(let library): return (library, reasons)
            case .failure(let failure): reasons.append("\(name) (\(failure.reason))")
            }
        }
        return (nil, reasons)
    }

    /// The address of an exported name, or `nil`.
    package func symbol(_ name: String) -> UnsafeMutableRawPointer? { dlsym(handle, name) }

    /// The address of the first exported name among `names` (newest ABI first), or `nil`.
    package func symbol(_ names: [String]) -> UnsafeMutableRawPointer? {
        for name in names {
            if let address = dlsym(handle, name) { return address }
        }
        return nil
    }

    /// An exported name as `T`: a `@convention(c)` function type, or a pointer type for data.
    package func symbol<T>(_ name: String, as type: T.Type) -> T? {
        symbol(name).map { unsafeBitCast($0, to: T.self) }
    }

    /// Why a library did not open.
    package struct LoadFailure: Error {
        /// `dlerror`'s text.
        package let reason: String
    }
}

/// Collects symbol lookups and the names that were missing, so a too-old library is
/// reported once with every missing function rather than one at a time.
package struct SymbolResolver {
    package let library: DynamicLibrary
    package private(set) var missing: [String] = []

    package init(_ library: DynamicLibrary) { self.library = library }

    /// Resolves `names` (first found wins) as the C function type `T`.
    package mutating func resolve<T>(_ names: String..., as type: T.Type) -> T? {
        guard let address = library.symbol(names) else {
            missing.append(names.joined(separator: "|"))
            return nil
        }
        return unsafeBitCast(address, to: T.self)
    }
}
