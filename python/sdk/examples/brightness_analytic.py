"""Example MediFor analytic: how much of an image is clipped to black or white.

Score: the fraction of pixels whose luminance (ITU-R 601: 0.299 R + 0.587 G + 0.114 B) is at most 2 or at least
253 — blown-out highlights and crushed shadows, which levels/contrast edits and some splices produce. This is an
honest, simple measurement for demonstrating the SDK, not a serious forensic detector.
Mask: clipped pixels are 0 ("flagged"), every other pixel 255, as an 8-bit greyscale PNG in out_dir.

Decoding: with Pillow installed (`pip install Pillow`) any format Pillow reads. Without it, a built-in decoder
reads non-interlaced 8-bit PNGs (greyscale, RGB, palette, with or without alpha); for anything else (JPEG, …)
the analytic opts out (OPT_OUT_ALL, "cannot decode … without Pillow") instead of guessing. The fallback decoder
is pure Python: fine for small images, slow (seconds) for multi-megapixel ones.

Run:  python brightness_analytic.py --port 50051     (or MEDIFOR_ANALYTIC_PORT=50051)
Config entry for `medifor serve --config`:
    {"id": "brightness", "name": "Clipping", "description": "fraction of clipped pixels",
     "media": ["IMAGE"], "address": "127.0.0.1:50051"}
"""
from __future__ import annotations

import io
import struct
import zlib
from typing import List, Optional, Tuple

from medifor_sdk import AnalyticServer, ImageResult

try:
    from PIL import Image
except ImportError:  # Pillow is optional: fall back to the built-in PNG decoder
    Image = None

LOW, HIGH = 2, 253  # luminance at or below LOW / at or above HIGH counts as clipped

server = AnalyticServer(name="brightness")


class UnsupportedImage(Exception):
    """The image is in a format this analytic cannot decode without Pillow."""


def _luma(r: int, g: int, b: int) -> int:
    return (r * 299 + g * 587 + b * 114 + 500) // 1000


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def decode_png_luminance(data: bytes) -> Tuple[int, int, List[bytes]]:
    """(width, height, rows of 8-bit luminance) of a non-interlaced 8-bit PNG, without Pillow."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        raise UnsupportedImage("not a PNG")
    position, idat, palette, header = 8, [], None, None
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = [tuple(body[i:i + 3]) for i in range(0, len(body), 3)]
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    if header is None:
        raise ValueError("corrupt PNG: no IHDR chunk")
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}.get(colour)
    if depth != 8 or interlace != 0 or channels is None or (colour == 3 and not palette):
        raise UnsupportedImage(f"PNG with bit depth {depth}, colour type {colour}, interlace {interlace}")
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    if len(raw) < height * (stride + 1):
        raise ValueError("corrupt PNG: truncated image data")
    rows, previous = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for x in range(stride):
            left = line[x - channels] if x >= channels else 0
            up = previous[x]
            up_left = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                line[x] = (line[x] + _paeth(left, up, up_left)) & 0xFF
            elif kind != 0:
                raise ValueError(f"corrupt PNG: filter type {kind}")
        previous = line
        if colour in (0, 4):
            rows.append(bytes(line[::channels]))
        elif colour == 3:
            rows.append(bytes(_luma(*palette[index]) if index < len(palette) else 0 for index in line))
        else:
            rows.append(bytes(_luma(line[x], line[x + 1], line[x + 2]) for x in range(0, stride, channels)))
    return width, height, rows


def clipped_mask(rows: List[bytes]) -> Tuple[int, List[bytes]]:
    """(number of clipped pixels, mask rows with 0 where clipped and 255 elsewhere)."""
    table = bytes(0 if value <= LOW or value >= HIGH else 255 for value in range(256))
    mask = [row.translate(table) for row in rows]
    return sum(row.count(0) for row in mask), mask


def analyse(image_path: str) -> Tuple[int, int, int, object]:
    """(width, height, clipped pixel count, mask) of an image: the mask is PNG bytes (Pillow) or rows."""
    if Image is not None:
        try:
            with Image.open(image_path) as image:
                grey = image.convert("L")
        except OSError as error:  # includes PIL.UnidentifiedImageError
            raise ValueError(f"cannot decode {image_path}: {error}") from None
        histogram = grey.histogram()
        clipped = sum(histogram[:LOW + 1]) + sum(histogram[HIGH:])
        mask = grey.point(lambda value: 0 if value <= LOW or value >= HIGH else 255)
        encoded = io.BytesIO()
        mask.save(encoded, format="PNG")
        return grey.width, grey.height, clipped, encoded.getvalue()
    with open(image_path, "rb") as handle:
        data = handle.read()
    width, height, rows = decode_png_luminance(data)
    clipped, mask = clipped_mask(rows)
    return width, height, clipped, mask


@server.image_manipulation
def detect(image_path: str, out_dir: str, request) -> ImageResult:
    try:
        width, height, clipped, mask = analyse(image_path)
    except UnsupportedImage as reason:
        return ImageResult.opt_out(f"cannot decode this image without Pillow ({reason})")
    fraction = clipped / float(width * height)
    return ImageResult(
        score=fraction,
        mask=mask,
        explanation=f"{clipped} of {width}x{height} pixels ({100 * fraction:.1f}%) are clipped "
                    f"(luminance <= {LOW} or >= {HIGH})",
    )


def main(argv: Optional[List[str]] = None) -> None:
    server.main(argv)


if __name__ == "__main__":
    main()
