// medifor-protocol.md §3 (medifor/v1/analytic.proto) and §2 (service Analytic), transcribed field by field.
// Fields are in the spec's declaration order.

extension SpecTables {
    static let analyticEnums: [SpecEnum] = [
        SpecEnum(fullName: "mediforproto.ManipulationType", values: enumValues([
            "MANIP_UNKNOWN": 0, "MANIP_FILTER": 1, "MANIP_ADJUST_COLOR": 2, "MANIP_REMOVE": 3,
            "MANIP_CONTENT_AWARE_FILL": 4, "MANIP_PAINTBRUSH_TOOL": 5, "MANIP_PATCH_TOOL": 6, "MANIP_BLUR": 7,
            "MANIP_SPLICE": 8, "MANIP_CLONE": 9, "MANIP_CROP": 10, "MANIP_FLIP": 11, "MANIP_RESIZE": 12,
            "MANIP_SEAM_CARVING": 13, "MANIP_ROTATE": 14, "MANIP_SKEW": 15, "MANIP_WARP": 16, "MANIP_METADATA": 17,
            "MANIP_ANTIFORENSICS": 18, "MANIP_IMAGE_RECAPTURE": 19, "MANIP_CGI": 20, "MANIP_FRAME_INSERTION": 21,
            "MANIP_FRAME_DROP": 22, "MANIP_AUDIO": 23, "MANIP_DOUBLE_JPG": 24, "MANIP_OTHER": 25,
        ])),
        SpecEnum(fullName: "mediforproto.SpecificityType", values: enumValues([
            "SPEC_GLOBAL": 0, "SPEC_FRAME": 1, "SPEC_PIXEL": 2, "SPEC_METADATA": 3,
        ])),
        SpecEnum(fullName: "mediforproto.OptOutType", values: enumValues([
            "OPT_OUT_NONE": 0, "OPT_OUT_ALL": 1, "OPT_OUT_DETECTION": 2, "OPT_OUT_LOCALIZATION": 3,
        ])),
        SpecEnum(fullName: "mediforproto.VideoOptOutType", values: enumValues([
            "VIDEO_OPT_OUT_DETECTION": 0, "VIDEO_OPT_OUT_TEMPORAL": 1, "VIDEO_OPT_OUT_SPATIAL": 2,
        ])),
    ]

    static let analyticMessages: [SpecMessage] = [
        SpecMessage(fullName: "mediforproto.Detection", fields: [
            field(1, "status", ".google.rpc.Status"),
            field(2, "start_time_millis", "int64"),
            field(3, "end_time_millis", "int64"),
            oneof("request", 11, "img_manip_req", ".mediforproto.ImageManipulationRequest"),
            oneof("request", 12, "vid_manip_req", ".mediforproto.VideoManipulationRequest"),
            oneof("request", 13, "img_splice_req", ".mediforproto.ImageSpliceRequest"),
            oneof("request", 14, "img_cam_match_req", ".mediforproto.ImageCameraMatchRequest"),
            oneof("request", 15, "img_cams_req", ".mediforproto.ImageCamerasRequest"),
            oneof("request", 16, "vid_cam_match_req", ".mediforproto.VideoCameraMatchRequest"),
            oneof("response", 21, "img_manip", ".mediforproto.ImageManipulation"),
            oneof("response", 22, "vid_manip", ".mediforproto.VideoManipulation"),
            oneof("response", 23, "img_splice", ".mediforproto.ImageSplice"),
            oneof("response", 24, "img_cam_match", ".mediforproto.ImageCameraMatch"),
            oneof("response", 25, "img_cams", ".mediforproto.ImageCameras"),
            oneof("response", 26, "vid_cam_match", ".mediforproto.VideoCameraMatch"),
        ]),
        SpecMessage(fullName: "mediforproto.AnnotatedDetection", fields: [
            field(1, "id", "string"),
            field(2, "version", "string"),
            field(3, "detection", ".mediforproto.Detection"),
            field(4, "analytic_id", "string"),
        ]),
        SpecMessage(fullName: "mediforproto.Resource", fields: [
            field(1, "uri", "string"),
            field(2, "type", "string"),
            field(3, "notes", "string"),
        ]),
        SpecMessage(fullName: "mediforproto.IntRange", fields: [
            field(1, "start", "int32"),
            field(2, "end", "int32"),
        ]),
        SpecMessage(fullName: "mediforproto.ScoredIntRange", fields: [
            field(1, "range", ".mediforproto.IntRange"),
            field(2, "score", "double"),
        ]),
        SpecMessage(fullName: "mediforproto.MaskIntRange", fields: [
            field(1, "range", ".mediforproto.IntRange"),
            field(2, "mask", ".mediforproto.Resource"),
        ]),
        SpecMessage(fullName: "mediforproto.FloatRange", fields: [
            field(1, "start", "double"),
            field(2, "end", "double"),
        ]),
        SpecMessage(fullName: "mediforproto.ScoredFloatRange", fields: [
            field(1, "range", ".mediforproto.FloatRange"),
            field(2, "score", "double"),
        ]),
        SpecMessage(fullName: "mediforproto.ImageLocalization", fields: [
            field(1, "mask", ".mediforproto.Resource"),
            field(2, "mask_optout", ".mediforproto.Resource"),
            field(3, "mask_threshold", "double"),
        ]),
        SpecMessage(fullName: "mediforproto.ImageManipulation", fields: [
            field(1, "score", "double"),
            mapField(10, "facets", "string", "double"),
            field(2, "confidence", "double"),
            field(9, "has_confidence", "bool"),
            field(3, "opt_out", ".mediforproto.OptOutType"),
            field(4, "explanation", "string"),
            field(5, "localization", ".mediforproto.ImageLocalization"),
            field(6, "specificity", ".mediforproto.SpecificityType"),
            repeated(7, "manipulation_type", ".mediforproto.ManipulationType"),
            repeated(8, "supplement", ".mediforproto.Resource"),
        ]),
        SpecMessage(fullName: "mediforproto.ImageManipulationRequest", fields: [
            field(1, "request_id", "string"),
            field(2, "image", ".mediforproto.Resource"),
            field(3, "out_dir", "string"),
            field(4, "hp_device_id", "string"),
        ]),
        SpecMessage(fullName: "mediforproto.VideoLocalization", fields: [
            repeated(1, "frame_detection", ".mediforproto.ScoredIntRange"),
            repeated(2, "frame_optout", ".mediforproto.IntRange"),
            repeated(3, "audio_detection", ".mediforproto.ScoredFloatRange"),
            repeated(4, "audio_optout", ".mediforproto.FloatRange"),
            repeated(5, "video_mask", ".mediforproto.MaskIntRange"),
            repeated(6, "video_mask_optout", ".mediforproto.MaskIntRange"),
            field(7, "video_mask_threshold", "double"),
        ]),
        SpecMessage(fullName: "mediforproto.VideoManipulation", fields: [
            field(1, "score", "double"),
            mapField(10, "facets", "string", "double"),
            field(2, "confidence", "double"),
            field(9, "has_confidence", "bool"),
            repeated(3, "opt_out", ".mediforproto.VideoOptOutType"),
            field(4, "explanation", "string"),
            field(5, "localization", ".mediforproto.VideoLocalization"),
            field(6, "specificity", ".mediforproto.SpecificityType"),
            repeated(7, "manipulation_type", ".mediforproto.ManipulationType"),
            repeated(8, "supplement", ".mediforproto.Resource"),
        ]),
        SpecMessage(fullName: "mediforproto.VideoManipulationRequest", fields: [
            field(1, "request_id", "string"),
            field(2, "video", ".mediforproto.Resource"),
            field(3, "out_dir", "string"),
            field(9, "hp_device_id", "string"),
            field(4, "keep_workspace", "bool"),
            field(5, "skip_audio", "bool"),
            field(6, "skip_visual", "bool"),
            field(7, "debug_resources", "bool"),
            field(8, "gpu_ord", "int32"),
        ]),
        SpecMessage(fullName: "mediforproto.Link", fields: [
            field(1, "from_uri", "string"),
            field(2, "to_uri", "string"),
            field(3, "score", "double"),
            field(4, "confidence", "double"),
            field(9, "has_confidence", "bool"),
            field(5, "from_mask", ".mediforproto.ImageLocalization"),
            field(6, "to_mask", ".mediforproto.ImageLocalization"),
            field(7, "explanation", "string"),
            repeated(8, "manipulation_type", ".mediforproto.ManipulationType"),
        ]),
        SpecMessage(fullName: "mediforproto.ImageSplice", fields: [
            field(1, "opt_out", ".mediforproto.OptOutType"),
            field(2, "link", ".mediforproto.Link"),
        ]),
        SpecMessage(fullName: "mediforproto.ImageSpliceRequest", fields: [
            field(1, "request_id", "string"),
            field(2, "probe_image", ".mediforproto.Resource"),
            field(3, "donor_image", ".mediforproto.Resource"),
            field(4, "out_dir", "string"),
        ]),
        SpecMessage(fullName: "mediforproto.ImageCameraMatch", fields: [
            field(1, "score", "double"),
            field(2, "has_score", "bool"),
            field(3, "explanation", "string"),
            field(4, "localization", ".mediforproto.ImageLocalization"),
            field(5, "has_localization", "bool"),
            repeated(6, "supplement", ".mediforproto.Resource"),
        ]),
        SpecMessage(fullName: "mediforproto.ImageCameraMatchRequest", fields: [
            field(1, "request_id", "string"),
            field(2, "out_dir", "string"),
            field(3, "image", ".mediforproto.Resource"),
            field(4, "camera_id", "string"),
        ]),
        SpecMessage(fullName: "mediforproto.VideoCameraMatch", fields: [
            field(1, "score", "double"),
            field(2, "has_score", "bool"),
            field(3, "explanation", "string"),
            field(4, "localization", ".mediforproto.VideoLocalization"),
            field(5, "has_localization", "bool"),
            repeated(6, "supplement", ".mediforproto.Resource"),
        ]),
        // Same layout as ImageCameraMatchRequest; the media field is also named `image`.
        SpecMessage(fullName: "mediforproto.VideoCameraMatchRequest", fields: [
            field(1, "request_id", "string"),
            field(2, "out_dir", "string"),
            field(3, "image", ".mediforproto.Resource"),
            field(4, "camera_id", "string"),
        ]),
        SpecMessage(fullName: "mediforproto.CameraScore", fields: [
            field(1, "camera_id", "string"),
            field(2, "score", "double"),
            field(3, "explanation", "string"),
        ]),
        SpecMessage(fullName: "mediforproto.ImageCameras", fields: [
            repeated(1, "scores", ".mediforproto.CameraScore"),
            field(2, "explanation", "string"),
        ]),
        SpecMessage(fullName: "mediforproto.ImageCamerasRequest", fields: [
            field(1, "request_id", "string"),
            field(2, "out_dir", "string"),
            field(3, "image", ".mediforproto.Resource"),
        ]),
        SpecMessage(fullName: "mediforproto.Empty", fields: []),
    ]

    static let analyticServices: [SpecService] = [
        SpecService(fullName: "mediforproto.Analytic", methods: [
            unary("DetectImageManipulation", ".mediforproto.ImageManipulationRequest", ".mediforproto.ImageManipulation"),
            unary("DetectImageSplice", ".mediforproto.ImageSpliceRequest", ".mediforproto.ImageSplice"),
            unary("DetectVideoManipulation", ".mediforproto.VideoManipulationRequest", ".mediforproto.VideoManipulation"),
            unary("DetectImageCameraMatch", ".mediforproto.ImageCameraMatchRequest", ".mediforproto.ImageCameraMatch"),
            unary("DetectImageCameras", ".mediforproto.ImageCamerasRequest", ".mediforproto.ImageCameras"),
            unary("DetectVideoCameraMatch", ".mediforproto.VideoCameraMatchRequest", ".mediforproto.VideoCameraMatch"),
            unary("Kill", ".mediforproto.Empty", ".mediforproto.Empty"),
        ]),
    ]
}
