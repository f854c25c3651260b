import ArgumentParser

/// `medifor bench`: measurements on this machine (never part of the test suite).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure throughput and latency on this machine.",
        subcommands: [QueueBenchCommand.self, StoreBenchCommand.self, PipelineBenchCommand.self, AnalyticsBenchCommand.self]
    )
}
