import EntroQ
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import MediForProto

/// What an analytic worker does with one claimed task (workflow.md §8, defects fixed): prepare the request, call
/// the analytic, record status, timing and response, and move the task to its done queue.
struct AnalyticJob: Sendable {
    let settings: WorkerSettings
    let analytic: Mediforproto_Analytic.Client<HTTP2ClientTransport.Posix>
    let logger: Logger

    func handle(_ task: EntroQTask) async throws -> WorkResult {
        var payload = try TaskCodec.decode(Mediforproto_DetectionTask.self, from: task.value)
        guard !payload.doneQueue.isEmpty else { throw StageFailure("detection task has no done_queue") }
        var logger = self.logger
        logger[metadataKey: "detection.id"] = "\(payload.id)"
        var detection = payload.detection
        if let status = RemoteCallPolicy.gaveUp(claims: task.claims, settings: settings) {
            detection.status = status
            logger.error("task claimed too often; recording a failure")
            return try finish(&payload, detection)
        }
        let outcome = try await RemoteCallPolicy.run(
            kind: "analytic", settings: settings, taskTimeoutSeconds: payload.analyticTimeoutSec, logger: logger
        ) {
            try prepare(&detection)
            let wire = try wireCopy(of: detection)
            return { [analytic] options in try await Self.call(wire, on: analytic, options: options) }
        }
        detection.status = outcome.status
        detection.startTimeMillis = outcome.startMs
        detection.endTimeMillis = outcome.endMs
        if var response = outcome.response {
            if let mapping = settings.outputMapping {
                do { try response.mapResponseURIs(mapping.reverse) } catch {
                    detection.status = RemoteCallPolicy.localFailure("analytic returned a path outside its output: \(error)")
                }
            }
            detection.response = response.response
        } else {
            detection.setEmptyResponse()
        }
        RemoteCallPolicy.finished(
            kind: "analytic", id: settings.id, status: detection.status, startMs: outcome.startMs,
            endMs: outcome.endMs, logger: logger)
        return try finish(&payload, detection)
    }

    private func finish(_ payload: inout Mediforproto_DetectionTask, _ detection: Mediforproto_Detection) throws
        -> WorkResult
    {
        payload.detection = detection
        return .move(to: payload.doneQueue, value: try TaskCodec.value(payload))
    }

    /// Gives the request an id and its own output folder (`out_dir/<request_id>`), created when reachable.
    private func prepare(_ detection: inout Mediforproto_Detection) throws {
        switch detection.request {
        case .imgManipReq(var request):
            settings.ensureIDAndOutput(&request.requestID, &request.outDir)
            detection.request = .imgManipReq(request)
        case .vidManipReq(var request):
            settings.ensureIDAndOutput(&request.requestID, &request.outDir)
            detection.request = .vidManipReq(request)
        default:
            throw StageFailure("unsupported request type for an analytic worker")
        }
    }

    /// The request as the analytic sees it: input and output paths translated.
    private func wireCopy(of detection: Mediforproto_Detection) throws -> Mediforproto_Detection {
        var wire = detection
        switch wire.request {
        case .imgManipReq(var request):
            if let mapping = settings.inputMapping { request.image.uri = try mapping.forward(request.image.uri) }
            if let mapping = settings.outputMapping { request.outDir = try mapping.forward(request.outDir) }
            wire.request = .imgManipReq(request)
        case .vidManipReq(var request):
            if let mapping = settings.inputMapping { request.video.uri = try mapping.forward(request.video.uri) }
            if let mapping = settings.outputMapping { request.outDir = try mapping.forward(request.outDir) }
            wire.request = .vidManipReq(request)
        default:
            break
        }
        return wire
    }

    /// Calls the RPC the request names; the result is a `Detection` carrying only the response.
    private static func call(
        _ wire: Mediforproto_Detection, on analytic: Mediforproto_Analytic.Client<HTTP2ClientTransport.Posix>,
        options: CallOptions
    ) async throws -> Mediforproto_Detection {
        var result = Mediforproto_Detection()
        switch wire.request {
        case .imgManipReq(let request):
            result.response = .imgManip(try await analytic.detectImageManipulation(request, options: options))
        case .vidManipReq(let request):
            result.response = .vidManip(try await analytic.detectVideoManipulation(request, options: options))
        default:
            throw RPCError(code: .invalidArgument, message: "unsupported request type")
        }
        return result
    }
}

extension Mediforproto_Detection {
    /// Sets the response oneof to the empty message matching the request, so stored JSON always has it.
    mutating func setEmptyResponse() {
        switch request {
        case .imgManipReq: response = .imgManip(Mediforproto_ImageManipulation())
        case .vidManipReq: response = .vidManip(Mediforproto_VideoManipulation())
        default: break
        }
    }

    /// Rewrites every file URI in the response.
    mutating func mapResponseURIs(_ transform: (String) throws -> String) throws {
        switch response {
        case .imgManip(var result):
            try result.mapURIs(transform)
            response = .imgManip(result)
        case .vidManip(var result):
            try result.mapURIs(transform)
            response = .vidManip(result)
        default:
            break
        }
    }
}

extension Mediforproto_ImageManipulation {
    /// Rewrites the mask, opt-out mask and supplement URIs.
    mutating func mapURIs(_ transform: (String) throws -> String) throws {
        if hasLocalization {
            if !localization.mask.uri.isEmpty { localization.mask.uri = try transform(localization.mask.uri) }
            if !localization.maskOptout.uri.isEmpty {
                localization.maskOptout.uri = try transform(localization.maskOptout.uri)
            }
        }
        for index in supplement.indices where !supplement[index].uri.isEmpty {
            supplement[index].uri = try transform(supplement[index].uri)
        }
    }
}

extension Mediforproto_VideoManipulation {
    /// Rewrites the per-range mask and supplement URIs.
    mutating func mapURIs(_ transform: (String) throws -> String) throws {
        if hasLocalization {
            for index in localization.videoMask.indices where !localization.videoMask[index].mask.uri.isEmpty {
                localization.videoMask[index].mask.uri = try transform(localization.videoMask[index].mask.uri)
            }
            for index in localization.videoMaskOptout.indices
            where !localization.videoMaskOptout[index].mask.uri.isEmpty {
                localization.videoMaskOptout[index].mask.uri = try transform(localization.videoMaskOptout[index].mask.uri)
            }
        }
        for index in supplement.indices where !supplement[index].uri.isEmpty {
            supplement[index].uri = try transform(supplement[index].uri)
        }
    }
}
