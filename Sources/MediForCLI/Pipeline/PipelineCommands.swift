import ArgumentParser

/// The client of the Pipeline gRPC API: the commands that replace the original `python -m medifor pipeline …`.
///
/// Each command opens one connection to `--addr`, makes its calls with `--timeout` each, prints results on
/// standard output and failures on standard error, and exits with a status from ``PipelineExitStatus``.
package enum PipelineCommands {
    /// The commands, in the order `medifor --help` lists them.
    package static let all: [any ParsableCommand.Type] = [
        DetectCommand.self, DetectionListCommand.self, DetectionInfoCommand.self, UpdateTagsCommand.self,
        DeleteDetectionCommand.self, TagInfoCommand.self, AnalyticsCommand.self, HealthCheckCommand.self,
    ]
}

/// A command that talks to the Pipeline server.
package protocol PipelineClientCommand: AsyncParsableCommand {
    /// `--addr` and `--timeout`.
    var client: PipelineClientOptions { get }
}
