import Foundation

/// How an analytic or fusion worker claims tasks and calls its server.
public struct WorkerSettings: Sendable {
    /// The analytic (or fuser) id; the worker claims `/task/detection/analytic/<id>/inbox` (or the fuser inbox).
    public var id: String
    /// Queue names.
    public var queues = WorkflowQueues()
    /// Tasks worked on at once by this process (each has its own queue claim and gRPC call).
    public var concurrency = 1
    /// Give a task up (recording a failure) once it has been claimed more than this many times, i.e. after workers
    /// died while holding it; 0 = never.
    public var maxClaims: Int32 = 5
    /// Default per-call deadline in seconds when the task does not set `analytic_timeout_sec`.
    public var callTimeoutSeconds = 300
    /// How long an unreachable or overloaded server is retried (with backoff) before the task is failed.
    public var unavailableBudgetSeconds = 120
    /// Lease of a claimed task in milliseconds; renewed at half while the call runs.
    public var leaseMs: Int64 = 30_000
    /// How long a blocked claim waits before polling again, in milliseconds. A new task wakes the claim at once;
    /// the poll is what notices a task whose lease expired (its worker died), so it bounds that delay.
    public var pollMs: Int64 = 5_000
    /// Request resource URIs: caller view → server view (`--xin`).
    public var inputMapping: PathMapping?
    /// `out_dir` forward, response URIs in reverse (`--xout`).
    public var outputMapping: PathMapping?
    /// Fusers only: URIs inside the analytic results they receive, e.g. masks (`--xfin`).
    public var fusionInputMapping: PathMapping?
    /// Create each request's `out_dir` (in the caller's view) before the call, when it is reachable from here.
    public var createOutDir = true

    /// Settings for the analytic or fuser `id`.
    public init(id: String) { self.id = id }
}

extension WorkerSettings {
    /// Gives a request an id (a new UUID when empty) and its own output folder, `out_dir/<request_id>` (the
    /// system temporary folder when `out_dir` is empty), created when ``createOutDir`` is set and it is reachable.
    func ensureIDAndOutput(_ requestID: inout String, _ outDir: inout String) {
        if requestID.isEmpty { requestID = UUID().uuidString.lowercased() }
        if outDir.isEmpty { outDir = FileManager.default.temporaryDirectory.path }
        outDir = Workflow.suffixed(outDir, requestID)
        if createOutDir {
            try? FileManager.default.createDirectory(atPath: outDir, withIntermediateDirectories: true)
        }
    }
}
