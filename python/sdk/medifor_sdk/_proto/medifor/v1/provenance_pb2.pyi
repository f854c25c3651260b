from . import analytic_pb2 as _analytic_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LinkType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SPLICE: _ClassVar[LinkType]
    PROVENANCE: _ClassVar[LinkType]
    SPEAKER: _ClassVar[LinkType]
    CAMERA: _ClassVar[LinkType]
    LOCATION: _ClassVar[LinkType]
SPLICE: LinkType
PROVENANCE: LinkType
SPEAKER: LinkType
CAMERA: LinkType
LOCATION: LinkType

class ProvenanceFilteringRequest(_message.Message):
    __slots__ = ("request_id", "image", "result_limit")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    RESULT_LIMIT_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    image: _analytic_pb2.Resource
    result_limit: int
    def __init__(self, request_id: _Optional[str] = ..., image: _Optional[_Union[_analytic_pb2.Resource, _Mapping]] = ..., result_limit: _Optional[int] = ...) -> None: ...

class ImageMatch(_message.Message):
    __slots__ = ("image_id", "matching_image", "score")
    IMAGE_ID_FIELD_NUMBER: _ClassVar[int]
    MATCHING_IMAGE_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    image_id: str
    matching_image: _analytic_pb2.Resource
    score: float
    def __init__(self, image_id: _Optional[str] = ..., matching_image: _Optional[_Union[_analytic_pb2.Resource, _Mapping]] = ..., score: _Optional[float] = ...) -> None: ...

class FilteringResult(_message.Message):
    __slots__ = ("matches", "probe")
    MATCHES_FIELD_NUMBER: _ClassVar[int]
    PROBE_FIELD_NUMBER: _ClassVar[int]
    matches: _containers.RepeatedCompositeFieldContainer[ImageMatch]
    probe: _analytic_pb2.Resource
    def __init__(self, matches: _Optional[_Iterable[_Union[ImageMatch, _Mapping]]] = ..., probe: _Optional[_Union[_analytic_pb2.Resource, _Mapping]] = ...) -> None: ...

class ProvenanceGraphRequest(_message.Message):
    __slots__ = ("request_id", "image", "filter_results")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    IMAGE_FIELD_NUMBER: _ClassVar[int]
    FILTER_RESULTS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    image: _analytic_pb2.Resource
    filter_results: _containers.RepeatedCompositeFieldContainer[ImageMatch]
    def __init__(self, request_id: _Optional[str] = ..., image: _Optional[_Union[_analytic_pb2.Resource, _Mapping]] = ..., filter_results: _Optional[_Iterable[_Union[ImageMatch, _Mapping]]] = ...) -> None: ...

class Association(_message.Message):
    __slots__ = ("type", "source", "target", "score", "explanation")
    TYPE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    TARGET_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    EXPLANATION_FIELD_NUMBER: _ClassVar[int]
    type: LinkType
    source: str
    target: str
    score: float
    explanation: str
    def __init__(self, type: _Optional[_Union[LinkType, str]] = ..., source: _Optional[str] = ..., target: _Optional[str] = ..., score: _Optional[float] = ..., explanation: _Optional[str] = ...) -> None: ...

class Node(_message.Message):
    __slots__ = ("image_id", "score")
    IMAGE_ID_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    image_id: str
    score: float
    def __init__(self, image_id: _Optional[str] = ..., score: _Optional[float] = ...) -> None: ...

class ProvenanceGraph(_message.Message):
    __slots__ = ("nodes", "associations", "opt_out")
    NODES_FIELD_NUMBER: _ClassVar[int]
    ASSOCIATIONS_FIELD_NUMBER: _ClassVar[int]
    OPT_OUT_FIELD_NUMBER: _ClassVar[int]
    nodes: _containers.RepeatedCompositeFieldContainer[Node]
    associations: _containers.RepeatedCompositeFieldContainer[Association]
    opt_out: bool
    def __init__(self, nodes: _Optional[_Iterable[_Union[Node, _Mapping]]] = ..., associations: _Optional[_Iterable[_Union[Association, _Mapping]]] = ..., opt_out: _Optional[bool] = ...) -> None: ...
