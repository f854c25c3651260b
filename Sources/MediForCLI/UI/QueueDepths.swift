import EntroQ
import MediForUI
import MediForWorkflow

/// Queue depths for the UI's analytics page, read from the task queue's statistics of each analytic's and fuser's
/// inbox.
struct QueueDepths: QueueDepthSource {
    let queue: any QueueBackend
    let queues: WorkflowQueues

    func depths(analytics: [String], fusers: [String]) async throws -> [String: QueueDepth] {
        var names: [String: String] = [:]
        for id in analytics { names[queues.analyticInbox(id)] = id }
        for id in fusers { names[queues.fuserInbox(id)] = id }
        guard !names.isEmpty else { return [:] }
        let stats = try await queue.queueStats(QueueQuery(matchExact: Array(names.keys)))
        var result: [String: QueueDepth] = [:]
        for stat in stats {
            guard let id = names[stat.name] else { continue }
            result[id] = QueueDepth(
                waiting: stat.numAvailable, running: stat.numClaimed, delayed: stat.numFuture, maxClaims: stat.maxClaims
            )
        }
        return result
    }
}
