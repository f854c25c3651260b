// The generated Swift types under test: every generated message type and every generated gRPC service
// namespace, so the tests can reach them by proto full name.

import EntroQProto
import GRPCCore
import MediForProto
import SwiftProtobuf

enum Generated {
    /// Every message type generated into MediForProto and EntroQProto (one line per generated file).
    static let messageTypes: [any SwiftProtobuf.Message.Type] = [
        // google_rpc_status.pb.swift
        Google_Rpc_Status.self,
        // grpc_health_v1_health.pb.swift
        Grpc_Health_V1_HealthCheckRequest.self, Grpc_Health_V1_HealthCheckResponse.self,
        // medifor_v1_analytic.pb.swift
        Mediforproto_Detection.self, Mediforproto_AnnotatedDetection.self, Mediforproto_Resource.self,
        Mediforproto_IntRange.self, Mediforproto_ScoredIntRange.self, Mediforproto_MaskIntRange.self,
        Mediforproto_FloatRange.self, Mediforproto_ScoredFloatRange.self, Mediforproto_ImageLocalization.self,
        Mediforproto_ImageManipulation.self, Mediforproto_ImageManipulationRequest.self,
        Mediforproto_VideoLocalization.self, Mediforproto_VideoManipulation.self,
        Mediforproto_VideoManipulationRequest.self, Mediforproto_Link.self, Mediforproto_ImageSplice.self,
        Mediforproto_ImageSpliceRequest.self, Mediforproto_ImageCameraMatch.self,
        Mediforproto_ImageCameraMatchRequest.self, Mediforproto_VideoCameraMatch.self,
        Mediforproto_VideoCameraMatchRequest.self, Mediforproto_CameraScore.self, Mediforproto_ImageCameras.self,
        Mediforproto_ImageCamerasRequest.self, Mediforproto_Empty.self,
        // medifor_v1_fusion.pb.swift
        Mediforproto_Fusion.self, Mediforproto_AnnotatedImageManipulation.self,
        Mediforproto_FuseImageManipulationRequest.self, Mediforproto_AnnotatedVideoManipulation.self,
        Mediforproto_FuseVideoManipulationRequest.self, Mediforproto_AnnotatedImageSplice.self,
        Mediforproto_FuseImageSpliceRequest.self, Mediforproto_AnnotatedImageCameraMatch.self,
        Mediforproto_FuseImageCameraMatchRequest.self, Mediforproto_AnnotatedVideoCameraMatch.self,
        Mediforproto_FuseVideoCameraMatchRequest.self,
        // medifor_v1_pipeline.pb.swift
        Mediforproto_SortCol.self, Mediforproto_DetectionRequest.self, Mediforproto_AnalyticDetectionInfo.self,
        Mediforproto_DetectionInfo.self, Mediforproto_DetectionInfoRequest.self, Mediforproto_DateRange.self,
        Mediforproto_DetectionListRequest.self, Mediforproto_DetectionList.self, Mediforproto_FusionRequest.self,
        Mediforproto_FuserFusionInfo.self, Mediforproto_FusionInfo.self, Mediforproto_FuseAllIDsRequest.self,
        Mediforproto_FuseAllIDsResponse.self, Mediforproto_UpdateDetectionTagsRequest.self,
        Mediforproto_DetectionTagInfoRequest.self, Mediforproto_DetectionTagInfo.self,
        Mediforproto_DeleteDetectionRequest.self, Mediforproto_AnalyticMeta.self, Mediforproto_AnalyticList.self,
        // medifor_v1_provenance.pb.swift
        Mediforproto_ProvenanceFilteringRequest.self, Mediforproto_ImageMatch.self,
        Mediforproto_FilteringResult.self, Mediforproto_ProvenanceGraphRequest.self, Mediforproto_Association.self,
        Mediforproto_Node.self, Mediforproto_ProvenanceGraph.self,
        // medifor_v1_streamingproxy.pb.swift
        Mediforproto_FileChunk.self, Mediforproto_DetectionChunk.self,
        // medifor_v1_task.pb.swift
        Mediforproto_DetectionTask.self, Mediforproto_FusionTask.self,
        // workflowproto_pipeline.pb.swift
        Workflowproto_Empty.self,
        // entroq_entroq.pb.swift
        Api_TaskID.self, Api_TaskData.self, Api_TaskChange.self, Api_Task.self, Api_ClaimRequest.self,
        Api_ClaimResponse.self, Api_DocID.self, Api_DocData.self, Api_DocChange.self, Api_Doc.self,
        Api_ModifyRequest.self, Api_ModifyResponse.self, Api_ModifyDep.self, Api_AuthzDep.self,
        Api_TasksRequest.self, Api_TasksResponse.self, Api_QueuesRequest.self, Api_QueueStats.self,
        Api_QueuesResponse.self, Api_TimeRequest.self, Api_TimeResponse.self, Api_DocQuery.self, Api_DocClaim.self,
        Api_DocsRequest.self, Api_DocsResponse.self, Api_ClaimDocsRequest.self, Api_ClaimDocsResponse.self,
        Api_NamespaceStat.self, Api_NamespacesRequest.self, Api_NamespacesResponse.self,
    ]

    /// Generated message types by `protoMessageName`.
    static let messageTypesByName: [String: any SwiftProtobuf.Message.Type] = Dictionary(
        messageTypes.map { ($0.protoMessageName, $0) }, uniquingKeysWith: { first, _ in first }
    )

    /// The generated gRPC method descriptors of every service, by the service's generated descriptor.
    static let services: [(service: GRPCCore.ServiceDescriptor, methods: [GRPCCore.MethodDescriptor])] = [
        (Mediforproto_Analytic.descriptor, Mediforproto_Analytic.Method.descriptors),
        (Mediforproto_Fuser.descriptor, Mediforproto_Fuser.Method.descriptors),
        (Mediforproto_Killable.descriptor, Mediforproto_Killable.Method.descriptors),
        (Mediforproto_Pipeline.descriptor, Mediforproto_Pipeline.Method.descriptors),
        (Workflowproto_Pipeline.descriptor, Workflowproto_Pipeline.Method.descriptors),
        (Mediforproto_StreamingProxy.descriptor, Mediforproto_StreamingProxy.Method.descriptors),
        (Mediforproto_Provenance.descriptor, Mediforproto_Provenance.Method.descriptors),
        (Grpc_Health_V1_Health.descriptor, Grpc_Health_V1_Health.Method.descriptors),
        (Api_EntroQ.descriptor, Api_EntroQ.Method.descriptors),
    ]
}
