import EntroQ
import EntroQPostgres
import Testing

@Suite("Postgres backend across connections and servers")
struct PostgresConcurrencyTests {
    @Test("a claim blocked on one server wakes on an insert made through another (LISTEN/NOTIFY)")
    func notifyWakesOtherServer() async throws {
        guard let configuration = try TestDatabase.configuration(schema: TestDatabase.uniqueSchema()) else { return }
        let clock = ManualTimeSource()
        let waiting = try PostgresBackend(configuration: configuration, clock: clock)
        let inserting = try PostgresBackend(configuration: configuration, clock: clock)
        try await withRunning([waiting, inserting]) {
            try await dropping(waiting) {
                try await waiting.migrate()
                try await withTimeout(.seconds(20), "the LISTEN subscription") { await waiting.waitUntilListening() }
                // A 10-minute poll: only a notification can end this claim within the timeout.
                let request = ClaimRequest(claimant: "waiter", queues: ["/wake"], durationMs: 30_000, pollMs: 600_000)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        let claimed = try await withTimeout(.seconds(20), "the woken claim") {
                            try await waiting.claim(request)
                        }
                        #expect(claimed.queue == "/wake" && claimed.claimant == "waiter" && claimed.version == 1)
                    }
                    try await withTimeout(.seconds(20), "the claim's registration") {
                        while !waiting.notifier.hasWaiters(on: "/wake") { try await Task.sleep(for: .milliseconds(5)) }
                    }
                    _ = try await inserting.modify(
                        Modification(claimant: "producer", inserts: [TaskData(queue: "/wake")]))
                    try await group.waitForAll()
                }
            }
        }
    }

    @Test("16 concurrent claimers take each of 200 tasks exactly once")
    func concurrentClaimers() async throws {
        try await withPostgresBackend { backend in
            let inserted = try await backend.modify(
                Modification(
                    claimant: "p", inserts: (0..<200).map { TaskData(queue: "/many", value: .number(Double($0))) })
            ).inserted
            let claimed = try await withThrowingTaskGroup(of: [EntroQTask].self) { group in
                for worker in 0..<16 {
                    group.addTask {
                        var mine: [EntroQTask] = []
                        let request = ClaimRequest(claimant: "w\(worker)", queues: ["/many"], durationMs: 600_000)
                        while let task = try await backend.tryClaim(request) { mine.append(task) }
                        return mine
                    }
                }
                return try await group.reduce(into: []) { $0 += $1 }
            }
            #expect(claimed.count == 200)
            #expect(Set(claimed.map(\.id)) == Set(inserted.map(\.id)))
            #expect(claimed.allSatisfy { $0.claims == 1 && $0.version == 1 })
            let stats = try await backend.queueStats(QueueQuery(matchExact: ["/many"]))
            #expect(stats.first?.numClaimed == 200 && stats.first?.maxClaims == 1)
        }
    }

    @Test("concurrent inserts of one explicit id: one commits, the others get an INSERT failure")
    func concurrentExplicitInserts() async throws {
        try await withPostgresBackend { backend in
            let outcomes = try await withThrowingTaskGroup(of: [DependencyFailure.Kind]?.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        do {
                            let insert = TaskData(queue: "/dup/\(writer)", id: "same-id")
                            _ = try await backend.modify(Modification(claimant: "w\(writer)", inserts: [insert]))
                            return nil
                        } catch let error as QueueError where error.code == .dependency {
                            return error.failures.map(\.kind)
                        }
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == nil }.count == 1)
            #expect(outcomes.compactMap { $0 }.allSatisfy { $0 == [.insert] })
            #expect(try await backend.tasks(TaskQuery(ids: ["same-id"])).count == 1)
        }
    }

    @Test("concurrent changes of one task version: exactly one wins")
    func concurrentChanges() async throws {
        try await withPostgresBackend { backend in
            let task = try await backend.modify(Modification(claimant: "p", inserts: [TaskData(queue: "/race")]))
                .inserted[0]
            let wins = try await withThrowingTaskGroup(of: Int.self) { group in
                for writer in 0..<8 {
                    group.addTask {
                        let change = TaskChange(oldID: task.taskID, newData: TaskData(queue: "/race/\(writer)"))
                        do {
                            _ = try await backend.modify(Modification(claimant: "p", changes: [change]))
                            return 1
                        } catch let error as QueueError where error.code == .dependency {
                            return 0
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(wins == 1)
            #expect(try await backend.tasks(TaskQuery(ids: [task.id])).first?.version == 1)
        }
    }

    @Test("two backends on one schema migrate once and see each other's tasks")
    func sharedSchema() async throws {
        guard let configuration = try TestDatabase.configuration(schema: TestDatabase.uniqueSchema()) else { return }
        let first = try PostgresBackend(configuration: configuration)
        let second = try PostgresBackend(configuration: configuration)
        try await withRunning([first, second]) {
            try await dropping(first) {
                async let migrateFirst: Void = first.migrate()
                async let migrateSecond: Void = second.migrate()
                _ = try await (migrateFirst, migrateSecond)
                try await first.migrate()
                let task = try await first.modify(Modification(claimant: "p", inserts: [TaskData(queue: "/shared")]))
                    .inserted[0]
                #expect(try await second.tasks(TaskQuery(queue: "/shared")) == [task])
            }
        }
    }

    @Test("a backend that has stopped fails fast as unavailable and cannot run again")
    func stoppedBackend() async throws {
        guard let configuration = try TestDatabase.configuration(schema: TestDatabase.uniqueSchema()) else { return }
        let backend = try PostgresBackend(configuration: configuration)
        try await withRunning([backend]) { try await backend.migrate() }
        await #expect(throws: QueueError(code: .unavailable, message: "queue store unavailable")) {
            try await backend.tasks(TaskQuery(queue: "/x"))
        }
        await #expect(throws: QueueError.self) { try await backend.run() }
        // The schema outlives the backend: drop it with a fresh one.
        let cleaner = try PostgresBackend(configuration: configuration)
        try await withRunning([cleaner]) { try await cleaner.dropSchema() }
    }
}
