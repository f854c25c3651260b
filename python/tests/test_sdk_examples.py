"""Tests of the SDK's example programs (python/sdk/examples): in process over gRPC, and as real processes started
the way a user runs them (flags, environment, SIGTERM)."""
from __future__ import annotations

import importlib.util
import os
import signal
import socket
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

SDK_DIR = Path(__file__).resolve().parent.parent / "sdk"
EXAMPLES = SDK_DIR / "examples"
try:
    import medifor_sdk  # noqa: F401
except ImportError:  # not installed: the package is pure Python, use the source tree
    sys.path.insert(0, str(SDK_DIR))

from medifor_sdk import encode_mask  # noqa: E402
from medifor_sdk.protos import analytic_pb2 as an  # noqa: E402
from medifor_sdk.protos import analytic_pb2_grpc, fusion_pb2, fusion_pb2_grpc  # noqa: E402

RPC_TIMEOUT_S = 10.0
STARTUP_TIMEOUT_S = 30.0
# A 4x2 greyscale probe: 0, 255, 254, 2 and 253 are clipped (luminance <= 2 or >= 253); 5 of 8 pixels.
PROBE_ROWS = [[0, 255, 128, 100], [254, 3, 2, 253]]
EXPECTED_MASK = [[0, 0, 255, 255], [0, 255, 0, 0]]


def load_example(name: str):
    spec = importlib.util.spec_from_file_location(f"sdk_example_{name}", EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_grey_png(data: bytes):
    brightness = load_example("brightness_analytic")
    return brightness.decode_png_luminance(data)


def filtered_png(rows, channels: int, colour: int, filters) -> bytes:
    """A PNG of `rows` (flat byte rows) whose scanlines use the given filter types (to test the decoder)."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    width = len(rows[0]) // channels
    raw, previous = b"", bytes(len(rows[0]))
    for row, kind in zip(rows, filters):
        out = bytearray()
        for x, value in enumerate(row):
            a = row[x - channels] if x >= channels else 0
            b, c = previous[x], (previous[x - channels] if x >= channels else 0)
            p = a + b - c
            paeth = a if abs(p - a) <= abs(p - b) and abs(p - a) <= abs(p - c) else (
                b if abs(p - b) <= abs(p - c) else c)
            out.append((value - [0, a, b, (a + b) >> 1, paeth][kind]) & 0xFF)
        raw += bytes([kind]) + bytes(out)
        previous = row
    header = struct.pack(">IIBBBBB", width, len(rows), 8, colour, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def brightness(monkeypatch):
    module = load_example("brightness_analytic")
    yield module
    module.server.stop(grace=0)


def _detect(module, probe: Path, out_dir: Path):
    port = module.server.start(port=0, host="127.0.0.1")
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        return analytic_pb2_grpc.AnalyticStub(channel).DetectImageManipulation(an.ImageManipulationRequest(
            request_id="b-1", image=an.Resource(uri=str(probe)), out_dir=str(out_dir)), timeout=RPC_TIMEOUT_S)


# --- the brightness analytic ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("decoder", ["builtin", "pillow"])
def test_brightness_scores_clipped_pixels(brightness, tmp_path, decoder, monkeypatch):
    if decoder == "pillow":
        pytest.importorskip("PIL")
        assert brightness.Image is not None
    else:
        monkeypatch.setattr(brightness, "Image", None)
    probe = tmp_path / "probe.png"
    probe.write_bytes(encode_mask(PROBE_ROWS))
    answer = _detect(brightness, probe, tmp_path / "out")
    assert answer.score == 5 / 8
    assert answer.explanation == "5 of 4x2 pixels (62.5%) are clipped (luminance <= 2 or >= 253)"
    assert answer.localization.mask.uri == str(tmp_path / "out" / "mask.png")
    width, height, rows = read_grey_png(Path(answer.localization.mask.uri).read_bytes())
    assert (width, height) == (4, 2)
    assert [list(row) for row in rows] == EXPECTED_MASK


def test_brightness_builtin_decoder_handles_every_filter_and_colour_type(brightness):
    grey = [bytes([0, 10, 200, 255, 7]), bytes([1, 2, 3, 4, 5]), bytes([255, 254, 253, 252, 0]),
            bytes([9, 99, 199, 255, 0]), bytes([50, 60, 70, 80, 90])]
    for filters in ([0, 1, 2, 3, 4], [4, 3, 2, 1, 0], [2, 2, 4, 4, 3]):
        assert brightness.decode_png_luminance(filtered_png(grey, 1, 0, filters))[2] == grey
    rgb_pixels = [[(255, 255, 255), (0, 0, 0), (128, 64, 32)], [(250, 250, 250), (254, 254, 254), (10, 200, 30)]]
    rgb = [bytes(v for pixel in row for v in pixel) for row in rgb_pixels]
    rgba = [bytes(v for pixel in row for v in (*pixel, 17)) for row in rgb_pixels]
    grey_alpha = [bytes(v for value in row for v in (value, 200)) for row in ([0, 9, 255], [254, 100, 3])]
    expected_rgb = [bytes(brightness._luma(*pixel) for pixel in row) for row in rgb_pixels]
    assert brightness.decode_png_luminance(filtered_png(rgb, 3, 2, [1, 4]))[2] == expected_rgb
    assert brightness.decode_png_luminance(filtered_png(rgba, 4, 6, [3, 2]))[2] == expected_rgb
    assert brightness.decode_png_luminance(filtered_png(grey_alpha, 2, 4, [4, 1]))[2] == [bytes([0, 9, 255]),
                                                                                          bytes([254, 100, 3])]
    assert expected_rgb[0][:2] == bytes([255, 0]) and expected_rgb[1][0] == 250


def test_brightness_matches_pillow_on_rgb(brightness, tmp_path, monkeypatch):
    image_module = pytest.importorskip("PIL.Image")
    pixels = [(255, 255, 255), (0, 0, 0), (128, 64, 32), (250, 250, 250), (254, 254, 254), (10, 200, 30)] * 50
    image = image_module.new("RGB", (30, 10))
    image.putdata(pixels)
    probe = tmp_path / "rgb.png"
    image.save(probe)  # Pillow chooses its own scanline filters
    with_pillow = brightness.analyse(str(probe))
    monkeypatch.setattr(brightness, "Image", None)
    builtin = brightness.analyse(str(probe))
    assert with_pillow[:3] == builtin[:3] == (30, 10, 150)


def test_brightness_opts_out_of_jpeg_without_pillow(brightness, tmp_path, monkeypatch):
    monkeypatch.setattr(brightness, "Image", None)
    probe = tmp_path / "photo.jpg"
    probe.write_bytes(b"\xff\xd8\xff\xe0" + bytes(64))
    answer = _detect(brightness, probe, tmp_path / "out")
    assert answer.opt_out == an.OPT_OUT_ALL
    assert answer.explanation == "cannot decode this image without Pillow (not a PNG)"


def test_brightness_reads_jpeg_with_pillow(brightness, tmp_path):
    image_module = pytest.importorskip("PIL.Image")
    image = image_module.new("L", (64, 64), 128)
    image.paste(255, (0, 0, 32, 64))  # the left half is white
    probe = tmp_path / "photo.jpg"
    image.save(probe, format="JPEG", quality=95)
    answer = _detect(brightness, probe, tmp_path / "out")
    assert answer.score == pytest.approx(0.5, abs=0.05)
    assert os.path.isfile(answer.localization.mask.uri)


def test_brightness_refuses_undecodable_input_with_pillow(brightness, tmp_path):
    pytest.importorskip("PIL")
    probe = tmp_path / "junk.png"
    probe.write_bytes(b"this is not an image")
    with pytest.raises(grpc.RpcError) as caught:
        _detect(brightness, probe, tmp_path / "out")
    assert caught.value.code() == grpc.StatusCode.INVALID_ARGUMENT
    assert caught.value.details().startswith(f"cannot decode {probe}")


# --- the max fuser -------------------------------------------------------------------------------------------------


def test_max_fuser_in_process(tmp_path):
    fuser = load_example("max_fuser")
    port = fuser.server.start(port=0, host="127.0.0.1")
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = fusion_pb2_grpc.FuserStub(channel)
            entries = [fusion_pb2.AnnotatedImageManipulation(id="a", version="1", data=an.ImageManipulation(score=0.3)),
                       fusion_pb2.AnnotatedImageManipulation(id="b", data=an.ImageManipulation(score=0.6)),
                       fusion_pb2.AnnotatedImageManipulation(id="c", data=an.ImageManipulation(
                           score=0.99, opt_out=an.OPT_OUT_ALL))]
            answer = stub.FuseImageManipulation(fusion_pb2.FuseImageManipulationRequest(
                request_id="f", out_dir=str(tmp_path / "f"), img_manip=entries), timeout=RPC_TIMEOUT_S)
            assert (answer.score, answer.explanation) == (0.6, "maximum of 2 scores, from b")
            none = stub.FuseImageManipulation(fusion_pb2.FuseImageManipulationRequest(
                request_id="g", out_dir=str(tmp_path / "g"), img_manip=entries[2:]), timeout=RPC_TIMEOUT_S)
            assert none.opt_out == an.OPT_OUT_ALL
            video = stub.FuseVideoManipulation(fusion_pb2.FuseVideoManipulationRequest(
                request_id="v", out_dir=str(tmp_path / "v"), vid_manip=[
                    fusion_pb2.AnnotatedVideoManipulation(id="x", version="2", data=an.VideoManipulation(score=0.4))]),
                timeout=RPC_TIMEOUT_S)
            assert (video.score, video.explanation) == (0.4, "maximum of 1 scores, from x_2")
    finally:
        fuser.server.stop(grace=0)


# --- as processes --------------------------------------------------------------------------------------------------


def _start_example(name: str, args, env_extra, tmp_path):
    env = {**os.environ, **env_extra}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SDK_DIR), os.environ.get("PYTHONPATH")]))
    log = open(tmp_path / f"{name}.log", "w+b")
    proc = subprocess.Popen([sys.executable, str(EXAMPLES / f"{name}.py"), *args], stdout=log,
                            stderr=subprocess.STDOUT, env=env)
    return proc, log


def _wait_serving(channel, proc, log):
    health = health_pb2_grpc.HealthStub(channel)
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"example exited with {proc.returncode}: {log.name}"
        try:
            if health.Check(health_pb2.HealthCheckRequest(service=""), timeout=1.0).status == \
                    health_pb2.HealthCheckResponse.SERVING:
                return
        except grpc.RpcError:
            pass
        time.sleep(0.1)
    pytest.fail(f"example did not serve within {STARTUP_TIMEOUT_S}s")


def _terminate(proc, log) -> str:
    proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        pytest.fail("the example did not stop on SIGTERM")
    log.seek(0)
    output = log.read().decode(errors="replace")
    log.close()
    assert code == 0, output
    return output


def test_brightness_example_as_a_process(tmp_path):
    port = _free_port()
    proc, log = _start_example("brightness_analytic", ["--port", str(port), "--host", "127.0.0.1"], {}, tmp_path)
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            _wait_serving(channel, proc, log)
            probe = tmp_path / "probe.png"
            probe.write_bytes(encode_mask(PROBE_ROWS))
            answer = analytic_pb2_grpc.AnalyticStub(channel).DetectImageManipulation(an.ImageManipulationRequest(
                request_id="proc-1", image=an.Resource(uri=str(probe)), out_dir=str(tmp_path / "out")),
                timeout=RPC_TIMEOUT_S)
            assert answer.score == 5 / 8
    finally:
        output = _terminate(proc, log) if proc.poll() is None else ""
    assert "request_id=proc-1" in output and "outcome=OK score=0.625" in output
    assert "received a stop signal" in output and "stopped" in output


def test_max_fuser_example_takes_its_port_from_the_environment(tmp_path):
    port = _free_port()
    proc, log = _start_example("max_fuser", [], {"MEDIFOR_ANALYTIC_PORT": str(port),
                                                  "MEDIFOR_ANALYTIC_HOST": "127.0.0.1"}, tmp_path)
    try:
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            _wait_serving(channel, proc, log)
            answer = fusion_pb2_grpc.FuserStub(channel).FuseImageManipulation(
                fusion_pb2.FuseImageManipulationRequest(request_id="proc-f", out_dir=str(tmp_path / "f"), img_manip=[
                    fusion_pb2.AnnotatedImageManipulation(id="a", data=an.ImageManipulation(score=0.45))]),
                timeout=RPC_TIMEOUT_S)
            assert answer.score == 0.45
    finally:
        output = _terminate(proc, log) if proc.poll() is None else ""
    assert "request_id=proc-f" in output
