from . import analytic_pb2 as _analytic_pb2
from . import fusion_pb2 as _fusion_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DetectionStage(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DETECTION_STAGE_NONE: _ClassVar[DetectionStage]
    DETECTION_STAGE_QUEUED: _ClassVar[DetectionStage]
    DETECTION_STAGE_CLAIMED: _ClassVar[DetectionStage]
    DETECTION_STAGE_FINISHED: _ClassVar[DetectionStage]

class DetectionStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DETECTION_STATUS_NONE: _ClassVar[DetectionStatus]
    DETECTION_STATUS_SUCCESS: _ClassVar[DetectionStatus]
    DETECTION_STATUS_FAILURE: _ClassVar[DetectionStatus]

class SortKey(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SCORE: _ClassVar[SortKey]
    META: _ClassVar[SortKey]
    META_QUERY: _ClassVar[SortKey]

class FusionThresholdType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    FUSION_NO_THRESHOLD: _ClassVar[FusionThresholdType]
    FUSION_LT_THRESHOLD: _ClassVar[FusionThresholdType]
    FUSION_GT_THRESHOLD: _ClassVar[FusionThresholdType]

class MediaType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    IMAGE: _ClassVar[MediaType]
    VIDEO: _ClassVar[MediaType]
    FUSION_IMAGE: _ClassVar[MediaType]
    FUSION_VIDEO: _ClassVar[MediaType]

class DetectionListVerbosity(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DETECTION_VERBOSITY_FULL: _ClassVar[DetectionListVerbosity]
    DETECTION_VERBOSITY_MINIMAL: _ClassVar[DetectionListVerbosity]
DETECTION_STAGE_NONE: DetectionStage
DETECTION_STAGE_QUEUED: DetectionStage
DETECTION_STAGE_CLAIMED: DetectionStage
DETECTION_STAGE_FINISHED: DetectionStage
DETECTION_STATUS_NONE: DetectionStatus
DETECTION_STATUS_SUCCESS: DetectionStatus
DETECTION_STATUS_FAILURE: DetectionStatus
SCORE: SortKey
META: SortKey
META_QUERY: SortKey
FUSION_NO_THRESHOLD: FusionThresholdType
FUSION_LT_THRESHOLD: FusionThresholdType
FUSION_GT_THRESHOLD: FusionThresholdType
IMAGE: MediaType
VIDEO: MediaType
FUSION_IMAGE: MediaType
FUSION_VIDEO: MediaType
DETECTION_VERBOSITY_FULL: DetectionListVerbosity
DETECTION_VERBOSITY_MINIMAL: DetectionListVerbosity

class SortCol(_message.Message):
    __slots__ = ("key", "is_asc", "type_cast", "meta_key")
    KEY_FIELD_NUMBER: _ClassVar[int]
    IS_ASC_FIELD_NUMBER: _ClassVar[int]
    TYPE_CAST_FIELD_NUMBER: _ClassVar[int]
    META_KEY_FIELD_NUMBER: _ClassVar[int]
    key: SortKey
    is_asc: bool
    type_cast: str
    meta_key: str
    def __init__(self, key: _Optional[_Union[SortKey, str]] = ..., is_asc: _Optional[bool] = ..., type_cast: _Optional[str] = ..., meta_key: _Optional[str] = ...) -> None: ...

class DetectionRequest(_message.Message):
    __slots__ = ("id", "request", "analytic_id", "fuser_id", "tags", "user_tags", "meta", "analytic_timeout_sec")
    class TagsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class UserTagsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class MetaEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    ANALYTIC_ID_FIELD_NUMBER: _ClassVar[int]
    FUSER_ID_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    USER_TAGS_FIELD_NUMBER: _ClassVar[int]
    META_FIELD_NUMBER: _ClassVar[int]
    ANALYTIC_TIMEOUT_SEC_FIELD_NUMBER: _ClassVar[int]
    id: str
    request: _analytic_pb2.Detection
    analytic_id: _containers.RepeatedScalarFieldContainer[str]
    fuser_id: _containers.RepeatedScalarFieldContainer[str]
    tags: _containers.ScalarMap[str, str]
    user_tags: _containers.ScalarMap[str, str]
    meta: _containers.ScalarMap[str, str]
    analytic_timeout_sec: int
    def __init__(self, id: _Optional[str] = ..., request: _Optional[_Union[_analytic_pb2.Detection, _Mapping]] = ..., analytic_id: _Optional[_Iterable[str]] = ..., fuser_id: _Optional[_Iterable[str]] = ..., tags: _Optional[_Mapping[str, str]] = ..., user_tags: _Optional[_Mapping[str, str]] = ..., meta: _Optional[_Mapping[str, str]] = ..., analytic_timeout_sec: _Optional[int] = ...) -> None: ...

class AnalyticDetectionInfo(_message.Message):
    __slots__ = ("analytic_id", "stage", "status", "detection")
    ANALYTIC_ID_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    DETECTION_FIELD_NUMBER: _ClassVar[int]
    analytic_id: str
    stage: DetectionStage
    status: DetectionStatus
    detection: _analytic_pb2.Detection
    def __init__(self, analytic_id: _Optional[str] = ..., stage: _Optional[_Union[DetectionStage, str]] = ..., status: _Optional[_Union[DetectionStatus, str]] = ..., detection: _Optional[_Union[_analytic_pb2.Detection, _Mapping]] = ...) -> None: ...

class DetectionInfo(_message.Message):
    __slots__ = ("id", "req_resources", "analytic_info", "fusion_info", "tags", "user_tags", "meta", "has_fused", "fused_score", "analytics_total", "analytics_finished")
    class TagsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class UserTagsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class MetaEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    REQ_RESOURCES_FIELD_NUMBER: _ClassVar[int]
    ANALYTIC_INFO_FIELD_NUMBER: _ClassVar[int]
    FUSION_INFO_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    USER_TAGS_FIELD_NUMBER: _ClassVar[int]
    META_FIELD_NUMBER: _ClassVar[int]
    HAS_FUSED_FIELD_NUMBER: _ClassVar[int]
    FUSED_SCORE_FIELD_NUMBER: _ClassVar[int]
    ANALYTICS_TOTAL_FIELD_NUMBER: _ClassVar[int]
    ANALYTICS_FINISHED_FIELD_NUMBER: _ClassVar[int]
    id: str
    req_resources: _containers.RepeatedCompositeFieldContainer[_analytic_pb2.Resource]
    analytic_info: _containers.RepeatedCompositeFieldContainer[AnalyticDetectionInfo]
    fusion_info: _containers.RepeatedCompositeFieldContainer[FuserFusionInfo]
    tags: _containers.ScalarMap[str, str]
    user_tags: _containers.ScalarMap[str, str]
    meta: _containers.ScalarMap[str, str]
    has_fused: bool
    fused_score: float
    analytics_total: int
    analytics_finished: int
    def __init__(self, id: _Optional[str] = ..., req_resources: _Optional[_Iterable[_Union[_analytic_pb2.Resource, _Mapping]]] = ..., analytic_info: _Optional[_Iterable[_Union[AnalyticDetectionInfo, _Mapping]]] = ..., fusion_info: _Optional[_Iterable[_Union[FuserFusionInfo, _Mapping]]] = ..., tags: _Optional[_Mapping[str, str]] = ..., user_tags: _Optional[_Mapping[str, str]] = ..., meta: _Optional[_Mapping[str, str]] = ..., has_fused: _Optional[bool] = ..., fused_score: _Optional[float] = ..., analytics_total: _Optional[int] = ..., analytics_finished: _Optional[int] = ...) -> None: ...

class DetectionInfoRequest(_message.Message):
    __slots__ = ("id", "want_fused")
    ID_FIELD_NUMBER: _ClassVar[int]
    WANT_FUSED_FIELD_NUMBER: _ClassVar[int]
    id: str
    want_fused: bool
    def __init__(self, id: _Optional[str] = ..., want_fused: _Optional[bool] = ...) -> None: ...

class DateRange(_message.Message):
    __slots__ = ("start_seconds_utc", "end_seconds_utc")
    START_SECONDS_UTC_FIELD_NUMBER: _ClassVar[int]
    END_SECONDS_UTC_FIELD_NUMBER: _ClassVar[int]
    start_seconds_utc: int
    end_seconds_utc: int
    def __init__(self, start_seconds_utc: _Optional[int] = ..., end_seconds_utc: _Optional[int] = ...) -> None: ...

class DetectionListRequest(_message.Message):
    __slots__ = ("verbosity", "tags", "meta_query", "date_range", "detection_ids", "want_fused", "order_by", "fuser_id", "fusion_threshold_type", "fusion_threshold_value", "page_size", "page_token")
    class TagsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    VERBOSITY_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    META_QUERY_FIELD_NUMBER: _ClassVar[int]
    DATE_RANGE_FIELD_NUMBER: _ClassVar[int]
    DETECTION_IDS_FIELD_NUMBER: _ClassVar[int]
    WANT_FUSED_FIELD_NUMBER: _ClassVar[int]
    ORDER_BY_FIELD_NUMBER: _ClassVar[int]
    FUSER_ID_FIELD_NUMBER: _ClassVar[int]
    FUSION_THRESHOLD_TYPE_FIELD_NUMBER: _ClassVar[int]
    FUSION_THRESHOLD_VALUE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    verbosity: DetectionListVerbosity
    tags: _containers.ScalarMap[str, str]
    meta_query: str
    date_range: DateRange
    detection_ids: _containers.RepeatedScalarFieldContainer[str]
    want_fused: bool
    order_by: _containers.RepeatedCompositeFieldContainer[SortCol]
    fuser_id: str
    fusion_threshold_type: FusionThresholdType
    fusion_threshold_value: float
    page_size: int
    page_token: str
    def __init__(self, verbosity: _Optional[_Union[DetectionListVerbosity, str]] = ..., tags: _Optional[_Mapping[str, str]] = ..., meta_query: _Optional[str] = ..., date_range: _Optional[_Union[DateRange, _Mapping]] = ..., detection_ids: _Optional[_Iterable[str]] = ..., want_fused: _Optional[bool] = ..., order_by: _Optional[_Iterable[_Union[SortCol, _Mapping]]] = ..., fuser_id: _Optional[str] = ..., fusion_threshold_type: _Optional[_Union[FusionThresholdType, str]] = ..., fusion_threshold_value: _Optional[float] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class DetectionList(_message.Message):
    __slots__ = ("detections", "total", "page_token")
    DETECTIONS_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    detections: _containers.RepeatedCompositeFieldContainer[DetectionInfo]
    total: int
    page_token: str
    def __init__(self, detections: _Optional[_Iterable[_Union[DetectionInfo, _Mapping]]] = ..., total: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class FusionRequest(_message.Message):
    __slots__ = ("id", "request", "fuser_id", "tags", "detection_id", "detection_id_out_dir")
    class TagsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    FUSER_ID_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    DETECTION_ID_FIELD_NUMBER: _ClassVar[int]
    DETECTION_ID_OUT_DIR_FIELD_NUMBER: _ClassVar[int]
    id: str
    request: _fusion_pb2.Fusion
    fuser_id: _containers.RepeatedScalarFieldContainer[str]
    tags: _containers.ScalarMap[str, str]
    detection_id: str
    detection_id_out_dir: str
    def __init__(self, id: _Optional[str] = ..., request: _Optional[_Union[_fusion_pb2.Fusion, _Mapping]] = ..., fuser_id: _Optional[_Iterable[str]] = ..., tags: _Optional[_Mapping[str, str]] = ..., detection_id: _Optional[str] = ..., detection_id_out_dir: _Optional[str] = ...) -> None: ...

class FuserFusionInfo(_message.Message):
    __slots__ = ("fuser_id", "stage", "status", "fusion")
    FUSER_ID_FIELD_NUMBER: _ClassVar[int]
    STAGE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    FUSION_FIELD_NUMBER: _ClassVar[int]
    fuser_id: str
    stage: DetectionStage
    status: DetectionStatus
    fusion: _fusion_pb2.Fusion
    def __init__(self, fuser_id: _Optional[str] = ..., stage: _Optional[_Union[DetectionStage, str]] = ..., status: _Optional[_Union[DetectionStatus, str]] = ..., fusion: _Optional[_Union[_fusion_pb2.Fusion, _Mapping]] = ...) -> None: ...

class FusionInfo(_message.Message):
    __slots__ = ("id", "fusion_infos", "tags", "has_fused", "fused_score")
    class TagsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    FUSION_INFOS_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    HAS_FUSED_FIELD_NUMBER: _ClassVar[int]
    FUSED_SCORE_FIELD_NUMBER: _ClassVar[int]
    id: str
    fusion_infos: _containers.RepeatedCompositeFieldContainer[FuserFusionInfo]
    tags: _containers.ScalarMap[str, str]
    has_fused: bool
    fused_score: float
    def __init__(self, id: _Optional[str] = ..., fusion_infos: _Optional[_Iterable[_Union[FuserFusionInfo, _Mapping]]] = ..., tags: _Optional[_Mapping[str, str]] = ..., has_fused: _Optional[bool] = ..., fused_score: _Optional[float] = ...) -> None: ...

class FuseAllIDsRequest(_message.Message):
    __slots__ = ("fuser_id", "out_dir")
    FUSER_ID_FIELD_NUMBER: _ClassVar[int]
    OUT_DIR_FIELD_NUMBER: _ClassVar[int]
    fuser_id: _containers.RepeatedScalarFieldContainer[str]
    out_dir: str
    def __init__(self, fuser_id: _Optional[_Iterable[str]] = ..., out_dir: _Optional[str] = ...) -> None: ...

class FuseAllIDsResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class UpdateDetectionTagsRequest(_message.Message):
    __slots__ = ("detection_id", "replace", "tags", "delete_tags")
    class TagsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    DETECTION_ID_FIELD_NUMBER: _ClassVar[int]
    REPLACE_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    DELETE_TAGS_FIELD_NUMBER: _ClassVar[int]
    detection_id: str
    replace: bool
    tags: _containers.ScalarMap[str, str]
    delete_tags: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, detection_id: _Optional[str] = ..., replace: _Optional[bool] = ..., tags: _Optional[_Mapping[str, str]] = ..., delete_tags: _Optional[_Iterable[str]] = ...) -> None: ...

class DetectionTagInfoRequest(_message.Message):
    __slots__ = ("require_tags", "skip_prefixes")
    class RequireTagsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    REQUIRE_TAGS_FIELD_NUMBER: _ClassVar[int]
    SKIP_PREFIXES_FIELD_NUMBER: _ClassVar[int]
    require_tags: _containers.ScalarMap[str, str]
    skip_prefixes: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, require_tags: _Optional[_Mapping[str, str]] = ..., skip_prefixes: _Optional[_Iterable[str]] = ...) -> None: ...

class DetectionTagInfo(_message.Message):
    __slots__ = ("tag_counts", "user_tag_counts")
    class TagCountsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    class UserTagCountsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    TAG_COUNTS_FIELD_NUMBER: _ClassVar[int]
    USER_TAG_COUNTS_FIELD_NUMBER: _ClassVar[int]
    tag_counts: _containers.ScalarMap[str, int]
    user_tag_counts: _containers.ScalarMap[str, int]
    def __init__(self, tag_counts: _Optional[_Mapping[str, int]] = ..., user_tag_counts: _Optional[_Mapping[str, int]] = ...) -> None: ...

class DeleteDetectionRequest(_message.Message):
    __slots__ = ("detection_id",)
    DETECTION_ID_FIELD_NUMBER: _ClassVar[int]
    detection_id: str
    def __init__(self, detection_id: _Optional[str] = ...) -> None: ...

class AnalyticMeta(_message.Message):
    __slots__ = ("id", "version", "cpu", "ram", "gpu", "media", "description", "name", "user_fields")
    class UserFieldsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    CPU_FIELD_NUMBER: _ClassVar[int]
    RAM_FIELD_NUMBER: _ClassVar[int]
    GPU_FIELD_NUMBER: _ClassVar[int]
    MEDIA_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    USER_FIELDS_FIELD_NUMBER: _ClassVar[int]
    id: str
    version: str
    cpu: float
    ram: float
    gpu: int
    media: _containers.RepeatedScalarFieldContainer[MediaType]
    description: str
    name: str
    user_fields: _containers.ScalarMap[str, str]
    def __init__(self, id: _Optional[str] = ..., version: _Optional[str] = ..., cpu: _Optional[float] = ..., ram: _Optional[float] = ..., gpu: _Optional[int] = ..., media: _Optional[_Iterable[_Union[MediaType, str]]] = ..., description: _Optional[str] = ..., name: _Optional[str] = ..., user_fields: _Optional[_Mapping[str, str]] = ...) -> None: ...

class AnalyticList(_message.Message):
    __slots__ = ("analytics",)
    ANALYTICS_FIELD_NUMBER: _ClassVar[int]
    analytics: _containers.RepeatedCompositeFieldContainer[AnalyticMeta]
    def __init__(self, analytics: _Optional[_Iterable[_Union[AnalyticMeta, _Mapping]]] = ...) -> None: ...
