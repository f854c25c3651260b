import EntroQ

extension ConformanceScenario {
    static let listingScenarios: [ConformanceScenario] = [
        ConformanceScenario("tasks inserted with ids keep them; listing by ids keeps the requested order") { h in
            let queue = "/ids/\(TaskIDGenerator.make())"
            let ids = (0..<4).map { "id-\($0)-\(TaskIDGenerator.make())" }
            let inserts = ids.map { TaskData(queue: queue, value: .string($0), id: $0) }
            let inserted = try await h.backend.modify(Modification(claimant: "c", inserts: inserts)).inserted
            try check(inserted.map(\.id) == ids, "explicit ids are kept")
            try check(try await h.backend.tasks(TaskQuery(queue: queue)).count == 4, "all four are listed")
            let picked = try await h.backend.tasks(TaskQuery(queue: queue, ids: [ids[3], ids[1]]))
            try check(picked.map(\.id) == [ids[3], ids[1]], "listing by ids returns exactly those, in order")
        },
        ConformanceScenario("listing can omit values") { h in
            let queue = "/omit/\(TaskIDGenerator.make())"
            try await h.insert(queue, count: 3)
            let bare = try await h.backend.tasks(TaskQuery(queue: queue, omitValues: true))
            try check(bare.count == 3 && bare.allSatisfy { $0.value == nil }, "values are omitted")
            let full = try await h.backend.tasks(TaskQuery(queue: queue))
            try check(full.count == 3 && full.allSatisfy { $0.value != nil }, "values are present by default")
        },
        ConformanceScenario("listing by ids alone spans queues") { h in
            let (q1, q2) = ("/span/a/\(TaskIDGenerator.make())", "/span/b/\(TaskIDGenerator.make())")
            let a = try await h.insert(q1)[0]
            let b = try await h.insert(q2)[0]
            let found = try await h.backend.tasks(TaskQuery(ids: [a.id, b.id]))
            try check(found.map(\.id) == [a.id, b.id], "both tasks are found across queues")
            try check(found.allSatisfy { $0.value != nil }, "with their values")
            let filtered = try await h.backend.tasks(TaskQuery(queue: q1, ids: [a.id, b.id]))
            try check(filtered.map(\.id) == [a.id], "a queue narrows an id listing")
        },
        ConformanceScenario("listing honours limit and the claimant filter") { h in
            let queue = "/limit/\(TaskIDGenerator.make())"
            try await h.insert(queue, count: 5)
            try check(try await h.backend.tasks(TaskQuery(queue: queue, limit: 2)).count == 2, "limit caps the list")
            _ = try await h.tryClaim([queue], as: "holder")
            let visible = try await h.backend.tasks(TaskQuery(claimant: "someone-else", queue: queue))
            try check(visible.count == 4, "tasks held by another claimant are hidden, got \(visible.count)")
            let own = try await h.backend.tasks(TaskQuery(claimant: "holder", queue: queue))
            try check(own.count == 5, "the holder sees its own task")
            try check(try await h.backend.tasks(TaskQuery(queue: "/no/such/queue")).isEmpty, "unknown queue is empty")
        },
        ConformanceScenario("a future task that was never claimed is held by nobody") { h in
            let queue = "/deferred/\(TaskIDGenerator.make())"
            let task = try await h.insert(queue, arrival: .relative(60_000), claimant: "producer")[0]
            let visible = try await h.backend.tasks(TaskQuery(claimant: "someone-else", queue: queue))
            try check(visible.map(\.id) == [task.id], "an unclaimed future task is listed for any claimant")
            _ = try await h.backend.modify(Modification(claimant: "someone-else", deletes: [task.taskID]))
            try check(try await h.task(task.id) == nil, "and anyone may delete it")
        },
        ConformanceScenario("non-ASCII and nested values round-trip") { h in
            let queue = "/values/\(TaskIDGenerator.make())"
            let value: JSONValue = .object([
                "name": .string("Zoë 🎞 файл"), "list": .array([.number(1.5), .bool(true), .null]),
                "nested": .object(["x": .number(-3)]),
            ])
            let inserted = try await h.backend.modify(
                Modification(claimant: "c", inserts: [TaskData(queue: queue, value: value)])
            ).inserted[0]
            try check(inserted.value == value, "insert returns the value")
            try check(try await h.task(inserted.id)?.value == value, "the stored value is identical")
        },
    ]
}
