import Foundation
import Logging
import MediForStore

/// The distributed roles as separate `medifor` processes on loopback, for `medifor bench pipeline --postgres`:
/// `queue serve` (Postgres), `workflow` (Postgres store), `analytic serve noop`, `analytic serve mean`, a worker and
/// a fusion worker. Each process logs to a file in the run's folder.
enum DistributedRoles {
    static func measure(count: Int, folder: String, postgresURL: String, logger: Logger) async throws
        -> PipelineBenchResult
    {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        let base = Int.random(in: 20_000...55_000)
        let (queuePort, httpPort, pipelinePort, analyticPort, fuserPort) = (base, base + 1, base + 2, base + 3, base + 4)
        let suffix = UUID().uuidString.prefix(8).lowercased()
        let separator = postgresURL.contains("?") ? "&" : "?"
        let queueURL = postgresURL + separator + "schema=benchq_\(suffix)"
        let storeURL = postgresURL + separator + "schema=benchs_\(suffix)"
        let storage = folder + "/storage"
        let config = folder + "/analytics.json"
        try Data("""
            {"analytics": [{"id": "noop", "name": "No-op", "description": "bench", "media": ["IMAGE"]},
                           {"id": "mean", "name": "Mean", "description": "bench", "media": ["FUSION_IMAGE"]}]}
            """.utf8).write(to: URL(fileURLWithPath: config))
        let queueAddress = "127.0.0.1:\(queuePort)"
        let roles: [(String, [String])] = [
            ("queue", ["queue", "serve", "--backend", queueURL, "--host", "127.0.0.1", "--grpc-port", "\(queuePort)",
                       "--http-port", "\(httpPort)"]),
            ("workflow", ["workflow", "--queue", queueAddress, "--store", storeURL, "--config", config,
                          "--storage-root", storage, "--host", "127.0.0.1", "--port", "\(pipelinePort)"]),
            ("noop", ["analytic", "serve", "noop", "--host", "127.0.0.1", "--port", "\(analyticPort)"]),
            ("mean", ["analytic", "serve", "mean", "--host", "127.0.0.1", "--port", "\(fuserPort)"]),
            ("worker", ["worker", "--analytic-id", "noop", "--analytic-addr", "127.0.0.1:\(analyticPort)",
                        "--queue", queueAddress, "--concurrency", "4"]),
            ("fusion-worker", ["fusion-worker", "--fuser-id", "mean", "--fuser-addr", "127.0.0.1:\(fuserPort)",
                               "--queue", queueAddress, "--concurrency", "4"]),
        ]
        var processes: [Process] = []
        defer {
            for process in processes where process.isRunning { process.terminate() }
            for process in processes { process.waitUntilExit() }
        }
        for (name, arguments) in roles {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments + ["--log-level", "warning"]
            let log = folder + "/\(name).log"
            FileManager.default.createFile(atPath: log, contents: nil)
            process.standardOutput = FileHandle(forWritingAtPath: log)
            process.standardError = FileHandle(forWritingAtPath: log)
            try process.run()
            processes.append(process)
            if name == "queue" { try await Task.sleep(for: .seconds(2)) }
        }
        try await Task.sleep(for: .seconds(2))
        for (process, role) in zip(processes, roles) where !process.isRunning {
            throw CLIError("the \(role.0) process exited; see \(folder)/\(role.0).log")
        }
        var storeConfiguration = try PostgresDetectionStore.Configuration(url: storeURL)
        storeConfiguration.maximumConnections = 2
        let store = try PostgresDetectionStore(configuration: storeConfiguration, logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await store.run() }
            defer { group.cancelAll() }
            let result = try await PipelineBenchDriver(count: count, storageRoot: storage, store: store)
                .run(host: "127.0.0.1", port: pipelinePort)
            try? await store.dropSchema()
            return result
        }
    }
}
