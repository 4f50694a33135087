import ArgumentParser

@main
struct TensorBridgeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tensorbridge",
        abstract: "TensorFlow-style tensors for Swift, and the bridge to NumPy and the array ecosystem.",
        subcommands: [Demo.self, Bench.self, Inspect.self, Convert.self],
        defaultSubcommand: Demo.self)
}
