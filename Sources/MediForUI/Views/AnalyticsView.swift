import Foundation
import MediForProto
import MediForWorkflow

/// The analytics page: workflow health, then one row per analytic and fuser with its queue and its recent results.
struct AnalyticsView: Sendable {
    /// How many recent detections the result statistics cover.
    static let sampleSize: Int32 = 200
    /// How many recent detections the fuser statistics cover (each costs one call).
    static let fusionSampleSize = 20

    /// The model line of a trained fuser: the training set's folder name, its size and the held-out AUC.
    static func model(_ fields: [String: String]) -> String? {
        guard let dataset = fields["dataset"], !dataset.isEmpty else { return nil }
        var text = "Model trained on " + (fields["samples"].map { "\($0) probes " } ?? "")
            + "(" + URL(fileURLWithPath: dataset).lastPathComponent + ")"
        if let auc = fields["heldOutAUC"] { text += "; held-out AUC " + auc }
        return text
    }

    struct Row: Sendable {
        var id: String
        var name: String
        var version: String
        var description: String
        var media: String
        var resources: String?
        var waiting: String
        var running: String
        var retries: String
        var ok: Int
        var failed: Int
        var optedOut: Int
        var pending: Int
        var medianTime: String
        var lastError: String?
        var health: String
        var healthClass: String
        /// A fuser's trained model, from its catalogue fields, e.g. "Model trained on 1440 probes (bench); held-out AUC
    /// 0.854".
        var model: String?
    }

    var health: String
    var healthOK: Bool
    var address: String
    var analytics: [Row]
    var fusers: [Row]
    var hasFusers: Bool
    var depthNote: String
    var sampleCount: Int
    var fusionSampleCount: Int

    init(
        health: String, address: String, catalog: UICatalog, depths: [String: QueueDepth]?, depthError: String?,
        sample: [Mediforproto_DetectionInfo], fusionSample: [Mediforproto_DetectionInfo], queueConfigured: Bool
    ) {
        self.health = health
        healthOK = health == "SERVING"
        self.address = address
        sampleCount = sample.count
        fusionSampleCount = fusionSample.count
        if let depthError {
            depthNote = "Queue depths unavailable: \(depthError)."
        } else if !queueConfigured {
            depthNote =
                "Queue depths are not available: the Pipeline API does not report them. Start the UI with "
                + "--queue HOST:PORT (or inside medifor serve) to see them."
        } else {
            depthNote = "Queue depths are read from the task queue now."
        }
        var outcomes: [String: (ok: Int, failed: Int, optedOut: Int, pending: Int, times: [Int64], error: String?)] =
            [:]
        for info in sample {
            for entry in info.analyticInfo {
                var outcome = outcomes[entry.analyticID] ?? (0, 0, 0, 0, [], nil)
                let detection = entry.detection
                if detection.status.code != 0 {
                    outcome.failed += 1
                    if outcome.error == nil { outcome.error = detection.status.message }
                } else if detection.endTimeMillis == 0 {
                    outcome.pending += 1
                } else if case .imgManip(let result) = detection.response,
                    result.optOut == .optOutAll || result.optOut == .optOutDetection
                {
                    outcome.optedOut += 1
                } else {
                    outcome.ok += 1
                }
                if detection.startTimeMillis > 0 && detection.endTimeMillis >= detection.startTimeMillis {
                    outcome.times.append(detection.endTimeMillis - detection.startTimeMillis)
                }
                outcomes[entry.analyticID] = outcome
            }
        }
        for info in fusionSample {
            for entry in info.fusionInfo {
                var outcome = outcomes[entry.fuserID] ?? (0, 0, 0, 0, [], nil)
                let fusion = entry.fusion
                if entry.stage != .finished {
                    outcome.pending += 1
                } else if entry.status == .failure || fusion.status.code != 0 {
                    outcome.failed += 1
                    if outcome.error == nil { outcome.error = fusion.status.message }
                } else if fusion.fusedScore == nil {
                    outcome.optedOut += 1
                } else {
                    outcome.ok += 1
                }
                if fusion.startTimeMillis > 0 && fusion.endTimeMillis >= fusion.startTimeMillis {
                    outcome.times.append(fusion.endTimeMillis - fusion.startTimeMillis)
                }
                outcomes[entry.fuserID] = outcome
            }
        }
        func row(_ entry: UICatalog.Entry) -> Row {
            let meta = entry.meta
            let media = meta.media.map { value -> String in
                switch value {
                case .image: "image"
                case .video: "video"
                case .fusionImage: "fuses images"
                case .fusionVideo: "fuses videos"
                default: "?"
                }
            }.joined(separator: ", ")
            var resources: [String] = []
            if meta.cpu > 0 { resources.append(String(format: "%g CPU", meta.cpu)) }
            if meta.ram > 0 { resources.append(String(format: "%g GB", meta.ram)) }
            if meta.gpu > 0 { resources.append("\(meta.gpu) GPU") }
            let depth = depths?[entry.id]
            let outcome = outcomes[entry.id]
            let times = (outcome?.times ?? []).sorted()
            let median = times.isEmpty ? "–" : Formats.duration(milliseconds: times[times.count / 2])
            var health = "no recent results"
            var healthClass = "queued"
            if let outcome, outcome.ok + outcome.failed + outcome.optedOut > 0 {
                let done = outcome.ok + outcome.failed + outcome.optedOut
                let failureRate = Double(outcome.failed) / Double(done)
                (health, healthClass) =
                    failureRate == 0
                    ? ("healthy", "done")
                    : failureRate < 0.5 ? ("some failures", "optout") : ("failing", "failed")
            }
            if let depth, depth.maxClaims > 1 {
                health += ", retrying tasks"
                if healthClass == "done" { healthClass = "optout" }
            }
            return Row(
                id: entry.id, name: entry.name, version: meta.version, description: meta.description_p, media: media,
                resources: resources.isEmpty ? nil : resources.joined(separator: ", "),
                waiting: depth.map { String($0.waiting + $0.delayed) } ?? (depths == nil ? "–" : "0"),
                running: depth.map { String($0.running) } ?? (depths == nil ? "–" : "0"),
                retries: depth.map { $0.maxClaims > 1 ? "up to \($0.maxClaims) claims" : "" } ?? "",
                ok: outcome?.ok ?? 0, failed: outcome?.failed ?? 0, optedOut: outcome?.optedOut ?? 0,
                pending: outcome?.pending ?? 0, medianTime: median, lastError: outcome?.error, health: health,
                healthClass: healthClass, model: Self.model(meta.userFields))
        }
        analytics = catalog.analytics.map(row)
        fusers = catalog.fusers.map(row)
        hasFusers = !fusers.isEmpty
    }

    /// The same information for scripts.
    var json: JSONText {
        func rows(_ list: [Row]) -> JSONText {
            .array(
                list.map { row in
                    .object([
                        ("id", .string(row.id)), ("name", .string(row.name)), ("media", .string(row.media)),
                        ("waiting", .string(row.waiting)), ("running", .string(row.running)), ("ok", .int(row.ok)),
                        ("failed", .int(row.failed)), ("optedOut", .int(row.optedOut)), ("pending", .int(row.pending)),
                        ("health", .string(row.health)), ("model", row.model.map(JSONText.string) ?? .null),
                    ])
                })
        }
        return .object([
            ("workflow", .object([("address", .string(address)), ("health", .string(health))])),
            ("analytics", rows(analytics)), ("fusers", rows(fusers)), ("queueDepths", .string(depthNote)),
        ])
    }
}
