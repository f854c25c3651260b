import EntroQ
import EntroQPostgres
import Testing

@Suite("Postgres backend")
struct PostgresBackendTests {
    @Test("insert, claim, change and stats round-trip through the database")
    func lifecycle() async throws {
        let clock = ManualTimeSource()
        try await withPostgresBackend(clock: clock) { backend in
            let now = clock.nowMs()
            let inserted = try await backend.modify(
                Modification(
                    claimant: "producer",
                    inserts: [
                        TaskData(queue: "/life/in", value: .object(["n": .number(1), "s": .string("é✓")])),
                        TaskData(queue: "/life/in", arrival: .relative(60_000), value: nil, attempt: 2, err: "e"),
                    ])
            ).inserted
            #expect(inserted.map(\.version) == [0, 0])
            #expect(inserted.map(\.claimant) == ["producer", "producer"])
            #expect(inserted[1].atMs == now + 60_000 && inserted[1].attempt == 2 && inserted[1].err == "e")

            let claimed = try #require(
                try await backend.tryClaim(ClaimRequest(claimant: "worker", queues: ["/life/in"], durationMs: 5000)))
            #expect(claimed.id == inserted[0].id)
            #expect(claimed.version == 1 && claimed.claims == 1 && claimed.claimant == "worker")
            #expect(claimed.atMs == now + 5000 && claimed.modifiedMs == now)
            #expect(try await backend.tryClaim(ClaimRequest(claimant: "worker", queues: ["/life/in"])) == nil)

            let stats = try await backend.queueStats(QueueQuery(matchPrefix: ["/life/"]))
            #expect(stats == [QueueStats(name: "/life/in", numTasks: 2, numClaimed: 1, numFuture: 1, maxClaims: 1)])

            clock.advance(byMs: 1000)
            let change = TaskChange(oldID: claimed.taskID, newData: TaskData(queue: "/life/done", value: claimed.value))
            let changed = try await backend.modify(Modification(claimant: "worker", changes: [change])).changed
            #expect(changed.count == 1)
            #expect(changed.first?.queue == "/life/done" && changed.first?.version == 2)
            #expect(changed.first?.claimant == "" && changed.first?.claims == 1)
            #expect(changed.first?.createdMs == now && changed.first?.modifiedMs == now + 1000)
            let stored = try await backend.tasks(TaskQuery(ids: [claimed.id]))
            #expect(stored == changed)
        }
    }

    @Test("a dependency error names every failing item and commits nothing")
    func dependencyErrorListsEveryFailure() async throws {
        try await withPostgresBackend { backend in
            let seed = try await backend.modify(
                Modification(
                    claimant: "seed",
                    inserts: [TaskData(queue: "/dep", id: "existing"), TaskData(queue: "/dep", id: "stale")])
            ).inserted
            let failures = try await dependencyFailures {
                _ = try await backend.modify(
                    Modification(
                        claimant: "me",
                        inserts: [TaskData(queue: "/dep/other", id: "existing"), TaskData(queue: "/dep", id: "fresh")],
                        changes: [TaskChange(oldID: TaskID(id: "stale", version: 7), newData: TaskData(queue: "/dep"))],
                        deletes: [TaskID(id: "missing", version: 0)],
                        depends: [TaskID(id: "gone", version: 3)]))
            }
            #expect(Set(failures.map(\.kind)) == [.insert, .change, .delete, .depend])
            #expect(failures.first { $0.kind == .insert }?.id == seed[0].taskID)
            #expect(failures.first { $0.kind == .change }?.id.id == "stale")
            #expect(failures.first { $0.kind == .delete }?.id.id == "missing")
            #expect(failures.first { $0.kind == .depend }?.id.id == "gone")
            #expect(try await backend.tasks(TaskQuery(ids: ["fresh"])).isEmpty)
            #expect(try await backend.tasks(TaskQuery(ids: ["stale"])).first?.version == 0)
        }
    }

    @Test("a task held by another claimant is refused with a CLAIM failure")
    func heldTaskIsRefused() async throws {
        try await withPostgresBackend { backend in
            _ = try await backend.modify(Modification(claimant: "p", inserts: [TaskData(queue: "/held")]))
            let claimed = try #require(try await backend.tryClaim(ClaimRequest(claimant: "owner", queues: ["/held"])))
            let failures = try await dependencyFailures {
                _ = try await backend.modify(Modification(claimant: "intruder", deletes: [claimed.taskID]))
            }
            #expect(failures.map(\.kind) == [.claim])
            let deleted = try await backend.modify(Modification(claimant: "owner", deletes: [claimed.taskID]))
            #expect(deleted == ModifyResult())
            #expect(try await backend.tasks(TaskQuery(queue: "/held")).isEmpty)
        }
    }

    @Test("listings: ids in order, queue filter, limit, claimant filter, omitted values")
    func listings() async throws {
        try await withPostgresBackend { backend in
            let inserts = (0..<4).map { TaskData(queue: $0 < 3 ? "/list/a" : "/list/b", value: .number(Double($0))) }
            let tasks = try await backend.modify(Modification(claimant: "p", inserts: inserts)).inserted
            let ids = tasks.map(\.id)
            let reversed = try await backend.tasks(TaskQuery(ids: ids.reversed()))
            #expect(reversed.map(\.id) == ids.reversed())
            #expect(try await backend.tasks(TaskQuery(queue: "/list/b", ids: ids)).map(\.id) == [ids[3]])
            #expect(try await backend.tasks(TaskQuery()).isEmpty)
            #expect(try await backend.tasks(TaskQuery(queue: "/list/a", limit: 2)).count == 2)
            let bare = try await backend.tasks(TaskQuery(queue: "/list/a", omitValues: true))
            #expect(bare.count == 3 && bare.allSatisfy { $0.value == nil })

            _ = try await backend.tryClaim(ClaimRequest(claimant: "holder", queues: ["/list/b"]))
            #expect(try await backend.tasks(TaskQuery(claimant: "other", queue: "/list/b")).isEmpty)
            #expect(try await backend.tasks(TaskQuery(claimant: "holder", queue: "/list/b")).count == 1)
        }
    }

    @Test("JSON null and an absent value stay distinct; unstorable values are invalid arguments")
    func values() async throws {
        try await withPostgresBackend { backend in
            let nested: JSONValue = .object(["a": .array([.null, .bool(true), .number(-1.5)]), "b": .string("\"x\"")])
            let inserted = try await backend.modify(
                Modification(
                    claimant: "p",
                    inserts: [
                        TaskData(queue: "/json", value: .null), TaskData(queue: "/json", value: nil),
                        TaskData(queue: "/json", value: nested),
                    ])
            ).inserted
            let stored = try await backend.tasks(TaskQuery(ids: inserted.map(\.id)))
            #expect(stored.map(\.value) == [.null, nil, nested])
            await #expect(throws: QueueError.self) {
                try await backend.modify(
                    Modification(claimant: "p", inserts: [TaskData(queue: "/json", value: .number(.infinity))]))
            }
        }
    }

    @Test("queue stats select by exact name and escaped prefix, and honour the limit")
    func queueMatching() async throws {
        try await withPostgresBackend { backend in
            let queues = ["/m/a_b/1", "/m/aXb/2", "/m/100%/3", "/m/q=1"]
            _ = try await backend.modify(Modification(claimant: "p", inserts: queues.map { TaskData(queue: $0) }))
            let underscore = try await backend.queueStats(QueueQuery(matchPrefix: ["/m/a_b"]))
            #expect(underscore.map(\.name) == ["/m/a_b/1"])
            let percent = try await backend.queueStats(QueueQuery(matchPrefix: ["/m/100%"]))
            #expect(percent.map(\.name) == ["/m/100%/3"])
            let mixed = try await backend.queueStats(
                QueueQuery(matchPrefix: ["/m/aX"], matchExact: ["/m/q=1", "/none"]))
            #expect(Set(mixed.map(\.name)) == ["/m/aXb/2", "/m/q=1"])
            #expect(try await backend.queueStats(QueueQuery(limit: 2)).count == 2)
            #expect(try await backend.queueStats(QueueQuery()).count == 4)
        }
    }

    @Test("a future task is claimable once the injected clock passes its arrival")
    func futureTaskArrives() async throws {
        let clock = ManualTimeSource()
        try await withPostgresBackend(clock: clock) { backend in
            _ = try await backend.modify(
                Modification(claimant: "p", inserts: [TaskData(queue: "/later", arrival: .relative(10_000))]))
            #expect(try await backend.tryClaim(ClaimRequest(claimant: "w", queues: ["/later"])) == nil)
            clock.advance(byMs: 10_000)
            #expect(try await backend.tryClaim(ClaimRequest(claimant: "w", queues: ["/later"]))?.claims == 1)
        }
    }

    @Test("a cancelled caller gets a cancelled error and claims nothing")
    func cancelledClaim() async throws {
        try await withPostgresBackend { backend in
            _ = try await backend.modify(Modification(claimant: "p", inserts: [TaskData(queue: "/cancel")]))
            let code = await withTaskGroup(of: QueueError.Code?.self) { group in
                group.addTask {
                    withUnsafeCurrentTask { $0?.cancel() }
                    do {
                        _ = try await backend.tryClaim(ClaimRequest(claimant: "w", queues: ["/cancel"]))
                        return nil
                    } catch {
                        return (error as? QueueError)?.code
                    }
                }
                return await group.next() ?? nil
            }
            #expect(code == .cancelled)
            #expect(try await backend.tasks(TaskQuery(queue: "/cancel")).first?.version == 0)
        }
    }
}
