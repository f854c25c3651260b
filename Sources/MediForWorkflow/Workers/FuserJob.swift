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
        if settings.maxClaims > 0 && task.claims > settings.maxClaims {
            fusion.status = RemoteCallPolicy.localFailure(
                "gave up after \(task.claims) claims: workers stopped while working on this task")
            fusion.status.code = Int32(RPCError.Code.internalError.rawValue)
            return try finish(&payload, fusion)
        }
        let timeout = payload.analyticTimeoutSec > 0 ? Int(clamping: payload.analyticTimeoutSec) : settings.callTimeoutSeconds
        let outcome: RemoteCallOutcome<Mediforproto_Fusion>
        do {
            try prepare(&fusion)
            let wire = try wireCopy(of: fusion)
            outcome = try await RemoteCallPolicy.call(
                timeoutSeconds: timeout, budgetSeconds: settings.unavailableBudgetSeconds, logger: logger,
                onRetry: { [id = settings.id] in WorkerMetrics.retried(kind: "fuser", id: id) }
            ) { options in try await call(wire, options: options) }
        } catch let error as PathMappingError {
            let now = RemoteCallPolicy.nowMs()
            outcome = RemoteCallOutcome(response: nil, status: RemoteCallPolicy.localFailure(error.message),
                                        startMs: now, endMs: now)
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
            switch fusion.request {
            case .imgManipReq: fusion.response = .imgManip(Mediforproto_ImageManipulation())
            case .vidManipReq: fusion.response = .vidManip(Mediforproto_VideoManipulation())
            default: break
            }
        }
        WorkerMetrics.record(
            kind: "fuser", id: settings.id, code: fusion.status.code, startMs: outcome.startMs, endMs: outcome.endMs)
        logger.info("fuser call finished", metadata: [
            "status.code": "\(fusion.status.code)", "duration.ms": "\(outcome.endMs - outcome.startMs)",
        ])
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

    private func call(_ wire: Mediforproto_Fusion, options: CallOptions) async throws -> Mediforproto_Fusion {
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
