import SwiftProtobuf
import GRPCCore
import Logging
import EntroQ
import Foundation
import MediForProto
import MediForStore

extension Workflow {
    /// `Pipeline.Detect` (workflow.md §6, with the original's defects fixed).
    ///
    /// The media must be a readable file inside the storage root; it is stored as `input/<md5>.<ext>` and the
    /// request is rewritten to that path. Analytic and fuser ids are checked against the catalogue (an empty list
    /// means every entry that supports the media). The detection id defaults to the media's MD5, so submitting the
    /// same file again adds to the same detection. The detection's rows are recorded before answering, so
    /// `GetDetectionInfo` sees it at once; the queue task is inserted first, so a crash between the two only
    /// delays the rows until the fan-out stage writes them.
    public func detect(_ request: Mediforproto_DetectionRequest) async throws(PipelineError) -> Mediforproto_DetectionInfo {
        var detection = request.request
        let kind: MediaKind
        switch detection.request {
        case .imgManipReq: kind = .image
        case .vidManipReq: kind = .video
        case nil:
            throw PipelineError(.invalidArgument, "the request has no detection (set request.img_manip_req or vid_manip_req)")
        default:
            throw PipelineError(
                .invalidArgument, "only image and video manipulation requests can be run through the workflow")
        }
        // Everything is checked before the media is stored, so a refused request leaves nothing behind.
        let analytics = try chooseEntries(request.analyticID, kind: kind, fusers: false)
        let fusers = try chooseEntries(request.fuserID, kind: kind, fusers: true)
        if !request.id.isEmpty { try Self.validateID(request.id, what: "detection id") }
        let media = try admitMedia(of: &detection)
        let id = request.id.isEmpty ? media.md5 : request.id

        let task = Mediforproto_DetectionTask.with {
            $0.id = id
            $0.analyticID = analytics
            $0.fuserID = fusers
            $0.detection = detection
            $0.doneQueue = queues.detectionOutbox
            $0.tags = request.tags
            $0.userTags = request.userTags
            $0.meta = request.meta
            $0.analyticTimeoutSec = request.analyticTimeoutSec
        }
        do {
            let value = try TaskCodec.value(task)
            _ = try await queue.modify(
                Modification(claimant: Self.claimant, inserts: [TaskData(queue: queues.detectionInbox, value: value)]))
        } catch {
            throw PipelineError(.unavailable, "the task queue did not accept the detection: \(error)")
        }
        do {
            _ = try await store.createDetection(newDetection(for: task))
        } catch {
            logger.warning("recording a new detection failed; the fan-out stage will record it",
                           metadata: ["detection.id": "\(id)", "error.message": "\(error)"])
        }
        logger.info("detection submitted", metadata: [
            "detection.id": "\(id)", "analytics": "\(analytics.joined(separator: ","))",
            "fusers": "\(fusers.joined(separator: ","))", "media": "\(media.path)",
        ])
        return Mediforproto_DetectionInfo.with { info in
            info.id = id
            info.tags = request.tags
            info.userTags = request.userTags
            info.meta = request.meta
            info.analyticsTotal = Int32(analytics.count)
            info.reqResources = detection.requestResources
            info.analyticInfo = analytics.map { analytic in
                Mediforproto_AnalyticDetectionInfo.with {
                    $0.analyticID = analytic
                    $0.stage = .queued
                    $0.detection = detection
                }
            }
        }
    }

    /// The rows the fan-out stage records for a detection task (one per distinct analytic, with its `out_dir`).
    func newDetection(for task: Mediforproto_DetectionTask) -> NewDetection {
        var seen = Set<String>()
        let analytics = task.analyticID.filter { seen.insert($0).inserted }.map { analytic in
            NewDetection.Analytic(
                analyticID: analytic, detection: perAnalyticDetection(task.detection, analytic: analytic),
                taskID: TaskIDGenerator.make())
        }
        return NewDetection(id: task.id, analytics: analytics, tags: task.tags, userTags: task.userTags, meta: task.meta)
    }

    /// The request an analytic receives: `out_dir` suffixed with `/<analytic id>` unless configured otherwise.
    func perAnalyticDetection(_ detection: Mediforproto_Detection, analytic: String) -> Mediforproto_Detection {
        guard !settings.skipOutDirSuffix else { return detection }
        var copy = detection
        switch copy.request {
        case .imgManipReq(var request):
            request.outDir = Self.suffixed(request.outDir, analytic)
            copy.request = .imgManipReq(request)
        case .vidManipReq(var request):
            request.outDir = Self.suffixed(request.outDir, analytic)
            copy.request = .vidManipReq(request)
        default:
            break
        }
        return copy
    }

    /// `dir/<component>` unless `dir` already ends with that component.
    static func suffixed(_ dir: String, _ component: String) -> String {
        let trimmed = dir.hasSuffix("/") ? String(dir.dropLast()) : dir
        if trimmed.split(separator: "/").last.map(String.init) == component { return trimmed }
        return trimmed + "/" + component
    }

    /// Checks the media of a request and rewrites it to the stored copy; fills in `out_dir` and the MIME type.
    private func admitMedia(of detection: inout Mediforproto_Detection) throws(PipelineError) -> StoredMedia {
        func admit(_ resource: Mediforproto_Resource, expect kind: MediaKind, outDir: String) throws(PipelineError)
            -> (Mediforproto_Resource, String, StoredMedia)
        {
            let media: StoredMedia
            do {
                media = try storage.admit(uri: resource.uri, kind: kind)
            } catch {
                throw PipelineError(media: error)
            }
            var stored = resource
            stored.uri = media.path
            if stored.type.isEmpty || stored.type == "application/octet-stream" { stored.type = media.type.mimeType }
            return (stored, outDir, media)
        }
        switch detection.request {
        case .imgManipReq(var request):
            let (resource, outDir, media) = try admit(
                request.image, expect: .image, outDir: try checkedOutDir(request.outDir))
            request.image = resource
            request.outDir = outDir
            detection.request = .imgManipReq(request)
            return media
        case .vidManipReq(var request):
            let (resource, outDir, media) = try admit(
                request.video, expect: .video, outDir: try checkedOutDir(request.outDir))
            request.video = resource
            request.outDir = outDir
            detection.request = .vidManipReq(request)
            return media
        default:
            throw PipelineError(.invalidArgument, "only image and video manipulation requests can be admitted")
        }
    }

    /// `out_dir` of a request: empty means `<root>/output`; anything else must lie inside the storage root.
    private func checkedOutDir(_ outDir: String) throws(PipelineError) -> String {
        guard !outDir.isEmpty else { return storage.outputDirectory }
        guard outDir.hasPrefix("/") else {
            throw PipelineError(.invalidArgument, "out_dir \(outDir) must be an absolute path inside \(storage.root)")
        }
        let normalised = URL(fileURLWithPath: outDir).standardizedFileURL.path
        guard storage.contains(normalised) else {
            throw PipelineError(.invalidArgument, "out_dir \(outDir) is outside the storage root \(storage.root)")
        }
        return normalised
    }

    /// The requested analytic (or fuser) ids, checked; every entry for the media when none are given.
    private func chooseEntries(_ requested: [String], kind: MediaKind, fusers: Bool) throws(PipelineError) -> [String] {
        let candidates = fusers ? catalog.fusers : catalog.analytics
        let what = fusers ? "fuser" : "analytic"
        if requested.isEmpty {
            let chosen = candidates.filter { $0.supports(kind) }.map(\.id)
            if chosen.isEmpty && !fusers {
                throw PipelineError(.failedPrecondition, "no configured analytic supports \(kind.rawValue) media")
            }
            return chosen
        }
        var seen = Set<String>()
        var result: [String] = []
        for id in requested where seen.insert(id).inserted {
            guard let entry = candidates.first(where: { $0.id == id }) else {
                let known = candidates.map(\.id).joined(separator: ", ")
                throw PipelineError(.invalidArgument, "unknown \(what) id \"\(id)\" (known: \(known.isEmpty ? "none" : known))")
            }
            guard entry.supports(kind) else {
                throw PipelineError(.invalidArgument, "\(what) \"\(id)\" does not support \(kind.rawValue) media")
            }
            result.append(id)
        }
        return result
    }

    /// Rejects ids a store or a queue name cannot carry safely.
    static func validateID(_ id: String, what: String) throws(PipelineError) {
        guard !id.isEmpty else { throw PipelineError(.invalidArgument, "\(what) is empty") }
        guard id.utf8.count <= 256 else { throw PipelineError(.invalidArgument, "\(what) is longer than 256 bytes") }
        guard !id.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw PipelineError(.invalidArgument, "\(what) contains control characters")
        }
    }
}

extension Mediforproto_Detection {
    /// Every `Resource` of the request (probe, donor): what `DetectionInfo.req_resources` reports.
    var requestResources: [Mediforproto_Resource] {
        switch request {
        case .imgManipReq(let request): [request.image]
        case .vidManipReq(let request): [request.video]
        case .imgSpliceReq(let request): [request.probeImage, request.donorImage]
        case .imgCamMatchReq(let request): [request.image]
        case .imgCamsReq(let request): [request.image]
        case .vidCamMatchReq(let request): [request.image]
        case nil: []
        }
    }
}
