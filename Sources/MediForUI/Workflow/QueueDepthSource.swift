/// How many tasks wait for, and are being worked on by, one analytic or fuser.
public struct QueueDepth: Sendable, Hashable {
    /// Tasks ready to be claimed.
    public var waiting: Int
    /// Tasks a worker holds right now.
    public var running: Int
    /// Tasks not yet due (retries waiting out their delay).
    public var delayed: Int
    /// The most claims any task of the queue has had (above 1 means retries).
    public var maxClaims: Int

    /// Creates a value.
    public init(waiting: Int, running: Int, delayed: Int, maxClaims: Int) {
        self.waiting = waiting
        self.running = running
        self.delayed = delayed
        self.maxClaims = maxClaims
    }
}

/// Where the analytics page reads queue depths from. The Pipeline API does not expose them, so the process that
/// composes the UI passes one in when it can reach the task queue (in-process in `medifor serve`, over the queue's
/// gRPC API in distributed mode); without one the page says that depths are not available.
public protocol QueueDepthSource: Sendable {
    /// The depth of each analytic's and fuser's inbox, by id; ids whose queue is empty may be missing.
    ///
    /// - Throws: when the queue cannot be reached.
    func depths(analytics: [String], fusers: [String]) async throws -> [String: QueueDepth]
}
