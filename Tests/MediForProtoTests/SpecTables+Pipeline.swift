// medifor-protocol.md §5 (medifor/v1/pipeline.proto, service mediforproto.Pipeline) and §10 (the same
// service under package workflowproto).

extension SpecTables {
    static let pipelineEnums: [SpecEnum] = [
        SpecEnum(fullName: "mediforproto.DetectionStage", values: enumValues([
            "DETECTION_STAGE_NONE": 0, "DETECTION_STAGE_QUEUED": 1, "DETECTION_STAGE_CLAIMED": 2,
            "DETECTION_STAGE_FINISHED": 3,
        ])),
        SpecEnum(fullName: "mediforproto.DetectionStatus", values: enumValues([
            "DETECTION_STATUS_NONE": 0, "DETECTION_STATUS_SUCCESS": 1, "DETECTION_STATUS_FAILURE": 2,
        ])),
        SpecEnum(fullName: "mediforproto.SortKey", values: enumValues([
            "SCORE": 0, "META": 1, "META_QUERY": 2,
        ])),
        SpecEnum(fullName: "mediforproto.FusionThresholdType", values: enumValues([
            "FUSION_NO_THRESHOLD": 0, "FUSION_LT_THRESHOLD": 1, "FUSION_GT_THRESHOLD": 2,
        ])),
        SpecEnum(fullName: "mediforproto.MediaType", values: enumValues([
            "IMAGE": 0, "VIDEO": 1, "FUSION_IMAGE": 2, "FUSION_VIDEO": 3,
        ])),
        SpecEnum(fullName: "mediforproto.DetectionListVerbosity", values: enumValues([
            "DETECTION_VERBOSITY_FULL": 0, "DETECTION_VERBOSITY_MINIMAL": 1,
        ])),
    ]

    static let pipelineMessages: [SpecMessage] = [
        SpecMessage(fullName: "mediforproto.SortCol", fields: [
            field(1, "key", ".mediforproto.SortKey"),
            field(2, "is_asc", "bool"),
            field(3, "type_cast", "string"),
            field(4, "meta_key", "string"),
        ]),
        SpecMessage(fullName: "mediforproto.DetectionRequest", fields: [
            field(3, "id", "string"),
            field(1, "request", ".mediforproto.Detection"),
            repeated(2, "analytic_id", "string"),
            repeated(8, "fuser_id", "string"),
            mapField(4, "tags", "string", "string"),
            mapField(6, "user_tags", "string", "string"),
            mapField(7, "meta", "string", "string"),
            field(5, "analytic_timeout_sec", "int64"),
        ]),
        SpecMessage(fullName: "mediforproto.AnalyticDetectionInfo", fields: [
            field(1, "analytic_id", "string"),
            field(2, "stage", ".mediforproto.DetectionStage"),
            field(3, "status", ".mediforproto.DetectionStatus"),
            field(4, "detection", ".mediforproto.Detection"),
        ]),
        SpecMessage(fullName: "mediforproto.DetectionInfo", fields: [
            field(1, "id", "string"),
            repeated(11, "req_resources", ".mediforproto.Resource"),
            repeated(2, "analytic_info", ".mediforproto.AnalyticDetectionInfo"),
            repeated(8, "fusion_info", ".mediforproto.FuserFusionInfo"),
            mapField(3, "tags", "string", "string"),
            mapField(6, "user_tags", "string", "string"),
            mapField(7, "meta", "string", "string"),
            field(4, "has_fused", "bool"),
            field(5, "fused_score", "double"),
            field(9, "analytics_total", "int32"),
            field(10, "analytics_finished", "int32"),
        ]),
        SpecMessage(fullName: "mediforproto.DetectionInfoRequest", fields: [
            field(1, "id", "string"),
            field(2, "want_fused", "bool"),
        ]),
        SpecMessage(fullName: "mediforproto.DateRange", fields: [
            field(1, "start_seconds_utc", "int64"),
            field(2, "end_seconds_utc", "int64"),
        ]),
        SpecMessage(fullName: "mediforproto.DetectionListRequest", fields: [
            field(12, "verbosity", ".mediforproto.DetectionListVerbosity"),
            mapField(1, "tags", "string", "string"),
            field(10, "meta_query", "string"),
            field(11, "date_range", ".mediforproto.DateRange"),
            repeated(7, "detection_ids", "string"),
            field(4, "want_fused", "bool"),
            repeated(5, "order_by", ".mediforproto.SortCol"),
            field(6, "fuser_id", "string"),
            field(8, "fusion_threshold_type", ".mediforproto.FusionThresholdType"),
            field(9, "fusion_threshold_value", "float"),  // note: float, not double
            field(2, "page_size", "int32"),
            field(3, "page_token", "string"),
        ]),
        SpecMessage(fullName: "mediforproto.DetectionList", fields: [
            repeated(1, "detections", ".mediforproto.DetectionInfo"),
            field(3, "total", "int32"),
            field(2, "page_token", "string"),
        ]),
        SpecMessage(fullName: "mediforproto.FusionRequest", fields: [
            field(1, "id", "string"),
            field(2, "request", ".mediforproto.Fusion"),
            repeated(4, "fuser_id", "string"),
            mapField(3, "tags", "string", "string"),
            field(5, "detection_id", "string"),
            field(6, "detection_id_out_dir", "string"),
        ]),
        SpecMessage(fullName: "mediforproto.FuserFusionInfo", fields: [
            field(1, "fuser_id", "string"),
            field(2, "stage", ".mediforproto.DetectionStage"),
            field(3, "status", ".mediforproto.DetectionStatus"),
            field(4, "fusion", ".mediforproto.Fusion"),
        ]),
        SpecMessage(fullName: "mediforproto.FusionInfo", fields: [
            field(1, "id", "string"),
            repeated(2, "fusion_infos", ".mediforproto.FuserFusionInfo"),
            mapField(3, "tags", "string", "string"),
            field(4, "has_fused", "bool"),
            field(5, "fused_score", "double"),
        ]),
        SpecMessage(fullName: "mediforproto.FuseAllIDsRequest", fields: [
            repeated(1, "fuser_id", "string"),
            field(2, "out_dir", "string"),
        ]),
        SpecMessage(fullName: "mediforproto.FuseAllIDsResponse", fields: []),
        SpecMessage(fullName: "mediforproto.UpdateDetectionTagsRequest", fields: [
            field(1, "detection_id", "string"),
            field(2, "replace", "bool"),
            mapField(3, "tags", "string", "string"),
            repeated(4, "delete_tags", "string"),
        ]),
        SpecMessage(fullName: "mediforproto.DetectionTagInfoRequest", fields: [
            mapField(1, "require_tags", "string", "string"),
            repeated(2, "skip_prefixes", "string"),
        ]),
        SpecMessage(fullName: "mediforproto.DetectionTagInfo", fields: [
            mapField(1, "tag_counts", "string", "int32"),
            mapField(2, "user_tag_counts", "string", "int32"),
        ]),
        SpecMessage(fullName: "mediforproto.DeleteDetectionRequest", fields: [
            field(1, "detection_id", "string"),
        ]),
        SpecMessage(fullName: "mediforproto.AnalyticMeta", fields: [
            field(1, "id", "string"),
            field(2, "version", "string"),
            field(3, "cpu", "double"),
            field(4, "ram", "double"),
            field(5, "gpu", "int32"),
            repeated(6, "media", ".mediforproto.MediaType"),
            field(7, "description", "string"),
            field(8, "name", "string"),
            mapField(9, "user_fields", "string", "string"),
        ]),
        SpecMessage(fullName: "mediforproto.AnalyticList", fields: [
            repeated(1, "analytics", ".mediforproto.AnalyticMeta"),
        ]),
    ]

    /// §10: the workflowproto copy declares its own `message Empty {}` (used by DeleteDetection and
    /// GetAnalyticMeta). Our file reuses the mediforproto messages for everything else, which §10 allows
    /// ("the same ten methods using the mediforproto message types"); names are not on the wire.
    static let workflowMessages: [SpecMessage] = [
        SpecMessage(fullName: "workflowproto.Empty", fields: []),
    ]

    static let pipelineServices: [SpecService] = [
        pipeline("mediforproto.Pipeline", empty: ".mediforproto.Empty"),
        pipeline("workflowproto.Pipeline", empty: ".workflowproto.Empty"),
    ]

    /// The ten unary Pipeline RPCs (§2, §5.3), in declaration order.
    private static func pipeline(_ fullName: String, empty: String) -> SpecService {
        SpecService(fullName: fullName, methods: [
            unary("Detect", ".mediforproto.DetectionRequest", ".mediforproto.DetectionInfo"),
            unary("GetDetectionInfo", ".mediforproto.DetectionInfoRequest", ".mediforproto.DetectionInfo"),
            unary("GetDetectionList", ".mediforproto.DetectionListRequest", ".mediforproto.DetectionList"),
            unary("DeleteDetection", ".mediforproto.DeleteDetectionRequest", empty),
            unary("Fuse", ".mediforproto.FusionRequest", ".mediforproto.FusionInfo"),
            unary("FuseByID", ".mediforproto.FusionRequest", ".mediforproto.FusionInfo"),
            unary("FuseAllIDs", ".mediforproto.FuseAllIDsRequest", ".mediforproto.FuseAllIDsResponse"),
            unary("UpdateDetectionTags", ".mediforproto.UpdateDetectionTagsRequest", ".mediforproto.DetectionInfo"),
            unary("GetDetectionTagInfo", ".mediforproto.DetectionTagInfoRequest", ".mediforproto.DetectionTagInfo"),
            unary("GetAnalyticMeta", empty, ".mediforproto.AnalyticList"),
        ])
    }
}
