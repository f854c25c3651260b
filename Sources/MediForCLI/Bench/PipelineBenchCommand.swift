import ArgumentParser
import EntroQ
import EntroQSQLite
import EntroQService
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import MediForAnalytics
import MediForProto
import MediForStore
import MediForWorkflow
import SwiftProtobuf

/// `medifor bench pipeline`: detections per second through the whole workflow, and the latency it adds.
struct PipelineBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Detections per second and added latency through the workflow, with a no-op analytic.",
        discussion: """
            Embedded: the roles of `medifor serve` in this process (SQLite queue and store), the built-in `noop` \
            analytic and the `mean` fuser, driven over gRPC. With --postgres, the same through the distributed \
            roles (queue server, workflow, analytic and fuser servers, workers), talking only over loopback gRPC, on \
            Postgres. Latency is from the detection's creation to its stored fusion, read from the store.
            """
    )

    @Option(help: "Detections to submit.")
    var count = 300

    @Option(help: "Postgres URL to also measure the distributed roles. [env: MEDIFOR_BENCH_POSTGRES_URL]")
    var postgres: String?

    func run() async throws {
        var logger = Logger(label: "medifor.bench.pipeline")
        logger.logLevel = .error
        let folder = FileManager.default.temporaryDirectory.path + "/medifor-pipeline-bench-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        print("pipeline benchmark: \(count) detections, no-op analytic, mean fuser")
        let embedded = try await runEmbedded(folder: folder + "/embedded", logger: logger)
        print(embedded.line("embedded (medifor serve, SQLite)"))
        if let url = postgres ?? ProcessInfo.processInfo.environment["MEDIFOR_BENCH_POSTGRES_URL"] {
            let distributed = try await DistributedRoles.measure(
                count: count, folder: folder + "/distributed", postgresURL: url, logger: logger)
            print(distributed.line("distributed roles over gRPC, Postgres"))
        }
    }

    private func runEmbedded(folder: String, logger: Logger) async throws -> PipelineBenchResult {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let queue = try SQLiteBackend(path: folder + "/queue.sqlite")
        let store = try SQLiteDetectionStore(path: folder + "/results.sqlite")
        let storage = try MediaStorage(root: folder + "/storage")
        let noop = [BuiltinAnalytics.named("noop")!]
        let fusers: [any ImageFuser] = [ScoreFuser(rule: .mean)]
        let workflow = Workflow(
            queue: queue, store: store, catalog: try EmbeddedAnalytics.catalog(analytics: noop, fusers: fusers),
            storage: storage, logger: logger)
        let server = GRPCServerService(
            host: "127.0.0.1", port: 0,
            services: [PipelineService(workflow: workflow)], health: nil, logger: logger)
        let embedded = EmbeddedAnalytics(
            queue: queue, analytics: noop, fusers: fusers, workerSettings: { WorkerSettings(id: $0) }, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            defer { group.cancelAll() }
            group.addTask { try await server.server.serve() }
            group.addTask { try await WorkflowStages(workflow: workflow).run() }
            group.addTask { try await embedded.run() }
            guard let port = try await server.listeningPort() else { throw CLIError("pipeline server did not start") }
            return try await PipelineBenchDriver(count: count, storageRoot: storage.root, store: store)
                .run(host: "127.0.0.1", port: port)
        }
    }
}

/// Throughput and latency of one run.
struct PipelineBenchResult {
    var count: Int
    var seconds: Double
    /// Creation → stored fusion, for the detections of the throughput run (includes queueing behind the batch).
    var latenciesMs: [Double]
    /// Detect → fused score visible through the API, one detection at a time (the latency the workflow adds).
    var unloadedMs: [Double]

    func line(_ label: String) -> String {
        func quantile(_ values: [Double], _ p: Double) -> Double {
            let sorted = values.sorted()
            return sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
        }
        return "  " + label.padding(toLength: 38, withPad: " ", startingAt: 0)
            + String(format: "%6.1f detections/s   one at a time: p50 %6.1f ms p99 %6.1f ms   under load: p50 %6.0f ms p99 %6.0f ms",
                     Double(count) / seconds, quantile(unloadedMs, 0.5), quantile(unloadedMs, 0.99),
                     quantile(latenciesMs, 0.5), quantile(latenciesMs, 0.99))
    }
}

/// Submits detections through the Pipeline API and waits until each has its fused score.
struct PipelineBenchDriver {
    let count: Int
    let storageRoot: String
    let store: any DetectionStore

    func run(host: String, port: Int) async throws -> PipelineBenchResult {
        // Distinct small files inside the storage root (the no-op analytic never decodes them).
        var paths: [String] = []
        try FileManager.default.createDirectory(atPath: storageRoot + "/inbox", withIntermediateDirectories: true)
        for index in 0..<count {
            let path = storageRoot + "/inbox/probe-\(index).jpg"
            try Data([0xFF, 0xD8, 0xFF, 0xE0] + Array("bench probe \(index) \(UUID().uuidString)".utf8))
                .write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let transport = try HTTP2ClientTransport.Posix(
            target: .ipv4(address: host, port: port), transportSecurity: .plaintext)
        return try await withGRPCClient(transport: transport) { client in
            let pipeline = Mediforproto_Pipeline.Client(wrapping: client)
            let start = ContinuousClock.now
            var ids: [String] = []
            try await withThrowingTaskGroup(of: String.self) { group in
                var next = 0
                for _ in 0..<min(16, paths.count) {
                    let path = paths[next]
                    next += 1
                    group.addTask { try await Self.detect(path, pipeline) }
                }
                while let id = try await group.next() {
                    ids.append(id)
                    if next < paths.count {
                        let path = paths[next]
                        next += 1
                        group.addTask { try await Self.detect(path, pipeline) }
                    }
                }
            }
            var query = Mediforproto_DetectionListRequest()
            query.fuserID = "mean"
            query.fusionThresholdType = .fusionLtThreshold
            query.fusionThresholdValue = 2
            query.pageSize = 1
            let deadline = ContinuousClock.now + .seconds(600)
            while try await pipeline.getDetectionList(query).total < count {
                guard ContinuousClock.now < deadline else { throw CLIError("detections did not finish within 600 s") }
                try await Task.sleep(for: .milliseconds(50))
            }
            let elapsed = start.duration(to: .now)
            var latencies: [Double] = []
            for id in ids {
                let detection = try await store.detection(id: id, wantFused: true)
                guard let created = detection.analytics.map(\.createdMs).min(),
                    let fused = detection.fusions.compactMap(\.finishedMs).max()
                else { continue }
                latencies.append(Double(fused - created))
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            var unloaded: [Double] = []
            for index in 0..<Self.unloadedSamples {
                let path = storageRoot + "/inbox/single-\(index).jpg"
                try Data([0xFF, 0xD8, 0xFF, 0xE0] + Array("single probe \(index) \(UUID().uuidString)".utf8))
                    .write(to: URL(fileURLWithPath: path))
                let start = ContinuousClock.now
                let id = try await Self.detect(path, pipeline)
                while true {
                    let info = try await pipeline.getDetectionInfo(.with {
                        $0.id = id
                        $0.wantFused = true
                    })
                    if info.fusionInfo.contains(where: { $0.stage == .finished }) { break }
                    guard start.duration(to: .now) < .seconds(60) else { throw CLIError("a detection took over 60 s") }
                    try await Task.sleep(for: .milliseconds(2))
                }
                let took = start.duration(to: .now)
                unloaded.append(Double(took.components.seconds) * 1000 + Double(took.components.attoseconds) / 1e15)
            }
            return PipelineBenchResult(count: count, seconds: seconds, latenciesMs: latencies, unloadedMs: unloaded)
        }
    }

    static let unloadedSamples = 40

    static func detect(_ path: String, _ pipeline: Mediforproto_Pipeline.Client<HTTP2ClientTransport.Posix>)
        async throws -> String
    {
        var request = Mediforproto_DetectionRequest()
        request.request.imgManipReq.image.uri = path
        return try await pipeline.detect(request).id
    }
}
