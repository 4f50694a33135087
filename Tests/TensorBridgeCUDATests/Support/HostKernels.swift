import Foundation
import Glibc
@testable import TensorBridgeCUDA

/// The element-wise and reduction kernel sources compiled as host C++ (g++, a few macros for
/// `__global__`, `threadIdx`, ...) into a shared library and loaded, so their arithmetic runs
/// on the CPU: one "thread" (block and grid of 1), which the grid-stride loops and the
/// reduction tree allow. This checks the kernels' semantics (broadcast indexing, flushing,
/// NaN and tie rules, wrapping) against the CPU ops with no GPU; on the host, libm stands in
/// for CUDA's libdevice, so it says nothing about libdevice's accuracy.
final class HostKernels: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    /// The library, built once per test process; or why it could not be.
    static let shared: Result<HostKernels, HostKernelError> = {
        do { return .success(try HostKernels()) } catch { return .failure(error as? HostKernelError ?? HostKernelError(description: "\(error)")) }
    }()

    struct HostKernelError: Error, CustomStringConvertible {
        let description: String
    }

    static let shim = #"""
    #include <math.h>
    #include <string.h>
    #define __global__
    #define __device__
    #define __forceinline__ inline
    #define __shared__ static
    struct tb_dim3 { unsigned x, y, z; };
    static const tb_dim3 threadIdx = {0, 0, 0}, blockIdx = {0, 0, 0}, blockDim = {1, 1, 1}, gridDim = {1, 1, 1};
    static inline void __syncthreads() {}
    static inline float __int_as_float(unsigned v) { float f; memcpy(&f, &v, 4); return f; }
    static inline double __longlong_as_double(long long v) { double d; memcpy(&d, &v, 8); return d; }

    """#

    /// A by-pointer entry for each binary kernel (their broadcast struct is passed by value).
    static var wrappers: String {
        var lines: [String] = []
        let types = Dictionary(uniqueKeysWithValues: MathKernelSource.dtypeSuffixes.map { ($0.suffix, $0.type) })
        for (_, stem) in MathKernelSource.arithmetic + MathKernelSource.comparisons {
            let compares = MathKernelSource.comparisons.contains { $0.stem == stem }
            for (suffix, type) in types where suffix.hasPrefix("f") || MathKernelSource.hasIntegerKernel(stem) {
                let name = MathKernelSource.binaryName(stem, suffix), result = compares ? "u8" : type
                lines.append("extern \"C\" void host_\(name)(const void *x, const void *y, void *out, u64 n, const tb_bcast *b) "
                             + "{ \(name)((const \(type) *)x, (const \(type) *)y, (\(result) *)out, n, *b); }")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private init() throws(HostKernelError) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tb-host-kernels-\(getpid())")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let source = directory.appendingPathComponent("kernels.cpp"), library = directory.appendingPathComponent("kernels.so")
        let text = Self.shim + CommonKernelSource.source + "\n" + MathKernelSource.source + ReduceKernelSource.source + Self.wrappers
        do { try text.write(to: source, atomically: true, encoding: .utf8) } catch {
            throw HostKernelError(description: "cannot write \(source.path): \(error)")
        }
        let compiler = Process()
        compiler.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // No contraction into FMA, SSE arithmetic (x86-64's default): each operation rounds once, as on the GPU.
        compiler.arguments = ["g++", "-std=c++17", "-O1", "-ffp-contract=off", "-fno-fast-math", "-shared", "-fPIC",
                              "-o", library.path, source.path]
        let errors = Pipe()
        compiler.standardError = errors
        do { try compiler.run() } catch { throw HostKernelError(description: "g++ not runnable: \(error)") }
        compiler.waitUntilExit()
        guard compiler.terminationStatus == 0 else {
            let log = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw HostKernelError(description: "g++ failed on the kernel source:\n\(log)")
        }
        guard let handle = dlopen(library.path, RTLD_NOW | RTLD_LOCAL) else {
            throw HostKernelError(description: "dlopen: \(String(cString: dlerror()))")
        }
        self.handle = handle
    }

    func symbol<F>(_ name: String, as type: F.Type) throws -> F {
        guard let pointer = dlsym(handle, name) else { throw HostKernelError(description: "no symbol \(name)") }
        return unsafeBitCast(pointer, to: type)
    }

    typealias Binary = @convention(c) (UnsafeRawPointer?, UnsafeRawPointer?, UnsafeMutableRawPointer?, UInt64, UnsafeRawPointer?) -> Void
    typealias Unary = @convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer?, UInt64) -> Void
    typealias Reduce = @convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer?, UInt64, UInt64, UInt64) -> Void
}
