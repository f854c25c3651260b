import EntroQ

extension ConformanceScenario {
    static let statsScenarios: [ConformanceScenario] = [
        ConformanceScenario("queue stats count tasks, claimed, available, future and max claims exactly") { h in
            let base = "/stats/\(TaskIDGenerator.make())"
            let (a, b) = ("\(base)/a", "\(base)/b")
            try await h.insert(a, count: 2)
            try await h.insert(b, count: 3)
            try await h.insert(b, arrival: .relative(60_000))
            _ = try await h.tryClaim([a])
            let stats = try await h.backend.queueStats(QueueQuery(matchPrefix: [base]))
            let byName = Dictionary(uniqueKeysWithValues: stats.map { ($0.name, $0) })
            try check(byName.count == 2, "both queues listed")
            try check(byName[a] == QueueStats(name: a, numTasks: 2, numClaimed: 1, numAvailable: 1, maxClaims: 1),
                      "stats of a: \(String(describing: byName[a]))")
            try check(byName[b] == QueueStats(name: b, numTasks: 4, numAvailable: 3, numFuture: 1),
                      "stats of b: \(String(describing: byName[b]))")
        },
        ConformanceScenario("queue matching by exact names, prefixes and limit") { h in
            let base = "/match/\(TaskIDGenerator.make())"
            let names = ["\(base)/x", "\(base)/y", "\(base)/z=1", "\(base)-other"]
            for name in names { try await h.insert(name) }
            let exact = try await h.backend.queueStats(QueueQuery(matchExact: [names[0], names[2], "\(base)/none"]))
            try check(Set(exact.map(\.name)) == [names[0], names[2]], "exact match, got \(exact.map(\.name))")
            let prefix = try await h.backend.queueStats(QueueQuery(matchPrefix: ["\(base)/"]))
            try check(prefix.count == 3, "prefix match counts three queues, got \(prefix.map(\.name))")
            let both = try await h.backend.queueStats(QueueQuery(matchPrefix: ["\(base)/"], matchExact: [names[3]]))
            try check(both.count == 4, "prefix and exact are OR-ed")
            let limited = try await h.backend.queueStats(QueueQuery(matchPrefix: [base], limit: 2))
            try check(limited.count == 2, "limit caps the list, got \(limited.count)")
        },
        ConformanceScenario("empty queues are not listed") { h in
            let queue = "/empty/\(TaskIDGenerator.make())"
            let task = try await h.insert(queue)[0]
            _ = try await h.backend.modify(Modification(claimant: "c", deletes: [task.taskID]))
            try check(try await h.backend.queueStats(QueueQuery(matchExact: [queue])).isEmpty, "no empty queue")
        },
    ]
}
