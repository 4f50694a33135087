import ArgumentParser
import TensorBridge

@main
struct TensorBridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tensorbridge",
        abstract: "TensorFlow-style tensors for Swift, and the bridge to NumPy and the array ecosystem.",
        discussion: "`tensorbridge FILE` is short for `tensorbridge inspect FILE`; with no arguments, the demo runs.",
        version: TensorBridgeVersion.string,
        subcommands: [Demo.self, Bench.self, Inspect.self, Convert.self],
        defaultSubcommand: Demo.self)

    /// Parses the routed arguments (see ``CommandRouting``) and runs the command.
    static func main() async {
        do {
            var command = try parseAsRoot(CommandRouting.route(Array(CommandLine.arguments.dropFirst())))
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
