import Foundation
import Hummingbird
import MediForProto

/// The gallery's filters, sort and page, parsed and checked from the query string, and turned into a
/// `DetectionListRequest` plus the checks the workflow cannot do itself.
struct GalleryQuery: Sendable {
    enum Sort: String, Sendable, CaseIterable {
        case newest, oldest, scoreDesc = "score-desc", scoreAsc = "score-asc", name, submitted

        var label: String {
            switch self {
            case .newest: "Newest upload"
            case .oldest: "Oldest upload"
            case .scoreDesc: "Score, high first"
            case .scoreAsc: "Score, low first"
            case .name: "File name"
            case .submitted: "Submission order"
            }
        }
    }

    enum Status: String, Sendable, CaseIterable {
        case running, done, failed

        var label: String {
            switch self {
            case .running: "Running"
            case .done: "Done"
            case .failed: "With failures"
            }
        }
    }

    /// Required tags, `key` → `value` (`""` for a plain label).
    var tags: [(key: String, value: String)] = []
    var text: String?
    var fuser: String?
    var minScore: Double?
    var maxScore: Double?
    var mediaType: String?
    var status: Status?
    var since: String?
    var until: String?
    var sort: Sort = .newest
    var cursor: ListCursor?
    /// The cursors of the pages before this one, oldest first (`nil` for the first page), so that "previous"
    /// can go back without looking inside the workflow's tokens. Only carried while ``cursor`` is set.
    var history: [ListCursor?] = []
    var pageSize: Int
    var isList = false

    /// Parses the query of a gallery request (also used by exports and live updates).
    ///
    /// - Throws: `HTTPError(.badRequest)` naming the parameter that is malformed.
    init(_ fields: FormFields, defaultPageSize: Int) throws {
        pageSize = defaultPageSize
        for (name, value) in fields.items {
            let value = value.trimmingCharacters(in: .whitespacesAndNewlines)
            if value.isEmpty { continue }
            switch name {
            case "tag": tags.append(TagText.parse(value))
            case "q": text = value
            case "fuser": fuser = value
            case "min": minScore = try Self.score(value, name)
            case "max": maxScore = try Self.score(value, name)
            case "type":
                guard value == "image" || value == "video" else { throw Self.bad("type must be image or video") }
                mediaType = value
            case "status":
                guard let status = Status(rawValue: value) else {
                    throw Self.bad("status must be running, done or failed")
                }
                self.status = status
            case "since": since = try Self.date(value, name)
            case "until": until = try Self.date(value, name)
            case "sort":
                guard let sort = Sort(rawValue: value) else { throw Self.bad("unknown sort '\(value)'") }
                self.sort = sort
            case "page": cursor = try ListCursor(encoded: value)
            case "back": history = try Self.history(value)
            case "size":
                guard let size = Int(value), (1...250).contains(size) else {
                    throw Self.bad("size must be a number from 1 to 250")
                }
                pageSize = size
            case "view": isList = value == "list"
            default: continue  // unknown parameters are ignored, as links from older pages may carry them
            }
        }
        if let minScore, let maxScore, minScore > maxScore { throw Self.bad("min is above max") }
        if let since, let until, since > until { throw Self.bad("since is after until") }
    }

    /// The list request for the chosen fuser (without page token and size).
    func listRequest(fuser: String?, minimal: Bool = false) -> Mediforproto_DetectionListRequest {
        var request = Mediforproto_DetectionListRequest()
        var required: [String: String] = [:]
        for tag in tags { required[tag.key] = tag.value }
        if let mediaType { required["type"] = mediaType }
        request.tags = required
        request.metaQuery = text ?? ""
        if since != nil || until != nil {
            var range = Mediforproto_DateRange()
            range.startSecondsUtc = since.flatMap { Self.epoch($0) } ?? 0
            range.endSecondsUtc = until.flatMap { Self.epoch($0) }.map { $0 + 86_399 } ?? 0
            request.dateRange = range
        }
        if let fuser {
            request.fuserID = fuser
            request.wantFused = true
            // One bound goes to the workflow; a second one is checked on the rows (``keeps(_:)``).
            if let minScore {
                request.fusionThresholdType = .fusionGtThreshold
                request.fusionThresholdValue = Float(minScore) - 1e-6
            } else if let maxScore {
                request.fusionThresholdType = .fusionLtThreshold
                request.fusionThresholdValue = Float(maxScore) + 1e-6
            }
        }
        request.orderBy = orderBy(hasFuser: fuser != nil)
        request.verbosity = minimal ? .detectionVerbosityMinimal : .detectionVerbosityFull
        return request
    }

    /// The row check for what the workflow cannot filter: status, and the second score bound.
    func keeps(catalog: UICatalog) -> (@Sendable (Mediforproto_DetectionInfo) -> Bool)? {
        let needsMax = minScore != nil && maxScore != nil
        guard status != nil || needsMax else { return nil }
        return { info in
            if needsMax, let maxScore, info.hasFused_p && info.fusedScore > maxScore { return false }
            guard let status else { return true }
            let state = DetectionState(info, expectsFusion: catalog.expectsFusion(info))
            switch status {
            case .running: return !state.isComplete
            case .done: return state.isComplete
            case .failed: return state.failed > 0
            }
        }
    }

    private func orderBy(hasFuser: Bool) -> [Mediforproto_SortCol] {
        func meta(_ key: String, ascending: Bool) -> Mediforproto_SortCol {
            var column = Mediforproto_SortCol()
            column.key = .meta
            column.metaKey = key
            column.isAsc = ascending
            return column
        }
        let tieBreak = meta("Hash:md5", ascending: true)
        switch sort {
        case .newest: return [meta("File:UploadDate", ascending: false), tieBreak]
        case .oldest: return [meta("File:UploadDate", ascending: true), tieBreak]
        case .name: return [meta("File:FileName", ascending: true), tieBreak]
        case .submitted: return []
        case .scoreDesc, .scoreAsc:
            guard hasFuser else { return [] }
            var column = Mediforproto_SortCol()
            column.key = .score
            column.isAsc = sort == .scoreAsc
            return [column, tieBreak]
        }
    }

    /// The query as URL pairs, optionally without some parameters (for links that change them).
    func pairs(excluding excluded: Set<String> = []) -> [(String, String)] {
        var result: [(String, String)] = []
        func add(_ name: String, _ value: String?) {
            if let value, !excluded.contains(name) { result.append((name, value)) }
        }
        for tag in tags where !excluded.contains("tag") { result.append(("tag", TagText.format(tag))) }
        add("q", text)
        add("fuser", fuser)
        add("min", minScore.map { String(format: "%.2f", $0) })
        add("max", maxScore.map { String(format: "%.2f", $0) })
        add("type", mediaType)
        add("status", status?.rawValue)
        add("since", since)
        add("until", until)
        add("sort", sort == .newest ? nil : sort.rawValue)
        add("size", pageSize == 60 ? nil : String(pageSize))
        add("view", isList ? "list" : nil)
        add("page", cursor?.encoded)
        if cursor != nil, !history.isEmpty {
            add("back", history.map { $0?.encoded ?? "~" }.joined(separator: "."))
        }
        return result
    }

    /// `pairs` as a query string, without the leading `?`.
    func queryString(excluding excluded: Set<String> = []) -> String {
        FormFields.query(pairs(excluding: excluded))
    }

    /// The most earlier pages a link remembers; older ones are forgotten ("first page" still reaches them).
    static let maxHistory = 100

    /// The link to the page after this one, which starts at `next`.
    func following(_ next: ListCursor) -> GalleryQuery {
        var query = self
        query.history = Array((history + [cursor]).suffix(Self.maxHistory))
        query.cursor = next
        return query
    }

    /// The page before this one, when this query remembers it.
    var preceding: GalleryQuery? {
        guard cursor != nil, let previous = history.last else { return nil }
        var query = self
        query.cursor = previous
        query.history.removeLast()
        return query
    }

    /// This page's number, when the links followed from the first page are all remembered.
    var pageNumber: Int? {
        if cursor == nil { return 1 }
        guard let first = history.first, first == nil else { return nil }
        return history.count + 1
    }

    /// Parses `back`: cursors separated by dots, `~` for the first page.
    private static func history(_ text: String) throws -> [ListCursor?] {
        guard text.utf8.count <= 64 * 1024 else { throw bad("back is too long") }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= maxHistory else { throw bad("back holds too many pages") }
        return try parts.map { $0 == "~" ? nil : try ListCursor(encoded: String($0)) }
    }

    private static func score(_ text: String, _ name: String) throws -> Double {
        guard let value = Double(text), value.isFinite, (0...1).contains(value) else {
            throw bad("\(name) must be a score from 0 to 1")
        }
        return value
    }

    private static func date(_ text: String, _ name: String) throws -> String {
        guard epoch(text) != nil else { throw bad("\(name) must be a date written YYYY-MM-DD") }
        return text
    }

    /// Midnight UTC of a `YYYY-MM-DD` date, in epoch seconds.
    static func epoch(_ text: String) -> Int64? {
        let parts = text.split(separator: "-")
        guard parts.count == 3, parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]),
            let day = Int(parts[2]), (1...12).contains(month), (1...31).contains(day), year >= 1970
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? .current
        let components = DateComponents(year: year, month: month, day: day)
        guard let date = calendar.date(from: components),
            calendar.component(.day, from: date) == day
        else { return nil }
        return Int64(date.timeIntervalSince1970)
    }

    private static func bad(_ message: String) -> HTTPError { HTTPError(.badRequest, message: message) }
}
