import Foundation
import MediForAnalytics
import MediForEval
import MediForProto
import SwiftProtobuf

/// Runs analytics over every probe of a dataset, fuses their results with every evaluation fuser, and writes one
/// MediScore system output per analytic and fuser in ``EvalRunLayout``.
///
/// Analytics run in this process (``AnalyticSource/offline(_:)``) or through a running workflow
/// (``AnalyticSource/pipeline(_:)``); fusers always run here, through ``ImageFuser``, on the analytics' results.
/// Probes are processed concurrently, up to ``concurrency`` at a time; a probe an analytic or fuser fails on is
/// recorded as `NonProcessed` and the run goes on.
struct DatasetRunner: Sendable {
    /// The fusers `medifor eval run` evaluates, by default all of them: the one list to extend with a new fuser.
    static var evalFusers: [any ImageFuser] { BuiltinAnalytics.builtinFusers }

    /// One probe of the index.
    struct Probe: Sendable {
        /// `ProbeFileID`.
        var id: String
        /// Absolute path of the probe file.
        var path: String
    }

    /// One analytic's answer for one probe.
    struct AnalyticAnswer: Sendable {
        /// The analytic (system) id.
        var id: String
        /// Its version, passed to fusers.
        var version: String
        /// The result, with `localization.mask.uri` at the mask's final place; `nil` when the analytic failed.
        var result: Mediforproto_ImageManipulation?
        /// Why it failed.
        var failure: String? = nil
        /// Something the user should know that did not fail the probe (a mask that could not be copied).
        var warning: String? = nil
    }

    /// Where analytic results come from.
    enum AnalyticSource: Sendable {
        /// The given built-in analytics, run in this process.
        case offline([any ForensicAnalytic])
        /// A running workflow, through its Pipeline API.
        case pipeline(PipelineAnalytics)
    }

    let layout: EvalRunLayout
    let fusers: [any ImageFuser]
    let concurrency: Int

    /// The rows of one probe: its analytics' rows, then its fusers' rows (by system id).
    func rows(for probe: Probe, answers: [AnalyticAnswer]) -> [String: SystemRow] {
        var rows: [String: SystemRow] = [:]
        for answer in answers { rows[answer.id] = Self.row(probe: probe.id, answer.result) }
        for fuser in fusers {
            rows[fuser.id] = fuse(probe, answers: answers, with: fuser)
        }
        return rows
    }

    /// Fuses one probe's answers; the fused mask, if any, is written to the fuser's mask folder.
    private func fuse(_ probe: Probe, answers: [AnalyticAnswer], with fuser: any ImageFuser) -> SystemRow {
        let scratch = layout.fuserScratch(fuser: fuser.id, probe: probe.id)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var request = Mediforproto_FuseImageManipulationRequest()
        request.requestID = "eval-\(probe.id)"
        request.outDir = scratch.path
        request.wantMasks = true
        request.imgManipReq = Mediforproto_ImageManipulationRequest.with {
            $0.requestID = "eval-\(probe.id)"
            $0.image = Mediforproto_Resource.with { $0.uri = probe.path }
            $0.outDir = scratch.path
        }
        // As the workflow does: every analytic once, by id; a failed one as opted out, with its error.
        request.imgManip = answers.sorted { $0.id < $1.id }.map { answer in
            Mediforproto_AnnotatedImageManipulation.with {
                $0.id = answer.id
                $0.version = answer.version
                if let result = answer.result {
                    $0.data = result
                } else {
                    $0.data.optOut = .optOutAll
                    $0.data.explanation = "analytic failed: " + (answer.failure ?? "unknown error")
                }
            }
        }
        let fused: Mediforproto_ImageManipulation
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            fused = try fuser.fuse(request)
        } catch {
            return SystemRow(probeID: probe.id, score: nil, status: .nonProcessed, hasMask: false)
        }
        var row = Self.row(probe: probe.id, fused)
        if row.hasMask {
            do {
                try MaskFiles.copyAsGrayPNG(
                    from: fused.localization.mask.uri, to: layout.maskPath(system: fuser.id, probe: probe.id))
            } catch {
                row.hasMask = false
            }
        }
        return row
    }

    /// The system-output row for a result (spec §2.3): opt-outs map to their `ProbeStatus`, a failure (`nil`) to
    /// `NonProcessed`; the score is blank when there is none to give. `hasMask` says whether the result names a mask.
    static func row(probe: String, _ result: Mediforproto_ImageManipulation?) -> SystemRow {
        guard let result else { return SystemRow(probeID: probe, score: nil, status: .nonProcessed, hasMask: false) }
        let status: ProbeStatus
        switch result.optOut {
        case .optOutNone: status = .processed
        case .optOutAll: status = .optOutAll
        case .optOutDetection: status = .optOutDetection
        case .optOutLocalization: status = .optOutLocalization
        case .UNRECOGNIZED: status = .processed
        }
        let scored = status == .processed || status == .optOutLocalization
        let masked = (status == .processed || status == .optOutDetection) && !result.localization.mask.uri.isEmpty
        return SystemRow(probeID: probe, score: scored ? result.score : nil, status: status, hasMask: masked)
    }
}
