import Glibc

/// Where the `nvidia-cuda-nvrtc` wheel's `libnvrtc.so.13` is: `TENSORBRIDGE_NVRTC` if set,
/// else the site-packages of the venv `TENSORBRIDGE_PYTHON` belongs to (scripts/test installs
/// the wheel there from scripts/requirements.txt), else a CUDA toolkit's.
enum NVRTCWheel {
    static let path: String? = {
        if let explicit = getenv("TENSORBRIDGE_NVRTC").map({ String(cString: $0) }), !explicit.isEmpty { return explicit }
        var patterns = ["/usr/local/cuda/lib64/libnvrtc.so.1[0-9]*"]
        if let python = getenv("TENSORBRIDGE_PYTHON").map({ String(cString: $0) }), let slash = python.lastIndex(of: "/") {
            let bin = python[..<slash]
            if let venvEnd = bin.lastIndex(of: "/") {
                let venv = bin[..<venvEnd]
                patterns.insert("\(venv)/lib/python3*/site-packages/nvidia/cu1[0-9]/lib/libnvrtc.so.1[0-9]", at: 0)
            }
        }
        for pattern in patterns {
            var matches = glob_t()
            defer { globfree(&matches) }
            guard glob(pattern, 0, nil, &matches) == 0, matches.gl_pathc > 0, let first = matches.gl_pathv[0] else { continue }
            return String(cString: first)
        }
        return nil
    }()
}
