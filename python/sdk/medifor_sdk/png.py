"""A tiny, dependency-free PNG writer (and header reader) for analytic masks.

MediFor masks are 8-bit greyscale PNGs in which 0 means "manipulated" and 255 means "untouched"
(`ImageLocalization.mask`). `encode_mask` turns a 2-D array-like of integers in [0, 255] into such a PNG with
nothing but `zlib`; a numpy array is used directly when numpy is installed, any sequence of rows works without it.
"""
from __future__ import annotations

import struct
import zlib
from typing import Any, List, NamedTuple, Optional

__all__ = ["PNG_SIGNATURE", "PngInfo", "encode_grey_png", "encode_mask", "png_info"]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# IHDR colour types, for messages.
_COLOUR_TYPES = {0: "greyscale", 2: "RGB", 3: "palette", 4: "greyscale+alpha", 6: "RGBA"}


class PngInfo(NamedTuple):
    """What a PNG's IHDR chunk says."""

    width: int
    height: int
    bit_depth: int
    colour_type: int

    @property
    def is_grey8(self) -> bool:
        """True for an 8-bit greyscale image, the format MediFor masks use."""
        return self.bit_depth == 8 and self.colour_type == 0

    def describe(self) -> str:
        kind = _COLOUR_TYPES.get(self.colour_type, f"colour type {self.colour_type}")
        return f"{self.width}x{self.height} {self.bit_depth}-bit {kind}"


def png_info(data: bytes) -> Optional[PngInfo]:
    """The IHDR of `data` if it starts like a PNG (signature, then an IHDR chunk), else None."""
    if len(data) < 33 or not data.startswith(PNG_SIGNATURE):
        return None
    length, kind = struct.unpack(">I4s", data[8:16])
    if kind != b"IHDR" or length != 13:
        return None
    width, height, bit_depth, colour_type = struct.unpack(">IIBB", data[16:26])
    if width == 0 or height == 0:
        return None
    return PngInfo(width, height, bit_depth, colour_type)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def encode_grey_png(rows: List[bytes], width: int) -> bytes:
    """An 8-bit greyscale PNG of `rows` (each exactly `width` bytes, one byte per pixel)."""
    if not rows or width <= 0:
        raise ValueError("a PNG needs at least one row and one column")
    if any(len(row) != width for row in rows):
        raise ValueError(f"every row must be {width} bytes long")
    raw = b"".join(b"\x00" + bytes(row) for row in rows)  # filter type 0 (None) on every scanline
    header = struct.pack(">IIBBBBB", width, len(rows), 8, 0, 0, 0, 0)
    return PNG_SIGNATURE + _chunk(b"IHDR", header) + _chunk(b"IDAT", zlib.compress(raw, 6)) + _chunk(b"IEND", b"")


def _numpy():
    try:
        import numpy
    except ImportError:  # numpy is optional
        return None
    return numpy


def _rows_from_numpy(np: Any, mask: Any) -> List[bytes]:
    array = np.asarray(mask)
    if array.ndim != 2:
        raise ValueError(f"a mask array must be 2-D (height x width), got shape {array.shape}")
    if array.dtype == np.bool_:
        raise ValueError("a boolean mask is ambiguous: convert it to uint8 (0 = manipulated, 255 = untouched)")
    if array.dtype != np.uint8:
        if array.dtype.kind not in "iu":
            raise ValueError(f"a mask array must hold integers in [0, 255], got dtype {array.dtype}")
        if array.size and (int(array.min()) < 0 or int(array.max()) > 255):
            raise ValueError("mask values must be in [0, 255]")
        array = array.astype(np.uint8)
    array = np.ascontiguousarray(array)
    return [array[row].tobytes() for row in range(array.shape[0])]


def _rows_from_sequences(mask: Any) -> List[bytes]:
    try:
        rows = list(mask)
    except TypeError:
        raise ValueError(f"a mask must be PNG bytes, a path or a 2-D array-like, not {type(mask).__name__}") from None
    result = []
    for row in rows:
        if isinstance(row, (bytes, bytearray, memoryview)):
            result.append(bytes(row))
            continue
        if isinstance(row, (str, int, float)):
            raise ValueError("a mask must be 2-D: a sequence of rows, each a sequence of pixel values")
        values = []
        for value in row:
            if isinstance(value, bool) or not hasattr(value, "__index__"):
                raise ValueError(f"mask values must be integers in [0, 255], got {value!r}")
            number = value.__index__()
            if not 0 <= number <= 255:
                raise ValueError(f"mask values must be in [0, 255], got {number}")
            values.append(number)
        result.append(bytes(values))
    return result


def encode_mask(mask: Any) -> bytes:
    """An 8-bit greyscale PNG of a 2-D array-like of integers in [0, 255] (0 = manipulated, 255 = untouched).

    Accepts a numpy array (any integer dtype whose values fit in a byte; numpy optional) or any sequence of rows,
    each row a sequence of ints or a bytes-like object. Raises ValueError for anything else.
    """
    np = _numpy()
    if np is not None and (isinstance(mask, np.ndarray) or hasattr(mask, "__array_interface__")
                           or hasattr(mask, "__array__")):
        rows = _rows_from_numpy(np, mask)
    else:
        rows = _rows_from_sequences(mask)
    if not rows or not rows[0]:
        raise ValueError("a mask must have at least one row and one column")
    width = len(rows[0])
    if any(len(row) != width for row in rows):
        raise ValueError("every row of a mask must have the same length")
    return encode_grey_png(rows, width)
