from google.rpc import status_pb2 as _status_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ManipulationType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MANIP_UNKNOWN: _ClassVar[ManipulationType]
    MANIP_FILTER: _ClassVar[ManipulationType]
    MANIP_ADJUST_COLOR: _ClassVar[ManipulationType]
    MANIP_REMOVE: _ClassVar[ManipulationType]
    MANIP_CONTENT_AWARE_FILL: _ClassVar[ManipulationType]
    MANIP_PAINTBRUSH_TOOL: _ClassVar[ManipulationType]
    MANIP_PATCH_TOOL: _ClassVar[ManipulationType]
    MANIP_BLUR: _ClassVar[ManipulationType]
    MANIP_SPLICE: _ClassVar[ManipulationType]
    MANIP_CLONE: _ClassVar[ManipulationType]
    MANIP_CROP: _ClassVar[ManipulationType]
    MANIP_FLIP: _ClassVar[ManipulationType]
    MANIP_RESIZE: _ClassVar[ManipulationType]
    MANIP_SEAM_CARVING: _ClassVar[ManipulationType]
    MANIP_ROTATE: _ClassVar[ManipulationType]
    MANIP_SKEW: _ClassVar[ManipulationType]
    MANIP_WARP: _ClassVar[ManipulationType]
    MANIP_METADATA: _ClassVar[ManipulationType]
    MANIP_ANTIFORENSICS: _ClassVar[ManipulationType]
    MANIP_IMAGE_RECAPTURE: _ClassVar[ManipulationType]
    MANIP_CGI: _ClassVar[ManipulationType]
    MANIP_FRAME_INSERTION: _ClassVar[ManipulationType]
    MANIP_FRAME_DROP: _ClassVar[ManipulationType]
    MANIP_AUDIO: _ClassVar[ManipulationType]
    MANIP_DOUBLE_JPG: _ClassVar[ManipulationType]
    MANIP_OTHER: _ClassVar[ManipulationType]

class SpecificityType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SPEC_GLOBAL: _ClassVar[SpecificityType]
    SPEC_FRAME: _ClassVar[SpecificityType]
    SPEC_PIXEL: _ClassVar[SpecificityType]
    SPEC_METADATA: _ClassVar[SpecificityType]

class OptOutType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    OPT_OUT_NONE: _ClassVar[OptOutType]
    OPT_OUT_ALL: _ClassVar[OptOutType]
    OPT_OUT_DETECTION: _ClassVar[OptOutType]
    OPT_OUT_LOCALIZATION: _ClassVar[OptOutType]

class VideoOptOutType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    VIDEO_OPT_OUT_DETECTION: _ClassVar[VideoOptOutType]
    VIDEO_OPT_OUT_TEMPORAL: _ClassVar[VideoOptOutType]
    VIDEO_OPT_OUT_SPATIAL: _ClassVar[VideoOptOutType]
MANIP_UNKNOWN: ManipulationType
MANIP_FILTER: ManipulationType
MANIP_ADJUST_COLOR: ManipulationType
MANIP_REMOVE: ManipulationType
MANIP_CONTENT_AWARE_FILL: ManipulationType
MANIP_PAINTBRUSH_TOOL: ManipulationType
MANIP_PATCH_TOOL: ManipulationType
MANIP_BLUR: ManipulationType
MANIP_SPLICE: ManipulationType
MANIP_CLONE: ManipulationType
MANIP_CROP: ManipulationType
MANIP_FLIP: ManipulationType
MANIP_RESIZE: ManipulationType
MANIP_SEAM_CARVING: ManipulationType
MANIP_ROTATE: ManipulationType
MANIP_SKEW: ManipulationType
MANIP_WARP: ManipulationType
MANIP_METADATA: ManipulationType
MANIP_ANTIFORENSICS: ManipulationType
MANIP_IMAGE_RECAPTURE: ManipulationType
MANIP_CGI: ManipulationType
MANIP_FRAME_INSERTION: ManipulationType
MANIP_FRAME_DROP: ManipulationType
MANIP_AUDIO: ManipulationType
MANIP_DOUBLE_JPG: ManipulationType
MANIP_OTHER: ManipulationType
SPEC_GLOBAL: SpecificityType
SPEC_FRAME: SpecificityType
SPEC_PIXEL: SpecificityType
SPEC_METADATA: SpecificityType
OPT_OUT_NONE: OptOutType
OPT_OUT_ALL: OptOutType
OPT_OUT_DETECTION: OptOutType
OPT_OUT_LOCALIZATION: OptOutType
VIDEO_OPT_OUT_DETECTION: VideoOptOutType
VIDEO_OPT_OUT_TEMPORAL: VideoOptOutType
VIDEO_OPT_OUT_SPATIAL: VideoOptOutType

class Detection(_message.Message):
    __slots__ = ("status", "start_time_millis", "end_time_millis", "img_manip_req", "vid_manip_req", "img_splice_req", "img_cam_match_req", "img_cams_req", "vid_cam_match_req", "img_manip", "vid_manip", "img_splice", "img_cam_match", "img_cams", "vid_cam_match")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    START_TIME_MILLIS_FIELD_NUMBER: _ClassVar[int]
    END_TIME_MILLIS_FIELD_NUMBER: _ClassVar[int]
    IMG_MANIP_REQ_FIELD_NUMBER: _ClassVar[int]
    VID_MANIP_REQ_FIELD_NUMBER: _ClassVar[int]
    IMG_SPLICE_REQ_FIELD_NUMBER: _ClassVar[int]
    IMG_CAM_MATCH_REQ_FIELD_NUMBER: _ClassVar[int]
    IMG_CAMS_REQ_FIELD_NUMBER: _ClassVar[int]
    VID_CAM_MATCH_REQ_FIELD_NUMBER: _ClassVar[int]
    IMG_MANIP_FIELD_NUMBER: _ClassVar[int]
    VID_MANIP_FIELD_NUMBER: _ClassVar[int]
    IMG_SPLICE_FIELD_NUMBER: _ClassVar[int]
    IMG_CAM_MATCH_FIELD_NUMBER: _ClassVar[int]
    IMG_CAMS_FIELD_NUMBER: _ClassVar[int]
    VID_CAM_MATCH_FIELD_NUMBER: _ClassVar[int]
    status: _status_pb2.Status
    start_time_millis: int
    end_time_millis: int
    img_manip_req: ImageManipulationRequest
    vid_manip_req: VideoManipulationRequest
    img_splice_req: ImageSpliceRequest
    img_cam_match_req: ImageCameraMatchRequest
    img_cams_req: ImageCamerasRequest
    vid_cam_match_req: VideoCameraMatchRequest
    img_manip: ImageManipulation
    vid_manip: VideoManipulation
    img_splice: ImageSplice
    img_cam_match: ImageCameraMatch
    img_cams: ImageCameras
    vid_cam_match: VideoCameraMatch
    def __init__(self, status: _Optional[_Union[_status_pb2.Status, _Mapping]] = ..., start_time_millis: _Optional[int] = ..., end_time_millis: _Optional[int] = ..., img_manip_req: _Optional[_Union[ImageManipulationRequest, _Mapping]] = ..., vid_manip_req: _Optional[_Union[VideoManipulationRequest, _Mapping]] = ..., img_splice_req: _Optional[_Union[ImageSpliceRequest, _Mapping]] = ..., img_cam_match_req: _Optional[_Union[ImageCameraMatchRequest, _Mapping]] = ..., img_cams_req: _Optional[_Union[ImageCamerasRequest, _Mapping]] = ..., vid_cam_match_req: _Optional[_Union[VideoCameraMatchRequest, _Mapping]] = ..., img_manip: _Optional[_Union[ImageManipulation, _Mapping]] = ..., vid_manip: _Optional[_Union[VideoManipulation, _Mapping]] = ..., img_splice: _Optional[_Union[ImageSplice, _Mapping]] = ..., img_cam_match: _Optional[_Union[ImageCameraMatch, _Mapping]] = ..., img_cams: _Optional[_Union[ImageCameras, _Mapping]] = ..., vid_cam_match: _Optional[_Union[VideoCameraMatch, _Mapping]] = ...) -> None: ...

class AnnotatedDetection(_message.Message):
    __slots__ = ("id", "version", "detection", "analytic_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    DETECTION_FIELD_NUMBER: _ClassVar[int]
    ANALYTIC_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    version: str
    detection: Detection
    analytic_id: str
    def __init__(self, id: _Optional[str] = ..., version: _Optional[str] = ..., detection: _Optional[_Union[Detection, _Mapping]] = ..., analytic_id: _Optional[str] = ...) -> None: ...

class Resource(_message.Message):
    __slots__ = ("uri", "type", "notes")
    URI_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    NOTES_FIELD_NUMBER: _ClassVar[int]
    uri: str
    type: str
    notes: str
    def __init__(self, uri: _Optional[str] = ..., type: _Optional[str] = ..., notes: _Optional[str] = ...) -> None: ...

class IntRange(_message.Message):
    __slots__ = ("start", "end")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    start: int
    end: int
    def __init__(self, start: _Optional[int] = ..., end: _Optional[int] = ...) -> None: ...

class ScoredIntRange(_message.Message):
    __slots__ = ("range", "score")
    RANGE_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    range: IntRange
    score: float
    def __init__(self, range: _Optional[_Union[IntRange, _Mapping]] = ..., score: _Optional[float] = ...) -> None: ...

class MaskIntRange(_message.Message):
    __slots__ = ("range", "mask")
    RANGE_FIELD_NUMBER: _ClassVar[int]
    MASK_FIELD_NUMBER: _ClassVar[int]
    range: IntRange
    mask: Resource
    def __init__(self, range: _Optional[_Union[IntRange, _Mapping]] = ..., mask: _Optional[_Union[Resource, _Mapping]] = ...) -> None: ...

class FloatRange(_message.Message):
    __slots__ = ("start", "end")
    START_FIELD_NUMBER: _ClassVar[int]
    END_FIELD_NUMBER: _ClassVar[int]
    start: float
    end: float
    def __init__(self, start: _Optional[float] = ..., end: _Optional[float] = ...) -> None: ...

class ScoredFloatRange(_message.Message):
    __slots__ = ("range", "score")
    RANGE_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    range: FloatRange
    score: float
    def __init__(self, range: _Optional[_Union[FloatRange, _Mapping]] = ..., score: _Optional[float] = ...) -> None: ...

class ImageLocalization(_message.Message):
    __slots__ = ("mask", "mask_optout", "mask_threshold")
    MASK_FIELD_NUMBER: _ClassVar[int]
    MASK_OPTOUT_FIELD_NUMBER: _ClassVar[int]
    MASK_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    mask: Resource
    mask_optout: Resource
    mask_threshold: float
    def __init__(self, mask: _Optional[_Union[Resource, _Mapping]] = ..., mask_optout: _Optional[_Union[Resource, _Mapping]] = ..., mask_threshold: _Optional[float] = ...) -> None: ...

class ImageManipulation(_message.Message):
    __slots__ = ("score", "facets", "confidence", "has_confidence", "opt_out", "explanation", "localization", "specificity", "manipulation_type", "supplement")
    class FacetsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: float
        def __init__(self, key: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...
    SCORE_FIELD_NUMBER: _ClassVar[int]
    FACETS_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    HAS_CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    OPT_OUT_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    LOCALIZATION_FIELD_NUMBER: _ClassVar[int]
    SPECIFICITY_FIELD_NUMBER: _ClassVar[int]
    MANIPULATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    SUPPLEMENT_FIELD_NUMBER: _ClassVar[int]
    score: float
    facets: _containers.ScalarMap[str, float]
    confidence: float
    has_confidence: bool
    opt_out: OptOutType
    explanation: str
    localization: ImageLocalization
    specificity: SpecificityType
    manipulation_type: _containers.RepeatedScalarFieldContainer[ManipulationType]
    supplement: _containers.RepeatedCompositeFieldContainer[Resource]
    def __init__(self, score: _Optional[float] = ..., facets: _Optional[_Mapping[str, float]] = ..., confidence: _Optional[float] = ..., has_confidence: _Optional[bool] = ..., opt_out: _Optional[_Union[OptOutType, str]] = ..., explanation: _Optional[str] = ..., localization: _Optional[_Union[ImageLocalization, _Mapping]] = ..., specificity: _Optional[_Union[SpecificityType, str]] = ..., manipulation_type: _Optional[_Iterable[_Union[ManipulationType, str]]] = ..., supplement: _Optional[_Iterable[_Union[Resource, _Mapping]]] = ...) -> None: ...

class ImageManipulationRequest(_message.Message):
    __slots__ = ("request_id", "image", "out_dir", "hp_device_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    OUT_DIR_FIELD_NUMBER: _ClassVar[int]
    HP_DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    image: Resource
    out_dir: str
    hp_device_id: str
    def __init__(self, request_id: _Optional[str] = ..., image: _Optional[_Union[Resource, _Mapping]] = ..., out_dir: _Optional[str] = ..., hp_device_id: _Optional[str] = ...) -> None: ...

class VideoLocalization(_message.Message):
    __slots__ = ("frame_detection", "frame_optout", "audio_detection", "audio_optout", "video_mask", "video_mask_optout", "video_mask_threshold")
    FRAME_DETECTION_FIELD_NUMBER: _ClassVar[int]
    FRAME_OPTOUT_FIELD_NUMBER: _ClassVar[int]
    AUDIO_DETECTION_FIELD_NUMBER: _ClassVar[int]
    AUDIO_OPTOUT_FIELD_NUMBER: _ClassVar[int]
    VIDEO_MASK_FIELD_NUMBER: _ClassVar[int]
    VIDEO_MASK_OPTOUT_FIELD_NUMBER: _ClassVar[int]
    VIDEO_MASK_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    frame_detection: _containers.RepeatedCompositeFieldContainer[ScoredIntRange]
    frame_optout: _containers.RepeatedCompositeFieldContainer[IntRange]
    audio_detection: _containers.RepeatedCompositeFieldContainer[ScoredFloatRange]
    audio_optout: _containers.RepeatedCompositeFieldContainer[FloatRange]
    video_mask: _containers.RepeatedCompositeFieldContainer[MaskIntRange]
    video_mask_optout: _containers.RepeatedCompositeFieldContainer[MaskIntRange]
    video_mask_threshold: float
    def __init__(self, frame_detection: _Optional[_Iterable[_Union[ScoredIntRange, _Mapping]]] = ..., frame_optout: _Optional[_Iterable[_Union[IntRange, _Mapping]]] = ..., audio_detection: _Optional[_Iterable[_Union[ScoredFloatRange, _Mapping]]] = ..., audio_optout: _Optional[_Iterable[_Union[FloatRange, _Mapping]]] = ..., video_mask: _Optional[_Iterable[_Union[MaskIntRange, _Mapping]]] = ..., video_mask_optout: _Optional[_Iterable[_Union[MaskIntRange, _Mapping]]] = ..., video_mask_threshold: _Optional[float] = ...) -> None: ...

class VideoManipulation(_message.Message):
    __slots__ = ("score", "facets", "confidence", "has_confidence", "opt_out", "explanation", "localization", "specificity", "manipulation_type", "supplement")
    class FacetsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: float
        def __init__(self, key: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...
    SCORE_FIELD_NUMBER: _ClassVar[int]
    FACETS_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    HAS_CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    OPT_OUT_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    LOCALIZATION_FIELD_NUMBER: _ClassVar[int]
    SPECIFICITY_FIELD_NUMBER: _ClassVar[int]
    MANIPULATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    SUPPLEMENT_FIELD_NUMBER: _ClassVar[int]
    score: float
    facets: _containers.ScalarMap[str, float]
    confidence: float
    has_confidence: bool
    opt_out: _containers.RepeatedScalarFieldContainer[VideoOptOutType]
    explanation: str
    localization: VideoLocalization
    specificity: SpecificityType
    manipulation_type: _containers.RepeatedScalarFieldContainer[ManipulationType]
    supplement: _containers.RepeatedCompositeFieldContainer[Resource]
    def __init__(self, score: _Optional[float] = ..., facets: _Optional[_Mapping[str, float]] = ..., confidence: _Optional[float] = ..., has_confidence: _Optional[bool] = ..., opt_out: _Optional[_Iterable[_Union[VideoOptOutType, str]]] = ..., explanation: _Optional[str] = ..., localization: _Optional[_Union[VideoLocalization, _Mapping]] = ..., specificity: _Optional[_Union[SpecificityType, str]] = ..., manipulation_type: _Optional[_Iterable[_Union[ManipulationType, str]]] = ..., supplement: _Optional[_Iterable[_Union[Resource, _Mapping]]] = ...) -> None: ...

class VideoManipulationRequest(_message.Message):
    __slots__ = ("request_id", "video", "out_dir", "hp_device_id", "keep_workspace", "skip_audio", "skip_visual", "debug_resources", "gpu_ord")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    VIDEO_FIELD_NUMBER: _ClassVar[int]
    OUT_DIR_FIELD_NUMBER: _ClassVar[int]
    HP_DEVICE_ID_FIELD_NUMBER: _ClassVar[int]
    KEEP_WORKSPACE_FIELD_NUMBER: _ClassVar[int]
    SKIP_AUDIO_FIELD_NUMBER: _ClassVar[int]
    SKIP_VISUAL_FIELD_NUMBER: _ClassVar[int]
    DEBUG_RESOURCES_FIELD_NUMBER: _ClassVar[int]
    GPU_ORD_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    video: Resource
    out_dir: str
    hp_device_id: str
    keep_workspace: bool
    skip_audio: bool
    skip_visual: bool
    debug_resources: bool
    gpu_ord: int
    def __init__(self, request_id: _Optional[str] = ..., video: _Optional[_Union[Resource, _Mapping]] = ..., out_dir: _Optional[str] = ..., hp_device_id: _Optional[str] = ..., keep_workspace: _Optional[bool] = ..., skip_audio: _Optional[bool] = ..., skip_visual: _Optional[bool] = ..., debug_resources: _Optional[bool] = ..., gpu_ord: _Optional[int] = ...) -> None: ...

class Link(_message.Message):
    __slots__ = ("from_uri", "to_uri", "score", "confidence", "has_confidence", "from_mask", "to_mask", "explanation", "manipulation_type")
    FROM_URI_FIELD_NUMBER: _ClassVar[int]
    TO_URI_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    HAS_CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    FROM_MASK_FIELD_NUMBER: _ClassVar[int]
    TO_MASK_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    MANIPULATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    from_uri: str
    to_uri: str
    score: float
    confidence: float
    has_confidence: bool
    from_mask: ImageLocalization
    to_mask: ImageLocalization
    explanation: str
    manipulation_type: _containers.RepeatedScalarFieldContainer[ManipulationType]
    def __init__(self, from_uri: _Optional[str] = ..., to_uri: _Optional[str] = ..., score: _Optional[float] = ..., confidence: _Optional[float] = ..., has_confidence: _Optional[bool] = ..., from_mask: _Optional[_Union[ImageLocalization, _Mapping]] = ..., to_mask: _Optional[_Union[ImageLocalization, _Mapping]] = ..., explanation: _Optional[str] = ..., manipulation_type: _Optional[_Iterable[_Union[ManipulationType, str]]] = ...) -> None: ...

class ImageSplice(_message.Message):
    __slots__ = ("opt_out", "link")
    OPT_OUT_FIELD_NUMBER: _ClassVar[int]
    LINK_FIELD_NUMBER: _ClassVar[int]
    opt_out: OptOutType
    link: Link
    def __init__(self, opt_out: _Optional[_Union[OptOutType, str]] = ..., link: _Optional[_Union[Link, _Mapping]] = ...) -> None: ...

class ImageSpliceRequest(_message.Message):
    __slots__ = ("request_id", "probe_image", "donor_image", "out_dir")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    PROBE_IMAGE_FIELD_NUMBER: _ClassVar[int]
    DONOR_IMAGE_FIELD_NUMBER: _ClassVar[int]
    OUT_DIR_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    probe_image: Resource
    donor_image: Resource
    out_dir: str
    def __init__(self, request_id: _Optional[str] = ..., probe_image: _Optional[_Union[Resource, _Mapping]] = ..., donor_image: _Optional[_Union[Resource, _Mapping]] = ..., out_dir: _Optional[str] = ...) -> None: ...

class ImageCameraMatch(_message.Message):
    __slots__ = ("score", "has_score", "explanation", "localization", "has_localization", "supplement")
    SCORE_FIELD_NUMBER: _ClassVar[int]
    HAS_SCORE_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    LOCALIZATION_FIELD_NUMBER: _ClassVar[int]
    HAS_LOCALIZATION_FIELD_NUMBER: _ClassVar[int]
    SUPPLEMENT_FIELD_NUMBER: _ClassVar[int]
    score: float
    has_score: bool
    explanation: str
    localization: ImageLocalization
    has_localization: bool
    supplement: _containers.RepeatedCompositeFieldContainer[Resource]
    def __init__(self, score: _Optional[float] = ..., has_score: _Optional[bool] = ..., explanation: _Optional[str] = ..., localization: _Optional[_Union[ImageLocalization, _Mapping]] = ..., has_localization: _Optional[bool] = ..., supplement: _Optional[_Iterable[_Union[Resource, _Mapping]]] = ...) -> None: ...

class ImageCameraMatchRequest(_message.Message):
    __slots__ = ("request_id", "out_dir", "image", "camera_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    OUT_DIR_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    out_dir: str
    image: Resource
    camera_id: str
    def __init__(self, request_id: _Optional[str] = ..., out_dir: _Optional[str] = ..., image: _Optional[_Union[Resource, _Mapping]] = ..., camera_id: _Optional[str] = ...) -> None: ...

class VideoCameraMatch(_message.Message):
    __slots__ = ("score", "has_score", "explanation", "localization", "has_localization", "supplement")
    SCORE_FIELD_NUMBER: _ClassVar[int]
    HAS_SCORE_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    LOCALIZATION_FIELD_NUMBER: _ClassVar[int]
    HAS_LOCALIZATION_FIELD_NUMBER: _ClassVar[int]
    SUPPLEMENT_FIELD_NUMBER: _ClassVar[int]
    score: float
    has_score: bool
    explanation: str
    localization: VideoLocalization
    has_localization: bool
    supplement: _containers.RepeatedCompositeFieldContainer[Resource]
    def __init__(self, score: _Optional[float] = ..., has_score: _Optional[bool] = ..., explanation: _Optional[str] = ..., localization: _Optional[_Union[VideoLocalization, _Mapping]] = ..., has_localization: _Optional[bool] = ..., supplement: _Optional[_Iterable[_Union[Resource, _Mapping]]] = ...) -> None: ...

class VideoCameraMatchRequest(_message.Message):
    __slots__ = ("request_id", "out_dir", "image", "camera_id")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    OUT_DIR_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    out_dir: str
    image: Resource
    camera_id: str
    def __init__(self, request_id: _Optional[str] = ..., out_dir: _Optional[str] = ..., image: _Optional[_Union[Resource, _Mapping]] = ..., camera_id: _Optional[str] = ...) -> None: ...

class CameraScore(_message.Message):
    __slots__ = ("camera_id", "score", "explanation")
    CAMERA_ID_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    camera_id: str
    score: float
    explanation: str
    def __init__(self, camera_id: _Optional[str] = ..., score: _Optional[float] = ..., explanation: _Optional[str] = ...) -> None: ...

class ImageCameras(_message.Message):
    __slots__ = ("scores", "explanation")
    SCORES_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    scores: _containers.RepeatedCompositeFieldContainer[CameraScore]
    explanation: str
    def __init__(self, scores: _Optional[_Iterable[_Union[CameraScore, _Mapping]]] = ..., explanation: _Optional[str] = ...) -> None: ...

class ImageCamerasRequest(_message.Message):
    __slots__ = ("request_id", "out_dir", "image")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    OUT_DIR_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    out_dir: str
    image: Resource
    def __init__(self, request_id: _Optional[str] = ..., out_dir: _Optional[str] = ..., image: _Optional[_Union[Resource, _Mapping]] = ...) -> None: ...

class Empty(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
