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
