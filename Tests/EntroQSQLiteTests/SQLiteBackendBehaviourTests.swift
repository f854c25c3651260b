import EntroQ
import EntroQSQLite
import Testing

/// Queue behaviour checked directly against the SQLite backend, where its SQL does the work (random claims,
/// listing filters, statistics, JSON storage, dependency checks, wake-ups, cancellation).
@Suite("SQLite backend behaviour")
struct SQLiteBackendBehaviourTests {
    private func insert(_ backend: SQLiteBackend, _ data: [TaskData], as claimant: String = "inserter")
        async throws -> [EntroQTask]
    {
        try await backend.modify(Modification(claimant: claimant, inserts: data)).inserted
    }

    private func claim(_ backend: SQLiteBackend, _ queues: [String], as claimant: String = "worker",
                       durationMs: Int64 = 30_000) async throws -> EntroQTask? {
        try await backend.tryClaim(ClaimRequest(claimant: claimant, queues: queues, durationMs: durationMs))
    }

    @Test("a claim leases the task until now + duration; an expired lease can be claimed again")
    func claimLifecycle() async throws {
        try await withBackend { backend, clock in
            let task = try await insert(backend, [TaskData(queue: "/c")])[0]
            #expect(task.id.count == 16 && task.id.allSatisfy(\.isHexDigit))
            let claimed = try #require(try await claim(backend, ["/c"], durationMs: 1000))
            #expect(claimed.id == task.id && claimed.version == 1 && claimed.claims == 1)
            #expect(claimed.atMs == clock.nowMs() + 1000 && claimed.claimant == "worker")
            #expect(claimed.modifiedMs == clock.nowMs() && claimed.createdMs == task.createdMs)
            #expect(try await claim(backend, ["/c"], as: "other") == nil)
            clock.advance(byMs: 1000)
            let again = try #require(try await claim(backend, ["/c", "/empty"], as: "other"))
            #expect(again.version == 2 && again.claims == 2 && again.claimant == "other")
            #expect(try await backend.tasks(TaskQuery(ids: [task.id])) == [again])
        }
    }

    @Test("claims pick tasks at random and reach every task of a queue", arguments: [true, false])
    func randomClaims(generatedIDs: Bool) async throws {
        try await withBackend { backend, clock in
            let data = (0..<20).map { TaskData(queue: "/r", id: generatedIDs ? "" : "task-\($0 + 10)") }
            let inserted = try await insert(backend, data)
            var firstPicks = Set<String>()
            for _ in 0..<30 {
                // Claim and release at once: the queue is whole again before the next look.
                let task = try #require(try await claim(backend, ["/r"]))
                firstPicks.insert(task.id)
                _ = try await backend.modify(Modification(claimant: "worker", changes: [
                    TaskChange(oldID: task.taskID, newData: TaskData(queue: "/r")),
                ]))
            }
            #expect(firstPicks.count > 1, "claims are not first-in, first-out")
            var claimed = Set<String>()
            while let task = try await claim(backend, ["/r"]) { claimed.insert(task.id) }
            #expect(claimed == Set(inserted.map(\.id)))
            #expect(clock.nowMs() == 1_700_000_000_000)
        }
    }

    @Test("values round-trip as JSON; no value and a JSON null stay distinct")
    func values() async throws {
        try await withBackend { backend, _ in
            let values: [JSONValue?] = [
                nil, .null, .bool(false), .number(-0.25), .number(1e21), .string("quote \" slash / é 🎞"),
                .array([]), .object(["nested": .object(["list": .array([.number(1), .string("x"), .null])])]),
            ]
            let inserted = try await insert(backend, values.map { TaskData(queue: "/v", value: $0) })
            let read = try await backend.tasks(TaskQuery(ids: inserted.map(\.id)))
            #expect(read.map(\.value) == values)
        }
    }

    @Test("listings: ids in the order given, queue filter, claimant filter, limit, omitted values")
    func listings() async throws {
        try await withBackend { backend, _ in
            let tasks = try await insert(backend, (0..<3).map { TaskData(queue: "/l", value: .number(Double($0))) })
            let held = try #require(try await claim(backend, ["/l"], as: "w1"))
            let (a, b, c) = (tasks[0].id, tasks[1].id, tasks[2].id)
            let byIDs = try await backend.tasks(TaskQuery(ids: [c, "missing", a, b]))
            #expect(byIDs.map(\.id) == [c, a, b])
            #expect(try await backend.tasks(TaskQuery(queue: "/other", ids: [a])).isEmpty)
            #expect(try await backend.tasks(TaskQuery()).isEmpty)
            let forOther = try await backend.tasks(TaskQuery(claimant: "w2", queue: "/l"))
            #expect(Set(forOther.map(\.id)) == Set(tasks.map(\.id)).subtracting([held.id]))
            #expect(try await backend.tasks(TaskQuery(claimant: "w1", queue: "/l")).count == 3)
            #expect(try await backend.tasks(TaskQuery(queue: "/l", limit: 2)).count == 2)
            let bare = try await backend.tasks(TaskQuery(queue: "/l", omitValues: true))
            #expect(bare.count == 3 && bare.allSatisfy { $0.value == nil })
            #expect(try await backend.tasks(TaskQuery(ids: [a], omitValues: true)).first?.value == nil)
        }
    }

    @Test("statistics count available, claimed and future tasks exactly, and filter queues literally")
    func statistics() async throws {
        try await withBackend { backend, clock in
            _ = try await insert(backend, [
                TaskData(queue: "/s/one"), TaskData(queue: "/s/one", arrival: .relative(60_000)),
                TaskData(queue: "/s/two"), TaskData(queue: "/s/three"), TaskData(queue: "/x%y"),
            ])
            _ = try #require(try await claim(backend, ["/s/three"]))
            _ = try #require(try await claim(backend, ["/s/two"]))
            clock.advance(byMs: 31_000)
            _ = try #require(try await claim(backend, ["/s/two"]))
            let stats = try await backend.queueStats(QueueQuery(matchPrefix: ["/s/"]))
            #expect(Set(stats) == [
                QueueStats(name: "/s/one", numTasks: 2, numAvailable: 1, numFuture: 1),
                QueueStats(name: "/s/two", numTasks: 1, numClaimed: 1, maxClaims: 2),
                QueueStats(name: "/s/three", numTasks: 1, numAvailable: 1, maxClaims: 1),
            ])
            func names(_ query: QueueQuery) async throws -> Set<String> {
                Set(try await backend.queueStats(query).map(\.name))
            }
            #expect(try await names(QueueQuery()) == ["/s/one", "/s/two", "/s/three", "/x%y"])
            #expect(try await names(QueueQuery(matchExact: ["/s/two", "/nope"])) == ["/s/two"])
            #expect(try await names(QueueQuery(matchPrefix: ["/s/t"], matchExact: ["/s/one"])) == ["/s/one",
                                                                                                   "/s/two",
                                                                                                   "/s/three"])
            #expect(try await names(QueueQuery(matchPrefix: ["/x%"])) == ["/x%y"])
            #expect(try await names(QueueQuery(matchPrefix: ["/%", "/s_"])).isEmpty)
            #expect(try await backend.queueStats(QueueQuery(matchPrefix: ["/s/"], limit: 2)).count == 2)
        }
    }

    @Test("a failing modification reports every problem and writes nothing")
    func dependencyErrors() async throws {
        try await withBackend { backend, _ in
            let tasks = try await insert(backend, [TaskData(queue: "/d"), TaskData(queue: "/d", id: "fixed")])
            let held = try #require(try await claim(backend, ["/d"], as: "holder"))
            let free = tasks.first { $0.id != held.id }!
            let stale = TaskID(id: free.id, version: free.version + 7)
            let modification = Modification(
                claimant: "intruder",
                inserts: [TaskData(queue: "/d/new"), TaskData(queue: "/d", id: "fixed2")],
                changes: [TaskChange(oldID: held.taskID, newData: TaskData(queue: "/d/done"))],
                deletes: [TaskID(id: "missing", version: 0)],
                depends: [stale])
            let error = try await #require(throws: QueueError.self) { _ = try await backend.modify(modification) }
            #expect(error.code == .dependency)
            #expect(Set(error.failures.map(\.kind)) == [.claim, .delete, .depend])
            let collision = Modification(claimant: "c", inserts: [TaskData(queue: "/d", id: free.id)])
            let insertError = try await #require(throws: QueueError.self) { _ = try await backend.modify(collision) }
            #expect(insertError.failures.map(\.kind) == [.insert])
            #expect(try await backend.tasks(TaskQuery(queue: "/d/new")).isEmpty)
            #expect(try await backend.tasks(TaskQuery(ids: ["fixed2"])).isEmpty)
            #expect(try await backend.tasks(TaskQuery(ids: [held.id])) == [held])
        }
    }

    @Test("changes move, defer and release tasks; deletes and depends apply in one transaction")
    func changes() async throws {
        try await withBackend { backend, clock in
            let tasks = try await insert(backend, [TaskData(queue: "/a"), TaskData(queue: "/a"), TaskData(queue: "/a")])
            let result = try await backend.modify(Modification(
                claimant: "mover",
                inserts: [TaskData(queue: "/b", value: .string("new"))],
                changes: [
                    TaskChange(oldID: tasks[0].taskID, newData: TaskData(queue: "/b", value: .string("moved"))),
                    TaskChange(oldID: tasks[1].taskID, newData: TaskData(queue: "/a", arrival: .relative(5000))),
                ],
                deletes: [tasks[2].taskID]))
            let (moved, deferred) = (result.changed[0], result.changed[1])
            #expect(moved.id == tasks[0].id && moved.queue == "/b" && moved.version == 1 && moved.claimant == "")
            #expect(deferred.atMs == clock.nowMs() + 5000 && deferred.claimant == "mover")
            #expect(try await backend.tasks(TaskQuery(ids: [tasks[2].id])).isEmpty)
            #expect(Set(try await backend.tasks(TaskQuery(queue: "/b")).map(\.id)) == [moved.id, result.inserted[0].id])
            #expect(try await backend.tasks(TaskQuery(queue: "/a")) == [deferred])
        }
    }

    @Test("a waiting claim wakes when a task is inserted", .timeLimit(.minutes(1)))
    func blockingClaimWakes() async throws {
        try await withBackend { backend, _ in
            async let claimed = backend.claim(ClaimRequest(claimant: "w", queues: ["/wait"], pollMs: 3_600_000))
            while !backend.notifier.hasWaiters(on: "/wait") { try await Task.sleep(for: .milliseconds(1)) }
            let inserted = try await insert(backend, [TaskData(queue: "/wait")])[0]
            let task = try await claimed
            #expect(task.id == inserted.id && task.claimant == "w")
        }
    }

    @Test("a claim by a cancelled caller fails as cancelled and leaves the task unclaimed")
    func cancelledClaim() async throws {
        try await withBackend { backend, _ in
            let task = try await insert(backend, [TaskData(queue: "/cancel")])[0]
            let outcome = await withTaskGroup(of: QueueError?.self) { group in
                group.addTask {
                    try? await Task.sleep(for: .seconds(3600))  // returns as soon as the group is cancelled
                    do {
                        _ = try await backend.tryClaim(ClaimRequest(claimant: "gone", queues: ["/cancel"]))
                        return nil
                    } catch {
                        return error as? QueueError
                    }
                }
                group.cancelAll()
                return await group.next() ?? nil
            }
            #expect(outcome?.code == .cancelled)
            #expect(try await backend.tasks(TaskQuery(ids: [task.id])) == [task])
        }
    }
}
