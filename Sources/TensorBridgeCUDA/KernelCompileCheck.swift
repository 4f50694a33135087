import TensorBridge
/// Compiles the kernel library the backend ships for given architectures and checks that
/// every kernel came out, with no compiler output at all (an error or a warning both fail).
/// Needs NVRTC only, no GPU: the test suite runs it with the `nvidia-cuda-nvrtc` wheel.
package enum KernelCompileCheck {
    /// One line per kernel and target: `compiled tb_gray_f32 for compute_90 (PTX)`.
    /// - Throws: `TensorBridgeError` (`.kernelCompilation`) with NVRTC's log for an error, a
    ///   warning, or a kernel missing from the output.
    package static func run(_ nvrtc: NVRTC, architectures: [(major: Int, minor: Int)] = [(8, 0), (9, 0)]) throws(TensorBridgeError) -> [String] {
        var lines: [String] = []
        for (major, minor) in architectures {
            for output in [NVRTC.Output.ptx, .cubin] {
                let options = NVRTC.options(major: major, minor: minor, output: output)
                let product = try nvrtc.build(KernelLibrary.source, "tensorbridge_kernels.cu", options, output)
                let target = "\(output == .ptx ? "compute" : "sm")_\(major)\(minor) (\(output == .ptx ? "PTX" : "CUBIN"))"
                guard product.log.allSatisfy(\.isWhitespace) else {
                    throw .compilation(call: "nvrtcCompileProgram for \(target)", code: 0, log: "warnings are errors here:\n\(product.log)")
                }
                for name in KernelLibrary.kernelNames {
                    // PTX declares `.entry name(`; a CUBIN's symbol table holds the name.
                    let needle = Array((output == .ptx ? ".entry \(name)(" : "\(name)\0").utf8)
                    guard contains(product.image, needle) else {
                        throw .compilation(call: "kernel \(name) for \(target)", code: 0, log: "not in the compiler's output")
                    }
                    lines.append("compiled \(name) for \(target)")
                }
            }
        }
        return lines
    }

    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard let first = needle.first, haystack.count >= needle.count else { return false }
        var i = 0
        while i + needle.count <= haystack.count {
            if haystack[i] == first, haystack[i..<i + needle.count].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }
}
