/// A request to claim one task from any of several queues.
public struct ClaimRequest: Sendable, Hashable {
    public var claimant: String
    public var queues: [String]
    /// The lease length in milliseconds.
    public var durationMs: Int64
    /// How long a blocking claim waits for a notification before looking again; 0 means the default (30 s).
    public var pollMs: Int64

    /// Creates a claim request.
    public init(claimant: String, queues: [String], durationMs: Int64 = 30_000, pollMs: Int64 = 0) {
        self.claimant = claimant
        self.queues = queues
        self.durationMs = durationMs
        self.pollMs = pollMs
    }
}

/// A listing of tasks, by queue or by ids.
public struct TaskQuery: Sendable, Hashable {
    /// Only tasks not held by someone other than this claimant (empty: no filter).
    public var claimant: String
    public var queue: String
    /// Positive: at most this many tasks.
    public var limit: Int
    /// Only these ids, returned in this order.
    public var ids: [String]
    /// Return tasks without values.
    public var omitValues: Bool

    /// Creates a query.
    public init(claimant: String = "", queue: String = "", limit: Int = 0, ids: [String] = [], omitValues: Bool = false) {
        self.claimant = claimant
        self.queue = queue
        self.limit = limit
        self.ids = ids
        self.omitValues = omitValues
    }
}

/// A selection of queues by exact names and prefixes (OR-ed; both empty selects all).
public struct QueueQuery: Sendable, Hashable {
    public var matchPrefix: [String]
    public var matchExact: [String]
    /// Positive: at most this many queues.
    public var limit: Int

    /// Creates a query.
    public init(matchPrefix: [String] = [], matchExact: [String] = [], limit: Int = 0) {
        self.matchPrefix = matchPrefix
        self.matchExact = matchExact
        self.limit = limit
    }

    /// Whether `queue` is selected.
    public func matches(_ queue: String) -> Bool {
        if matchPrefix.isEmpty && matchExact.isEmpty { return true }
        return matchExact.contains(queue) || matchPrefix.contains { queue.hasPrefix($0) }
    }
}

/// Counters of one non-empty queue.
public struct QueueStats: Sendable, Hashable {
    public var name: String
    /// All tasks.
    public var numTasks: Int
    /// Leased into the future after at least one claim.
    public var numClaimed: Int
    /// Arrival passed: claimable now.
    public var numAvailable: Int
    /// Arrival in the future, never claimed.
    public var numFuture: Int
    /// The highest claim count of any task.
    public var maxClaims: Int

    /// Creates statistics.
    public init(name: String, numTasks: Int = 0, numClaimed: Int = 0, numAvailable: Int = 0, numFuture: Int = 0,
                maxClaims: Int = 0) {
        self.name = name
        self.numTasks = numTasks
        self.numClaimed = numClaimed
        self.numAvailable = numAvailable
        self.numFuture = numFuture
        self.maxClaims = maxClaims
    }

    /// Adds one task's contribution at server time `now`.
    public mutating func count(_ task: EntroQTask, now: Int64) {
        numTasks += 1
        if task.atMs <= now {
            numAvailable += 1
        } else if task.claims > 0 {
            numClaimed += 1
        } else {
            numFuture += 1
        }
        maxClaims = max(maxClaims, Int(task.claims))
    }
}
