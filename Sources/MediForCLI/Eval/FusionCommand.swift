import ArgumentParser

/// `medifor fusion`: trained fusion models for the `logreg` fuser.
package struct FusionCommand: ParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "fusion",
        abstract: "Train fusion models on benchmark results.",
        subcommands: [FusionTrainCommand.self]
    )

    package init() {}
}
