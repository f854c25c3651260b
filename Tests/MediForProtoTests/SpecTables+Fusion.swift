// medifor-protocol.md §4 (medifor/v1/fusion.proto, service Fuser) and §6 (medifor/v1/task.proto).

extension SpecTables {
    static let fusionMessages: [SpecMessage] = [
        // Mirrors Detection but has no video-camera-match members in either oneof.
        SpecMessage(fullName: "mediforproto.Fusion", fields: [
            field(1, "status", ".google.rpc.Status"),
            field(2, "start_time_millis", "int64"),
            field(3, "end_time_millis", "int64"),
            oneof("request", 11, "img_manip_req", ".mediforproto.FuseImageManipulationRequest"),
            oneof("request", 12, "vid_manip_req", ".mediforproto.FuseVideoManipulationRequest"),
            oneof("request", 13, "img_splice_req", ".mediforproto.FuseImageSpliceRequest"),
            oneof("request", 14, "img_cam_match_req", ".mediforproto.FuseImageCameraMatchRequest"),
            oneof("response", 21, "img_manip", ".mediforproto.ImageManipulation"),
            oneof("response", 22, "vid_manip", ".mediforproto.VideoManipulation"),
            oneof("response", 23, "img_splice", ".mediforproto.ImageSplice"),
            oneof("response", 24, "img_cam_match", ".mediforproto.ImageCameraMatch"),
        ]),
        annotated("AnnotatedImageManipulation", data: ".mediforproto.ImageManipulation"),
        fuseRequest("FuseImageManipulationRequest",
                    3, "img_manip_req", ".mediforproto.ImageManipulationRequest",
                    4, "img_manip", ".mediforproto.AnnotatedImageManipulation"),
        annotated("AnnotatedVideoManipulation", data: ".mediforproto.VideoManipulation"),
        fuseRequest("FuseVideoManipulationRequest",
                    3, "vid_manip_req", ".mediforproto.VideoManipulationRequest",
                    4, "vid_manip", ".mediforproto.AnnotatedVideoManipulation"),
        annotated("AnnotatedImageSplice", data: ".mediforproto.ImageSplice"),
        fuseRequest("FuseImageSpliceRequest",
                    3, "img_splice_req", ".mediforproto.ImageSpliceRequest",
                    4, "img_splice", ".mediforproto.AnnotatedImageSplice"),
        annotated("AnnotatedImageCameraMatch", data: ".mediforproto.ImageCameraMatch"),
        fuseRequest("FuseImageCameraMatchRequest",
                    3, "img_cam_match_req", ".mediforproto.ImageCameraMatchRequest",
                    4, "img_cam_match", ".mediforproto.AnnotatedImageCameraMatch"),
        annotated("AnnotatedVideoCameraMatch", data: ".mediforproto.VideoCameraMatch"),
        fuseRequest("FuseVideoCameraMatchRequest",
                    3, "vid_cam_match_req", ".mediforproto.VideoCameraMatchRequest",
                    4, "vid_cam_match", ".mediforproto.AnnotatedVideoCameraMatch"),
    ]

    /// The five "annotated" wrappers: `1 id string`, `2 version string`, `3 data <T>`, all singular.
    private static func annotated(_ name: String, data: String) -> SpecMessage {
        SpecMessage(fullName: "mediforproto." + name, fields: [
            field(1, "id", "string"),
            field(2, "version", "string"),
            field(3, "data", data),
        ])
    }

    /// The five fusion requests: `1 request_id string`, `2 out_dir string`, `3 <probe request>` (singular),
    /// `4 <annotated results>` (repeated), `5 want_masks bool`.
    private static func fuseRequest(
        _ name: String,
        _ probeNumber: Int32, _ probeName: String, _ probeType: String,
        _ resultsNumber: Int32, _ resultsName: String, _ resultsType: String
    ) -> SpecMessage {
        SpecMessage(fullName: "mediforproto." + name, fields: [
            field(1, "request_id", "string"),
            field(2, "out_dir", "string"),
            field(probeNumber, probeName, probeType),
            repeated(resultsNumber, resultsName, resultsType),
            field(5, "want_masks", "bool"),
        ])
    }

    static let fusionServices: [SpecService] = [
        SpecService(fullName: "mediforproto.Fuser", methods: [
            unary("FuseImageManipulation", ".mediforproto.FuseImageManipulationRequest", ".mediforproto.ImageManipulation"),
            unary("FuseImageSplice", ".mediforproto.FuseImageSpliceRequest", ".mediforproto.ImageSplice"),
            unary("FuseVideoManipulation", ".mediforproto.FuseVideoManipulationRequest", ".mediforproto.VideoManipulation"),
            unary("FuseImageCameraMatch", ".mediforproto.FuseImageCameraMatchRequest", ".mediforproto.ImageCameraMatch"),
            unary("FuseVideoCameraMatch", ".mediforproto.FuseVideoCameraMatchRequest", ".mediforproto.VideoCameraMatch"),
            unary("Kill", ".mediforproto.Empty", ".mediforproto.Empty"),
        ]),
    ]

    static let taskMessages: [SpecMessage] = [
        SpecMessage(fullName: "mediforproto.DetectionTask", fields: [
            field(1, "id", "string"),
            repeated(2, "analytic_id", "string"),
            repeated(9, "fuser_id", "string"),
            field(3, "detection", ".mediforproto.Detection"),
            field(4, "done_queue", "string"),
            mapField(5, "tags", "string", "string"),
            mapField(7, "user_tags", "string", "string"),
            mapField(8, "meta", "string", "string"),
            field(6, "analytic_timeout_sec", "int64"),
        ]),
        SpecMessage(fullName: "mediforproto.FusionTask", fields: [
            field(1, "unused_id", "string"),
            repeated(2, "fuser_id", "string"),
            field(3, "fusion", ".mediforproto.Fusion"),
            field(4, "done_queue", "string"),
            mapField(5, "tags", "string", "string"),
            field(6, "analytic_timeout_sec", "int64"),
            field(7, "detection_id", "string"),
        ]),
    ]
}
