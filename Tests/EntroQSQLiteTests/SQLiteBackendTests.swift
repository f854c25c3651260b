import EntroQ
import EntroQConformance
import EntroQSQLite
import Foundation
import Testing

@Suite("SQLite backend")
struct SQLiteBackendTests {
    @Test("conformance scenario", arguments: ConformanceScenario.all)
    func conformance(_ scenario: ConformanceScenario) async throws {
        try await withTemporaryDatabase { path in
            let clock = ManualTimeSource()
            let backend = try SQLiteBackend(path: path, clock: clock)
            try await scenario.run(QueueHarness(backend: backend, clock: clock))
        }
    }

    @Test("tasks survive closing and reopening the file, with their versions and values")
    func reopen() async throws {
        try await withTemporaryDatabase { path in
            let clock = ManualTimeSource()
            var written: [EntroQTask] = []
            do {
                let backend = try SQLiteBackend(path: path, clock: clock)
                let inserted = try await backend.modify(Modification(claimant: "writer", inserts: [
                    TaskData(queue: "/keep/a", value: .object(["list": .array([.number(1.5), .bool(true), .null])])),
                    TaskData(queue: "/keep/a", arrival: .relative(60_000), attempt: 2, err: "boom"),
                    TaskData(queue: "/keep/b", value: .null, id: "explicit-id"),
                ])).inserted
                let claimed = try #require(try await backend.tryClaim(ClaimRequest(claimant: "w", queues: ["/keep/b"])))
                let moved = try await backend.modify(Modification(claimant: "w", changes: [
                    TaskChange(oldID: claimed.taskID, newData: TaskData(queue: "/keep/c", value: .string("moved"))),
                ])).changed
                written = [inserted[0], inserted[1]] + moved
            }
            // The first backend, and with it the database pool, is gone: this opens the file afresh.
            let reopened = try SQLiteBackend(path: path, clock: clock)
            let read = try await reopened.tasks(TaskQuery(ids: written.map(\.id)))
            #expect(read == written)
            #expect(read.map(\.version) == [0, 0, 2])
            #expect(read[2].value == .string("moved") && read[2].claims == 1)
            #expect(read[1].value == nil && read[1].attempt == 2 && read[1].err == "boom")
        }
    }

    @Test("opening a database again applies no migration twice and keeps its tasks")
    func migrationIsIdempotent() async throws {
        try await withTemporaryDatabase { path in
            let first = try SQLiteBackend(path: path)
            #expect(try await first.appliedMigrations() == ["v1"])
            let inserted = try await first.modify(Modification(claimant: "c", inserts: [TaskData(queue: "/m")]))
            // A second backend on the same file while the first is still open, then a third after both close.
            let second = try SQLiteBackend(path: path)
            #expect(try await second.appliedMigrations() == ["v1"])
            #expect(try await second.tasks(TaskQuery(queue: "/m")) == inserted.inserted)
            _ = consume first
            _ = consume second
            let third = try SQLiteBackend(path: path)
            #expect(try await third.appliedMigrations() == ["v1"])
            #expect(try await third.tasks(TaskQuery(queue: "/m")) == inserted.inserted)
        }
    }

    @Test("a backend sees tasks another backend wrote to the same file")
    func sharedFile() async throws {
        try await withTemporaryDatabase { path in
            let clock = ManualTimeSource()
            let writer = try SQLiteBackend(path: path, clock: clock)
            let reader = try SQLiteBackend(path: path, clock: clock)
            let inserted = try await writer.modify(Modification(claimant: "c", inserts: [TaskData(queue: "/shared")]))
            let claimed = try await reader.tryClaim(ClaimRequest(claimant: "w", queues: ["/shared"]))
            #expect(claimed?.id == inserted.inserted[0].id)
            #expect(try await writer.tryClaim(ClaimRequest(claimant: "w2", queues: ["/shared"])) == nil)
        }
    }

    @Test("a file that cannot be opened fails with an internal error that hides the path")
    func unopenableFile() async throws {
        try await withTemporaryDatabase { path in
            let missingDirectory = path + ".missing/queue.sqlite"
            let error = try #require(throws: QueueError.self) { _ = try SQLiteBackend(path: missingDirectory) }
            #expect(error.code == .internalError)
            #expect(error.message == "queue store error")
        }
    }

    @Test("a file that is not a SQLite database fails with an internal error")
    func notADatabase() async throws {
        try await withTemporaryDatabase { path in
            try Data(repeating: 0x5A, count: 4096).write(to: URL(fileURLWithPath: path))
            let error = try #require(throws: QueueError.self) { _ = try SQLiteBackend(path: path) }
            #expect(error.code == .internalError)
            #expect(!error.message.contains(path))
        }
    }
}
