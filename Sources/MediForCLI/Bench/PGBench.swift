import Foundation

/// Runs Debian's `pgbench` with the same insert → claim → delete cycle, as plain SQL against a scratch table
/// shaped like the queue's, to show how far the queue is from what the database does on its own.
struct PGBench {
    let url: String
    let cycles: Int

    /// Transactions per second for `clients` concurrent clients, or `nil` when pgbench is not installed.
    func run(clients: Int) throws -> Double? {
        guard let binary = Self.findBinary() else { return nil }
        let schema = "pgbench_queue"
        let setup = """
            CREATE SCHEMA IF NOT EXISTS \(schema);
            DROP TABLE IF EXISTS \(schema).tasks;
            CREATE TABLE \(schema).tasks (id text COLLATE "C" PRIMARY KEY, version integer NOT NULL DEFAULT 0,
              queue text COLLATE "C" NOT NULL, at bigint NOT NULL, created bigint NOT NULL, modified bigint NOT NULL,
              claimant text NOT NULL DEFAULT '', value jsonb, claims integer NOT NULL DEFAULT 0,
              attempt integer NOT NULL DEFAULT 0, err text NOT NULL DEFAULT '');
            CREATE INDEX ON \(schema).tasks (queue, at);
            CREATE INDEX ON \(schema).tasks (queue, id);
            """
        _ = try Self.execute("/usr/bin/env", ["psql", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", setup])
        // One cycle, three transactions as the queue does them: insert a task; claim an available one with
        // SKIP LOCKED (the aggregate yields a row even when every candidate is locked by another client);
        // delete what was claimed.
        let script = """
            \\set now 1700000000000
            INSERT INTO \(schema).tasks (id, queue, at, created, modified, value)
              VALUES (md5(random()::text || clock_timestamp()::text), '/bench', :now, :now, :now, '{"n": 1}');
            WITH c AS (SELECT id FROM \(schema).tasks WHERE queue = '/bench' AND at <= :now
                       ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED),
                 u AS (UPDATE \(schema).tasks t SET version = version + 1, claims = claims + 1, at = :now + 30000,
                       claimant = 'pgbench', modified = :now FROM c WHERE t.id = c.id RETURNING t.id)
              SELECT coalesce(max(id), '') AS claimed FROM u \\gset
            DELETE FROM \(schema).tasks WHERE id = ':claimed';
            """
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("medifor-pgbench-\(getpid()).sql")
        try script.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let output = try Self.execute(binary, [
            "-n", "-c", "\(clients)", "-j", "\(min(clients, 2))", "-t", "\(max(cycles / clients, 1))",
            "-f", file.path, url,
        ])
        _ = try? Self.execute("/usr/bin/env", ["psql", "-q", url, "-c", "DROP SCHEMA IF EXISTS \(schema) CASCADE"])
        // "tps = 1234.5 (without initial connection time)"
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix("tps = ") }),
            let value = Double(line.dropFirst("tps = ".count).prefix { $0 != " " })
        else { return nil }
        return value
    }

    static func findBinary() -> String? {
        let candidates = ["/usr/bin/pgbench"] + ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .sorted().reversed().map { "/usr/lib/postgresql/\($0)/bin/pgbench" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func execute(_ path: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw BenchError("\(URL(fileURLWithPath: path).lastPathComponent) failed: \(text.suffix(400))")
        }
        return text
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
