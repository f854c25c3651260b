import SwiftProtobuf
import GRPCCore
import Logging
import EntroQ
import MediForProto
import MediForStore

extension Workflow {
    /// Builds the `Fusion` request for a detection from its finished analytic rows (workflow.md §10, made
    /// deterministic): the probe request comes from the first finished row by analytic id; every finished analytic
    /// appears once, and one that failed is passed explicitly as opted out (`OPT_OUT_ALL`) with its error as the
    /// explanation.
    ///
    /// - Returns: `nil` when no analytic has finished yet.
    func buildFusion(detectionID: String, outDir: String) async throws -> Mediforproto_Fusion? {
        let stored = try await store.detection(id: detectionID, wantFused: false)
        let rows = stored.analytics.filter(\.isFinished).sorted { $0.analyticID < $1.analyticID }
        guard let first = rows.first(where: { $0.detection.request != nil }) else { return nil }
        var fusion = Mediforproto_Fusion()
        switch first.detection.request {
        case .imgManipReq(let probe):
            var request = Mediforproto_FuseImageManipulationRequest()
            request.imgManipReq = probe
            request.outDir = outDir
            request.wantMasks = true
            request.imgManip = rows.map { row in
                var annotated = Mediforproto_AnnotatedImageManipulation()
                (annotated.id, annotated.version) = Self.splitVersion(row.analyticID)
                if row.detection.status.code == 0, case .imgManip(let result) = row.detection.response {
                    annotated.data = result
                } else {
                    annotated.data.optOut = .optOutAll
                    annotated.data.explanation = "analytic failed: " + row.detection.status.message
                }
                return annotated
            }
            fusion.imgManipReq = request
        case .vidManipReq(let probe):
            var request = Mediforproto_FuseVideoManipulationRequest()
            request.vidManipReq = probe
            request.outDir = outDir
            request.vidManip = rows.map { row in
                var annotated = Mediforproto_AnnotatedVideoManipulation()
                (annotated.id, annotated.version) = Self.splitVersion(row.analyticID)
                if row.detection.status.code == 0, case .vidManip(let result) = row.detection.response {
                    annotated.data = result
                } else {
                    annotated.data.optOut = [.videoOptOutDetection, .videoOptOutTemporal, .videoOptOutSpatial]
                    annotated.data.explanation = "analytic failed: " + row.detection.status.message
                }
                return annotated
            }
            fusion.vidManipReq = request
        default:
            throw StageFailure("detection \(detectionID) has no image or video manipulation request to fuse")
        }
        return fusion
    }

    /// `ela-base_prod2020-03` → (`ela-base`, `prod2020-03`): split at the first `_`.
    static func splitVersion(_ analyticID: String) -> (String, String) {
        guard let underscore = analyticID.firstIndex(of: "_") else { return (analyticID, "") }
        return (String(analyticID[..<underscore]), String(analyticID[analyticID.index(after: underscore)...]))
    }

    /// The base `out_dir` of generated fusion requests.
    var fusionOutDir: String { settings.fusionOutDir ?? storage.outputDirectory }

    /// `Pipeline.Fuse`: queues a fusion request for the given (or every applicable) fuser.
    public func fuse(_ request: Mediforproto_FusionRequest) async throws(PipelineError) -> Mediforproto_FusionInfo {
        guard request.hasRequest, request.request.request != nil else {
            throw PipelineError(.invalidArgument, "the fusion request is empty (set request.img_manip_req or vid_manip_req)")
        }
        let kind: MediaKind
        switch request.request.request {
        case .imgManipReq: kind = .image
        case .vidManipReq: kind = .video
        default: throw PipelineError(.invalidArgument, "only image and video manipulation fusion is supported")
        }
        let fusers = try chooseFusers(request.fuserID, kind: kind)
        let task = Mediforproto_FusionTask.with {
            $0.fusion = request.request
            $0.fuserID = fusers
            $0.doneQueue = queues.fusionOutbox
            $0.tags = request.tags
            $0.detectionID = request.detectionID
        }
        do {
            _ = try await queue.modify(
                Modification(
                    claimant: Self.claimant,
                    inserts: [TaskData(queue: queues.fusionInbox, value: try TaskCodec.value(task))]))
        } catch {
            throw PipelineError(.unavailable, "the task queue did not accept the fusion: \(error)")
        }
        return Mediforproto_FusionInfo.with { info in
            info.id = request.detectionID
            info.fusionInfos = fusers.map { fuser in
                Mediforproto_FuserFusionInfo.with {
                    $0.fuserID = fuser
                    $0.stage = .queued
                    $0.fusion = request.request
                }
            }
        }
    }

    /// `Pipeline.FuseByID`: builds the fusion request from a detection's finished results, then ``fuse(_:)``.
    public func fuseByID(_ request: Mediforproto_FusionRequest) async throws(PipelineError) -> Mediforproto_FusionInfo {
        guard !request.detectionID.isEmpty else { throw PipelineError(.invalidArgument, "no detection_id given") }
        let fusion: Mediforproto_Fusion?
        do {
            let outDir = request.detectionIDOutDir.isEmpty ? fusionOutDir : request.detectionIDOutDir
            fusion = try await buildFusion(detectionID: request.detectionID, outDir: outDir)
        } catch let error as StoreError where error.code == .notFound {
            throw PipelineError(.notFound, "no detection \"\(request.detectionID)\"")
        } catch let error as StageFailure {
            throw PipelineError(.failedPrecondition, error.message)
        } catch {
            throw PipelineError(store: error)
        }
        guard let fusion else {
            throw PipelineError(.failedPrecondition, "detection \"\(request.detectionID)\" has no finished analytic yet")
        }
        var forwarded = request
        forwarded.request = fusion
        return try await fuse(forwarded)
    }

    /// `Pipeline.FuseAllIDs`: ``fuseByID(_:)`` for every detection with a finished analytic.
    public func fuseAllIDs(_ request: Mediforproto_FuseAllIDsRequest) async throws(PipelineError) {
        let ids: [String]
        do {
            ids = try await store.detectionIDs()
        } catch {
            throw PipelineError(store: error)
        }
        for id in ids {
            let single = Mediforproto_FusionRequest.with {
                $0.detectionID = id
                $0.fuserID = request.fuserID
                $0.detectionIDOutDir = request.outDir
            }
            do {
                _ = try await fuseByID(single)
            } catch let error where error.code == .failedPrecondition {
                logger.debug("skipping fusion of a detection without results", metadata: ["detection.id": "\(id)"])
            }
        }
    }

    /// Requested fuser ids, checked against the catalogue; every fuser for the media when none are given.
    func chooseFusers(_ requested: [String], kind: MediaKind) throws(PipelineError) -> [String] {
        if requested.isEmpty {
            let all = catalog.fusers.filter { $0.supports(kind) }.map(\.id)
            guard !all.isEmpty else {
                throw PipelineError(.failedPrecondition, "no configured fuser supports \(kind.rawValue) media")
            }
            return all
        }
        for id in requested {
            guard let entry = catalog.fusers.first(where: { $0.id == id }) else {
                throw PipelineError(.invalidArgument, "unknown fuser id \"\(id)\"")
            }
            guard entry.supports(kind) else {
                throw PipelineError(.invalidArgument, "fuser \"\(id)\" does not support \(kind.rawValue) media")
            }
        }
        var seen = Set<String>()
        return requested.filter { seen.insert($0).inserted }
    }
}
