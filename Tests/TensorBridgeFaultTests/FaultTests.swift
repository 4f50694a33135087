import Foundation
import Testing
import TensorBridge
import TensorBridgeFormats
import TensorBridgeTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Faults from outside the process: a full disk during a save, and a memory-mapped file
/// truncated by another process. Both run in a child process, which the fault may end.
@Suite struct FileFaultTests {
    /// A save that runs out of space must fail with the system's reason and leave the target
    /// exactly as it was (no partial file, no temporary left behind). The disk is a 1 MiB tmpfs
    /// in a private mount namespace (`unshare -rm`); where namespaces are not allowed, a file
    /// size limit (`ulimit -f`) makes the kernel refuse the same write instead.
    @Test func diskFullDuringSaveLeavesTheTargetUntouched() throws {
        let cli = try builtExecutable("tensorbridge")
        try withTemporaryDirectory { dir in
            let source = dir.appendingPathComponent("big.npy")
            try NPY.save(try Tensor.zeros(shape: [1 << 20], dtype: .float32), to: source)  // 4 MiB
            let disk = dir.appendingPathComponent("disk")
            try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
            let script = """
                set -u
                if [ "$1" = tmpfs ]; then mount -t tmpfs -o size=1m tensorbridge-full "$2" || exit 90
                else trap '' XFSZ; ulimit -f 1024; fi
                printf 'original bytes' > "$2/out.npy"
                "$3" convert "$4" "$2/out.npy"; echo "convert exit $?"
                echo "target: $(cat "$2/out.npy")"
                echo "files: $(ls -A "$2" | tr '\\n' ' ')"
                """
            var result = try Child.run(URL(fileURLWithPath: "/usr/bin/env"),
                                       ["unshare", "-rm", "sh", "-c", script, "sh", "tmpfs", disk.path, cli.path, source.path])
            var reason = "No space left on device"
            if !result.stdout.contains("convert exit") {
                // No mount namespace here: the file size limit instead.
                result = try Child.run(URL(fileURLWithPath: "/bin/sh"), ["-c", script, "sh", "limit", disk.path, cli.path, source.path])
                reason = "File too large"
            }
            #expect(result.stdout.contains("convert exit 1"), "\(result.stdout)\(result.stderr)")
            #expect(result.stderr.contains("tensorbridge: error: cannot write"), "\(result.stderr)")
            #expect(result.stderr.contains(reason), "\(result.stderr)")
            #expect(result.stdout.contains("target: original bytes"), "the target must be untouched: \(result.stdout)")
            #expect(result.stdout.contains("files: out.npy \n") || result.stdout.hasSuffix("files: out.npy "),
                    "the temporary file must be removed: \(result.stdout)")
        }
    }

    /// What we promise for a mapped file truncated by another process: reading the lost pages
    /// ends the process with SIGBUS (as for any mapped file), but never silently: the message
    /// names the file and the cause before the signal goes on to its previous handler.
    @Test func truncatedMappedFileEndsWithAMessageNamingIt() throws {
        let probe = try builtExecutable("tensorbridge-fault-probe")
        try withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("mapped.npy")
            try NPY.save(try Tensor.fill(shape: [1 << 20], value: Float(1)), to: file)  // 4 MiB
            let child = try Child(probe, ["mmap-read", file.path])
            let first = child.readLine()
            #expect(first == "mapped \(4 << 20) bytes")
            #expect(truncate(file.path, 4096) == 0, "truncating the mapped file (another process)")
            child.writeLine("go")
            let result = child.finish()
            #expect(result.reason == .uncaughtSignal && result.status == SIGBUS, "ended by SIGBUS: \(result.status) \(result.reason)")
            #expect(result.stderr.contains("TensorBridge: SIGBUS reading a memory-mapped tensor file: \(file.path) is shorter than when it was mapped"),
                    "\(result.stderr.prefix(2000))")
            #expect(!result.stdout.contains("read all bytes"))
        }
    }

    /// The same read of an untouched mapping completes: the handler changes nothing else.
    @Test func untouchedMappedFileReadsNormally() throws {
        let probe = try builtExecutable("tensorbridge-fault-probe")
        try withTemporaryDirectory { dir in
            let file = dir.appendingPathComponent("mapped.npy")
            try NPY.save(try Tensor.fill(shape: [1 << 20], value: UInt8(3)), to: file)
            let child = try Child(probe, ["mmap-read", file.path])
            #expect(child.readLine() == "mapped \(1 << 20) bytes")
            child.writeLine("go")
            let result = child.finish()
            #expect(result.exitedNormally && result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("read all bytes, sum \(3 << 20)"))
        }
    }
}
