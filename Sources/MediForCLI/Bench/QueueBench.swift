import EntroQ
import Foundation

/// Queue measurements: insert→claim→delete throughput and blocking-claim wake-up latency.
struct QueueBench {
    struct Row {
        var backend: String
        var workers: Int
        var cyclesPerSecond: Double
        var wakeP50Ms: Double
        var wakeP99Ms: Double
    }

    let backend: any QueueBackend
    let name: String
    let cycles: Int
    let latencySamples: Int

    /// Workers each run insert → claim → delete on one shared queue until `cycles` are done.
    func throughput(workers: Int) async throws -> Double {
        let queue = "/bench/throughput/\(TaskIDGenerator.make())"
        let perWorker = max(cycles / workers, 1)
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<workers {
                group.addTask {
                    let claimant = "bench-\(index)"
                    for _ in 0..<perWorker {
                        let value = JSONValue.object(["n": .number(1)])
                        _ = try await backend.modify(Modification(claimant: claimant, inserts: [TaskData(queue: queue, value: value)]))
                        guard let task = try await backend.tryClaim(ClaimRequest(claimant: claimant, queues: [queue])) else {
                            continue
                        }
                        _ = try await backend.modify(Modification(claimant: claimant, deletes: [task.taskID]))
                    }
                }
            }
            try await group.waitForAll()
        }
        let seconds = (ContinuousClock.now - start).seconds
        try await drain(queue)
        return Double(perWorker * workers) / seconds
    }

    /// `workers` claims wait on an empty queue; one task at a time is inserted and the time until a claim
    /// returns it is recorded. Returns (p50, p99) in milliseconds.
    func wakeLatency(workers: Int) async throws -> (Double, Double) {
        let queue = "/bench/latency/\(TaskIDGenerator.make())"
        let (claimedStream, claimed) = AsyncStream.makeStream(of: ContinuousClock.Instant.self)
        var samples: [Double] = []
        samples.reserveCapacity(latencySamples)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<workers {
                group.addTask {
                    let request = ClaimRequest(claimant: "waiter-\(index)", queues: [queue], pollMs: 600_000)
                    while !Task.isCancelled {
                        let task = try await backend.claim(request)
                        claimed.yield(ContinuousClock.now)
                        _ = try await backend.modify(Modification(claimant: request.claimant, deletes: [task.taskID]))
                    }
                }
            }
            var arrivals = claimedStream.makeAsyncIterator()
            // Let the waiters reach their blocking wait before the first insert.
            try await Task.sleep(for: .milliseconds(300))
            for _ in 0..<latencySamples {
                let insertedAt = ContinuousClock.now
                _ = try await backend.modify(Modification(claimant: "producer", inserts: [TaskData(queue: queue)]))
                guard let claimedAt = await arrivals.next() else { break }
                samples.append((claimedAt - insertedAt).seconds * 1000)
                try await Task.sleep(for: .milliseconds(2))
            }
            group.cancelAll()
            claimed.finish()
            try? await group.waitForAll()
        }
        try await drain(queue)
        samples.sort()
        return (Self.percentile(samples, 0.50), Self.percentile(samples, 0.99))
    }

    private func drain(_ queue: String) async throws {
        let left = try await backend.tasks(TaskQuery(queue: queue, omitValues: true))
        for chunk in stride(from: 0, to: left.count, by: 100) {
            let ids = left[chunk..<min(chunk + 100, left.count)].map(\.taskID)
            _ = try? await backend.modify(Modification(claimant: "bench", deletes: ids))
        }
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p * Double(sorted.count - 1)).rounded())
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}

extension Duration {
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
