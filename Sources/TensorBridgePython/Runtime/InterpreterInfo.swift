import Foundation

/// What an interpreter says about itself, asked in a child process.
struct InterpreterInfo: Decodable {
    let version: String
    let libDir: String
    let ldLibrary: String
    let instSoName: String

    enum CodingKeys: String, CodingKey {
        case version, libDir = "libdir", ldLibrary = "ldlibrary", instSoName = "instsoname"
    }

    /// The shared libraries to try: `LIBDIR/LDLIBRARY`, `LIBDIR/INSTSONAME`, then the bare
    /// names for the dynamic linker's own search path. Static archives are skipped.
    var libraryCandidates: [String] {
        var out: [String] = []
        for name in [ldLibrary, instSoName] where name.contains(".so") || name.hasSuffix(".dylib") {
            out.append(libDir.isEmpty ? name : "\(libDir)/\(name)")
            out.append(name)
        }
        var seen = Set<String>()
        return out.filter { seen.insert($0).inserted }
    }

    static let script = """
        import json, sys, sysconfig
        v = sysconfig.get_config_var
        print(json.dumps({"version": "%d.%d.%d" % sys.version_info[:3], "libdir": v("LIBDIR") or "",
            "ldlibrary": v("LDLIBRARY") or "", "instsoname": v("INSTSONAME") or ""}))
        """

    static func query(_ interpreter: String) throws -> InterpreterInfo {
        guard FileManager.default.isExecutableFile(atPath: interpreter) else {
            throw TensorBridgeError.pythonUnavailable("\(interpreter) is not an executable file")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: interpreter)
        process.arguments = ["-c", script]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            throw TensorBridgeError.pythonUnavailable("cannot run \(interpreter): \(error.localizedDescription)")
        }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TensorBridgeError.pythonUnavailable("\(interpreter) exited with status \(process.terminationStatus)")
        }
        do {
            return try JSONDecoder().decode(InterpreterInfo.self, from: data)
        } catch {
            throw TensorBridgeError.pythonUnavailable("\(interpreter) gave unreadable sysconfig output")
        }
    }
}
