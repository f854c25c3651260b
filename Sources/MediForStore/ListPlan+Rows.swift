import MediForProto

/// A detection on a list page, with its fused score for the plan's fuser.
typealias ListedRow = (id: String, score: Double?)

extension ListPlan {
    /// One result row: the stored detection with the list's fused score; `analytic_info` dropped when minimal
    /// (after `req_resources` was taken from it, as the UI expects).
    func entry(_ detection: StoredDetection, fusedScore: Double?) -> Mediforproto_DetectionInfo {
        var info = detection.info
        info.hasFused_p = fusedScore != nil
        info.fusedScore = fusedScore ?? 0
        if isMinimal { info.analyticInfo = [] }
        return info
    }
}

/// The `DetectionTagInfo` map keys (§18).
enum TagPairKey {
    /// `escape(key) + "=" + escape(value)`, where escape turns `\` into `\\` and `=` into `\=`.
    static func make(key: String, value: String) -> String {
        "\(escape(key))=\(escape(value))"
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.count)
        for character in text {
            if character == "\\" || character == "=" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }

    /// Whether `key` starts with any of `prefixes`, compared literally (`_` and `%` are ordinary characters).
    static func isSkipped(_ key: String, prefixes: [String]) -> Bool {
        prefixes.contains { !$0.isEmpty && key.hasPrefix($0) }
    }
}

/// The nil UUID the original stores as the task id of a finished row.
let nilTaskID = "00000000-0000-0000-0000-000000000000"

extension NewDetection {
    /// Checks ids; returns the analytics with duplicates removed (first occurrence wins).
    func validatedAnalytics() throws(StoreError) -> [Analytic] {
        guard !id.isEmpty else { throw .invalidArgument("detection id is empty") }
        var seen = Set<String>()
        var result: [Analytic] = []
        for analytic in analytics where seen.insert(analytic.analyticID).inserted {
            guard !analytic.analyticID.isEmpty else { throw .invalidArgument("analytic id is empty") }
            guard !analytic.taskID.isEmpty else { throw .invalidArgument("task id is empty") }
            result.append(analytic)
        }
        return result
    }
}

extension NewFusion {
    /// The stored form of the analytic set: sorted, without duplicates.
    var normalizedAnalyticIDs: [String] { Array(Set(analyticIDs)).sorted() }

    func validate() throws(StoreError) {
        guard !detectionID.isEmpty else { throw .invalidArgument("detection id is empty") }
        guard !fuserID.isEmpty else { throw .invalidArgument("fuser id is empty") }
        guard !taskID.isEmpty else { throw .invalidArgument("task id is empty") }
    }
}

extension Mediforproto_UpdateDetectionTagsRequest {
    /// The user tags after applying this request to `current` (§17).
    func applied(to current: [String: String]) -> [String: String] {
        if replace { return tags }
        var result = current.merging(tags) { _, new in new }
        for key in deleteTags { result[key] = nil }
        return result
    }
}
