from google.rpc import status_pb2 as _status_pb2
from . import analytic_pb2 as _analytic_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Fusion(_message.Message):
    __slots__ = ("status", "start_time_millis", "end_time_millis", "img_manip_req", "vid_manip_req", "img_splice_req", "img_cam_match_req", "img_manip", "vid_manip", "img_splice", "img_cam_match")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    START_TIME_MILLIS_FIELD_NUMBER: _ClassVar[int]
    END_TIME_MILLIS_FIELD_NUMBER: _ClassVar[int]
    IMG_MANIP_REQ_FIELD_NUMBER: _ClassVar[int]
    VID_MANIP_REQ_FIELD_NUMBER: _ClassVar[int]
    IMG_SPLICE_REQ_FIELD_NUMBER: _ClassVar[int]
    IMG_CAM_MATCH_REQ_FIELD_NUMBER: _ClassVar[int]
    IMG_MANIP_FIELD_NUMBER: _ClassVar[int]
    VID_MANIP_FIELD_NUMBER: _ClassVar[int]
    IMG_SPLICE_FIELD_NUMBER: _ClassVar[int]
    IMG_CAM_MATCH_FIELD_NUMBER: _ClassVar[int]
    status: _status_pb2.Status
    start_time_millis: int
    end_time_millis: int
    img_manip_req: FuseImageManipulationRequest
    vid_manip_req: FuseVideoManipulationRequest
    img_splice_req: FuseImageSpliceRequest
    img_cam_match_req: FuseImageCameraMatchRequest
    img_manip: _analytic_pb2.ImageManipulation
    vid_manip: _analytic_pb2.VideoManipulation
    img_splice: _analytic_pb2.ImageSplice
    img_cam_match: _analytic_pb2.ImageCameraMatch
    def __init__(self, status: _Optional[_Union[_status_pb2.Status, _Mapping]] = ..., start_time_millis: _Optional[int] = ..., end_time_millis: _Optional[int] = ..., img_manip_req: _Optional[_Union[FuseImageManipulationRequest, _Mapping]] = ..., vid_manip_req: _Optional[_Union[FuseVideoManipulationRequest, _Mapping]] = ..., img_splice_req: _Optional[_Union[FuseImageSpliceRequest, _Mapping]] = ..., img_cam_match_req: _Optional[_Union[FuseImageCameraMatchRequest, _Mapping]] = ..., img_manip: _Optional[_Union[_analytic_pb2.ImageManipulation, _Mapping]] = ..., vid_manip: _Optional[_Union[_analytic_pb2.VideoManipulation, _Mapping]] = ..., img_splice: _Optional[_Union[_analytic_pb2.ImageSplice, _Mapping]] = ..., img_cam_match: _Optional[_Union[_analytic_pb2.ImageCameraMatch, _Mapping]] = ...) -> None: ...

class AnnotatedImageManipulation(_message.Message):
    __slots__ = ("id", "version", "data")
    ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    id: str
    version: str
    data: _analytic_pb2.ImageManipulation
    def __init__(self, id: _Optional[str] = ..., version: _Optional[str] = ..., data: _Optional[_Union[_analytic_pb2.ImageManipulation, _Mapping]] = ...) -> None: ...

class FuseImageManipulationRequest(_message.Message):
    __slots__ = ("request_id", "out_dir", "img_manip_req", "img_manip", "want_masks")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    OUT_DIR_FIELD_NUMBER: _ClassVar[int]
    IMG_MANIP_REQ_FIELD_NUMBER: _ClassVar[int]
    IMG_MANIP_FIELD_NUMBER: _ClassVar[int]
    WANT_MASKS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    out_dir: str
    img_manip_req: _analytic_pb2.ImageManipulationRequest
    img_manip: _containers.RepeatedCompositeFieldContainer[AnnotatedImageManipulation]
    want_masks: bool
    def __init__(self, request_id: _Optional[str] = ..., out_dir: _Optional[str] = ..., img_manip_req: _Optional[_Union[_analytic_pb2.ImageManipulationRequest, _Mapping]] = ..., img_manip: _Optional[_Iterable[_Union[AnnotatedImageManipulation, _Mapping]]] = ..., want_masks: _Optional[bool] = ...) -> None: ...

class AnnotatedVideoManipulation(_message.Message):
    __slots__ = ("id", "version", "data")
    ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    id: str
    version: str
    data: _analytic_pb2.VideoManipulation
    def __init__(self, id: _Optional[str] = ..., version: _Optional[str] = ..., data: _Optional[_Union[_analytic_pb2.VideoManipulation, _Mapping]] = ...) -> None: ...

class FuseVideoManipulationRequest(_message.Message):
    __slots__ = ("request_id", "out_dir", "vid_manip_req", "vid_manip", "want_masks")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    OUT_DIR_FIELD_NUMBER: _ClassVar[int]
    VID_MANIP_REQ_FIELD_NUMBER: _ClassVar[int]
    VID_MANIP_FIELD_NUMBER: _ClassVar[int]
    WANT_MASKS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    out_dir: str
    vid_manip_req: _analytic_pb2.VideoManipulationRequest
    vid_manip: _containers.RepeatedCompositeFieldContainer[AnnotatedVideoManipulation]
    want_masks: bool
    def __init__(self, request_id: _Optional[str] = ..., out_dir: _Optional[str] = ..., vid_manip_req: _Optional[_Union[_analytic_pb2.VideoManipulationRequest, _Mapping]] = ..., vid_manip: _Optional[_Iterable[_Union[AnnotatedVideoManipulation, _Mapping]]] = ..., want_masks: _Optional[bool] = ...) -> None: ...

class AnnotatedImageSplice(_message.Message):
    __slots__ = ("id", "version", "data")
    ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    id: str
    version: str
    data: _analytic_pb2.ImageSplice
    def __init__(self, id: _Optional[str] = ..., version: _Optional[str] = ..., data: _Optional[_Union[_analytic_pb2.ImageSplice, _Mapping]] = ...) -> None: ...

class FuseImageSpliceRequest(_message.Message):
    __slots__ = ("request_id", "out_dir", "img_splice_req", "img_splice", "want_masks")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    OUT_DIR_FIELD_NUMBER: _ClassVar[int]
    IMG_SPLICE_REQ_FIELD_NUMBER: _ClassVar[int]
    IMG_SPLICE_FIELD_NUMBER: _ClassVar[int]
    WANT_MASKS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    out_dir: str
    img_splice_req: _analytic_pb2.ImageSpliceRequest
    img_splice: _containers.RepeatedCompositeFieldContainer[AnnotatedImageSplice]
    want_masks: bool
    def __init__(self, request_id: _Optional[str] = ..., out_dir: _Optional[str] = ..., img_splice_req: _Optional[_Union[_analytic_pb2.ImageSpliceRequest, _Mapping]] = ..., img_splice: _Optional[_Iterable[_Union[AnnotatedImageSplice, _Mapping]]] = ..., want_masks: _Optional[bool] = ...) -> None: ...

class AnnotatedImageCameraMatch(_message.Message):
    __slots__ = ("id", "version", "data")
    ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    id: str
    version: str
    data: _analytic_pb2.ImageCameraMatch
    def __init__(self, id: _Optional[str] = ..., version: _Optional[str] = ..., data: _Optional[_Union[_analytic_pb2.ImageCameraMatch, _Mapping]] = ...) -> None: ...

class FuseImageCameraMatchRequest(_message.Message):
    __slots__ = ("request_id", "out_dir", "img_cam_match_req", "img_cam_match", "want_masks")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    OUT_DIR_FIELD_NUMBER: _ClassVar[int]
    IMG_CAM_MATCH_REQ_FIELD_NUMBER: _ClassVar[int]
    IMG_CAM_MATCH_FIELD_NUMBER: _ClassVar[int]
    WANT_MASKS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    out_dir: str
    img_cam_match_req: _analytic_pb2.ImageCameraMatchRequest
    img_cam_match: _containers.RepeatedCompositeFieldContainer[AnnotatedImageCameraMatch]
    want_masks: bool
    def __init__(self, request_id: _Optional[str] = ..., out_dir: _Optional[str] = ..., img_cam_match_req: _Optional[_Union[_analytic_pb2.ImageCameraMatchRequest, _Mapping]] = ..., img_cam_match: _Optional[_Iterable[_Union[AnnotatedImageCameraMatch, _Mapping]]] = ..., want_masks: _Optional[bool] = ...) -> None: ...

class AnnotatedVideoCameraMatch(_message.Message):
    __slots__ = ("id", "version", "data")
    ID_FIELD_NUMBER: _ClassVar[int]
    VERSION_FIELD_NUMBER: _ClassVar[int]
    DATA_FIELD_NUMBER: _ClassVar[int]
    id: str
    version: str
    data: _analytic_pb2.VideoCameraMatch
    def __init__(self, id: _Optional[str] = ..., version: _Optional[str] = ..., data: _Optional[_Union[_analytic_pb2.VideoCameraMatch, _Mapping]] = ...) -> None: ...

class FuseVideoCameraMatchRequest(_message.Message):
    __slots__ = ("request_id", "out_dir", "vid_cam_match_req", "vid_cam_match", "want_masks")
    REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    OUT_DIR_FIELD_NUMBER: _ClassVar[int]
    VID_CAM_MATCH_REQ_FIELD_NUMBER: _ClassVar[int]
    VID_CAM_MATCH_FIELD_NUMBER: _ClassVar[int]
    WANT_MASKS_FIELD_NUMBER: _ClassVar[int]
    request_id: str
    out_dir: str
    vid_cam_match_req: _analytic_pb2.VideoCameraMatchRequest
    vid_cam_match: _containers.RepeatedCompositeFieldContainer[AnnotatedVideoCameraMatch]
    want_masks: bool
    def __init__(self, request_id: _Optional[str] = ..., out_dir: _Optional[str] = ..., vid_cam_match_req: _Optional[_Union[_analytic_pb2.VideoCameraMatchRequest, _Mapping]] = ..., vid_cam_match: _Optional[_Iterable[_Union[AnnotatedVideoCameraMatch, _Mapping]]] = ..., want_masks: _Optional[bool] = ...) -> None: ...
