from . import analytic_pb2 as _analytic_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class FileChunk(_message.Message):
    __slots__ = ("name", "mime_type", "offset", "total_bytes", "value")
    NAME_FIELD_NUMBER: _ClassVar[int]
    MIME_TYPE_FIELD_NUMBER: _ClassVar[int]
    OFFSET_FIELD_NUMBER: _ClassVar[int]
    TOTAL_BYTES_FIELD_NUMBER: _ClassVar[int]
    VALUE_FIELD_NUMBER: _ClassVar[int]
    name: str
    mime_type: str
    offset: int
    total_bytes: int
    value: bytes
    def __init__(self, name: _Optional[str] = ..., mime_type: _Optional[str] = ..., offset: _Optional[int] = ..., total_bytes: _Optional[int] = ..., value: _Optional[bytes] = ...) -> None: ...

class DetectionChunk(_message.Message):
    __slots__ = ("detection", "file_chunk")
    DETECTION_FIELD_NUMBER: _ClassVar[int]
    FILE_CHUNK_FIELD_NUMBER: _ClassVar[int]
    detection: _analytic_pb2.Detection
    file_chunk: FileChunk
    def __init__(self, detection: _Optional[_Union[_analytic_pb2.Detection, _Mapping]] = ..., file_chunk: _Optional[_Union[FileChunk, _Mapping]] = ...) -> None: ...
