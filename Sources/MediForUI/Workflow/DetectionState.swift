import Foundation
import MediForProto

/// Where a detection is in its life, as the gallery and live updates show it.
struct DetectionState: Sendable, Equatable {
    /// The overall phase.
    enum Phase: String, Sendable {
        /// Some analytics have not finished.
        case running
        /// Every analytic finished; a fusion result is still expected.
        case fusing
        /// Nothing more will arrive.
        case done
    }

    var phase: Phase
    var finished: Int
    var total: Int
    /// Analytics that finished with an error.
    var failed: Int
    /// The fused score of the chosen fuser, when there is one.
    var fusedScore: Double?

    /// Whether nothing more will change without a new request.
    var isComplete: Bool { phase == .done }

    /// The state of a detection from a list row or a `GetDetectionInfo` answer.
    ///
    /// - Parameters:
    ///   - info: the detection; `analytic_info` must be present (FULL verbosity) to count failures.
    ///   - expectsFusion: whether a fusion result is expected once the analytics finish.
    ///   - fusionSettled: whether every expected fusion has a final answer (success, failure or opt-out); only
    ///     consulted when the analytics are done and there is no fused score.
    init(_ info: Mediforproto_DetectionInfo, expectsFusion: Bool, fusionSettled: Bool = false) {
        total = Int(info.analyticsTotal)
        finished = Int(info.analyticsFinished)
        failed = info.analyticInfo.count { $0.detection.status.code != 0 }
        fusedScore = info.hasFused_p ? info.fusedScore : nil
        if finished < total || total == 0 {
            phase = .running
        } else if fusedScore == nil && expectsFusion && !fusionSettled && failed < total {
            phase = .fusing
        } else {
            phase = .done
        }
    }

    /// A short label: `3/14`, `fusing`, `done`.
    var label: String {
        switch phase {
        case .running: total == 0 ? "queued" : "\(finished)/\(total)"
        case .fusing: "fusing"
        case .done: failed > 0 ? "done, \(failed) failed" : "done"
        }
    }
}

extension Mediforproto_DetectionInfo {
    /// The kind of media, from the `type` tag the UI sets or the request's MIME type.
    var mediaKind: String {
        if let type = tags["type"], !type.isEmpty { return type }
        let mime = reqResources.first?.type ?? ""
        if mime.hasPrefix("video/") { return "video" }
        if mime.hasPrefix("image/") { return "image" }
        return "other"
    }

    /// The fusers the UI asked for at upload (`UI:Fusers` in the metadata), if it recorded them.
    var requestedFusers: [String]? {
        guard let text = meta["UI:Fusers"] else { return nil }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The file name to show: the uploaded name, else the stored file's name, else the id.
    var displayName: String {
        if let name = meta["File:FileName"], !name.isEmpty { return name }
        if let uri = reqResources.first?.uri, let last = uri.split(separator: "/").last { return String(last) }
        return id
    }
}

extension Mediforproto_Fusion {
    /// The fuser's explanation text.
    var explanation: String {
        switch response {
        case .imgManip(let result): result.explanation
        case .vidManip(let result): result.explanation
        default: ""
        }
    }
}
