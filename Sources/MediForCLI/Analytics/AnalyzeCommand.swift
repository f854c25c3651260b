import ArgumentParser
import Foundation
import MediForAnalytics
import MediForProto
import MediForWorkflow

/// `medifor analyze`: run the built-in analytics on files, offline (no server, no queue).
struct AnalyzeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Run the built-in analytics on image files, without a server.",
        discussion: """
            Each file is analysed by every built-in analytic (or those named with --analytic), several at once; \
            masks are written under --out as <file>-<md5 prefix>/<analytic>-mask.png (0 = manipulated). The \
            scores are fused with the `mean` fuser. --json prints one JSON object per file. Exit status: 0 when \
            every file was analysed, 1 when a file could not be read, 64 bad usage.
            """
    )

    @Argument(help: "Image files.")
    var files: [String]

    @Option(name: .customLong("analytic"), help: "Run only this analytic (repeatable). See `medifor analytic list`.")
    var analyticIDs: [String] = []

    @Option(help: "Folder for masks.")
    var out = "./medifor-analysis"

    @Flag(help: "One JSON object per file instead of a table.")
    var json = false

    func validate() throws {
        guard !files.isEmpty else { throw ValidationError("give at least one file") }
        for id in analyticIDs where BuiltinAnalytics.named(id) == nil {
            throw ValidationError("unknown analytic '\(id)'; built-ins: \(BuiltinAnalytics.all.map(\.descriptor.id).joined(separator: ", "))")
        }
    }

    func run() async throws {
        let analytics = analyticIDs.isEmpty ? BuiltinAnalytics.all : analyticIDs.compactMap(BuiltinAnalytics.named)
        var failed = false
        for file in files {
            do {
                let report = try await Self.analyze(file, analytics: analytics, out: out)
                print(json ? try report.jsonLine() : report.table())
            } catch {
                failed = true
                FileHandle.standardError.write(Data("error: \(file): \(error)\n".utf8))
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// Analyses one file with `analytics`, concurrently.
    static func analyze(_ file: String, analytics: [any ForensicAnalytic], out: String) async throws -> AnalysisReport {
        let path = URL(fileURLWithPath: file).standardizedFileURL.path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read the file (missing or unreadable)")
        }
        let bytes = [UInt8](data)
        let type = MediaType.identify(prefix: Array(bytes.prefix(32)), fileExtension: URL(fileURLWithPath: path).pathExtension)
        let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let folder = URL(fileURLWithPath: out).standardizedFileURL.path + "/\(stem)-\(MD5.hex(bytes).prefix(8))"
        let input = AnalysisInput(data: bytes)
        let limit = max(ProcessInfo.processInfo.activeProcessorCount, 1)
        var outcomes: [AnalyticOutcome] = []
        await withTaskGroup(of: AnalyticOutcome.self) { group in
            var next = 0
            func startNext() {
                guard next < analytics.count else { return }
                let analytic = analytics[next]
                next += 1
                group.addTask {
                    AnalysisRunner.run(analytic, on: input, maskPath: folder + "/\(analytic.descriptor.id)-mask.png")
                }
            }
            for _ in 0..<limit { startNext() }
            for await outcome in group {
                outcomes.append(outcome)
                startNext()
            }
        }
        let order = Dictionary(uniqueKeysWithValues: analytics.enumerated().map { ($1.descriptor.id, $0) })
        outcomes.sort { order[$0.id, default: 0] < order[$1.id, default: 0] }
        return AnalysisReport(file: path, mediaType: type.mimeType, outcomes: outcomes)
    }
}

/// What `medifor analyze` prints for one file.
struct AnalysisReport {
    var file: String
    var mediaType: String
    var outcomes: [AnalyticOutcome]

    /// The `mean` fusion of the scores.
    var fused: Mediforproto_ImageManipulation {
        ScoreFuser(rule: .mean).fuse(outcomes.map { outcome in
            var result = Mediforproto_ImageManipulation()
            switch outcome.result {
            case .success(let analysis):
                result.score = analysis.score
                if analysis.isOptOut { result.optOut = .optOutAll }
            case .failure:
                result.optOut = .optOutAll
            }
            return (id: outcome.id, result: result)
        })
    }

    func jsonLine() throws -> String {
        let fusedResult = fused
        let object: [String: Any] = [
            "file": file,
            "mediaType": mediaType,
            "analytics": outcomes.map { outcome -> [String: Any] in
                var entry: [String: Any] = ["id": outcome.id, "seconds": (outcome.seconds * 1000).rounded() / 1000]
                switch outcome.result {
                case .success(let analysis):
                    entry["optOut"] = analysis.isOptOut
                    entry["score"] = analysis.isOptOut ? NSNull() : analysis.score as Any
                    entry["explanation"] = analysis.explanation
                    entry["mask"] = outcome.maskPath ?? NSNull()
                case .failure(let error):
                    entry["optOut"] = false
                    entry["score"] = NSNull()
                    entry["error"] = error.description
                    entry["mask"] = NSNull()
                }
                return entry
            },
            "fused": fusedResult.optOut == .optOutAll
                ? ["id": "mean", "score": NSNull(), "explanation": fusedResult.explanation] as [String: Any]
                : ["id": "mean", "score": fusedResult.score, "explanation": fusedResult.explanation],
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }

    func table() -> String {
        let fusedResult = fused
        var lines = ["\(file)  (\(mediaType))"]
        let fusedText = fusedResult.optOut == .optOutAll ? "no score" : String(format: "%.2f", fusedResult.score)
        lines.append("  fused (mean): \(fusedText)")
        for outcome in outcomes {
            let id = outcome.id.padding(toLength: 10, withPad: " ", startingAt: 0)
            let time = String(format: "%6.2f s", outcome.seconds)
            switch outcome.result {
            case .success(let analysis) where analysis.isOptOut:
                lines.append("  \(id)  opt-out  \(time)  \(analysis.explanation)")
            case .success(let analysis):
                lines.append("  \(id)  \(String(format: "%5.2f", analysis.score))    \(time)  \(analysis.explanation)")
            case .failure(let error):
                lines.append("  \(id)  error    \(time)  \(error)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
