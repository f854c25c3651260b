from . import analytic_pb2 as _analytic_pb2
from . import fusion_pb2 as _fusion_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DetectionTask(_message.Message):
    __slots__ = ("id", "analytic_id", "fuser_id", "detection", "done_queue", "tags", "user_tags", "meta", "analytic_timeout_sec")
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
    ANALYTIC_ID_FIELD_NUMBER: _ClassVar[int]
    FUSER_ID_FIELD_NUMBER: _ClassVar[int]
    DETECTION_FIELD_NUMBER: _ClassVar[int]
    DONE_QUEUE_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    USER_TAGS_FIELD_NUMBER: _ClassVar[int]
    META_FIELD_NUMBER: _ClassVar[int]
    ANALYTIC_TIMEOUT_SEC_FIELD_NUMBER: _ClassVar[int]
    id: str
    analytic_id: _containers.RepeatedScalarFieldContainer[str]
    fuser_id: _containers.RepeatedScalarFieldContainer[str]
    detection: _analytic_pb2.Detection
    done_queue: str
    tags: _containers.ScalarMap[str, str]
    user_tags: _containers.ScalarMap[str, str]
    meta: _containers.ScalarMap[str, str]
    analytic_timeout_sec: int
    def __init__(self, id: _Optional[str] = ..., analytic_id: _Optional[_Iterable[str]] = ..., fuser_id: _Optional[_Iterable[str]] = ..., detection: _Optional[_Union[_analytic_pb2.Detection, _Mapping]] = ..., done_queue: _Optional[str] = ..., tags: _Optional[_Mapping[str, str]] = ..., user_tags: _Optional[_Mapping[str, str]] = ..., meta: _Optional[_Mapping[str, str]] = ..., analytic_timeout_sec: _Optional[int] = ...) -> None: ...

class FusionTask(_message.Message):
    __slots__ = ("unused_id", "fuser_id", "fusion", "done_queue", "tags", "analytic_timeout_sec", "detection_id")
    class TagsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    UNUSED_ID_FIELD_NUMBER: _ClassVar[int]
    FUSER_ID_FIELD_NUMBER: _ClassVar[int]
    FUSION_FIELD_NUMBER: _ClassVar[int]
    DONE_QUEUE_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    ANALYTIC_TIMEOUT_SEC_FIELD_NUMBER: _ClassVar[int]
    DETECTION_ID_FIELD_NUMBER: _ClassVar[int]
    unused_id: str
    fuser_id: _containers.RepeatedScalarFieldContainer[str]
    fusion: _fusion_pb2.Fusion
    done_queue: str
    tags: _containers.ScalarMap[str, str]
    analytic_timeout_sec: int
    detection_id: str
    def __init__(self, unused_id: _Optional[str] = ..., fuser_id: _Optional[_Iterable[str]] = ..., fusion: _Optional[_Union[_fusion_pb2.Fusion, _Mapping]] = ..., done_queue: _Optional[str] = ..., tags: _Optional[_Mapping[str, str]] = ..., analytic_timeout_sec: _Optional[int] = ..., detection_id: _Optional[str] = ...) -> None: ...
