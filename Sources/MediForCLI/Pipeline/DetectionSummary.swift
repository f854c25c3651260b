import MediForProto

/// What a `DetectionInfo` amounts to for a reader: the fused scores and each analytic's outcome.
package struct DetectionSummary: Equatable, Sendable {
    /// The outcome of one analytic or fuser.
    package enum Outcome: Equatable, Sendable {
        /// Not finished; the stage as the server reports it (`queued`, `claimed`, `pending`).
        case pending(String)
        /// Finished with a score (nil for result kinds without one).
        case scored(Double?)
        /// Finished, but the analytic declined to judge this media.
        case optedOut
        /// Finished with an error.
        case failed(String)

        /// `ok`, `failed`, `opt-out`, or the stage.
        package var label: String {
            switch self {
            case .pending(let stage): stage
            case .scored: "ok"
            case .optedOut: "opt-out"
            case .failed: "failed"
            }
        }

        /// The score, the failure message, or nothing.
        package var detail: String {
            switch self {
            case .scored(let score?): PipelineRendering.format(score: score)
            case .failed(let message): message
            default: ""
            }
        }
    }

    /// One analytic's row.
    package struct Analytic: Equatable, Sendable {
        package var id: String
        package var outcome: Outcome

        /// Creates a row.
        package init(id: String, outcome: Outcome) {
            self.id = id
            self.outcome = outcome
        }
    }

    /// The detection id.
    package var id: String
    /// Analytics finished and requested.
    package var finished: Int32
    package var total: Int32
    /// The fusers' outcomes, in the server's order.
    package var fusers: [Analytic]
    /// The fused score: the first fuser's score, else the list's `fused_score` when `has_fused`.
    package var fusedScore: Double?
    /// The analytics, by id.
    package var analytics: [Analytic]

    /// Summarises a detection.
    package init(_ info: Mediforproto_DetectionInfo) {
        id = info.id
        finished = info.analyticsFinished
        total = info.analyticsTotal
        fusers = info.fusionInfo.map { Analytic(id: $0.fuserID, outcome: Self.outcome(of: $0)) }
        let firstFused = fusers.lazy.compactMap { fuser -> Double? in
            if case .scored(let score?) = fuser.outcome { return score }
            return nil
        }.first
        fusedScore = firstFused ?? (info.hasFused_p ? info.fusedScore : nil)
        analytics = info.analyticInfo.map { Analytic(id: $0.analyticID, outcome: Self.outcome(of: $0)) }
            .sorted { $0.id < $1.id }
    }

    /// One analytic's outcome from its stage, status and stored `Detection`.
    package static func outcome(of info: Mediforproto_AnalyticDetectionInfo) -> Outcome {
        let detection = info.detection
        if info.status == .failure || (detection.hasStatus && detection.status.code != 0) {
            return .failed(failureMessage(detection.status))
        }
        switch info.stage {
        case .queued: return .pending("queued")
        case .claimed: return .pending("claimed")
        default: break
        }
        switch detection.response {
        case .imgManip(let result):
            return result.optOut == .optOutAll || result.optOut == .optOutDetection ? .optedOut : .scored(result.score)
        case .vidManip(let result):
            return result.optOut.contains(.videoOptOutDetection) ? .optedOut : .scored(result.score)
        case .some:
            return .scored(nil)
        case nil:
            return info.stage == .finished ? .scored(nil) : .pending("pending")
        }
    }

    /// One fuser's outcome from its stage, status and stored `Fusion`.
    package static func outcome(of info: Mediforproto_FuserFusionInfo) -> Outcome {
        let fusion = info.fusion
        if info.status == .failure || (fusion.hasStatus && fusion.status.code != 0) {
            return .failed(failureMessage(fusion.status))
        }
        guard info.stage == .finished || info.status == .success else {
            return .pending(info.stage == .none ? "pending" : info.stage == .queued ? "queued" : "claimed")
        }
        switch fusion.response {
        case .imgManip(let result):
            return result.optOut == .optOutAll || result.optOut == .optOutDetection ? .optedOut : .scored(result.score)
        case .vidManip(let result):
            return result.optOut.contains(.videoOptOutDetection) ? .optedOut : .scored(result.score)
        default:
            return .scored(nil)
        }
    }

    private static func failureMessage(_ status: Google_Rpc_Status) -> String {
        guard status.code != 0 else { return status.message.isEmpty ? "no message" : status.message }
        let name = PipelineFailure.name(ofRawCode: Int(status.code))
        return status.message.isEmpty ? name : "\(name): \(status.message)"
    }
}
