import MediForProto
import MediForWorkflow

/// When `medifor detect --wait` considers a detection finished.
package enum DetectionCompletion {
    /// The fusers whose result a detection waits for: those requested with `--fuser`, else every fuser in the
    /// server's catalogue that fuses this kind of media (`FUSION_IMAGE` for images, `FUSION_VIDEO` for videos).
    package static func requiredFusers(
        requested: [String], kind: MediaKind, catalog: Mediforproto_AnalyticList
    ) -> [String] {
        if !requested.isEmpty { return requested }
        let fusionMedia: Mediforproto_MediaType
        switch kind {
        case .image: fusionMedia = .fusionImage
        case .video: fusionMedia = .fusionVideo
        case .other: return []
        }
        return catalog.analytics.filter { $0.media.contains(fusionMedia) }.map(\.id)
    }

    /// Whether every analytic has finished and every required fuser has a finished result (success or failure).
    ///
    /// - Parameters:
    ///   - info: the latest `GetDetectionInfo(want_fused: true)` answer.
    ///   - expectedAnalytics: how many analytics `Detect` said it queued; guards against reading an empty answer
    ///     (the server may not have recorded the analytics yet) as "all 0 finished".
    ///   - requiredFusers: from ``requiredFusers(requested:kind:catalog:)``; not waited for when no analytic runs.
    package static func isComplete(
        _ info: Mediforproto_DetectionInfo, expectedAnalytics: Int, requiredFusers: [String]
    ) -> Bool {
        let total = Int(info.analyticsTotal)
        guard total >= max(expectedAnalytics, 0), Int(info.analyticsFinished) >= total else { return false }
        guard total > 0 else { return true }
        return requiredFusers.allSatisfy { fuser in
            info.fusionInfo.contains { fusion in
                fusion.fuserID == fuser && fusion.stage == .finished
                    && (fusion.status == .success || fusion.status == .failure)
            }
        }
    }

    /// What is still missing, for the timeout message: `2/3 analytics finished; waiting for fuser avg_1.0`.
    package static func pendingDescription(_ info: Mediforproto_DetectionInfo?, requiredFusers: [String]) -> String {
        guard let info else { return "no answer from the server yet" }
        var text = "\(info.analyticsFinished)/\(info.analyticsTotal) analytics finished"
        let missing = requiredFusers.filter { fuser in
            !info.fusionInfo.contains { $0.fuserID == fuser && $0.stage == .finished }
        }
        if !missing.isEmpty { text += "; waiting for fuser \(missing.joined(separator: ", "))" }
        return text
    }
}
