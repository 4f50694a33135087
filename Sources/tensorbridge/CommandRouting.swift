import Foundation

/// Where a bare argument goes: `tensorbridge a.npy` means `tensorbridge inspect a.npy`
/// rather than an "unexpected argument" error from the default `demo` subcommand.
enum CommandRouting {
    static let subcommands: Set<String> = ["demo", "bench", "inspect", "convert", "soak", "help"]

    /// `arguments` without the program name, with `inspect` put in front when the first one
    /// is not a subcommand or an option but names an existing file or directory.
    static func route(_ arguments: [String]) -> [String] {
        guard let first = arguments.first, !first.hasPrefix("-"), !subcommands.contains(first),
              FileManager.default.fileExists(atPath: first) else {
            return arguments
        }
        return ["inspect"] + arguments
    }
}
