import EntroQ

extension ConformanceScenario {
    static let claimScenarios: [ConformanceScenario] = [
        ConformanceScenario("a blocked claim wakes when a task is inserted, not on its poll interval") { h in
            let queue = "/wake/\(TaskIDGenerator.make())"
            // The poll interval is ten minutes: only a notification can end the wait within the bound below.
            let request = ClaimRequest(claimant: "waiter", queues: [queue], durationMs: 30_000, pollMs: 600_000)
            let claimed = try await withThrowingTaskGroup(of: EntroQTask?.self) { group in
                group.addTask { try await h.backend.claim(request) }
                group.addTask {
                    // Give the claim a moment to start waiting; a claim arriving after the insert succeeds too.
                    try await Task.sleep(for: .milliseconds(200))
                    _ = try await h.insert(queue)
                    try await Task.sleep(for: .seconds(30))
                    return nil
                }
                let first = try await group.next() ?? nil
                group.cancelAll()
                return first
            }
            try check(claimed?.queue == queue, "the waiting claim received the inserted task")
        },
        ConformanceScenario("claims are exclusive under concurrency: every task once") { h in
            let queue = "/concurrent/\(TaskIDGenerator.make())"
            let inserted = try await h.insert(queue, count: 60)
            let claimedIDs = try await withThrowingTaskGroup(of: [String].self) { group in
                for worker in 0..<8 {
                    group.addTask {
                        var mine: [String] = []
                        while let task = try await h.tryClaim([queue], as: "w\(worker)") { mine.append(task.id) }
                        return mine
                    }
                }
                var all: [String] = []
                for try await ids in group { all += ids }
                return all
            }
            try check(claimedIDs.count == inserted.count, "each task claimed once, got \(claimedIDs.count) claims")
            try check(Set(claimedIDs) == Set(inserted.map(\.id)), "every inserted task was claimed")
        },
        ConformanceScenario("claims span several queues and reach every one") { h in
            let base = "/multi/\(TaskIDGenerator.make())"
            let queues = (0..<3).map { "\(base)/q\($0)" }
            for (index, queue) in queues.enumerated() { try await h.insert(queue, count: 4 * (index + 1)) }
            var perQueue: [String: Int] = [:]
            var firstHalf = Set<String>()
            for step in 0..<24 {
                guard let task = try await h.tryClaim(queues) else {
                    throw ConformanceFailure(description: "ran dry after \(step) claims", file: #fileID, line: #line)
                }
                perQueue[task.queue, default: 0] += 1
                if step < 12 { firstHalf.insert(task.queue) }
            }
            try check(perQueue == [queues[0]: 4, queues[1]: 8, queues[2]: 12], "every task claimed: \(perQueue)")
            // Random choice among queues: missing two of three in 12 claims has a probability of about 1e-5.
            try check(firstHalf.count >= 2, "claims are shared across queues, not drained one by one")
            try check(try await h.tryClaim(queues) == nil, "all queues are drained")
        },
        ConformanceScenario("a future task is not claimable until it arrives") { h in
            let queue = "/future/\(TaskIDGenerator.make())"
            try await h.insert(queue, arrival: .relative(10_000))
            try check(try await h.tryClaim([queue]) == nil, "a future task is not ready")
            h.clock.advance(byMs: 10_000)
            try check(try await h.tryClaim([queue]) != nil, "it is claimable once its arrival passes")
        },
        ConformanceScenario("the backend reports its own clock") { h in
            let before = try await h.backend.time()
            h.clock.advance(byMs: 12_345)
            let after = try await h.backend.time()
            try check(after - before == 12_345, "time follows the server clock, moved \(after - before)")
        },
    ]
}
