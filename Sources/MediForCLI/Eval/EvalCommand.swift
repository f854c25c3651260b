import ArgumentParser

/// `medifor eval`: the offline evaluation loop, generate a benchmark, run the analytics over it, score them.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate analytics and fusers on a benchmark, with MediScore's metrics.",
        discussion: """
            A typical loop:
              medifor eval generate --hosts photos --seed 1 --out bench
              medifor eval run --dataset bench
              medifor eval score --dataset bench --system bench/run/ela/ela.csv --html ela.html
            """,
        subcommands: [EvalGenerateCommand.self, EvalScoreCommand.self, EvalRunCommand.self]
    )
}
