import EntroQ

extension ConformanceScenario {
    static let sequenceScenarios: [ConformanceScenario] = [
        ConformanceScenario("simple sequence: insert, list, claim ready then future task") { h in
            let queue = "/seq/\(TaskIDGenerator.make())"
            try check(try await h.tryClaim([queue]) == nil, "an empty queue yields no task")
            let now = try await h.backend.time()
            let result = try await h.backend.modify(Modification(claimant: "inserter", inserts: [
                TaskData(queue: queue, arrival: .absolute(now), value: .string("ready")),
                TaskData(queue: queue, arrival: .absolute(now + 2000), value: .string("later")),
            ]))
            try check(result.inserted.count == 2, "two tasks inserted")
            let (ready, later) = (result.inserted[0], result.inserted[1])
            try check(later.atMs - ready.atMs == 2000, "arrivals differ by exactly 2 s, got \(later.atMs - ready.atMs)")
            try check(ready.version == 0 && ready.claims == 0, "new tasks have version 0 and no claims")
            try check(ready.claimant == "inserter", "the inserter is recorded as claimant")
            try check(ready.value == .string("ready") && ready.queue == queue, "inserted data is returned")
            let stats = try await h.backend.queueStats(QueueQuery(matchExact: [queue]))
            try check(stats.first?.numTasks == 2, "queue lists two tasks")
            try check(try await h.backend.tasks(TaskQuery(queue: queue)).count == 2, "listing shows both")

            let claimed = try await h.tryClaim([queue])
            try check(claimed?.id == ready.id, "the ready task is claimed first")
            try check(claimed?.version == 1 && claimed?.claims == 1, "a claim bumps version and claims")
            try check(claimed?.claimant == "worker", "the claimant holds the task")
            try check(try await h.tryClaim([queue]) == nil, "nothing else is ready")

            h.clock.advance(byMs: 2500)
            let future = try await h.backend.claim(ClaimRequest(claimant: "worker", queues: [queue], pollMs: 1000))
            try check(future.id == later.id && future.claims == 1, "the future task is claimed once it arrives")
        },
        ConformanceScenario("simple change moves a task and releases it") { h in
            let queue = "/change/\(TaskIDGenerator.make())"
            let inserted = try await h.insert(queue)[0]
            let claimed = try await h.tryClaim([queue])
            try check(claimed != nil, "task claimed")
            guard let claimed else { return }
            let change = TaskChange(oldID: claimed.taskID, newData: TaskData(queue: queue + "/done", value: claimed.value))
            let changed = try await h.backend.modify(Modification(claimant: "worker", changes: [change])).changed
            try check(changed.count == 1, "one task changed")
            try check(changed[0].id == inserted.id, "the id is kept when a task moves")
            try check(changed[0].queue == queue + "/done", "the task is in its new queue")
            try check(changed[0].version == claimed.version + 1, "a change bumps the version")
            try check(changed[0].claimant == "", "a change to now releases the task")
            try check(changed[0].claims == 1, "an ordinary change keeps the claim count")
            try check(try await h.backend.tasks(TaskQuery(queue: queue)).isEmpty, "the old queue is empty")
        },
        ConformanceScenario("an expired lease can be claimed by another worker; the old holder's change fails") { h in
            let queue = "/lease/\(TaskIDGenerator.make())"
            try await h.insert(queue)
            guard let first = try await h.tryClaim([queue], as: "w1", durationMs: 1000) else {
                throw ConformanceFailure(description: "no task claimed", file: #fileID, line: #line)
            }
            try check(try await h.tryClaim([queue], as: "w2") == nil, "a held task cannot be claimed")
            h.clock.advance(byMs: 1001)
            let second = try await h.tryClaim([queue], as: "w2")
            try check(second?.id == first.id && second?.claims == 2, "after expiry another worker claims it")
            let failures = try await expectDependencyError {
                _ = try await h.backend.modify(Modification(claimant: "w1", deletes: [first.taskID]))
            }
            try check(failures.map(\.kind) == [.delete], "the stale holder's delete names the task, got \(failures)")
        },
        ConformanceScenario("renewing a lease keeps the task and bumps its version") { h in
            let queue = "/renew/\(TaskIDGenerator.make())"
            try await h.insert(queue)
            guard let claimed = try await h.tryClaim([queue], durationMs: 1000) else {
                throw ConformanceFailure(description: "no task claimed", file: #fileID, line: #line)
            }
            let renewal = TaskChange(
                oldID: claimed.taskID,
                newData: TaskData(queue: claimed.queue, arrival: .relative(5000), value: claimed.value))
            let renewed = try await h.backend.modify(Modification(claimant: "worker", changes: [renewal])).changed
            try check(renewed.first?.version == claimed.version + 1, "renewal bumps the version")
            try check(renewed.first?.claimant == "worker", "a future arrival keeps the modifier as holder")
            h.clock.advance(byMs: 2000)
            try check(try await h.tryClaim([queue], as: "other") == nil, "the renewed lease still holds")
        },
    ]
}
