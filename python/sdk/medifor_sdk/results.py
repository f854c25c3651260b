"""What analytic and fuser functions return (`ImageResult`, `VideoResult`) and what fusers receive
(`AnalyticResult`)."""
from __future__ import annotations

import enum
import os
from dataclasses import dataclass, field
from typing import Any, Dict, Mapping, Optional, Sequence, Tuple, Union

import grpc

from ._proto.medifor.v1 import analytic_pb2

__all__ = ["AnalyticError", "AnalyticResult", "ImageResult", "OptOut", "VideoOptOut", "VideoResult"]

PathLike = Union[str, "os.PathLike[str]"]
# A mask: PNG bytes, the path of a PNG file, or a 2-D array-like of ints in [0, 255] (numpy array or rows).
MaskLike = Any


class OptOut(enum.IntEnum):
    """`mediforproto.OptOutType`: what an image result leaves out."""

    NONE = analytic_pb2.OPT_OUT_NONE  # score and (optionally) mask
    ALL = analytic_pb2.OPT_OUT_ALL  # not applicable to this input (not for errors: raise instead)
    DETECTION = analytic_pb2.OPT_OUT_DETECTION  # a mask but no score
    LOCALIZATION = analytic_pb2.OPT_OUT_LOCALIZATION  # a score but no mask


class VideoOptOut(enum.IntEnum):
    """`mediforproto.VideoOptOutType`: what a video result leaves out (a set of these)."""

    DETECTION = analytic_pb2.VIDEO_OPT_OUT_DETECTION
    TEMPORAL = analytic_pb2.VIDEO_OPT_OUT_TEMPORAL
    SPATIAL = analytic_pb2.VIDEO_OPT_OUT_SPATIAL


class AnalyticError(Exception):
    """Raise to answer the call with a specific gRPC status code and message.

    `raise AnalyticError("model not loaded yet", grpc.StatusCode.UNAVAILABLE)` makes the MediFor worker retry;
    ValueError, FileNotFoundError and NotImplementedError need no wrapping (see the README).
    """

    def __init__(self, message: str, code: grpc.StatusCode = grpc.StatusCode.INTERNAL):
        super().__init__(message)
        if not isinstance(code, grpc.StatusCode) or code == grpc.StatusCode.OK:
            raise TypeError("code must be a grpc.StatusCode other than OK")
        self.code = code
        self.message = message


@dataclass
class ImageResult:
    """The answer to one image manipulation request (analytic or fuser).

    score:        in [0, 1], 1 = certainly manipulated. Required unless the result opts out of detection.
    mask:         optional localization: PNG bytes, the path of an existing PNG (copied into out_dir unless it is
                  already there), or a 2-D array-like of ints in [0, 255] (0 = manipulated, 255 = untouched),
                  encoded as an 8-bit greyscale PNG. Written into the request's out_dir; the response carries its
                  absolute path. A mask without a score means "opted out of detection".
    explanation:  free text shown to analysts.
    confidence:   optional confidence in the score, in [0, 1].
    facets:       optional manipulation category -> confidence (e.g. {"Laundering": 0.3}).
    manipulation_types: `ManipulationType` values or names ("SPLICE" or "MANIP_SPLICE").
    specificity:  optional `SpecificityType` value or name ("PIXEL" or "SPEC_PIXEL").
    mask_threshold: optional: a pixel is manipulated iff its value <= this threshold.
    mask_optout:  optional mask of the pixels not analysed (255 = opted out), same forms as `mask`.
    supplement:   paths of extra files (any type) to show with the result; copied into out_dir if outside it.
    opt_out_type: what the result leaves out; usually inferred (see `opt_out()` for "not applicable").
    """

    score: Optional[float] = None
    mask: MaskLike = None
    explanation: str = ""
    confidence: Optional[float] = None
    facets: Mapping[str, float] = field(default_factory=dict)
    manipulation_types: Sequence[Union[int, str]] = ()
    specificity: Union[int, str, None] = None
    mask_threshold: Optional[float] = None
    mask_optout: MaskLike = None
    supplement: Sequence[PathLike] = ()
    opt_out_type: OptOut = OptOut.NONE

    @classmethod
    def opt_out(cls, explanation: str = "") -> "ImageResult":
        """"This analytic does not apply to this input" (OPT_OUT_ALL): no score, no mask. Not for errors."""
        return cls(explanation=explanation, opt_out_type=OptOut.ALL)


@dataclass
class VideoResult:
    """The answer to one video manipulation request (analytic or fuser). Fields as in `ImageResult`; video
    localization is not built by the SDK (return a `VideoManipulation` message for that)."""

    score: Optional[float] = None
    explanation: str = ""
    confidence: Optional[float] = None
    facets: Mapping[str, float] = field(default_factory=dict)
    manipulation_types: Sequence[Union[int, str]] = ()
    specificity: Union[int, str, None] = None
    supplement: Sequence[PathLike] = ()
    opt_out_types: Sequence[VideoOptOut] = ()

    @classmethod
    def opt_out(cls, explanation: str = "") -> "VideoResult":
        """"This analytic does not apply to this video": opts out of detection, temporal and spatial results."""
        return cls(explanation=explanation,
                   opt_out_types=(VideoOptOut.DETECTION, VideoOptOut.TEMPORAL, VideoOptOut.SPATIAL))


@dataclass(frozen=True)
class AnalyticResult:
    """One analytic's result, as a fuser receives it (an `Annotated*Manipulation` of the fusion request).

    A failed analytic reaches the fuser as an entire opt-out with the error as its explanation, so fusers should
    only combine results whose `has_score` is true.
    """

    name: str  # the analytic's name (`id` of the annotated result; the workflow splits `<name>_<version>`)
    version: str
    score: float
    explanation: str
    opt_out: Union[OptOut, Tuple[VideoOptOut, ...]]  # OptOut for images, a tuple of VideoOptOut for videos
    mask: Optional[str]  # absolute path of the analytic's mask (image results), as the analytic wrote it
    confidence: Optional[float]
    facets: Dict[str, float]
    data: Any  # the underlying ImageManipulation / VideoManipulation message

    @property
    def analytic_id(self) -> str:
        """`<name>_<version>`, or just the name when there is no version (the id in the analytic config)."""
        return f"{self.name}_{self.version}" if self.version else self.name

    @property
    def has_score(self) -> bool:
        """True when the analytic produced a score (it did not fail, opt out entirely or opt out of detection)."""
        if isinstance(self.opt_out, OptOut):
            return self.opt_out not in (OptOut.ALL, OptOut.DETECTION)
        return VideoOptOut.DETECTION not in self.opt_out

    @property
    def opted_out(self) -> bool:
        """True when the analytic did not apply to the input at all (or failed)."""
        if isinstance(self.opt_out, OptOut):
            return self.opt_out == OptOut.ALL
        return set(self.opt_out) >= set(VideoOptOut)
