public import GRPCCore
import Logging
public import MediForProto

/// The Pipeline gRPC API under its current package name, `mediforproto.Pipeline`.
///
/// Every call is answered from ``Workflow``; failures become gRPC statuses with a message for the caller
/// (never UNKNOWN for bad input). Register ``LegacyPipelineService`` beside it for clients of the older
/// `workflowproto.Pipeline` name.
public struct PipelineService: Mediforproto_Pipeline.SimpleServiceProtocol {
    let workflow: Workflow

    /// Serves `workflow`.
    public init(workflow: Workflow) { self.workflow = workflow }

    /// Runs one call, logging and mapping its failure.
    func answer<T>(_ method: String, _ body: () async throws(PipelineError) -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            let level: Logger.Level = error.code == .unavailable || error.code == .internalError ? .warning : .info
            workflow.logger.log(level: level, "pipeline call failed", metadata: [
                "rpc.method": "\(method)", "rpc.grpc.status_code": "\(error.code)", "error.message": "\(error.message)",
            ])
            throw error.rpcError
        }
    }

    public func detect(request: Mediforproto_DetectionRequest, context: ServerContext) async throws
        -> Mediforproto_DetectionInfo
    {
        try await answer("Detect") { () async throws(PipelineError) in try await workflow.detect(request) }
    }

    public func getDetectionInfo(request: Mediforproto_DetectionInfoRequest, context: ServerContext) async throws
        -> Mediforproto_DetectionInfo
    {
        try await answer("GetDetectionInfo") { () async throws(PipelineError) in
            try await workflow.detectionInfo(id: request.id, wantFused: request.wantFused)
        }
    }

    public func getDetectionList(request: Mediforproto_DetectionListRequest, context: ServerContext) async throws
        -> Mediforproto_DetectionList
    {
        try await answer("GetDetectionList") { () async throws(PipelineError) in try await workflow.list(request) }
    }

    public func deleteDetection(request: Mediforproto_DeleteDetectionRequest, context: ServerContext) async throws
        -> Mediforproto_Empty
    {
        try await answer("DeleteDetection") { () async throws(PipelineError) in
            try await workflow.deleteDetection(id: request.detectionID)
            return Mediforproto_Empty()
        }
    }

    public func fuse(request: Mediforproto_FusionRequest, context: ServerContext) async throws
        -> Mediforproto_FusionInfo
    {
        try await answer("Fuse") { () async throws(PipelineError) in try await workflow.fuse(request) }
    }

    public func fuseByID(request: Mediforproto_FusionRequest, context: ServerContext) async throws
        -> Mediforproto_FusionInfo
    {
        try await answer("FuseByID") { () async throws(PipelineError) in try await workflow.fuseByID(request) }
    }

    public func fuseAllIDs(request: Mediforproto_FuseAllIDsRequest, context: ServerContext) async throws
        -> Mediforproto_FuseAllIDsResponse
    {
        try await answer("FuseAllIDs") { () async throws(PipelineError) in
            try await workflow.fuseAllIDs(request)
            return Mediforproto_FuseAllIDsResponse()
        }
    }

    public func updateDetectionTags(request: Mediforproto_UpdateDetectionTagsRequest, context: ServerContext)
        async throws -> Mediforproto_DetectionInfo
    {
        try await answer("UpdateDetectionTags") { () async throws(PipelineError) in
            try await workflow.updateTags(request)
        }
    }

    public func getDetectionTagInfo(request: Mediforproto_DetectionTagInfoRequest, context: ServerContext)
        async throws -> Mediforproto_DetectionTagInfo
    {
        try await answer("GetDetectionTagInfo") { () async throws(PipelineError) in
            try await workflow.tagInfo(request)
        }
    }

    public func getAnalyticMeta(request: Mediforproto_Empty, context: ServerContext) async throws
        -> Mediforproto_AnalyticList
    {
        try await answer("GetAnalyticMeta") { () async throws(PipelineError) in
            guard !workflow.catalog.entries.isEmpty else {
                throw PipelineError(.failedPrecondition, "no analytics are configured")
            }
            return workflow.catalog.analyticList
        }
    }
}

/// The same Pipeline API under the older package name, `workflowproto.Pipeline`, which the original's Python
/// client and some deployments call. Each method forwards to ``PipelineService``.
public struct LegacyPipelineService: Workflowproto_Pipeline.SimpleServiceProtocol {
    let current: PipelineService

    /// Serves `workflow` under `workflowproto.Pipeline`.
    public init(workflow: Workflow) { current = PipelineService(workflow: workflow) }

    public func detect(request: Mediforproto_DetectionRequest, context: ServerContext) async throws
        -> Mediforproto_DetectionInfo
    { try await current.detect(request: request, context: context) }

    public func getDetectionInfo(request: Mediforproto_DetectionInfoRequest, context: ServerContext) async throws
        -> Mediforproto_DetectionInfo
    { try await current.getDetectionInfo(request: request, context: context) }

    public func getDetectionList(request: Mediforproto_DetectionListRequest, context: ServerContext) async throws
        -> Mediforproto_DetectionList
    { try await current.getDetectionList(request: request, context: context) }

    public func deleteDetection(request: Mediforproto_DeleteDetectionRequest, context: ServerContext) async throws
        -> Workflowproto_Empty
    {
        _ = try await current.deleteDetection(request: request, context: context)
        return Workflowproto_Empty()
    }

    public func fuse(request: Mediforproto_FusionRequest, context: ServerContext) async throws
        -> Mediforproto_FusionInfo
    { try await current.fuse(request: request, context: context) }

    public func fuseByID(request: Mediforproto_FusionRequest, context: ServerContext) async throws
        -> Mediforproto_FusionInfo
    { try await current.fuseByID(request: request, context: context) }

    public func fuseAllIDs(request: Mediforproto_FuseAllIDsRequest, context: ServerContext) async throws
        -> Mediforproto_FuseAllIDsResponse
    { try await current.fuseAllIDs(request: request, context: context) }

    public func updateDetectionTags(request: Mediforproto_UpdateDetectionTagsRequest, context: ServerContext)
        async throws -> Mediforproto_DetectionInfo
    { try await current.updateDetectionTags(request: request, context: context) }

    public func getDetectionTagInfo(request: Mediforproto_DetectionTagInfoRequest, context: ServerContext)
        async throws -> Mediforproto_DetectionTagInfo
    { try await current.getDetectionTagInfo(request: request, context: context) }

    public func getAnalyticMeta(request: Workflowproto_Empty, context: ServerContext) async throws
        -> Mediforproto_AnalyticList
    { try await current.getAnalyticMeta(request: Mediforproto_Empty(), context: context) }
}
