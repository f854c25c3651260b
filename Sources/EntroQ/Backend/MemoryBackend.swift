import Synchronization

/// An in-memory queue backend.
///
/// Tasks live in a `Mutex`-guarded state; nothing survives the process. Blocking claims wait on a
/// ``QueueNotifier`` that every modification feeds. Use it for tests, benchmarks and throwaway queues; the
/// embedded default persists with SQLite instead.
public final class MemoryBackend: QueueBackend {
    private let state = Mutex(MemoryQueueState())
    private let clock: any TimeSource
    /// Wakes blocking claims; exposed so a service can share it.
    public let notifier: QueueNotifier

    /// Creates an empty backend.
    ///
    /// - Parameter clock: the server clock; ``SystemTimeSource`` by default.
    public init(clock: any TimeSource = SystemTimeSource(), notifier: QueueNotifier = QueueNotifier()) {
        self.clock = clock
        self.notifier = notifier
    }

    public func tryClaim(_ request: ClaimRequest) async throws -> EntroQTask? {
        let request = try request.validated()
        if Task.isCancelled { throw QueueError(code: .cancelled, message: "claim cancelled") }
        let now = clock.nowMs()
        return state.withLock { state in
            var rng = SystemRandomNumberGenerator()
            for queue in request.queues.shuffled(using: &rng) {
                guard let id = state.randomAvailable(in: queue, now: now, using: &rng),
                    let task = state.tasks[id]
                else { continue }
                let claimed = task.claimed(by: request.claimant, now: now, durationMs: request.durationMs)
                state.tasks[id] = claimed
                return claimed
            }
            return nil
        }
    }

    public func claim(_ request: ClaimRequest) async throws -> EntroQTask {
        try await claim(request, notifier: notifier)
    }

    public func modify(_ modification: Modification) async throws -> ModifyResult {
        try modification.validate()
        let now = clock.nowMs()
        let plan = try state.withLock { state throws(QueueError) -> ModificationPlan in
            var existing: [String: EntroQTask] = [:]
            for id in modification.referencedIDs {
                if let task = state.tasks[id] { existing[id] = task }
            }
            let plan = try ModificationPlan(modification, existing: existing, now: now, makeID: TaskIDGenerator.make)
            // Generated ids can collide with stored ones only with negligible probability; refuse rather than
            // overwrite if it ever happens.
            for task in plan.inserted where state.tasks[task.id] != nil && existing[task.id] == nil {
                throw QueueError.dependency([.init(kind: .insert, id: task.taskID, message: "task id already exists")])
            }
            for id in plan.deletes { state.remove(id) }
            for task in plan.changed { state.upsert(task) }
            for task in plan.inserted { state.upsert(task) }
            return plan
        }
        notifier.notify(all: plan.queuesToNotify)
        return plan.result
    }

    public func tasks(_ query: TaskQuery) async throws -> [EntroQTask] {
        let now = clock.nowMs()
        return state.withLock { state in
            var found: [EntroQTask] = []
            if !query.ids.isEmpty {
                found = query.ids.compactMap { state.tasks[$0] }
                if !query.queue.isEmpty { found.removeAll { $0.queue != query.queue } }
            } else if !query.queue.isEmpty, let queue = state.queues[query.queue] {
                found = queue.ids.compactMap { state.tasks[$0] }
            }
            return found.listed(query, now: now)
        }
    }

    public func queueStats(_ query: QueueQuery) async throws -> [QueueStats] {
        let now = clock.nowMs()
        return state.withLock { state in
            var stats: [QueueStats] = []
            for (name, queue) in state.queues where query.matches(name) {
                var entry = QueueStats(name: name)
                for id in queue.ids { if let task = state.tasks[id] { entry.count(task, now: now) } }
                stats.append(entry)
                if query.limit > 0 && stats.count >= query.limit { break }
            }
            return stats
        }
    }

    public func time() async throws -> Int64 { clock.nowMs() }
}

extension Array where Element == EntroQTask {
    /// Applies a listing's claimant filter, limit and value omission.
    public func listed(_ query: TaskQuery, now: Int64) -> [EntroQTask] {
        var result = self
        if !query.claimant.isEmpty {
            result.removeAll { $0.isHeld(byOtherThan: query.claimant, now: now) }
        }
        if query.limit > 0 && result.count > query.limit { result.removeLast(result.count - query.limit) }
        if query.omitValues {
            for index in result.indices { result[index].value = nil }
        }
        return result
    }
}

/// The tasks of a ``MemoryBackend`` and a per-queue index supporting O(1) random choice and removal.
struct MemoryQueueState {
    struct QueueIndex {
        var ids: [String] = []
        var positions: [String: Int] = [:]
    }

    var tasks: [String: EntroQTask] = [:]
    var queues: [String: QueueIndex] = [:]

    mutating func upsert(_ task: EntroQTask) {
        if let old = tasks[task.id], old.queue != task.queue { removeFromQueue(id: task.id, queue: old.queue) }
        tasks[task.id] = task
        if queues[task.queue]?.positions[task.id] == nil {
            queues[task.queue, default: QueueIndex()].positions[task.id] = queues[task.queue]?.ids.count ?? 0
            queues[task.queue]?.ids.append(task.id)
        }
    }

    mutating func remove(_ id: String) {
        guard let task = tasks.removeValue(forKey: id) else { return }
        removeFromQueue(id: id, queue: task.queue)
    }

    private mutating func removeFromQueue(id: String, queue name: String) {
        guard var queue = queues[name], let position = queue.positions.removeValue(forKey: id) else { return }
        let last = queue.ids.removeLast()
        if last != id {
            queue.ids[position] = last
            queue.positions[last] = position
        }
        queues[name] = queue.ids.isEmpty ? nil : queue
    }

    /// A random available task of `queue`: a few random probes, then a scan from a random start.
    func randomAvailable(in name: String, now: Int64, using rng: inout some RandomNumberGenerator) -> String? {
        guard let queue = queues[name], !queue.ids.isEmpty else { return nil }
        let count = queue.ids.count
        for _ in 0..<min(count, 8) {
            let id = queue.ids[Int.random(in: 0..<count, using: &rng)]
            if let task = tasks[id], task.isAvailable(now: now) { return id }
        }
        let start = Int.random(in: 0..<count, using: &rng)
        for offset in 0..<count {
            let id = queue.ids[(start + offset) % count]
            if let task = tasks[id], task.isAvailable(now: now) { return id }
        }
        return nil
    }
}
