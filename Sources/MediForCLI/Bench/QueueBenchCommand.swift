import ArgumentParser
import EntroQ
import EntroQPostgres
import EntroQSQLite
import Foundation
import Logging

/// `medifor bench queue`: throughput and wake-up latency of each backend, plus pgbench for comparison.
struct QueueBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Insert→claim→delete throughput and claim wake-up latency per backend and worker count.",
        discussion: """
            Runs in-process against memory, a SQLite file in a temporary folder and, when a URL is given, \
            Postgres (in a scratch schema that is dropped afterwards), where pgbench runs the same cycle as \
            plain SQL for comparison. Build with -c release for meaningful numbers.
            """
    )

    @Option(help: "Insert→claim→delete cycles per measurement.")
    var cycles = 2000

    @Option(help: "Wake-up latency samples per measurement.")
    var samples = 200

    @Option(help: "Comma-separated worker counts.")
    var workers = "1,4,16"

    @Option(help: "Postgres URL to include Postgres. [env: MEDIFOR_BENCH_POSTGRES_URL]")
    var postgres: String?

    func run() async throws {
        let workerCounts = workers.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !workerCounts.isEmpty, workerCounts.allSatisfy({ $0 > 0 }) else {
            throw ValidationError("--workers needs positive counts, e.g. 1,4,16")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("medifor-bench-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        var rows: [QueueBench.Row] = []
        rows += try await measure("memory", MemoryBackend(), workerCounts)
        rows += try await measure("sqlite", try SQLiteBackend(path: folder.appendingPathComponent("q.sqlite").path), workerCounts)
        var pgbench: [(Int, Double?)] = []
        if let url = postgres ?? ProcessInfo.processInfo.environment["MEDIFOR_BENCH_POSTGRES_URL"] {
            var config = try PostgresBackend.Configuration(url: url)
            config.schema = "bench_" + TaskIDGenerator.make().prefix(8)
            let backend = try PostgresBackend(configuration: config)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await backend.run() }
                defer { group.cancelAll() }
                try await backend.migrate()
                rows += try await measure("postgres", backend, workerCounts)
                try await backend.dropSchema()
            }
            let bench = PGBench(url: Self.plainURL(url), cycles: cycles)
            for count in workerCounts { pgbench.append((count, try bench.run(clients: count))) }
        }
        print(Self.table(rows: rows, pgbench: pgbench))
    }

    private func measure(_ name: String, _ backend: any QueueBackend, _ counts: [Int]) async throws -> [QueueBench.Row] {
        let bench = QueueBench(backend: backend, name: name, cycles: cycles, latencySamples: samples)
        var rows: [QueueBench.Row] = []
        for count in counts {
            let rate = try await bench.throughput(workers: count)
            let (p50, p99) = try await bench.wakeLatency(workers: count)
            rows.append(.init(backend: name, workers: count, cyclesPerSecond: rate, wakeP50Ms: p50, wakeP99Ms: p99))
            FileHandle.standardError.write(Data("\(name) × \(count): \(Int(rate)) cycles/s\n".utf8))
        }
        return rows
    }

    /// The URL without our `schema` query parameter, for psql and pgbench.
    static func plainURL(_ url: String) -> String {
        guard let question = url.firstIndex(of: "?") else { return url }
        return String(url[..<question])
    }

    static func table(rows: [QueueBench.Row], pgbench: [(Int, Double?)]) -> String {
        var lines = [
            "| backend | workers | insert→claim→delete cycles/s | wake-up p50 (ms) | wake-up p99 (ms) | pgbench tps | ratio |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for row in rows {
            var pg = ("", "")
            if row.backend == "postgres", let entry = pgbench.first(where: { $0.0 == row.workers }), let tps = entry.1 {
                pg = (String(format: "%.0f", tps), String(format: "%.2f", row.cyclesPerSecond / tps))
            }
            lines.append(String(
                format: "| %@ | %d | %.0f | %.2f | %.2f | %@ | %@ |", row.backend, row.workers, row.cyclesPerSecond,
                row.wakeP50Ms, row.wakeP99Ms, pg.0, pg.1))
        }
        return lines.joined(separator: "\n")
    }
}
