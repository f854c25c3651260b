public import MediForProto

extension StoredDetection {
    /// The detection as the Pipeline API shows it, without stage and status (the workflow adds those from the
    /// queue): tags, progress counts, `analytic_info` in row order, `req_resources` of the first analytic's
    /// request, and the chosen fusions as `FINISHED`/`SUCCESS`.
    public var info: Mediforproto_DetectionInfo {
        var info = Mediforproto_DetectionInfo()
        info.id = id
        info.tags = tags
        info.userTags = userTags
        info.meta = meta
        info.analyticsTotal = Int32(clamping: analytics.count)
        info.analyticsFinished = Int32(clamping: analytics.count { $0.isFinished })
        info.analyticInfo = analytics.map { row in
            var entry = Mediforproto_AnalyticDetectionInfo()
            entry.analyticID = row.analyticID
            entry.detection = row.detection
            return entry
        }
        info.reqResources = analytics.first.map { Self.requestResources(of: $0.detection) } ?? []
        info.fusionInfo = fusions.map { fusion in
            var entry = Mediforproto_FuserFusionInfo()
            entry.fuserID = fusion.fuserID
            entry.fusion = fusion.fusion
            entry.stage = .finished
            entry.status = .success
            return entry
        }
        info.hasFused_p = !fusions.isEmpty
        return info
    }

    /// The input files named by a detection's request: the probe, or probe and donor for a splice.
    public static func requestResources(of detection: Mediforproto_Detection) -> [Mediforproto_Resource] {
        switch detection.request {
        case .imgManipReq(let request): return request.hasImage ? [request.image] : []
        case .vidManipReq(let request): return request.hasVideo ? [request.video] : []
        case .imgSpliceReq(let request):
            let probe = request.hasProbeImage ? [request.probeImage] : []
            return probe + (request.hasDonorImage ? [request.donorImage] : [])
        case .imgCamMatchReq(let request): return request.hasImage ? [request.image] : []
        case .imgCamsReq(let request): return request.hasImage ? [request.image] : []
        case .vidCamMatchReq(let request): return request.hasImage ? [request.image] : []
        case nil: return []
        }
    }
}
