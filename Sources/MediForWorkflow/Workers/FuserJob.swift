import EntroQ
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import MediForProto

/// What a fusion worker does with one claimed task (workflow.md §12, defects fixed): like ``AnalyticJob`` for a
/// fuser, with `--xfin` translating the analytic result URIs (masks) the fuser reads.
struct FuserJob: Sendable {
    let settings: WorkerSettings
    let fuser: Mediforproto_Fuser.Client<HTTP2ClientTransport.Posix>
    let logger: Logger

    func handle(_ task: EntroQTask) async throws -> WorkResult {
        var payload = try TaskCodec.decode(Mediforproto_FusionTask.self, from: task.value)
        guard !payload.doneQueue.isEmpty else { throw StageFailure("fusion task has no done_queue") }
        var logger = self.logger
        logger[metadataKey: "detection.id"] = "\(payload.detectionID)"
        var fusion = payload.fusion
        if let status = RemoteCallPolicy.gaveUp(claims: task.claims, settings: settings) {
            fusion.status = status
            logger.error("task claimed too often; recording a failure")
            return try finish(&payload, fusion)
        }
        let outcome = try await RemoteCallPolicy.run(
            kind: "fuser", settings: settings, taskTimeoutSeconds: payload.analyticTimeoutSec, logger: logger
        ) {
            try prepare(&fusion)
            let wire = try wireCopy(of: fusion)
            return { [fuser] options in try await Self.call(wire, on: fuser, options: options) }
        }
        fusion.status = outcome.status
        fusion.startTimeMillis = outcome.startMs
        fusion.endTimeMillis = outcome.endMs
        if let response = outcome.response {
            fusion.response = response.response
            if let mapping = settings.outputMapping {
                do { try fusion.mapResponseURIs(mapping.reverse) } catch {
                    fusion.status = RemoteCallPolicy.localFailure("fuser returned a path outside its output: \(error)")
                }
            }
        } else {
            fusion.setEmptyResponse()
        }
        RemoteCallPolicy.finished(
            kind: "fuser", id: settings.id, status: fusion.status, startMs: outcome.startMs, endMs: outcome.endMs,
            logger: logger)
        return try finish(&payload, fusion)
    }

    private func finish(_ payload: inout Mediforproto_FusionTask, _ fusion: Mediforproto_Fusion) throws -> WorkResult {
        payload.fusion = fusion
        return .move(to: payload.doneQueue, value: try TaskCodec.value(payload))
    }

    private func prepare(_ fusion: inout Mediforproto_Fusion) throws {
        switch fusion.request {
        case .imgManipReq(var request):
            settings.ensureIDAndOutput(&request.requestID, &request.outDir)
            fusion.request = .imgManipReq(request)
        case .vidManipReq(var request):
            settings.ensureIDAndOutput(&request.requestID, &request.outDir)
            fusion.request = .vidManipReq(request)
        default:
            throw StageFailure("unknown fusion request type")
        }
    }

    private func wireCopy(of fusion: Mediforproto_Fusion) throws -> Mediforproto_Fusion {
        var wire = fusion
        switch wire.request {
        case .imgManipReq(var request):
            if let mapping = settings.inputMapping {
                request.imgManipReq.image.uri = try mapping.forward(request.imgManipReq.image.uri)
            }
            if let mapping = settings.outputMapping { request.outDir = try mapping.forward(request.outDir) }
            if let mapping = settings.fusionInputMapping {
                for index in request.imgManip.indices { try request.imgManip[index].data.mapURIs(mapping.forward) }
            }
            wire.request = .imgManipReq(request)
        case .vidManipReq(var request):
            if let mapping = settings.inputMapping {
                request.vidManipReq.video.uri = try mapping.forward(request.vidManipReq.video.uri)
            }
            if let mapping = settings.outputMapping { request.outDir = try mapping.forward(request.outDir) }
            if let mapping = settings.fusionInputMapping {
                for index in request.vidManip.indices { try request.vidManip[index].data.mapURIs(mapping.forward) }
            }
            wire.request = .vidManipReq(request)
        default:
            break
        }
        return wire
    }

    private static func call(
        _ wire: Mediforproto_Fusion, on fuser: Mediforproto_Fuser.Client<HTTP2ClientTransport.Posix>,
        options: CallOptions
    ) async throws -> Mediforproto_Fusion {
        var result = Mediforproto_Fusion()
        switch wire.request {
        case .imgManipReq(let request):
            result.response = .imgManip(try await fuser.fuseImageManipulation(request, options: options))
        case .vidManipReq(let request):
            result.response = .vidManip(try await fuser.fuseVideoManipulation(request, options: options))
        default:
            throw RPCError(code: .invalidArgument, message: "unknown fusion request type")
        }
        return result
    }
}

extension Mediforproto_Fusion {
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
