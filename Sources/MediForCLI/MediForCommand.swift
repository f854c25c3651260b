import ArgumentParser

/// The `medifor` command: every role of the system, one subcommand each.
public struct MediForCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "medifor",
        abstract: "Media forensics: score images and videos for manipulation, and run the services that do it.",
        discussion: """
            Start everything on one machine with `medifor serve`. The distributed roles (`medifor queue serve`, …) \
            run the same code as separate processes.
            """,
        version: MediForVersion.current,
        subcommands: [ServeCommand.self, AnalyzeCommand.self, AnalyticCommand.self, QueueCommand.self, WorkflowCommand.self, WorkerCommand.self, FusionWorkerCommand.self, EvalCommand.self, FusionCommand.self, UICommand.self, BenchCommand.self] + PipelineCommands.all
    )

    public init() {}
}

/// The version printed by `medifor --version`.
public enum MediForVersion {
    public static let current = "0.1.0"
}

/// The entry point the `medifor` executable calls.
public enum MediForMain {
    /// Parses the process arguments and runs the chosen subcommand, exiting with its status.
    public static func run() async {
        await MediForCommand.main()
    }
}
