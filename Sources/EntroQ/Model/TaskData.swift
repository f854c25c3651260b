/// When a task arrives (becomes available).
public enum Arrival: Sendable, Hashable {
    /// As soon as possible.
    case now
    /// At an absolute epoch-millisecond time. Values `<= 0` or more than a year in the past mean ``now``
    /// (this absorbs the Go client's zero-time sentinel, -6795364578871).
    case absolute(Int64)
    /// Relative to the server's clock (protocol 2's `byMs`); negative values are in the past.
    case relative(Int64)

    /// One year in milliseconds: absolute arrivals older than this are treated as "now".
    static let staleHorizonMs: Int64 = 365 * 24 * 3600 * 1000

    /// The absolute arrival time at server time `now`.
    public func resolved(now: Int64) -> Int64 {
        switch self {
        case .now: return now
        case .absolute(let at): return (at <= 0 || at < now - Self.staleHorizonMs) ? now : at
        case .relative(let by): return now.saturatingAdd(by)
        }
    }
}

/// The content of an insert, or the new state of a task in a change.
public struct TaskData: Sendable, Hashable {
    public var queue: String
    public var arrival: Arrival
    public var value: JSONValue?
    /// Optional explicit id (inserts only; empty means "generate one").
    public var id: String
    public var attempt: Int32
    public var err: String

    /// Creates task data.
    public init(
        queue: String, arrival: Arrival = .now, value: JSONValue? = nil, id: String = "", attempt: Int32 = 0,
        err: String = ""
    ) {
        self.queue = queue
        self.arrival = arrival
        self.value = value
        self.id = id
        self.attempt = attempt
        self.err = err
    }
}

/// How a change applies its new data.
public enum ChangeMode: Sendable, Hashable {
    /// Replace queue, arrival, value, attempt and error; keep the claim count.
    case full
    /// As ``full`` and reset the claim count to 0 (protocol 2 `CHANGE_RESET_CLAIMS`).
    case resetClaims
    /// Change only the arrival time, i.e. renew or release a lease (protocol 2 `CHANGE_LEASE`).
    case lease
}

/// A change of one existing task at a known version.
public struct TaskChange: Sendable, Hashable {
    public var oldID: TaskID
    public var newData: TaskData
    public var mode: ChangeMode

    /// Creates a change.
    public init(oldID: TaskID, newData: TaskData, mode: ChangeMode = .full) {
        self.oldID = oldID
        self.newData = newData
        self.mode = mode
    }
}

extension Int64 {
    /// `self + other`, clamped to the representable range instead of trapping on overflow.
    public func saturatingAdd(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        guard overflow else { return sum }
        return other > 0 ? .max : .min
    }
}
