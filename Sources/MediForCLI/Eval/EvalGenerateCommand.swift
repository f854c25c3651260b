import ArgumentParser
import Foundation
import MediForBenchmark

/// `medifor eval generate`: build the seeded synthetic forgery benchmark from a folder of host photos.
struct EvalGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Build a seeded synthetic forgery benchmark in MediScore's layout from host photos.",
        discussion: """
            Every JPEG or PNG in --hosts becomes a pseudo-camera original; each manipulation (splice, copymove, \
            localdq, resample, noise, blur, median, recompress, metadata) gets the same number of targets, each \
            with a matched control. Writes index.csv, reference.csv, probe/, mask/ and dataset.json under --out. \
            The same seed and hosts give byte-identical output. scripts/sample-hosts.sh DIR collects suitable \
            photos from the scikit-image and PyWavelets packages and Debian's opencv-doc.
            """
    )

    @Option(help: "Folder of host photos (JPEG or PNG).")
    var hosts: String

    @Option(help: "Seed of every random choice (a non-negative integer).")
    var seed: UInt64

    @Option(help: "Output folder; must be missing or empty unless --force.")
    var out: String

    @Option(help: "small (≈230 probes, ≤ 0.5 MP) or full (≈1,400 probes, tiles up to 2 MP).")
    var size: String = BenchmarkSize.small.rawValue

    @Flag(help: "Replace an earlier benchmark in --out (its probe/, mask/ and table files are removed first).")
    var force = false

    func validate() throws {
        guard BenchmarkSize(rawValue: size) != nil else {
            throw ValidationError("--size must be \(BenchmarkSize.allCases.map(\.rawValue).joined(separator: " or "))")
        }
    }

    func run() async throws {
        let configuration = BenchmarkConfiguration(seed: seed, size: BenchmarkSize(rawValue: size) ?? .small)
        let generator = BenchmarkGenerator(configuration: configuration)
        let start = ContinuousClock.now
        let summary: BenchmarkSummary
        do {
            summary = try generator.generate(
                hosts: URL(fileURLWithPath: hosts).standardizedFileURL,
                output: URL(fileURLWithPath: out).standardizedFileURL, replacingExisting: force)
        } catch {
            throw CLIError(error.description)
        }
        for warning in summary.warnings {
            FileHandle.standardError.write(Data("warning: \(warning)\n".utf8))
        }
        let elapsed = start.duration(to: .now).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
        print(summary.table(), terminator: "")
        print(
            "\(summary.probes) probes (\(summary.targets) targets) from \(summary.hosts.count) host photos "
                + "(\(summary.tiles) tiles), seed \(summary.seed), in \(String(format: "%.1f", seconds)) s → \(out)")
    }
}
