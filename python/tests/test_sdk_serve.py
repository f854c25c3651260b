"""End to end: `medifor serve` (the real binary) runs a detection through an analytic and a fuser written with the
Python SDK (`medifor_sdk`), each a real gRPC server on loopback, and the Pipeline API reports their answers.

The server binary comes from MEDIFOR_BIN (default: the debug build in this checkout), as in conftest.py.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import socket
import struct
import subprocess
import sys
import threading
import time
import uuid
import zlib
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

SDK_DIR = Path(__file__).resolve().parent.parent / "sdk"
try:
    import medifor_sdk  # noqa: F401
except ImportError:  # not installed: the package is pure Python, use the source tree
    sys.path.insert(0, str(SDK_DIR))

from medifor_sdk import AnalyticServer, FuserServer, ImageResult  # noqa: E402
from medifor_sdk.protos import analytic_pb2 as an  # noqa: E402
from medifor_sdk.protos import pipeline_pb2 as pl  # noqa: E402
from medifor_sdk.protos import pipeline_pb2_grpc  # noqa: E402

MEDIFOR_BIN = os.environ.get("MEDIFOR_BIN", "/work/main/.build/debug/medifor")
STARTUP_TIMEOUT_S = 60.0
DETECTION_TIMEOUT_S = 60.0
RPC_TIMEOUT_S = 15.0
ANALYTIC_ID = "sdkdemo"
FUSER_ID = "sdkmax"
JPEG_MAGIC = b"\xff\xd8\xff\xe0"
FAIL_MARKER = b"sdk-please-fail"
OPT_OUT_MARKER = b"sdk-please-opt-out"
FAIL_MESSAGE = "sdkdemo cannot read this probe"
# The analytic's mask: a 6x4 image, left half manipulated (0), right half untouched (255).
MASK_ROWS = [[0, 0, 0, 255, 255, 255]] * 4


def score_of(content: bytes) -> float:
    """The SDK analytic's score: a deterministic number in [0, 1) from the probe's MD5."""
    return int(hashlib.md5(content).hexdigest()[:8], 16) / 2 ** 32


def fused_from(score: float) -> float:
    """The SDK fuser's answer for one analytic score: distinct from the score, so a pass-through would show."""
    return 0.25 + score / 2


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.calls = []

    def add(self, *entry):
        with self.lock:
            self.calls.append(entry)

    def matching(self, predicate):
        with self.lock:
            return [entry for entry in self.calls if predicate(entry)]


def make_analytic(recorder: Recorder) -> AnalyticServer:
    server = AnalyticServer(name=ANALYTIC_ID)

    @server.image_manipulation
    def detect(image_path, out_dir, request):
        with open(image_path, "rb") as probe:
            content = probe.read()
        if FAIL_MARKER in content:
            recorder.add(request, out_dir, None)
            raise ValueError(FAIL_MESSAGE)
        if OPT_OUT_MARKER in content:
            result = ImageResult.opt_out("sdkdemo does not apply to this probe")
        else:
            result = ImageResult(score=score_of(content), mask=MASK_ROWS,
                                 explanation=f"sdkdemo scored {len(content)} bytes")
        recorder.add(request, out_dir, result)
        return result

    return server


def make_fuser(recorder: Recorder) -> FuserServer:
    server = FuserServer(name=FUSER_ID)

    @server.image_manipulation
    def fuse(results, request):
        scored = [result.score for result in results if result.has_score]
        answer = (ImageResult(score=fused_from(max(scored)), explanation=f"sdkmax fused {len(scored)} scores")
                  if scored else ImageResult.opt_out("sdkmax: no scores to fuse"))
        recorder.add(request, results, answer)
        return answer

    return server


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serving(channel) -> bool:
    try:
        answer = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=""), timeout=1.0)
        return answer.status == health_pb2.HealthCheckResponse.SERVING
    except grpc.RpcError:
        return False


class Env:
    def __init__(self, data_dir: Path, proc, log_path: Path, channel, analytic: Recorder, fuser: Recorder):
        self.data_dir = data_dir
        self.storage = Path(os.path.realpath(data_dir / "storage"))
        self.proc = proc
        self.log_path = log_path
        self.pipeline = pipeline_pb2_grpc.PipelineStub(channel)
        self.analytic = analytic
        self.fuser = fuser

    def check_alive(self):
        if self.proc.poll() is not None:
            pytest.fail(f"medifor serve exited with status {self.proc.returncode}; log: {self.log_path}")

    def write_probe(self, name: str, content: bytes) -> Path:
        inbox = self.data_dir / "storage" / "inbox"
        inbox.mkdir(parents=True, exist_ok=True)
        path = inbox / name
        path.write_bytes(content)
        return path

    def detect(self, path: Path):
        request = pl.DetectionRequest(
            request=an.Detection(img_manip_req=an.ImageManipulationRequest(image=an.Resource(uri=str(path)))),
            analytic_id=[ANALYTIC_ID], fuser_id=[FUSER_ID])
        return self.pipeline.Detect(request, timeout=RPC_TIMEOUT_S)

    def wait_finished(self, detection_id: str):
        """Polls GetDetectionInfo(want_fused) until the analytic is FINISHED and a fusion is FINISHED."""
        deadline = time.monotonic() + DETECTION_TIMEOUT_S
        info = None
        while time.monotonic() < deadline:
            self.check_alive()
            info = self.pipeline.GetDetectionInfo(pl.DetectionInfoRequest(id=detection_id, want_fused=True),
                                                  timeout=RPC_TIMEOUT_S)
            analytic_done = any(row.analytic_id == ANALYTIC_ID and row.stage == pl.DETECTION_STAGE_FINISHED
                                for row in info.analytic_info)
            fusion_done = any(entry.fuser_id == FUSER_ID and entry.stage == pl.DETECTION_STAGE_FINISHED
                              for entry in info.fusion_info)
            if analytic_done and fusion_done:
                return info
            time.sleep(0.2)
        pytest.fail(f"detection {detection_id} did not finish within {DETECTION_TIMEOUT_S}s; last info: {info}; "
                    f"server log: {self.log_path}")


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    if not os.access(MEDIFOR_BIN, os.X_OK):
        pytest.fail(f"no server binary at {MEDIFOR_BIN}; build it or set MEDIFOR_BIN")
    analytic_calls, fuser_calls = Recorder(), Recorder()
    analytic, fuser = make_analytic(analytic_calls), make_fuser(fuser_calls)
    analytic_port = analytic.start(port=0, host="127.0.0.1")
    fuser_port = fuser.start(port=0, host="127.0.0.1")

    data_dir = tmp_path_factory.mktemp("medifor-sdk-serve")
    config = data_dir / "config.json"
    config.write_text(json.dumps({"analytics": [
        {"id": ANALYTIC_ID, "name": "SDK demo", "description": "an analytic written with medifor_sdk",
         "media": ["IMAGE"], "address": f"127.0.0.1:{analytic_port}"},
        {"id": FUSER_ID, "name": "SDK max", "description": "a fuser written with medifor_sdk",
         "media": ["FUSION_IMAGE"], "address": f"127.0.0.1:{fuser_port}"},
    ]}))
    port = _free_port()
    log_path = data_dir / "server.log"
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        [MEDIFOR_BIN, "serve", "--data-dir", str(data_dir), "--host", "127.0.0.1", "--queue-grpc-port", "0",
         "--queue-http-port", "0", "--pipeline-port", str(port), "--no-builtins", "--config", str(config)],
        stdout=log, stderr=subprocess.STDOUT)
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _serving(channel):
            if proc.poll() is not None:
                pytest.fail(f"medifor serve exited with status {proc.returncode}; log: {log_path}")
            if time.monotonic() > deadline:
                pytest.fail(f"the Pipeline port {port} did not report SERVING within {STARTUP_TIMEOUT_S}s; "
                            f"log: {log_path}")
            time.sleep(0.2)
        yield Env(data_dir, proc, log_path, channel, analytic_calls, fuser_calls)
    finally:
        channel.close()
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        analytic.stop(grace=1)
        fuser.stop(grace=1)


def _jpeg() -> bytes:
    """A real JPEG when Pillow is installed, else JPEG-signed bytes (all the server sniffs)."""
    try:
        from PIL import Image
    except ImportError:
        return JPEG_MAGIC + f"sdk probe {uuid.uuid4().hex}".encode()
    image = Image.new("RGB", (32, 24), (40, 90, 200))
    image.paste((255, 255, 255), (0, 0, 8, 24))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=90, comment=uuid.uuid4().hex.encode())
    return out.getvalue()


def _inside(path: str, folder: Path) -> bool:
    return os.path.realpath(path).startswith(os.path.realpath(folder) + os.sep)


def _read_grey_png(path: str):
    """(width, height, bit depth, colour type, rows) of a PNG written by the SDK (unfiltered scanlines); checks the
    signature, every chunk's CRC and the chunk order."""
    data = Path(path).read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    position, kinds, header, idat = 8, [], None, b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        assert struct.unpack(">I", data[position + 8 + length:position + 12 + length])[0] == \
            zlib.crc32(kind + body) & 0xFFFFFFFF, kind
        kinds.append(kind)
        header = struct.unpack(">IIBBBBB", body) if kind == b"IHDR" else header
        idat += body if kind == b"IDAT" else b""
        position += 12 + length
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND"
    width, height, depth, colour = header[:4]
    raw = zlib.decompress(idat)
    assert len(raw) == height * (width + 1)
    lines = [raw[y * (width + 1):(y + 1) * (width + 1)] for y in range(height)]
    assert all(line[0] == 0 for line in lines)
    return width, height, depth, colour, [list(line[1:]) for line in lines]


def test_detection_runs_the_sdk_analytic_and_fuser(env):
    content = _jpeg()
    probe = env.write_probe("x.jpg", content)
    accepted = env.detect(probe)
    md5 = hashlib.md5(content).hexdigest()
    assert accepted.id == md5

    info = env.wait_finished(md5)
    stored = env.storage / "input" / f"{md5}.jpg"

    # The SDK analytic was called on the stored probe, with an out_dir of its own, and returned this result.
    [(request, out_dir, returned)] = env.analytic.matching(
        lambda call: os.path.realpath(call[0].image.uri) == str(stored))
    assert returned.score == score_of(content)
    assert request.request_id
    assert _inside(request.out_dir, env.storage / "output" / ANALYTIC_ID)
    assert out_dir == request.out_dir and os.path.isdir(out_dir)

    # What reached the store is what the function returned.
    [row] = [row for row in info.analytic_info if row.analytic_id == ANALYTIC_ID]
    assert row.stage == pl.DETECTION_STAGE_FINISHED
    assert row.status == pl.DETECTION_STATUS_SUCCESS, row
    assert row.detection.status.code == grpc.StatusCode.OK.value[0]
    result = row.detection.img_manip
    assert result.score == returned.score
    assert result.explanation == returned.explanation == f"sdkdemo scored {len(content)} bytes"
    assert result.opt_out == an.OPT_OUT_NONE
    mask = result.localization.mask
    assert mask.type == "image/png"
    assert _inside(mask.uri, env.storage / "output" / ANALYTIC_ID), mask.uri
    assert os.path.isfile(mask.uri)
    assert _inside(mask.uri, Path(out_dir))
    width, height, depth, colour, rows = _read_grey_png(mask.uri)
    assert (width, height, depth, colour) == (6, 4, 8, 0)
    assert rows == MASK_ROWS

    # The SDK fuser got the analytic's result and its answer is the detection's fused score.
    fused_calls = env.fuser.matching(lambda call: os.path.realpath(call[0].img_manip_req.image.uri) == str(stored))
    assert fused_calls, "the SDK fuser was never called for this probe"
    fusion_request, results, answer = fused_calls[-1]
    assert [(r.analytic_id, r.has_score, r.score) for r in results] == [(ANALYTIC_ID, True, returned.score)]
    assert os.path.realpath(results[0].mask) == os.path.realpath(mask.uri)
    assert answer.score == fused_from(returned.score)
    [fusion] = [entry for entry in info.fusion_info if entry.fuser_id == FUSER_ID]
    assert fusion.stage == pl.DETECTION_STAGE_FINISHED
    assert fusion.status == pl.DETECTION_STATUS_SUCCESS, fusion
    assert fusion.fusion.img_manip.score == answer.score
    assert fusion.fusion.img_manip.explanation == "sdkmax fused 1 scores"
    assert info.has_fused
    assert info.fused_score == answer.score
    assert _inside(fusion_request.out_dir, env.storage / "output" / FUSER_ID)


def test_analytic_exception_is_recorded_as_its_failure(env):
    content = JPEG_MAGIC + FAIL_MARKER + uuid.uuid4().hex.encode()
    probe = env.write_probe(f"fail-{uuid.uuid4().hex}.jpg", content)
    md5 = env.detect(probe).id
    assert md5 == hashlib.md5(content).hexdigest()
    info = env.wait_finished(md5)

    [row] = [row for row in info.analytic_info if row.analytic_id == ANALYTIC_ID]
    assert row.stage == pl.DETECTION_STAGE_FINISHED
    assert row.status == pl.DETECTION_STATUS_FAILURE
    assert row.detection.status.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    assert FAIL_MESSAGE in row.detection.status.message
    # The fuser hears of the failure as a result without a score, and opts out.
    stored = str(env.storage / "input" / f"{md5}.jpg")
    fused_calls = env.fuser.matching(lambda call: os.path.realpath(call[0].img_manip_req.image.uri) == stored)
    assert fused_calls
    _, results, answer = fused_calls[-1]
    assert [(r.analytic_id, r.has_score, r.opted_out) for r in results] == [(ANALYTIC_ID, False, True)]
    assert FAIL_MESSAGE in results[0].explanation
    [fusion] = [entry for entry in info.fusion_info if entry.fuser_id == FUSER_ID]
    assert fusion.fusion.img_manip.opt_out == an.OPT_OUT_ALL
    assert not info.has_fused


def test_analytic_opt_out_reaches_the_store(env):
    content = JPEG_MAGIC + OPT_OUT_MARKER + uuid.uuid4().hex.encode()
    probe = env.write_probe(f"optout-{uuid.uuid4().hex}.jpg", content)
    md5 = env.detect(probe).id
    info = env.wait_finished(md5)

    [row] = [row for row in info.analytic_info if row.analytic_id == ANALYTIC_ID]
    assert row.status == pl.DETECTION_STATUS_SUCCESS
    assert row.detection.img_manip.opt_out == an.OPT_OUT_ALL
    assert row.detection.img_manip.explanation == "sdkdemo does not apply to this probe"
    [fusion] = [entry for entry in info.fusion_info if entry.fuser_id == FUSER_ID]
    assert fusion.status == pl.DETECTION_STATUS_SUCCESS
    assert fusion.fusion.img_manip.opt_out == an.OPT_OUT_ALL
    assert fusion.fusion.img_manip.explanation == "sdkmax: no scores to fuse"
    assert not info.has_fused
