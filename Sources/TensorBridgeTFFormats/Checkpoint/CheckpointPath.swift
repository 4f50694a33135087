import TensorBridge
import Foundation

/// Where a checkpoint's files are: `PREFIX.index` and `PREFIX.data-NNNNN-of-NNNNN`.
enum CheckpointPath {
    /// Resolves a prefix, an `.index` file, or a directory holding a `checkpoint` state file
    /// (whose `model_checkpoint_path` names the latest checkpoint) to a prefix.
    static func resolve(_ path: String) throws -> String {
        var isDirectory: ObjCBool = false
        let fm = FileManager.default
        if fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            let stateFile = (path as NSString).appendingPathComponent("checkpoint")
            if let state = try? String(contentsOfFile: stateFile, encoding: .utf8) {
                guard let latest = latestPath(inState: state) else {
                    throw TensorBridgeError.invalid("\(stateFile) has no model_checkpoint_path line")
                }
                let named = latest.hasPrefix("/") ? latest : (path as NSString).appendingPathComponent(latest)
                // tf.compat.v1.train.Saver writes absolute paths by default; a directory that was
                // copied or moved still holds the checkpoint under the same file name.
                let moved = (path as NSString).appendingPathComponent((latest as NSString).lastPathComponent)
                if !fm.fileExists(atPath: named + ".index"), fm.fileExists(atPath: moved + ".index") { return moved }
                return named
            }
            // A SavedModel directory keeps its variables under variables/variables.
            let savedModelVariables = (path as NSString).appendingPathComponent("variables/variables")
            if fm.fileExists(atPath: savedModelVariables + ".index") { return savedModelVariables }
            throw TensorBridgeError.notFound("\(path) is a directory without a 'checkpoint' state file; pass the checkpoint prefix (such as \(path)/ckpt-1) instead")
        }
        let prefix = path.hasSuffix(".index") ? String(path.dropLast(".index".count)) : path
        guard fm.fileExists(atPath: prefix + ".index") else {
            throw TensorBridgeError.notFound("Failed to find any matching files for \(path) (no \(prefix).index)")
        }
        return prefix
    }

    /// `model_checkpoint_path: "…"` from the text-format `CheckpointState`.
    static func latestPath(inState state: String) -> String? {
        for line in state.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("model_checkpoint_path:") else { continue }
            let rest = trimmed.dropFirst("model_checkpoint_path:".count).trimmingCharacters(in: .whitespaces)
            guard rest.count >= 2, rest.first == "\"", rest.last == "\"" else { return nil }
            var out = ""
            var escaped = false
            for ch in rest.dropFirst().dropLast() {
                if escaped { out.append(ch); escaped = false } else if ch == "\\" { escaped = true } else { out.append(ch) }
            }
            return out
        }
        return nil
    }

    static func dataFile(prefix: String, shard: Int, of count: Int) -> String {
        prefix + ".data-" + pad5(shard) + "-of-" + pad5(count)
    }

    private static func pad5(_ n: Int) -> String {
        let s = String(n)
        return s.count >= 5 ? s : String(repeating: "0", count: 5 - s.count) + s
    }
}
