/// A task as stored in a queue.
///
/// A task is *available* when its arrival time has passed; a claim sets the arrival to the end of the lease, so
/// there is no separate "claimed" flag. Times are epoch milliseconds on the server's clock.
public struct EntroQTask: Sendable, Hashable {
    /// The queue the task is in now.
    public var queue: String
    /// The globally unique id; kept when the task moves between queues.
    public var id: String
    /// 0 on insert, +1 on every claim and change.
    public var version: Int32
    /// Arrival time: available iff `atMs <= now`.
    public var atMs: Int64
    /// The lease holder (meaningful while `atMs > now`).
    public var claimant: String
    /// The JSON payload, or `nil` for none.
    public var value: JSONValue?
    public var createdMs: Int64
    public var modifiedMs: Int64
    /// Successful claims so far; workers use it to detect poison tasks.
    public var claims: Int32
    /// Client retry bookkeeping, stored verbatim.
    public var attempt: Int32
    /// Client error text, stored verbatim.
    public var err: String

    /// Creates a task.
    public init(
        queue: String, id: String, version: Int32 = 0, atMs: Int64, claimant: String = "", value: JSONValue? = nil,
        createdMs: Int64, modifiedMs: Int64, claims: Int32 = 0, attempt: Int32 = 0, err: String = ""
    ) {
        self.queue = queue
        self.id = id
        self.version = version
        self.atMs = atMs
        self.claimant = claimant
        self.value = value
        self.createdMs = createdMs
        self.modifiedMs = modifiedMs
        self.claims = claims
        self.attempt = attempt
        self.err = err
    }

    /// This task's identity at its current version.
    public var taskID: TaskID { TaskID(id: id, version: version, queue: queue) }

    /// Whether the task can be claimed at `now`.
    public func isAvailable(now: Int64) -> Bool { atMs <= now }

    /// Whether a claimant other than `claimant` holds an unexpired lease at `now`.
    ///
    /// Only a task that was claimed is held: a task inserted or deferred into the future (claim count 0) is
    /// merely not yet available, and anyone may change or delete it.
    public func isHeld(byOtherThan claimant: String, now: Int64) -> Bool {
        atMs > now && claims > 0 && !self.claimant.isEmpty && self.claimant != claimant
    }

    /// The task after a successful claim: version and claims up by one, leased until `now + durationMs`.
    public func claimed(by claimant: String, now: Int64, durationMs: Int64) -> EntroQTask {
        var task = self
        task.version &+= 1
        task.claims &+= 1
        task.atMs = now.saturatingAdd(durationMs)
        task.claimant = claimant
        task.modifiedMs = now
        return task
    }
}

/// Identifies a task at a specific version.
public struct TaskID: Sendable, Hashable {
    public var id: String
    public var version: Int32
    /// The task's queue as the client believes it; lookups are by id only.
    public var queue: String

    /// Creates a task identity.
    public init(id: String, version: Int32, queue: String = "") {
        self.id = id
        self.version = version
        self.queue = queue
    }
}
