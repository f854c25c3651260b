import Foundation
import GRPCCore
import MediForProto
import MediForWorkflow
import SwiftProtobuf

/// Analytic results from a running workflow: each probe is copied into the shared storage, submitted with
/// `Detect`, and polled with `GetDetectionInfo` until every analytic has finished; each analytic's result and mask
/// are then read from the answer.
///
/// An unreachable server (`UNAVAILABLE`) ends the run; any other failure concerns one probe, whose analytics are
/// then recorded as `NonProcessed`.
struct PipelineAnalytics: Sendable {
    let connection: PipelineConnection
    let storage: MediaStorage
    /// The analytics to request, by the server's ids.
    let analyticIDs: [String]
    /// Tags every detection of this run (`eval-run`), and makes its detection ids unique.
    let runID: String
    /// How long to wait for one probe's analytics.
    let probeTimeout: Duration

    /// The image analytics the server offers, by id, in catalogue order.
    static func imageAnalytics(_ connection: PipelineConnection) async throws -> [String] {
        let catalog = try await connection.pipeline.getAnalyticMeta(Mediforproto_Empty(), options: connection.options)
        return catalog.analytics.filter { $0.media.contains(.image) }.map(\.id)
    }

    /// Submits one probe and waits for its analytics; copies each mask to `layout`.
    /// - Throws: `RPCError` with code `UNAVAILABLE` when the server cannot be reached, or cancellation.
    func analyze(_ probe: DatasetRunner.Probe, layout: EvalRunLayout) async throws -> [DatasetRunner.AnalyticAnswer] {
        let failed = { (reason: String) in
            analyticIDs.map { DatasetRunner.AnalyticAnswer(id: $0, version: "", result: nil, failure: reason) }
        }
        let submitted: (id: String, expected: Int)
        do {
            let media = try storage.ingest(fileAt: probe.path)
            var request = Mediforproto_DetectionRequest()
            request.id = "eval-\(runID)-\(probe.id)"
            request.request.imgManipReq = Mediforproto_ImageManipulationRequest.with {
                $0.image = Mediforproto_Resource.with {
                    $0.uri = media.path
                    $0.type = media.type.mimeType
                }
                $0.outDir = storage.outputDirectory
            }
            request.analyticID = analyticIDs
            request.userTags = ["eval-run": runID, "eval-probe": probe.id]
            let info = try await connection.pipeline.detect(request, options: connection.options)
            submitted = (info.id.isEmpty ? request.id : info.id, info.analyticInfo.count)
        } catch let error as RPCError where error.code != .unavailable {
            return failed(PipelineFailure.describe(error))
        } catch let error as MediaError {
            return failed(error.message)
        }
        guard let info = try await waitForAnalytics(detection: submitted.id, expected: submitted.expected) else {
            return failed("not finished after \(probeTimeout)")
        }
        return answers(from: info, probe: probe, layout: layout)
    }

    /// Polls every half second until the detection's analytics have all finished; `nil` on timeout or when the
    /// server refuses the detection.
    private func waitForAnalytics(detection: String, expected: Int) async throws -> Mediforproto_DetectionInfo? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: probeTimeout)
        var request = Mediforproto_DetectionInfoRequest()
        request.id = detection
        while true {
            do {
                let info = try await connection.pipeline.getDetectionInfo(request, options: connection.options)
                if DetectionCompletion.isComplete(info, expectedAnalytics: expected, requiredFusers: []) { return info }
            } catch let error as RPCError where error.code == .notFound {
                // Recorded asynchronously after Detect: not yet.
            } catch let error as RPCError where error.code != .unavailable {
                return nil
            }
            if clock.now >= deadline { return nil }
            try await Task.sleep(for: min(.milliseconds(500), clock.now.duration(to: deadline)))
        }
    }

    /// Each requested analytic's answer; one missing from the detection, or that failed, has no result.
    private func answers(
        from info: Mediforproto_DetectionInfo, probe: DatasetRunner.Probe, layout: EvalRunLayout
    ) -> [DatasetRunner.AnalyticAnswer] {
        let byID = Dictionary(info.analyticInfo.map { ($0.analyticID, $0) }, uniquingKeysWith: { first, _ in first })
        return analyticIDs.map { id in
            var answer = DatasetRunner.AnalyticAnswer(id: id, version: "", result: nil)
            guard let entry = byID[id] else {
                answer.failure = "the server did not run it"
                return answer
            }
            guard entry.status == .success, case .imgManip(var result) = entry.detection.response else {
                let message = entry.detection.status.message
                answer.failure = message.isEmpty ? "failed on the server" : message
                return answer
            }
            if !result.localization.mask.uri.isEmpty {
                let destination = layout.maskPath(system: id, probe: probe.id)
                do {
                    try MaskFiles.copyAsGrayPNG(from: result.localization.mask.uri, to: destination)
                    result.localization.mask.uri = destination
                } catch {
                    answer.warning = "\(id): mask of \(probe.id) not copied: \(error)"
                    result.localization.clearMask()
                }
            }
            answer.result = result
            return answer
        }
    }
}
