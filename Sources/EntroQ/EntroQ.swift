/// # EntroQ
///
/// The domain core of the task queue: the task model, the rules every backend applies (claims, leases,
/// atomic modifications with dependency checks), the ``QueueBackend`` protocol, the in-memory backend and the
/// worker loop.
///
/// This target does no IO of its own: it imports neither NIO, GRDB, PostgresNIO nor Hummingbird. Time arrives
/// through an injected ``TimeSource``; persistence lives in the adapter targets (`EntroQSQLite`,
/// `EntroQPostgres`), and the wire surfaces in `EntroQService`.
public enum EntroQInfo {
    /// Protocols of the REST surface this implementation speaks (sent back in the `entroq-protocol` header).
    public static let supportedProtocols = [1, 2]
}
