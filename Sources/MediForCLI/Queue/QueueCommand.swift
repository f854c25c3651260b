import ArgumentParser

/// `medifor queue`: the EntroQ-compatible task queue.
struct QueueCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "The EntroQ-compatible task queue.",
        subcommands: [QueueServeCommand.self]
    )
}
