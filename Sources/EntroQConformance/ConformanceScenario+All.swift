import EntroQ

extension ConformanceScenario {
    /// Every scenario, in a stable order.
    public static let all: [ConformanceScenario] =
        sequenceScenarios + listingScenarios + modifyScenarios + claimScenarios + statsScenarios
        + validationScenarios + workerScenarios
}

extension QueueHarness {
    /// Inserts one task per value into `queue` and returns them.
    @discardableResult
    func insert(
        _ queue: String, count: Int = 1, arrival: Arrival = .now, claimant: String = "inserter"
    ) async throws -> [EntroQTask] {
        let inserts = (0..<count).map { TaskData(queue: queue, arrival: arrival, value: .object(["n": .number(Double($0))])) }
        return try await backend.modify(Modification(claimant: claimant, inserts: inserts)).inserted
    }

    /// Claims from `queues` without waiting.
    func tryClaim(_ queues: [String], as claimant: String = "worker", durationMs: Int64 = 30_000) async throws
        -> EntroQTask?
    {
        try await backend.tryClaim(ClaimRequest(claimant: claimant, queues: queues, durationMs: durationMs))
    }

    /// The stored state of one task.
    func task(_ id: String) async throws -> EntroQTask? {
        try await backend.tasks(TaskQuery(ids: [id])).first
    }
}
