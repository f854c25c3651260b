// MediForWorkflow: the analytic workflow. It turns a Detect request into queue tasks, runs the internal stages
// that move results into the results store and generate fusion, answers the Pipeline API, and runs the workers
// that call analytics and fusers over gRPC.
//
// It builds on EntroQ (any QueueBackend: in-process or a remote queue), MediForStore (any DetectionStore) and the
// generated MediForProto messages. Errors of the queue and store are mapped to gRPC statuses only at the service
// boundary (PipelineService+Errors.swift).
public import EntroQ
public import Logging
public import MediForStore

/// Settings of the workflow service.
public struct WorkflowSettings: Sendable {
    /// Queue names.
    public var queues = WorkflowQueues()
    /// Base `out_dir` of generated fusion requests; `nil` means `<storage root>/output`.
    public var fusionOutDir: String?
    /// Do not append `/<analytic id>` (or `/<fuser id>`) to `out_dir` at fan-out.
    public var skipOutDirSuffix = false
    /// Fan-out and fusion fan-out stage loops (the original's `--num_fanout`).
    public var fanOutWorkers = 1
    /// Outbox and fusion outbox stage loops (the original's `--num_outbox`).
    public var outboxWorkers = 1
    /// Lease of stage tasks, in milliseconds.
    public var leaseMs: Int64 = 30_000
    /// How long a blocked claim waits before polling again, in milliseconds. A new task wakes the claim at once;
    /// the poll is what notices a task whose lease expired (its worker died), so it bounds that delay.
    public var pollMs: Int64 = 5_000
    /// Attempts of a stage task whose store write fails before it is moved to its error queue.
    public var maxStageAttempts: Int32 = 10
    /// Delay before a failed stage task is retried, in milliseconds.
    public var stageRetryDelayMs: Int64 = 2_000

    /// Defaults.
    public init() {}
}

/// Everything the Pipeline service and the internal stages share: queue, store, catalogue, storage, settings.
public struct Workflow: Sendable {
    /// The task queue.
    public let queue: any QueueBackend
    /// The results store.
    public let store: any DetectionStore
    /// The analytics and fusers on offer.
    public let catalog: AnalyticCatalog
    /// The shared storage root.
    public let storage: MediaStorage
    /// Settings.
    public let settings: WorkflowSettings
    let logger: Logger

    /// Creates the workflow over its parts.
    public init(
        queue: any QueueBackend, store: any DetectionStore, catalog: AnalyticCatalog, storage: MediaStorage,
        settings: WorkflowSettings = WorkflowSettings(), logger: Logger
    ) {
        self.queue = queue
        self.store = store
        self.catalog = catalog
        self.storage = storage
        self.settings = settings
        self.logger = logger
    }

    /// Queue names.
    public var queues: WorkflowQueues { settings.queues }

    /// The claimant name the workflow's own modifications use.
    static let claimant = "medifor-workflow"

    /// `inserts` without those whose explicit id already names a task (in any queue), so that redoing a fan-out
    /// does not queue the same work twice (EntroQ's "skip colliding").
    func withoutExisting(_ inserts: [TaskData]) async throws -> [TaskData] {
        let ids = inserts.map(\.id).filter { !$0.isEmpty }
        guard !ids.isEmpty else { return inserts }
        let existing = Set(try await queue.tasks(TaskQuery(ids: ids, omitValues: true)).map(\.id))
        return inserts.filter { $0.id.isEmpty || !existing.contains($0.id) }
    }
}
