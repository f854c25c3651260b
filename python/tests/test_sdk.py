"""Unit tests of the Python analytic SDK (python/sdk, `medifor_sdk`): real gRPC servers on loopback, called with
the generated stubs the package ships."""
from __future__ import annotations

import logging
import math
import os
import shutil
import struct
import subprocess
import sys
import threading
import time
import uuid
import zipfile
import zlib
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

SDK_DIR = Path(__file__).resolve().parent.parent / "sdk"
REPO_ROOT = SDK_DIR.parent.parent
try:
    import medifor_sdk
except ImportError:  # not installed (pip install -e ./python/sdk): the package is pure Python, use the source tree
    sys.path.insert(0, str(SDK_DIR))
    import medifor_sdk

from medifor_sdk import (  # noqa: E402
    AnalyticError, AnalyticResult, AnalyticServer, FuserServer, ImageResult, OptOut, VideoResult, encode_mask)
from medifor_sdk import png as sdk_png  # noqa: E402
from medifor_sdk.protos import analytic_pb2 as an  # noqa: E402
from medifor_sdk.protos import analytic_pb2_grpc, fusion_pb2, fusion_pb2_grpc  # noqa: E402

RPC_TIMEOUT_S = 10.0
MASK_ROWS = [[0, 255, 255], [255, 0, 128]]  # 3x2, 0 = manipulated


# --- helpers -------------------------------------------------------------------------------------------------------


def read_png(data: bytes):
    """(width, height, bit depth, colour type, rows) of a non-interlaced 8-bit PNG; checks every chunk's CRC."""
    assert data.startswith(b"\x89PNG\r\n\x1a\n"), "not a PNG signature"
    position, header, idat, kinds = 8, None, b"", []
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length:position + 12 + length])
        assert crc == zlib.crc32(kind + body) & 0xFFFFFFFF, f"bad CRC in {kind!r}"
        kinds.append(kind)
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND"
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and interlace == 0
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[colour]
    raw, stride, rows, previous = zlib.decompress(idat), width * channels, [], bytearray(width * channels)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b, c = previous[x], (previous[x - channels] if x >= channels else 0)
            p = a + b - c
            paeth = a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else (
                b if abs(p - b) <= abs(p - c) else c)
            line[x] = (line[x] + [0, a, b, (a + b) >> 1, paeth][kind]) & 0xFF
        rows.append([line[x] for x in range(0, stride, channels)])
        previous = line
    return width, height, depth, colour, rows


def write_probe(folder: Path, name: str = "probe.png") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(encode_mask([[10, 20], [30, 40]]))
    return path


def image_request(path, out_dir, request_id=None, uri=None):
    return an.ImageManipulationRequest(
        request_id=request_id or str(uuid.uuid4()),
        image=an.Resource(uri=uri if uri is not None else str(path), type="image/png"), out_dir=str(out_dir))


def rpc_error(call) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call()
    return caught.value


@pytest.fixture
def serve():
    """Starts SDK servers on free loopback ports; returns a channel to each; stops them at teardown."""
    started = []

    def start(server):
        port = server.start(port=0, host="127.0.0.1")
        channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        started.append((server, channel))
        return channel

    yield start
    for server, channel in started:
        channel.close()
        server.stop(grace=0)


@pytest.fixture
def analytic(serve):
    """`analytic(function, **server_options)` → an AnalyticStub of a server running that image function."""

    def make(function, **options):
        server = AnalyticServer(name="unit", **options)
        server.image_manipulation(function)
        return analytic_pb2_grpc.AnalyticStub(serve(server))

    return make


@pytest.fixture
def probe(tmp_path):
    return write_probe(tmp_path / "input")


# --- score and mask ------------------------------------------------------------------------------------------------


def _mask_as_bytes(tmp_path, out_dir):
    return encode_mask(MASK_ROWS)


def _mask_as_path_outside(tmp_path, out_dir):
    path = tmp_path / "elsewhere" / "made.png"
    path.parent.mkdir()
    path.write_bytes(encode_mask(MASK_ROWS))
    return str(path)


def _mask_as_path_inside(tmp_path, out_dir):
    path = Path(out_dir) / "own.png"
    path.write_bytes(encode_mask(MASK_ROWS))
    return path  # a PathLike works too


def _mask_as_rows(tmp_path, out_dir):
    return MASK_ROWS


def _mask_as_bytes_rows(tmp_path, out_dir):
    return [bytes(row) for row in MASK_ROWS]


def _mask_as_numpy(tmp_path, out_dir):
    numpy = pytest.importorskip("numpy")
    return numpy.array(MASK_ROWS, dtype=numpy.uint8)


def _mask_as_numpy_int64(tmp_path, out_dir):
    numpy = pytest.importorskip("numpy")
    return numpy.array(MASK_ROWS, dtype=numpy.int64)


@pytest.mark.parametrize("make_mask, file_name", [
    (_mask_as_bytes, "mask.png"),
    (_mask_as_path_outside, "made.png"),
    (_mask_as_path_inside, "own.png"),
    (_mask_as_rows, "mask.png"),
    (_mask_as_bytes_rows, "mask.png"),
    (_mask_as_numpy, "mask.png"),
    (_mask_as_numpy_int64, "mask.png"),
], ids=["png-bytes", "path-outside-out-dir", "path-inside-out-dir", "rows", "bytes-rows", "numpy-uint8",
        "numpy-int64"])
def test_score_and_mask_round_trip(analytic, probe, tmp_path, make_mask, file_name):
    seen = []

    def detect(image_path, out_dir, request):
        seen.append((image_path, out_dir, request.request_id, os.path.isdir(out_dir)))
        return ImageResult(score=0.7, mask=make_mask(tmp_path, out_dir), explanation="seventy percent")

    out_dir = tmp_path / "output" / "req-1"
    stub = analytic(detect)
    answer = stub.DetectImageManipulation(image_request(probe, out_dir, "req-1"), timeout=RPC_TIMEOUT_S)

    assert seen == [(str(probe), str(out_dir), "req-1", True)]
    assert answer.score == 0.7
    assert answer.explanation == "seventy percent"
    assert answer.opt_out == an.OPT_OUT_NONE
    mask = answer.localization.mask
    assert mask.type == "image/png"
    assert os.path.isabs(mask.uri)
    assert Path(mask.uri) == out_dir / file_name
    assert os.path.isfile(mask.uri)
    width, height, depth, colour, rows = read_png(Path(mask.uri).read_bytes())
    assert (width, height, depth, colour) == (3, 2, 8, 0)
    assert rows == MASK_ROWS
    if make_mask is _mask_as_path_outside:  # the original stays where it was
        assert (tmp_path / "elsewhere" / "made.png").exists()
    assert not [name for name in os.listdir(out_dir) if name.startswith(".medifor-sdk-")], "temporary file left"


def test_out_dir_is_created_when_missing(analytic, probe, tmp_path):
    out_dir = tmp_path / "deep" / "er" / "out"
    stub = analytic(lambda path, out_dir: ImageResult(score=0.1, mask=MASK_ROWS))
    answer = stub.DetectImageManipulation(image_request(probe, out_dir), timeout=RPC_TIMEOUT_S)
    assert out_dir.is_dir()
    assert answer.localization.mask.uri == str(out_dir / "mask.png")


def test_empty_out_dir_gets_a_temporary_folder(analytic, probe):
    folders = []

    def detect(image_path, out_dir):
        folders.append(out_dir)
        return ImageResult(score=0.2, mask=MASK_ROWS)

    answer = analytic(detect).DetectImageManipulation(image_request(probe, ""), timeout=RPC_TIMEOUT_S)
    try:
        assert folders and os.path.isdir(folders[0])
        assert os.path.dirname(answer.localization.mask.uri) == folders[0]
    finally:
        shutil.rmtree(folders[0], ignore_errors=True)


def test_optional_fields_reach_the_response(analytic, probe, tmp_path):
    extra = tmp_path / "notes.txt"
    extra.write_text("details")

    def detect(image_path, out_dir, request):
        return ImageResult(score=0.25, mask=MASK_ROWS, mask_optout=[[255, 0, 0], [0, 0, 0]], mask_threshold=10,
                           confidence=0.9, facets={"Laundering": 0.5, "GAN": 1}, explanation="all fields",
                           manipulation_types=["SPLICE", "MANIP_CLONE", an.MANIP_BLUR], specificity="PIXEL",
                           supplement=[str(extra)])

    out_dir = tmp_path / "out"
    answer = analytic(detect).DetectImageManipulation(image_request(probe, out_dir), timeout=RPC_TIMEOUT_S)
    assert answer.score == 0.25
    assert answer.has_confidence and answer.confidence == 0.9
    assert dict(answer.facets) == {"Laundering": 0.5, "GAN": 1.0}
    assert list(answer.manipulation_type) == [an.MANIP_SPLICE, an.MANIP_CLONE, an.MANIP_BLUR]
    assert answer.specificity == an.SPEC_PIXEL
    assert answer.localization.mask_threshold == 10.0
    assert answer.localization.mask_optout.uri == str(out_dir / "mask_optout.png")
    assert read_png(Path(answer.localization.mask_optout.uri).read_bytes())[4] == [[255, 0, 0], [0, 0, 0]]
    [supplement] = answer.supplement
    assert supplement.uri == str(out_dir / "notes.txt") and supplement.type == "text/plain"
    assert Path(supplement.uri).read_text() == "details"


def test_plain_float_and_message_results(analytic, probe, tmp_path):
    stub = analytic(lambda path: 0.375)
    assert stub.DetectImageManipulation(image_request(probe, tmp_path / "a"), timeout=RPC_TIMEOUT_S).score == 0.375
    message = an.ImageManipulation(score=0.5, explanation="hand made", specificity=an.SPEC_GLOBAL)
    stub = analytic(lambda path: message)
    answer = stub.DetectImageManipulation(image_request(probe, tmp_path / "b"), timeout=RPC_TIMEOUT_S)
    assert answer == message


def test_function_receives_only_the_arguments_it_declares(analytic, probe, tmp_path):
    calls = []
    stub = analytic(lambda *args: calls.append(args) or 0.5)
    stub.DetectImageManipulation(image_request(probe, tmp_path / "o", "rid"), timeout=RPC_TIMEOUT_S)
    assert len(calls[0]) == 3 and calls[0][:2] == (str(probe), str(tmp_path / "o"))
    assert calls[0][2].request_id == "rid"

    def one(path):
        calls.append(("one", path))
        return 0.5

    analytic(one).DetectImageManipulation(image_request(probe, tmp_path / "o"), timeout=RPC_TIMEOUT_S)
    assert calls[-1] == ("one", str(probe))


def test_file_uri_is_turned_into_a_path(analytic, tmp_path):
    probe = write_probe(tmp_path / "with space", "p.png")
    paths = []
    stub = analytic(lambda path: paths.append(path) or 0.5)
    uri = "file://" + str(probe).replace(" ", "%20")
    stub.DetectImageManipulation(image_request(probe, tmp_path / "o", uri=uri), timeout=RPC_TIMEOUT_S)
    assert paths == [str(probe)]


# --- opt-out -------------------------------------------------------------------------------------------------------


def test_opt_out(analytic, probe, tmp_path, caplog):
    out_dir = tmp_path / "out"
    stub = analytic(lambda path: ImageResult.opt_out("only works on JPEG"))
    with caplog.at_level(logging.INFO, logger="medifor_sdk"):
        answer = stub.DetectImageManipulation(image_request(probe, out_dir, "opt-1"), timeout=RPC_TIMEOUT_S)
    assert answer.opt_out == an.OPT_OUT_ALL
    assert answer.explanation == "only works on JPEG"
    assert answer.score == 0
    assert not answer.HasField("localization")
    assert os.listdir(out_dir) == []
    assert any("opt-1" in r.getMessage() and "outcome=OK opted out" in r.getMessage() for r in caplog.records)


def test_mask_without_score_opts_out_of_detection(analytic, probe, tmp_path):
    answer = analytic(lambda path: ImageResult(mask=MASK_ROWS)).DetectImageManipulation(
        image_request(probe, tmp_path / "o"), timeout=RPC_TIMEOUT_S)
    assert answer.opt_out == an.OPT_OUT_DETECTION
    assert answer.score == 0
    assert os.path.isfile(answer.localization.mask.uri)


def test_score_without_mask_opting_out_of_localization(analytic, probe, tmp_path):
    answer = analytic(lambda path: ImageResult(score=0.4, opt_out_type=OptOut.LOCALIZATION)).DetectImageManipulation(
        image_request(probe, tmp_path / "o"), timeout=RPC_TIMEOUT_S)
    assert answer.opt_out == an.OPT_OUT_LOCALIZATION and answer.score == 0.4


@pytest.mark.parametrize("result, message", [
    (ImageResult(score=0.4, mask=MASK_ROWS, opt_out_type=OptOut.LOCALIZATION),
     "analytic opted out of localization but returned a mask"),
    (ImageResult(score=0.4, mask=MASK_ROWS, opt_out_type=OptOut.DETECTION),
     "analytic opted out of detection but returned a score"),
], ids=["localization-with-mask", "detection-with-score"])
def test_contradictory_opt_out_is_internal(analytic, probe, tmp_path, result, message):
    error = rpc_error(lambda: analytic(lambda path: result).DetectImageManipulation(
        image_request(probe, tmp_path / "o"), timeout=RPC_TIMEOUT_S))
    assert error.code() == grpc.StatusCode.INTERNAL
    assert error.details() == message


# --- errors --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("error, code, message", [
    (ValueError("the image is too small"), grpc.StatusCode.INVALID_ARGUMENT, "the image is too small"),
    (FileNotFoundError(2, "No such file or directory", "/models/weights.bin"), grpc.StatusCode.NOT_FOUND,
     "No such file or directory: /models/weights.bin"),
    (FileNotFoundError("sidecar file missing"), grpc.StatusCode.NOT_FOUND, "sidecar file missing"),
    (NotImplementedError("grey images are not supported"), grpc.StatusCode.UNIMPLEMENTED,
     "grey images are not supported"),
    (RuntimeError("CUDA out of memory\nwhile allocating 2 GiB"), grpc.StatusCode.INTERNAL,
     "RuntimeError: CUDA out of memory"),
    (KeyError("width"), grpc.StatusCode.INTERNAL, "KeyError: 'width'"),
    (ZeroDivisionError(), grpc.StatusCode.INTERNAL, "ZeroDivisionError"),
    (AnalyticError("model still loading", grpc.StatusCode.UNAVAILABLE), grpc.StatusCode.UNAVAILABLE,
     "model still loading"),
], ids=["ValueError", "FileNotFoundError-errno", "FileNotFoundError-text", "NotImplementedError", "RuntimeError",
        "KeyError", "ZeroDivisionError", "AnalyticError"])
def test_exceptions_map_to_statuses(analytic, probe, tmp_path, caplog, error, code, message):
    def detect(image_path, out_dir, request):
        raise error

    stub = analytic(detect)
    with caplog.at_level(logging.INFO, logger="medifor_sdk"):
        failure = rpc_error(lambda: stub.DetectImageManipulation(
            image_request(probe, tmp_path / "o", "err-1"), timeout=RPC_TIMEOUT_S))
    assert failure.code() == code
    assert failure.details() == message
    assert "\n" not in failure.details() and "Traceback" not in failure.details()
    outcome = [r for r in caplog.records if "err-1" in r.getMessage()]
    assert outcome and f"outcome={code.name}" in outcome[-1].getMessage()
    tracebacks = [r for r in caplog.records if r.exc_info]
    if code == grpc.StatusCode.INTERNAL:
        assert tracebacks and tracebacks[0].exc_info[1] is error, "the traceback of an unexpected error is logged"
    else:
        assert not tracebacks


@pytest.mark.parametrize("score", [1.5, -0.01, math.nan, math.inf, -math.inf, "0.5", None, True, [0.5]],
                         ids=["above-1", "below-0", "nan", "inf", "-inf", "string", "none", "bool", "list"])
def test_invalid_score_is_internal(analytic, probe, tmp_path, score):
    stub = analytic(lambda path: ImageResult(score=score, explanation="bad"))
    failure = rpc_error(lambda: stub.DetectImageManipulation(image_request(probe, tmp_path / "o"),
                                                             timeout=RPC_TIMEOUT_S))
    assert failure.code() == grpc.StatusCode.INTERNAL
    assert failure.details().startswith("analytic returned an invalid score")


@pytest.mark.parametrize("score", [0, 1, 0.0, 1.0, 0.5])
def test_boundary_scores_are_valid(analytic, probe, tmp_path, score):
    answer = analytic(lambda path: ImageResult(score=score)).DetectImageManipulation(
        image_request(probe, tmp_path / "o"), timeout=RPC_TIMEOUT_S)
    assert answer.score == score


def test_numpy_scalar_score_is_accepted(analytic, probe, tmp_path):
    numpy = pytest.importorskip("numpy")
    answer = analytic(lambda path: ImageResult(score=numpy.float32(0.25))).DetectImageManipulation(
        image_request(probe, tmp_path / "o"), timeout=RPC_TIMEOUT_S)
    assert answer.score == 0.25


@pytest.mark.parametrize("result, fragment", [
    (lambda tmp: ImageResult(score=0.5, confidence=2.0), "analytic returned an invalid confidence"),
    (lambda tmp: ImageResult(score=0.5, mask=b"GIF89a not a png"), "analytic returned an invalid mask: bytes is not"),
    (lambda tmp: ImageResult(score=0.5, mask=[[1, 2], [3]]), "analytic returned an invalid mask: every row"),
    (lambda tmp: ImageResult(score=0.5, mask=[[1, 300]]), "analytic returned an invalid mask: mask values"),
    (lambda tmp: ImageResult(score=0.5, mask=[1, 2, 3]), "analytic returned an invalid mask: a mask must be 2-D"),
    (lambda tmp: ImageResult(score=0.5, mask=[[[1, 2]]]), "analytic returned an invalid mask"),
    (lambda tmp: ImageResult(score=0.5, mask=[]), "analytic returned an invalid mask"),
    (lambda tmp: ImageResult(score=0.5, mask=str(tmp / "missing.png")), "analytic returned a mask path that is not"),
    (lambda tmp: ImageResult(score=0.5, manipulation_types=["TELEPORT"]), "unknown manipulation type 'TELEPORT'"),
    (lambda tmp: ImageResult(score=0.5, supplement=[str(tmp / "gone.txt")]), "analytic returned a supplement path"),
    (lambda tmp: None, "analytic returned NoneType, not an ImageResult"),
    (lambda tmp: VideoResult(score=0.5), "analytic returned VideoResult, not an ImageResult"),
], ids=["confidence", "not-png-bytes", "ragged", "out-of-range", "1-D", "3-D", "empty", "missing-path",
        "manipulation-type", "supplement", "none", "wrong-type"])
def test_invalid_results_are_internal(analytic, probe, tmp_path, result, fragment):
    stub = analytic(lambda path: result(tmp_path))
    failure = rpc_error(lambda: stub.DetectImageManipulation(image_request(probe, tmp_path / "o"),
                                                             timeout=RPC_TIMEOUT_S))
    assert failure.code() == grpc.StatusCode.INTERNAL
    assert fragment in failure.details()


def test_boolean_numpy_mask_is_refused(analytic, probe, tmp_path):
    numpy = pytest.importorskip("numpy")
    stub = analytic(lambda path: ImageResult(score=0.5, mask=numpy.zeros((2, 2), dtype=bool)))
    failure = rpc_error(lambda: stub.DetectImageManipulation(image_request(probe, tmp_path / "o"),
                                                             timeout=RPC_TIMEOUT_S))
    assert failure.code() == grpc.StatusCode.INTERNAL
    assert "boolean mask is ambiguous" in failure.details()


def test_missing_or_empty_image_is_refused_before_the_function_runs(analytic, tmp_path):
    calls = []
    stub = analytic(lambda path: calls.append(path) or 0.5)
    missing = tmp_path / "nope.jpg"
    failure = rpc_error(lambda: stub.DetectImageManipulation(image_request(missing, tmp_path / "o"),
                                                             timeout=RPC_TIMEOUT_S))
    assert failure.code() == grpc.StatusCode.NOT_FOUND
    assert failure.details() == f"image not found: {missing}"
    failure = rpc_error(lambda: stub.DetectImageManipulation(image_request(None, tmp_path / "o", uri=""),
                                                             timeout=RPC_TIMEOUT_S))
    assert failure.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert failure.details() == "the request has no image uri"
    assert calls == []


# --- services, health, logging, concurrency ------------------------------------------------------------------------


def test_unregistered_rpcs_are_unimplemented(analytic, tmp_path):
    stub = analytic(lambda path: 0.5)
    calls = {
        "DetectVideoManipulation": lambda: stub.DetectVideoManipulation(an.VideoManipulationRequest(
            request_id="v", video=an.Resource(uri=str(tmp_path)), out_dir=str(tmp_path)), timeout=RPC_TIMEOUT_S),
        "DetectImageSplice": lambda: stub.DetectImageSplice(an.ImageSpliceRequest(), timeout=RPC_TIMEOUT_S),
        "DetectImageCameraMatch": lambda: stub.DetectImageCameraMatch(an.ImageCameraMatchRequest(),
                                                                      timeout=RPC_TIMEOUT_S),
        "DetectImageCameras": lambda: stub.DetectImageCameras(an.ImageCamerasRequest(), timeout=RPC_TIMEOUT_S),
        "DetectVideoCameraMatch": lambda: stub.DetectVideoCameraMatch(an.VideoCameraMatchRequest(),
                                                                      timeout=RPC_TIMEOUT_S),
        "Kill": lambda: stub.Kill(an.Empty(), timeout=RPC_TIMEOUT_S),
    }
    for method, call in calls.items():
        failure = rpc_error(call)
        assert failure.code() == grpc.StatusCode.UNIMPLEMENTED, method
        assert failure.details() == f"unit does not implement {method}"


def test_health_reports_serving(serve):
    server = AnalyticServer(name="healthy")
    server.image_manipulation(lambda path: 0.5)
    health = health_pb2_grpc.HealthStub(serve(server))
    for service in ("", "mediforproto.Analytic"):
        answer = health.Check(health_pb2.HealthCheckRequest(service=service), timeout=RPC_TIMEOUT_S)
        assert answer.status == health_pb2.HealthCheckResponse.SERVING, service
    failure = rpc_error(lambda: health.Check(health_pb2.HealthCheckRequest(service="mediforproto.Fuser"),
                                             timeout=RPC_TIMEOUT_S))
    assert failure.code() == grpc.StatusCode.NOT_FOUND


def test_each_request_is_logged(analytic, probe, tmp_path, caplog):
    stub = analytic(lambda path: ImageResult(score=0.625))
    with caplog.at_level(logging.INFO, logger="medifor_sdk"):
        stub.DetectImageManipulation(image_request(probe, tmp_path / "o", "log-me"), timeout=RPC_TIMEOUT_S)
    [line] = [r.getMessage() for r in caplog.records if "log-me" in r.getMessage()]
    assert line.startswith("DetectImageManipulation request_id=log-me ")
    assert f"path={probe} " in line
    assert "duration_ms=" in line
    assert line.endswith("outcome=OK score=0.625")


def test_max_concurrency_limits_calls_in_flight(analytic, probe, tmp_path):
    lock, state = threading.Lock(), {"now": 0, "peak": 0}

    def detect(path):
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        time.sleep(0.2)
        with lock:
            state["now"] -= 1
        return 0.5

    stub = analytic(detect, max_concurrency=1)
    futures = [stub.DetectImageManipulation.future(image_request(probe, tmp_path / f"o{i}"), timeout=RPC_TIMEOUT_S)
               for i in range(3)]
    assert [f.result().score for f in futures] == [0.5, 0.5, 0.5]
    assert state["peak"] == 1


def test_server_api_misuse():
    server = AnalyticServer(name="misuse")
    with pytest.raises(RuntimeError, match="has no function"):
        server.start(port=0, host="127.0.0.1")
    server.image_manipulation(lambda path: 0.5)
    with pytest.raises(ValueError, match="already has a image_manipulation function"):
        server.image_manipulation(lambda path: 0.6)
    with pytest.raises(TypeError, match="at least one positional argument"):
        server.video_manipulation(lambda: 0.5)
    with pytest.raises(ValueError):
        AnalyticServer(max_workers=0)
    port = server.start(port=0, host="127.0.0.1")
    try:
        assert server.port == port
        with pytest.raises(RuntimeError, match="already serving"):
            server.start(port=0, host="127.0.0.1")
    finally:
        server.stop(grace=0)
    assert server.port is None
    server.stop()  # stopping twice is harmless


def test_port_from_environment(monkeypatch):
    from medifor_sdk import server as server_module
    monkeypatch.setenv("MEDIFOR_ANALYTIC_PORT", "50123")
    assert server_module._default_port() == 50123
    monkeypatch.setenv("MEDIFOR_ANALYTIC_PORT", "port")
    with pytest.raises(ValueError, match="MEDIFOR_ANALYTIC_PORT"):
        server_module._default_port()
    monkeypatch.delenv("MEDIFOR_ANALYTIC_PORT")
    assert server_module._default_port() == 50051


# --- video ---------------------------------------------------------------------------------------------------------


def test_video_manipulation(serve, tmp_path):
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"\x00\x00\x00\x18ftypmp42")
    server = AnalyticServer(name="video")

    @server.video_manipulation
    def detect(video_path, out_dir, request):
        if request.request_id == "skip":
            return VideoResult.opt_out("too short")
        return VideoResult(score=0.3, explanation="frames look fine", facets={"Reformat": 0.2})

    stub = analytic_pb2_grpc.AnalyticStub(serve(server))

    def request(request_id):
        return an.VideoManipulationRequest(request_id=request_id, video=an.Resource(uri=str(video)),
                                           out_dir=str(tmp_path / request_id))

    answer = stub.DetectVideoManipulation(request("v1"), timeout=RPC_TIMEOUT_S)
    assert (answer.score, answer.explanation, dict(answer.facets)) == (0.3, "frames look fine", {"Reformat": 0.2})
    assert list(answer.opt_out) == []
    skipped = stub.DetectVideoManipulation(request("skip"), timeout=RPC_TIMEOUT_S)
    assert sorted(skipped.opt_out) == [an.VIDEO_OPT_OUT_DETECTION, an.VIDEO_OPT_OUT_TEMPORAL,
                                       an.VIDEO_OPT_OUT_SPATIAL]
    assert skipped.explanation == "too short"
    failure = rpc_error(lambda: stub.DetectImageManipulation(image_request(video, tmp_path), timeout=RPC_TIMEOUT_S))
    assert failure.code() == grpc.StatusCode.UNIMPLEMENTED


# --- fuser ---------------------------------------------------------------------------------------------------------


def _fusion_request(out_dir, entries, probe_uri="/storage/input/abc.jpg"):
    return fusion_pb2.FuseImageManipulationRequest(
        request_id="fusion-1", out_dir=str(out_dir),
        img_manip_req=an.ImageManipulationRequest(request_id="a-1", image=an.Resource(uri=probe_uri)),
        img_manip=entries)


def test_fuser_server(serve, tmp_path, caplog):
    received = []
    server = FuserServer(name="maxfuser")

    @server.image_manipulation
    def fuse(results, request):
        received.append((results, request))
        scored = [r for r in results if r.has_score]
        if not scored:
            return ImageResult.opt_out("nothing to fuse")
        best = max(scored, key=lambda r: r.score)
        return ImageResult(score=best.score, explanation=f"max from {best.analytic_id}", mask=MASK_ROWS)

    channel = serve(server)
    stub = fusion_pb2_grpc.FuserStub(channel)
    entries = [
        fusion_pb2.AnnotatedImageManipulation(id="ela", version="1.0", data=an.ImageManipulation(
            score=0.4, confidence=0.8, has_confidence=True, facets={"Splice": 0.4},
            localization=an.ImageLocalization(mask=an.Resource(uri="/storage/output/ela/m.png")))),
        fusion_pb2.AnnotatedImageManipulation(id="noise", version="", data=an.ImageManipulation(score=0.9)),
        fusion_pb2.AnnotatedImageManipulation(id="broken", version="2", data=an.ImageManipulation(
            opt_out=an.OPT_OUT_ALL, explanation="INVALID_ARGUMENT: bad probe")),
        fusion_pb2.AnnotatedImageManipulation(id="maskonly", version="1", data=an.ImageManipulation(
            opt_out=an.OPT_OUT_DETECTION)),
    ]
    out_dir = tmp_path / "fused" / "fusion-1"
    with caplog.at_level(logging.INFO, logger="medifor_sdk"):
        answer = stub.FuseImageManipulation(_fusion_request(out_dir, entries), timeout=RPC_TIMEOUT_S)
    assert answer.score == 0.9
    assert answer.explanation == "max from noise"
    assert answer.localization.mask.uri == str(out_dir / "mask.png")
    assert read_png(Path(answer.localization.mask.uri).read_bytes())[4] == MASK_ROWS

    [(results, request)] = received
    assert request.request_id == "fusion-1" and request.img_manip_req.image.uri == "/storage/input/abc.jpg"
    assert all(isinstance(r, AnalyticResult) for r in results)
    ela, noise, broken, maskonly = results
    assert (ela.name, ela.version, ela.analytic_id, ela.score) == ("ela", "1.0", "ela_1.0", 0.4)
    assert (ela.confidence, ela.facets, ela.mask, ela.opt_out) == (0.8, {"Splice": 0.4}, "/storage/output/ela/m.png",
                                                                   OptOut.NONE)
    assert (noise.analytic_id, noise.confidence, noise.mask) == ("noise", None, None)
    assert ela.has_score and noise.has_score and not ela.opted_out
    assert broken.opted_out and not broken.has_score and broken.explanation == "INVALID_ARGUMENT: bad probe"
    assert not maskonly.has_score and not maskonly.opted_out and maskonly.opt_out == OptOut.DETECTION
    assert ela.data.score == 0.4
    assert any("FuseImageManipulation request_id=fusion-1 path=/storage/input/abc.jpg" in r.getMessage()
               for r in caplog.records)

    # Only failed analytics: the fuser opts out.
    nothing = stub.FuseImageManipulation(_fusion_request(tmp_path / "f2", entries[2:]), timeout=RPC_TIMEOUT_S)
    assert nothing.opt_out == an.OPT_OUT_ALL and nothing.explanation == "nothing to fuse"

    # The fuser serves Fuser and Health, not Analytic; unregistered fusion RPCs are UNIMPLEMENTED.
    health = health_pb2_grpc.HealthStub(channel)
    for service in ("", "mediforproto.Fuser"):
        assert health.Check(health_pb2.HealthCheckRequest(service=service),
                            timeout=RPC_TIMEOUT_S).status == health_pb2.HealthCheckResponse.SERVING
    for call in (lambda: analytic_pb2_grpc.AnalyticStub(channel).DetectImageManipulation(
                     an.ImageManipulationRequest(), timeout=RPC_TIMEOUT_S),
                 lambda: stub.FuseVideoManipulation(fusion_pb2.FuseVideoManipulationRequest(), timeout=RPC_TIMEOUT_S),
                 lambda: stub.FuseImageSplice(fusion_pb2.FuseImageSpliceRequest(), timeout=RPC_TIMEOUT_S),
                 lambda: stub.Kill(an.Empty(), timeout=RPC_TIMEOUT_S)):
        assert rpc_error(call).code() == grpc.StatusCode.UNIMPLEMENTED


def test_fuser_errors_and_invalid_scores(serve, tmp_path):
    server = FuserServer(name="picky")

    @server.image_manipulation
    def fuse(results):
        if not results:
            raise ValueError("no analytic results to fuse")
        return ImageResult(score=sum(r.score for r in results))  # can exceed 1

    stub = fusion_pb2_grpc.FuserStub(serve(server))
    failure = rpc_error(lambda: stub.FuseImageManipulation(_fusion_request(tmp_path / "a", []),
                                                           timeout=RPC_TIMEOUT_S))
    assert (failure.code(), failure.details()) == (grpc.StatusCode.INVALID_ARGUMENT, "no analytic results to fuse")
    entries = [fusion_pb2.AnnotatedImageManipulation(id=f"a{i}", data=an.ImageManipulation(score=0.75))
               for i in range(2)]
    failure = rpc_error(lambda: stub.FuseImageManipulation(_fusion_request(tmp_path / "b", entries),
                                                           timeout=RPC_TIMEOUT_S))
    assert failure.code() == grpc.StatusCode.INTERNAL
    assert failure.details().startswith("fuser returned an invalid score")
    ok = stub.FuseImageManipulation(_fusion_request(tmp_path / "c", entries[:1]), timeout=RPC_TIMEOUT_S)
    assert ok.score == 0.75


def test_video_fuser(serve, tmp_path):
    server = FuserServer(name="vfuser")

    @server.video_manipulation
    def fuse(results, request):
        assert all(isinstance(r.opt_out, tuple) for r in results)
        scored = [r.score for r in results if r.has_score]
        return VideoResult(score=max(scored)) if scored else VideoResult.opt_out("none")

    stub = fusion_pb2_grpc.FuserStub(serve(server))
    request = fusion_pb2.FuseVideoManipulationRequest(request_id="vf", out_dir=str(tmp_path / "vf"), vid_manip=[
        fusion_pb2.AnnotatedVideoManipulation(id="a", data=an.VideoManipulation(score=0.2)),
        fusion_pb2.AnnotatedVideoManipulation(id="b", data=an.VideoManipulation(
            score=0.9, opt_out=[an.VIDEO_OPT_OUT_DETECTION])),
    ])
    assert stub.FuseVideoManipulation(request, timeout=RPC_TIMEOUT_S).score == 0.2


# --- the PNG encoder -----------------------------------------------------------------------------------------------


def test_png_encoder_without_numpy(monkeypatch):
    monkeypatch.setattr(sdk_png, "_numpy", lambda: None)
    rows = [[(x * 37 + y * 11) % 256 for x in range(17)] for y in range(5)]
    data = encode_mask(rows)
    assert read_png(data) == (17, 5, 8, 0, rows)
    info = sdk_png.png_info(data)
    assert info == (17, 5, 8, 0) and info.is_grey8
    numpy = pytest.importorskip("numpy")
    # Without numpy support, an array is still a sequence of rows.
    assert read_png(encode_mask(numpy.array(rows, dtype=numpy.uint8)))[4] == rows


def test_png_encoder_with_numpy_matches_pure_python():
    numpy = pytest.importorskip("numpy")
    rows = [[(x * 13 + y) % 256 for x in range(9)] for y in range(4)]
    assert encode_mask(numpy.array(rows, dtype=numpy.uint8)) == encode_mask(rows)
    transposed = numpy.array(rows, dtype=numpy.uint8).T  # not C-contiguous
    assert read_png(encode_mask(transposed))[4] == [list(column) for column in zip(*rows)]
    with pytest.raises(ValueError, match="2-D"):
        encode_mask(numpy.zeros((2, 2, 3), dtype=numpy.uint8))
    with pytest.raises(ValueError, match="integers"):
        encode_mask(numpy.zeros((2, 2), dtype=numpy.float32))


def test_png_info_rejects_non_png():
    assert sdk_png.png_info(b"\xff\xd8\xff\xe0" + bytes(40)) is None
    assert sdk_png.png_info(b"") is None


# --- packaging -----------------------------------------------------------------------------------------------------


def test_shipped_stubs_are_up_to_date():
    """scripts/gen-python-stubs.sh --check: the stubs in the package match Protos/ (with the pinned grpcio-tools)."""
    result = subprocess.run([str(REPO_ROOT / "scripts" / "gen-python-stubs.sh"), "--check"],
                            capture_output=True, text=True, env={**os.environ, "PYTHON": sys.executable})
    if result.returncode == 3:
        pytest.skip(result.stderr.strip())
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout


def test_stubs_import_package_relative():
    from medifor_sdk.protos import fusion_pb2 as fusion, workflow_pipeline_pb2
    assert fusion.__name__ == "medifor_sdk._proto.medifor.v1.fusion_pb2"
    assert workflow_pipeline_pb2.DESCRIPTOR.services_by_name["Pipeline"].full_name == "workflowproto.Pipeline"
    for path in (SDK_DIR / "medifor_sdk" / "_proto").rglob("*.py*"):
        text = path.read_text()
        assert "from medifor.v1 import" not in text and "from workflowproto import" not in text, path


def test_wheel_ships_the_stubs(tmp_path):
    pytest.importorskip("setuptools")
    source = tmp_path / "src"
    shutil.copytree(SDK_DIR, source, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build", "dist"))
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--disable-pip-version-check",
         "-q", "-w", str(tmp_path / "wheels"), str(source)], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    [wheel] = list((tmp_path / "wheels").glob("medifor_sdk-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in ("medifor_sdk/__init__.py", "medifor_sdk/server.py", "medifor_sdk/py.typed",
                     "medifor_sdk/_proto/medifor/v1/analytic_pb2.py", "medifor_sdk/_proto/medifor/v1/analytic_pb2.pyi",
                     "medifor_sdk/_proto/medifor/v1/fusion_pb2_grpc.py",
                     "medifor_sdk/_proto/medifor/v1/pipeline_pb2_grpc.py",
                     "medifor_sdk/_proto/workflowproto/pipeline_pb2.py"):
        assert required in names, required
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "Requires-Dist: grpcio>=1.85.1" in metadata
    assert "Requires-Dist: grpcio-health-checking>=1.85.1" in metadata
