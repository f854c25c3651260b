import Foundation
import MediForProto
import MediForWorkflow

/// One analytic's result on the detail page: score, status, timing, explanation, facets, mask, supplements.
struct AnalyticRow: Sendable {
    struct Facet: Sendable {
        var name: String
        var percent: Int
    }

    struct Link: Sendable {
        var name: String
        var url: String
    }

    /// A frame range a video analytic flagged, placed on a 0…100 % timeline.
    struct Segment: Sendable {
        var left: String
        var width: String
        var level: String
        var title: String
    }

    var id: String
    var name: String
    var description: String
    var score: ScoreBadge?
    /// For sorting in the browser: the score, or -1 without one.
    var sortScore: String
    var sortValue: Double
    var status: String
    var statusClass: String
    var duration: String?
    var explanation: String?
    var error: String?
    var facets: [Facet]
    var hasFacets: Bool
    var maskURL: String?
    var maskThreshold: String
    var supplements: [Link]
    var hasSupplements: Bool
    var timeline: [Segment]
    var hasTimeline: Bool
    /// The reference (ground truth) analytic of a dataset, pinned first.
    var isGroundTruth: Bool

    /// - Parameter frames: the video's frame count, when known, for placing flagged frame ranges.
    init(_ entry: Mediforproto_AnalyticDetectionInfo, catalog: UICatalog, files: StorageFiles, frames: Int? = nil) {
        id = entry.analyticID
        isGroundTruth = entry.analyticID == "groundtruth"
        name = catalog.name(of: entry.analyticID)
        description = catalog.entry(entry.analyticID)?.meta.description_p ?? ""
        let detection = entry.detection
        let failed = detection.status.code != 0
        var optedOut = false
        var resultScore: Double?
        var explanation = ""
        var facets: [String: Double] = [:]
        var mask: Mediforproto_Resource?
        var threshold = 0.0
        var supplements: [Mediforproto_Resource] = []
        var ranges: [Mediforproto_ScoredIntRange] = []
        switch detection.response {
        case .imgManip(let result):
            optedOut = result.optOut == .optOutAll || result.optOut == .optOutDetection
            resultScore = optedOut ? nil : result.score
            explanation = result.explanation
            facets = result.facets
            if result.hasLocalization && !result.localization.mask.uri.isEmpty {
                mask = result.localization.mask
                threshold = result.localization.maskThreshold
            }
            supplements = result.supplement
        case .vidManip(let result):
            optedOut = result.optOut.contains(.videoOptOutDetection)
            resultScore = optedOut ? nil : result.score
            explanation = result.explanation
            facets = result.facets
            supplements = result.supplement
            ranges = result.localization.frameDetection
        default:
            break
        }
        let finished = entry.stage == .finished || detection.endTimeMillis > 0 || failed
        if failed {
            (status, statusClass) = ("Failed", "failed")
            error = detection.status.message.isEmpty ? "error code \(detection.status.code)" : detection.status.message
            resultScore = nil
        } else if !finished {
            switch entry.stage {
            case .claimed: (status, statusClass) = ("Running", "running")
            default: (status, statusClass) = ("Queued", "queued")
            }
        } else if optedOut {
            (status, statusClass) = ("Opted out", "optout")
        } else {
            (status, statusClass) = ("Done", "done")
        }
        score = finished ? ScoreBadge(resultScore) : nil
        sortValue = resultScore ?? -1
        sortScore = resultScore.map { String(format: "%.4f", $0) } ?? "-1"
        let start = detection.startTimeMillis
        let end = detection.endTimeMillis
        duration = start > 0 && end >= start ? Formats.duration(milliseconds: end - start) : nil
        self.explanation = explanation.isEmpty ? nil : explanation
        self.facets = facets.sorted { $0.value > $1.value }.map {
            Facet(name: $0.key, percent: Int((min(1, max(0, $0.value)) * 100).rounded()))
        }
        hasFacets = !self.facets.isEmpty
        maskURL = mask.flatMap { files.mediaURL(ofStored: $0.uri) }
        maskThreshold = String(format: "%g", threshold)
        self.supplements = supplements.compactMap { resource in
            files.mediaURL(ofStored: resource.uri).map {
                Link(name: URL(fileURLWithPath: resource.uri).lastPathComponent, url: $0)
            }
        }
        hasSupplements = !self.supplements.isEmpty
        timeline = Self.segments(ranges, frames: frames)
        hasTimeline = !timeline.isEmpty
    }

    /// Flagged frame ranges as timeline segments, scaled to the frame count (or the last flagged frame).
    static func segments(_ ranges: [Mediforproto_ScoredIntRange], frames: Int?) -> [Segment] {
        let valid = ranges.filter { $0.range.end >= $0.range.start && $0.range.start >= 0 }.prefix(500)
        guard let last = valid.map({ Int($0.range.end) }).max() else { return [] }
        let length = Double(max(frames ?? 0, last + 1))
        return valid.map { range in
            let start = Double(range.range.start)
            let span = Double(range.range.end - range.range.start + 1)
            return Segment(
                left: String(format: "%.2f", start / length * 100),
                width: String(format: "%.2f", max(0.4, span / length * 100)),
                level: ScoreBadge(range.score)?.level ?? "s2",
                title: String(format: "frames %d–%d, score %.2f", range.range.start, range.range.end, range.score))
        }
    }
}

/// One fuser's result on the detail page, with the contributions parsed from its explanation.
struct FusionRow: Sendable {
    struct Bar: Sendable {
        var name: String
        var value: String
        /// Width in percent of the largest magnitude (0…100).
        var width: Int
        var isNegative: Bool
        var isOptedOut: Bool
    }

    var fuserID: String
    var name: String
    var score: ScoreBadge?
    var status: String
    var explanation: String?
    /// Analytics that gave a score.
    var bars: [Bar]
    var hasBars: Bool
    /// Analytics the fuser counted as opted out (failed, not applicable, or not run).
    var optedOutBars: [Bar]
    var optedOutCount: Int?
    var isSigned: Bool
    var prior: String?
    var selected: Bool

    init(_ entry: Mediforproto_FuserFusionInfo, catalog: UICatalog, selected: Bool) {
        fuserID = entry.fuserID
        name = catalog.name(of: entry.fuserID)
        self.selected = selected
        let finished = entry.stage == .finished
        if !finished {
            status = "Pending"
        } else if entry.status == .failure || entry.fusion.status.code != 0 {
            status = "Failed" + (entry.fusion.status.message.isEmpty ? "" : ": " + entry.fusion.status.message)
        } else if entry.fusion.fusedScore == nil {
            status = "Opted out"
        } else {
            status = "Done"
        }
        score = finished && entry.status == .success ? ScoreBadge(entry.fusion.fusedScore) : nil
        let text = entry.fusion.explanation
        explanation = text.isEmpty ? nil : text
        let parsed = FusionExplanation(text)
        isSigned = parsed?.isSigned ?? false
        prior = parsed?.prior.map { String(format: "%+.2f", $0) }
        let parts = parsed?.parts ?? []
        let largest = max(parts.map { abs($0.value) }.max() ?? 0, parsed?.isSigned == false ? 1 : 0)
        let all = parts.map { part in
            Bar(
                name: part.name,
                value: parsed?.isSigned == true
                    ? String(format: "%+.2f", part.value)
                    : String(format: "%.2f", part.value),
                width: largest > 0 ? Int((abs(part.value) / largest * 100).rounded()) : 0,
                isNegative: part.value < 0, isOptedOut: part.isOptedOut)
        }
        bars = all.filter { !$0.isOptedOut }
        optedOutBars = all.filter(\.isOptedOut)
        optedOutCount = optedOutBars.isEmpty ? nil : optedOutBars.count
        hasBars = !all.isEmpty
    }
}
