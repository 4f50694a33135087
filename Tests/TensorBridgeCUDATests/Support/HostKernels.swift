import Foundation
import Glibc
@testable import TensorBridgeCUDA

/// The math kernel sources compiled as host C++ (g++, a few macros for `__global__`,
/// `threadIdx`, ...) into a shared library and loaded, so their arithmetic runs on the CPU.
/// Element-wise kernels run as one "thread" (block and grid of 1, which their grid-stride
/// loops allow); reductions and matmul run one block as that many OS threads, `__shared__`
/// arrays shared between them and `__syncthreads` a barrier, so the tree and the tiles run as
/// on a GPU (the grid of 1 block loops over every output). This checks the kernels' semantics
/// (broadcast indexing, flushing, NaN and tie rules, wrapping, tiling) against the CPU ops
/// with no GPU; libm stands in for CUDA's libdevice, so it says nothing about its accuracy.
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
    #include <barrier>
    #include <thread>
    #include <vector>
    #define __global__
    #define __device__
    #define __forceinline__ inline
    #define __shared__ static
    struct tb_dim3 { unsigned x, y, z; };
    // Per OS thread, so tests running at once do not see each other's blocks.
    static thread_local tb_dim3 threadIdx = {0, 0, 0}, blockDim = {1, 1, 1};
    static const tb_dim3 blockIdx = {0, 0, 0}, gridDim = {1, 1, 1};
    static thread_local std::barrier<> *tb_block_barrier = nullptr;
    static inline void __syncthreads() { if (tb_block_barrier) tb_block_barrier->arrive_and_wait(); }
    // One block of `threads` threads running `body`.
    template <typename F> static void tb_run_block(unsigned threads, F body) {
        std::barrier<> barrier(threads);
        std::vector<std::thread> pool;
        for (unsigned t = 0; t < threads; ++t) {
            pool.emplace_back([t, threads, &barrier, &body] {
                threadIdx = {t, 0, 0};
                blockDim = {threads, 1, 1};
                tb_block_barrier = &barrier;
                body();
            });
        }
        for (auto &thread : pool) thread.join();
    }
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
        for reduction in ReduceKernelSource.reductions {
            for suffix in reduction.suffixes {
                let name = ReduceKernelSource.name(reduction.stem, suffix), type = types[suffix] ?? "float"
                lines.append("extern \"C\" void host_\(name)(const void *x, void *out, u64 tasks, u64 chunks, u64 chunk, u64 reduced, "
                             + "u64 inner, u64 count, unsigned threads) { tb_run_block(threads, [&] { "
                             + "\(name)((const \(type) *)x, (\(type) *)out, tasks, chunks, chunk, reduced, inner, count); }); }")
            }
        }
        for (name, type) in [(MatMulKernelSource.float32, "float"), (MatMulKernelSource.float64, "double")] {
            lines.append("extern \"C\" void host_\(name)(const void *a, const void *b, void *c, const tb_mm *g) "
                         + "{ tb_run_block(\(MatMulKernelSource.tile * MatMulKernelSource.tile), [&] { "
                         + "\(name)((const \(type) *)a, (const \(type) *)b, (\(type) *)c, *g); }); }")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private init() throws(HostKernelError) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tb-host-kernels-\(getpid())")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let source = directory.appendingPathComponent("kernels.cpp"), library = directory.appendingPathComponent("kernels.so")
        let text = Self.shim + CommonKernelSource.source + "\n" + MathKernelSource.source + ReduceKernelSource.source
            + MatMulKernelSource.source + Self.wrappers
        do { try text.write(to: source, atomically: true, encoding: .utf8) } catch {
            throw HostKernelError(description: "cannot write \(source.path): \(error)")
        }
        let compiler = Process()
        compiler.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // No contraction into FMA, SSE arithmetic (x86-64's default): each operation rounds once, as on the GPU.
        compiler.arguments = ["g++", "-std=c++20", "-pthread", "-O1", "-ffp-contract=off", "-fno-fast-math", "-shared", "-fPIC",
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
        try? FileManager.default.removeItem(at: directory)  // the loaded library stays mapped
    }

    func symbol<F>(_ name: String, as type: F.Type) throws -> F {
        guard let pointer = dlsym(handle, name) else { throw HostKernelError(description: "no symbol \(name)") }
        return unsafeBitCast(pointer, to: type)
    }

    typealias Binary = @convention(c) (UnsafeRawPointer?, UnsafeRawPointer?, UnsafeMutableRawPointer?, UInt64, UnsafeRawPointer?) -> Void
    typealias Unary = @convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer?, UInt64) -> Void
    typealias Reduce = @convention(c) (UnsafeRawPointer?, UnsafeMutableRawPointer?, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt32) -> Void
    typealias MatMul = @convention(c) (UnsafeRawPointer?, UnsafeRawPointer?, UnsafeMutableRawPointer?, UnsafeRawPointer?) -> Void
}
