import EntroQSQLite
import EntroQService
import Foundation
import GRPCCore
import Logging
import MediForAnalytics
import MediForEval
import MediForStore
import MediForWorkflow
import ServiceLifecycle
import Testing

@testable import MediForCLI

@Suite("medifor eval run --addr")
struct EvalPipelineRunTests {
    /// Runs `body` with a workflow in this process: SQLite queue and store, the Pipeline API on a loopback port,
    /// and the given built-in analytics behind their own gRPC servers and workers, as `medifor serve` runs them.
    static func withWorkflow(
        analytics ids: [String], folder: String, _ body: (_ port: Int, _ storageRoot: String) async throws -> Void
    ) async throws {
        var logger = Logger(label: "medifor.test.eval")
        logger.logLevel = .error
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let queue = try SQLiteBackend(path: folder + "/queue.sqlite")
        let store = try SQLiteDetectionStore(path: folder + "/results.sqlite")
        let storage = try MediaStorage(root: folder + "/storage")
        let analytics = ids.compactMap(BuiltinAnalytics.named)
        let fusers: [any ImageFuser] = [ScoreFuser(rule: .mean)]
        let workflow = Workflow(
            queue: queue, store: store, catalog: try EmbeddedAnalytics.catalog(analytics: analytics, fusers: fusers),
            storage: storage, logger: logger)
        let server = GRPCServerService(
            host: "127.0.0.1", port: 0, services: [PipelineService(workflow: workflow)], health: nil, logger: logger)
        let embedded = EmbeddedAnalytics(
            queue: queue, analytics: analytics, fusers: fusers, workerSettings: { WorkerSettings(id: $0) },
            logger: logger)
        // A service group stopped by graceful shutdown, as `medifor serve` stops on SIGTERM: cancelling gRPC
        // servers outright can leave a just-opened HTTP/2 stream unserved, which NIO treats as a programming error.
        let services = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: server), .init(service: WorkflowStages(workflow: workflow)), .init(service: embedded),
                ],
                logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            do {
                let port = try #require(try await server.listeningPort())
                try await body(port, storage.root)
            } catch {
                await services.triggerGracefulShutdown()
                throw error
            }
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    }

    @Test("probes go through a running workflow; results and masks are read back and fused here")
    func throughWorkflow() async throws {
        let fixture = try EvalFixture()
        defer { fixture.remove() }
        let out = fixture.root.appendingPathComponent("results")
        try await Self.withWorkflow(analytics: ["ela", "median"], folder: fixture.root.path + "/server") { port, root in
            let command: EvalRunCommand = try parseEval([
                "run", "--dataset", fixture.root.path, "--out", out.path, "--addr", "127.0.0.1:\(port)",
                "--storage-root", root, "--fusers", "mean,max", "--bootstrap", "0", "-q",
            ])
            try await command.run()
        }
        let run = try EvalRunCommandTests.runJSON(out)
        // The server's image analytics, in catalogue order.
        #expect(run["analytics"] as? [String] == ["ela", "median"])
        #expect(run["fusers"] as? [String] == ["mean", "max"])
        for system in ["ela", "median", "mean", "max"] {
            let rows = try EvalRunCommandTests.rows(out.appendingPathComponent("\(system)/\(system).csv"))
            #expect(rows.count == 6, "\(system)")
            for (probe, fields) in rows {
                #expect(fields[2] == "Processed", "\(system) \(probe)")
                #expect(Double(fields[0]) != nil)
                #expect(fields[1] == "mask/\(probe).png")
                let mask = out.appendingPathComponent("\(system)/mask/\(probe).png").path
                #expect(FileManager.default.fileExists(atPath: mask), "\(mask)")
            }
        }
        // Fused offline from the server's scores: the mean of the two analytics.
        let ela = try EvalRunCommandTests.rows(out.appendingPathComponent("ela/ela.csv"))
        let median = try EvalRunCommandTests.rows(out.appendingPathComponent("median/median.csv"))
        let mean = try EvalRunCommandTests.rows(out.appendingPathComponent("mean/mean.csv"))
        for probe in EvalFixture.targets + EvalFixture.controls {
            let expected = ((Double(ela[probe]?[0] ?? "") ?? .nan) + (Double(median[probe]?[0] ?? "") ?? .nan)) / 2
            #expect(abs((Double(mean[probe]?[0] ?? "") ?? .nan) - expected) < 1e-12, "\(probe)")
        }
        let report = try ScoreReport.decoded(from: Data(contentsOf: out.appendingPathComponent("report.json")))
        #expect(report.systems.map(\.name) == ["ela", "median", "mean", "max"])
    }

    @Test("an unreachable server ends the run with UNAVAILABLE")
    func unreachable() async throws {
        let fixture = try EvalFixture()
        defer { fixture.remove() }
        let command: EvalRunCommand = try parseEval([
            "run", "--dataset", fixture.root.path, "--addr", "127.0.0.1:1", "--storage-root",
            fixture.root.path + "/storage", "--analytics", "ela", "--timeout", "5", "-q",
        ])
        await #expect(throws: (any Error).self) { try await command.run() }
    }
}
