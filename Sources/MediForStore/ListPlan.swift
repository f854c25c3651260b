import Foundation
import MediForProto

/// A validated `DetectionListRequest` (§15), ready for either store's SQL builder.
struct ListPlan: Sendable {
    /// One ORDER BY term.
    enum Sort: Sendable, Equatable {
        /// The fused score of ``ListPlan/fuserID``.
        case score(ascending: Bool)
        /// The text of `meta[key]`.
        case meta(key: String, ascending: Bool)
        /// Full-text relevance of the metadata to `query`.
        case metaQuery(query: String, ascending: Bool)
    }

    /// Page size after clamping: `< 1` → 100, `> 250` → 250.
    var pageSize: Int
    /// Rows to skip, from the page token.
    var offset: Int
    /// The fuser whose best fusion scores each detection; `nil` when the request names none.
    var fuserID: String?
    var detectionIDs: [String]
    /// Inclusive creation-time bounds in epoch milliseconds.
    var startMs: Int64?
    var endMs: Int64?
    /// Required tag pairs (system ∪ user, user winning), sorted by key.
    var tags: [(key: String, value: String)]
    /// The plain-text metadata query, trimmed; `nil` when empty.
    var metaQuery: String?
    /// `fused_score > value` (`isGreater`) or `< value`.
    var threshold: (isGreater: Bool, value: Double)?
    var sorts: [Sort]
    var isMinimal: Bool

    static let defaultPageSize = 100
    static let maxPageSize = 250

    /// Validates `request`.
    ///
    /// - Throws: ``StoreError/Code/invalidArgument`` for a malformed page token, a SCORE sort without a fuser id,
    ///   or an unknown enum value.
    init(_ request: Mediforproto_DetectionListRequest) throws(StoreError) {
        let size = Int(request.pageSize)
        pageSize = size < 1 ? Self.defaultPageSize : min(size, Self.maxPageSize)
        offset = try Self.offset(fromToken: request.pageToken)
        fuserID = request.fuserID.isEmpty ? nil : request.fuserID
        detectionIDs = request.detectionIds
        let range = request.dateRange
        startMs = range.startSecondsUtc != 0 ? Self.milliseconds(range.startSecondsUtc) : nil
        endMs = range.endSecondsUtc != 0 ? Self.milliseconds(range.endSecondsUtc) &+ 999 : nil
        tags = request.tags.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) }
        let query = request.metaQuery.trimmingCharacters(in: .whitespacesAndNewlines)
        metaQuery = query.isEmpty ? nil : query
        switch request.fusionThresholdType {
        case .fusionNoThreshold: threshold = nil
        case .fusionLtThreshold: threshold = (false, Double(request.fusionThresholdValue))
        case .fusionGtThreshold: threshold = (true, Double(request.fusionThresholdValue))
        case .UNRECOGNIZED: throw .invalidArgument("fusion threshold type is unknown")
        }
        sorts = try request.orderBy.map { (column) throws(StoreError) -> Sort in
            switch column.key {
            case .score:
                guard !request.fuserID.isEmpty else {
                    throw .invalidArgument("no fuser ID specified for fusion sorting")
                }
                return .score(ascending: column.isAsc)
            case .meta: return .meta(key: column.metaKey, ascending: column.isAsc)
            case .metaQuery: return .metaQuery(query: column.metaKey, ascending: column.isAsc)
            case .UNRECOGNIZED: throw .invalidArgument("sort key is unknown")
            }
        }
        isMinimal = request.verbosity == .detectionVerbosityMinimal
    }

    /// Whether the fused score is needed at all (scoring, threshold or sort).
    var needsScore: Bool { fuserID != nil }

    /// The metadata key the original UI sorts every list by (§15.4); both stores index it.
    static let indexedMetaKey = "Hash:md5"

    /// How a store reads this plan's page and `total`.
    ///
    /// Every store keeps one row per (detection, fuser) with the best fusion's score, indexed by (fuser, score,
    /// detection id). Scored and unscored detections are read separately when that lets the score index answer the
    /// ORDER BY and LIMIT instead of sorting every matching detection.
    enum Shape: Equatable {
        /// A threshold without a fuser: no detection has a score to compare, so nothing matches.
        case nothing
        /// A threshold: only scored detections can match; page and `total` come from the scored part.
        case scored
        /// Sorted by score first, no threshold: the scored part in score order, then the unscored part (NULLS
        /// LAST) in the remaining order. `total` counts the population.
        case scoredFirst
        /// Everything else: the population part, with the score joined per row when a fuser is given.
        case population
    }

    /// A set of detections a store can page or count.
    enum Part: Equatable {
        /// Every detection passing the filters.
        case population
        /// The filtered detections with a score for the fuser, past the threshold if there is one.
        case scored
        /// The filtered detections without a score for the fuser.
        case unscored
    }

    /// How a page statement finds its rows.
    enum Access: Equatable {
        /// Reads every detection passing the filters through their indexes, then sorts them.
        case matchesFirst
        /// Walks the ORDER BY's index (score, `Hash:md5`, creation time, id) and tests each row against the
        /// filters, stopping when the page is full.
        case indexFirst
    }

    var shape: Shape {
        if threshold != nil { return fuserID == nil ? .nothing : .scored }
        if case .score = sorts.first { return .scoredFirst }
        return .population
    }

    /// The part `total` counts (and, but for ``Shape/scoredFirst``, the part the page lists); `nil` when nothing
    /// can match.
    var countedPart: Part? {
        switch shape {
        case .nothing: nil
        case .scored: .scored
        case .scoredFirst, .population: .population
        }
    }

    /// Whether a filter narrows the population (ids, dates, tags or metadata text).
    var hasFilters: Bool {
        !detectionIDs.isEmpty || startMs != nil || endMs != nil || !tags.isEmpty || metaQuery != nil
    }

    /// The most matching detections a page reads in full and sorts; past it, pages walk the ORDER BY's index.
    ///
    /// Reading the matches costs about their number; walking costs about `(offset + limit) × all / matches` rows,
    /// each dearer because it tests the filters. Neither planner chooses well between them: SQLite has no
    /// per-value statistics for a tag, and Postgres underprices testing `tags || user_tags` on every row it walks.
    /// The exact count, needed for `total` anyway, tells instead. On the store benchmark's 100k detections
    /// (SQLite): a score page with a tag matching 3 detections took 60–100 ms walking and 0.2 ms reading them
    /// first; with 2,000 matches, 3–4 ms either way; a `Hash:md5` page with a tag matching 14,286 took 13 ms
    /// reading them first and 2 ms walking.
    static let smallMatchCount = 5_000

    /// How this plan's page statements find their rows, given `total` and the store's ``smallMatchCount``.
    func access(total: Int, smallMatchCount: Int) -> Access {
        hasFilters && total <= smallMatchCount ? .matchesFirst : .indexFirst
    }

    /// For a ``Shape/scoredFirst`` page: the number of scored matches implied by the scored part's `returned` rows,
    /// or `nil` when only counting tells (the part returned nothing past a nonzero offset).
    ///
    /// A scored part that returned fewer rows than asked ended inside this page, so it holds `offset + returned`.
    func scoredCount(impliedBy returned: Int) -> Int? {
        returned > 0 || offset == 0 ? offset + returned : nil
    }

    /// For a ``Shape/scoredFirst`` page: the slice of the unscored detections that completes the page after the
    /// scored part returned `returned` rows out of `scoredCount` scored matches, or `nil` when the page is full.
    func unscoredWindow(scoredReturned returned: Int, scoredCount: Int) -> (limit: Int, offset: Int)? {
        guard returned < pageSize else { return nil }
        return (pageSize - returned, max(0, offset - scoredCount))
    }

    /// Whether an ORDER BY term reads the tag row (metadata, or the default creation order).
    var sortsReadTagRow: Bool {
        sorts.isEmpty || !unscoredSorts.isEmpty
    }

    /// The sorts that still order the unscored detections of a ``Shape/scoredFirst`` page (score terms are all NULL
    /// there).
    var unscoredSorts: [Sort] {
        sorts.filter { if case .score = $0 { false } else { true } }
    }

    /// The token of the next page, or empty when `returned` rows did not fill this one.
    func nextToken(returned: Int) -> String {
        returned == pageSize ? Self.token(offset: offset + returned) : ""
    }

    /// Standard base64 of `{"offset":N}`, the original's token format.
    static func token(offset: Int) -> String {
        Data("{\"offset\":\(offset)}".utf8).base64EncodedString()
    }

    /// The offset a page token encodes (0 for the empty token).
    static func offset(fromToken token: String) throws(StoreError) -> Int {
        guard !token.isEmpty else { return 0 }
        guard let data = Data(base64Encoded: token),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let offset = object["offset"] as? Int, offset >= 0, offset <= Int(Int32.max)
        else {
            throw .invalidArgument("page token is malformed")
        }
        return offset
    }

    /// Epoch seconds as milliseconds, saturating instead of overflowing.
    static func milliseconds(_ seconds: Int64) -> Int64 {
        let (value, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        return overflow ? (seconds < 0 ? Int64.min / 2 : Int64.max / 2) : value
    }

    /// The whitespace-separated terms of a plain-text metadata query, lowercased (SQLite's matching).
    static func terms(of query: String) -> [String] {
        query.lowercased().split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }
}
