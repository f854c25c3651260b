/// The queue names of the workflow (workflow.md §3), with an optional prefix on every name.
public struct WorkflowQueues: Sendable, Hashable {
    /// Prepended to every name (the original's `--queue_prefix`).
    public var prefix: String

    /// Names under `prefix`.
    public init(prefix: String = "") { self.prefix = prefix }

    /// `Detect` → fan-out.
    public var detectionInbox: String { prefix + "/task/detection/inbox" }
    /// Analytic workers → outbox stage (each task's `done_queue`).
    public var detectionOutbox: String { prefix + "/task/detection/outbox" }
    /// Outbox stage → fusion generator.
    public var fusionGenInbox: String { prefix + "/task/fusiongen/inbox" }
    /// Fusion generator, `Fuse*` → fusion fan-out.
    public var fusionInbox: String { prefix + "/task/fusion/inbox" }
    /// Fusion workers → fusion outbox stage.
    public var fusionOutbox: String { prefix + "/task/fusion/outbox" }

    /// One analytic's inbox, `/task/detection/analytic/<escaped id>/inbox`.
    public func analyticInbox(_ analyticID: String) -> String {
        prefix + "/task/detection/analytic/" + Self.pathEscape(analyticID) + "/inbox"
    }

    /// One fuser's inbox, `/task/fusion/fuser/<escaped id>/inbox`.
    public func fuserInbox(_ fuserID: String) -> String {
        prefix + "/task/fusion/fuser/" + Self.pathEscape(fuserID) + "/inbox"
    }

    /// Where a stage moves a task it cannot process: `<queue>/err`.
    public static func errorQueue(_ queue: String) -> String { queue + "/err" }

    /// Escapes an id as one URL path segment, like Go's `url.PathEscape`: unreserved characters and
    /// `$&+,:;=@` stay, everything else becomes `%XX` (so `/` → `%2F`, space → `%20`).
    public static func pathEscape(_ segment: String) -> String {
        var result = ""
        result.reserveCapacity(segment.utf8.count)
        let hex = Array("0123456789ABCDEF")
        for byte in segment.utf8 {
            let scalar = Character(Unicode.Scalar(byte))
            if byte < 0x80 && (scalar.isLetter || scalar.isNumber || "-_.~$&+,:;=@".contains(scalar)) {
                result.append(scalar)
            } else {
                result.append("%")
                result.append(hex[Int(byte >> 4)])
                result.append(hex[Int(byte & 0xF)])
            }
        }
        return result
    }
}
