// MediForStore: the results store of the MediFor workflow (detections, fusions, tags), with one protocol and two
// implementations: SQLite (GRDB) for the embedded mode and PostgreSQL (postgres-nio) for the distributed mode.
//
// This target owns the store's SQL, schemas and migrations. It imports MediForProto (the stored values are the
// wire messages), GRDB, PostgresNIO, Logging and ServiceLifecycle; no SQL or driver type appears in its public API
// or in the errors it throws. Stage and status of pending work come from the queue and are computed by the
// workflow, not here.
public import MediForProto

/// The workflow's results store: one row per (detection, analytic), one per (detection, fuser, analytic set), and
/// the tags and metadata of each detection.
///
/// Every method is safe to call concurrently. Errors are ``StoreError``s. Times are epoch milliseconds from the
/// store's injected ``StoreClock``.
public protocol DetectionStore: Sendable {
    /// Records a new detection, or adds to an existing one (idempotent; the fan-out worker's step, §7).
    ///
    /// In one transaction: creates the detection's tag row if missing (always, even with no tags, so tag updates
    /// and tag filters work) and merges `tags`, `userTags` and `meta` into it (new keys win); then inserts one
    /// pending row per analytic that has none yet. Existing rows are kept unchanged.
    ///
    /// - Returns: for each analytic of `detection`, in order, the queue task id now in effect: the given one for a
    ///   new row, the stored one for an existing pending row, `nil` for an already finished row (not to requeue).
    /// - Throws: ``StoreError/Code/invalidArgument`` for an empty detection or analytic id.
    func createDetection(_ detection: NewDetection) async throws -> [String: String?]

    /// Stores an analytic's finished round trip, if its row is still pending.
    ///
    /// Sets `finished`, clears the task id and replaces the stored `Detection`.
    /// - Returns: ``RecordOutcome/recorded``, or why nothing changed.
    func recordAnalyticResult(
        detectionID: String, analyticID: String, detection: Mediforproto_Detection
    ) async throws -> RecordOutcome

    /// Creates pending fusion rows (the fusion fan-out worker's step, §11) and merges `tags` into the detection's
    /// fusion tag row, in one transaction.
    ///
    /// - Returns: per fuser id, the task id in effect (`nil` when that fusion already finished).
    func createFusions(_ fusions: [NewFusion], tags: [String: String]) async throws -> [String: String?]

    /// Stores a fuser's finished round trip for (detection, fuser, analytic set), if its row is still pending.
    func recordFusionResult(
        detectionID: String, fuserID: String, analyticIDs: [String], fusion: Mediforproto_Fusion
    ) async throws -> RecordOutcome

    /// Everything stored about one detection; with `wantFused`, the best finished successful fusion per fuser.
    ///
    /// - Throws: ``StoreError/Code/notFound`` when the store knows nothing about `id`.
    func detection(id: String, wantFused: Bool) async throws -> StoredDetection

    /// Every fusion row of a detection (pending, failed and successful), by fuser id then creation time.
    func fusions(detectionID: String) async throws -> [StoredFusion]

    /// One analytic's row, or `nil`.
    func analyticRow(detectionID: String, analyticID: String) async throws -> StoredAnalytic?

    /// One page of detections (§15): filters, sorts, paging and `total` all computed in SQL.
    ///
    /// - Throws: ``StoreError/Code/invalidArgument`` for a malformed page token or a SCORE sort without a fuser.
    func list(_ request: Mediforproto_DetectionListRequest) async throws -> Mediforproto_DetectionList

    /// Deletes every row of the detection in one transaction.
    ///
    /// - Returns: whether anything was deleted (deleting an unknown id is not an error).
    func deleteDetection(id: String) async throws -> Bool

    /// Replaces or merges the detection's user tags (§17). A detection without a tag row gets one.
    ///
    /// - Throws: ``StoreError/Code/notFound`` when the detection does not exist.
    func updateUserTags(_ request: Mediforproto_UpdateDetectionTagsRequest) async throws

    /// Counts of tag pairs over the detections carrying every required tag (§18).
    func tagInfo(_ request: Mediforproto_DetectionTagInfoRequest) async throws -> Mediforproto_DetectionTagInfo

    /// Every detection id in the store, sorted (for `FuseAllIDs`).
    func detectionIDs() async throws -> [String]
}

/// Whether a finished result was stored.
public enum RecordOutcome: Hashable, Sendable {
    /// The pending row now holds the result.
    case recorded
    /// The row was already finished; it is unchanged.
    case alreadyFinished
    /// No such row (the detection was deleted, or never created); nothing changed.
    case notFound
}
