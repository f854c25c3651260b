"""Fixtures and helpers for the Pipeline interop tests (loaded by test_pipeline_interop.py via `pytest_plugins`).

A real Python grpcio client talks to `medifor serve`, which runs analytic and fusion workers against real Python
gRPC servers started here (an `mediforproto.Analytic` and an `mediforproto.Fuser`). The Python stubs are generated
at session start from the project's protos; `google.rpc.Status` comes from googleapis-common-protos and the health
protocol from grpcio-health-checking, so those two protos are never generated (they would shadow the installed
`google` and `grpc` packages).

The server binary comes from MEDIFOR_BIN (default: the debug build in this checkout), as in conftest.py.
"""
from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import socket
import struct
import subprocess
import sys
import threading
import time
import types
import uuid
import zlib
from concurrent import futures
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health, health_pb2, health_pb2_grpc

MEDIFOR_BIN = os.environ.get("MEDIFOR_BIN", "/work/main/.build/debug/medifor")
PROTOS_DIR = Path(__file__).resolve().parent.parent.parent / "Protos"
STARTUP_TIMEOUT_S = 60.0
DETECTION_TIMEOUT_S = 60.0
RPC_TIMEOUT_S = 15.0

ANALYTIC_ID = "pyscore_1"
FUSER_ID = "pymax_1"
# What the Python analytic aborts with when the probe contains `fail`.
FAIL_MESSAGE = "pyscore refuses this probe: it says fail"
JPEG_MAGIC = b"\xff\xd8\xff\xe0"
DEFAULT_SCORE = 0.5
SERVICE_NAMES = ("mediforproto", "workflowproto")


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


# A valid 1x1 8-bit grey PNG: what the Python analytic writes as its mask.
MASK_PNG = (
    b"\x89PNG\r\n\x1a\n"
    + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
    + _png_chunk(b"IDAT", zlib.compress(b"\x00\x80"))
    + _png_chunk(b"IEND", b"")
)


def score_of(content: bytes) -> float:
    """The score the Python analytic gives a probe: the number after `score=`, else 0.5."""
    match = re.search(rb"score=([0-9]+(?:\.[0-9]+)?)", content)
    return float(match.group(1)) if match else DEFAULT_SCORE


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- stubs -------------------------------------------------------------------------------------------------------


def generate_stubs(out_dir: Path) -> types.SimpleNamespace:
    """Generates the Python stubs of the MediFor protos into `out_dir`, puts it on sys.path and imports them."""
    protos = sorted(str(p) for p in (PROTOS_DIR / "medifor" / "v1").glob("*.proto"))
    protos.append(str(PROTOS_DIR / "workflowproto" / "pipeline.proto"))
    if len(protos) < 3:
        raise RuntimeError(f"no protos found under {PROTOS_DIR}")
    out_dir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [sys.executable, "-m", "grpc_tools.protoc", f"-I{PROTOS_DIR}", f"--python_out={out_dir}",
         f"--grpc_python_out={out_dir}", *protos],
        capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"protoc failed ({result.returncode}):\n{result.stderr}")
    for generated in ("google", "grpc"):
        if (out_dir / generated).exists():
            raise RuntimeError(f"protoc generated a {generated}/ package that would shadow the installed one")
    sys.path.insert(0, str(out_dir))
    importlib.invalidate_caches()
    names = {
        "analytic_pb2": "medifor.v1.analytic_pb2",
        "analytic_pb2_grpc": "medifor.v1.analytic_pb2_grpc",
        "fusion_pb2": "medifor.v1.fusion_pb2",
        "fusion_pb2_grpc": "medifor.v1.fusion_pb2_grpc",
        "pipeline_pb2": "medifor.v1.pipeline_pb2",
        "pipeline_pb2_grpc": "medifor.v1.pipeline_pb2_grpc",
        "wf_pipeline_pb2": "workflowproto.pipeline_pb2",
        "wf_pipeline_pb2_grpc": "workflowproto.pipeline_pb2_grpc",
    }
    return types.SimpleNamespace(**{key: importlib.import_module(module) for key, module in names.items()})


# --- the Python analytic and fuser ---------------------------------------------------------------------------------


def make_analytic(pb: types.SimpleNamespace):
    """An `mediforproto.Analytic` scoring probes by their `score=` text and writing a PNG mask into `out_dir`."""

    class ScoreAnalytic(pb.analytic_pb2_grpc.AnalyticServicer):
        def __init__(self) -> None:
            self.lock = threading.Lock()
            self.requests: list = []

        def DetectImageManipulation(self, request, context):
            with self.lock:
                self.requests.append(request)
            try:
                with open(request.image.uri, "rb") as probe:
                    content = probe.read()
            except OSError as error:
                context.abort(grpc.StatusCode.NOT_FOUND, f"cannot read probe {request.image.uri}: {error}")
            if b"fail" in content:
                context.abort(grpc.StatusCode.INVALID_ARGUMENT, FAIL_MESSAGE)
            score = score_of(content)
            os.makedirs(request.out_dir, exist_ok=True)
            mask = os.path.join(request.out_dir, "mask.png")
            with open(mask, "wb") as out:
                out.write(MASK_PNG)
            return pb.analytic_pb2.ImageManipulation(
                score=score,
                explanation=f"pyscore read score={score}",
                localization=pb.analytic_pb2.ImageLocalization(
                    mask=pb.analytic_pb2.Resource(uri=mask, type="image/png")),
            )

    return ScoreAnalytic()


def make_fuser(pb: types.SimpleNamespace):
    """An `mediforproto.Fuser` answering the maximum score of the analytics that did not opt out entirely."""

    class MaxFuser(pb.fusion_pb2_grpc.FuserServicer):
        def __init__(self) -> None:
            self.lock = threading.Lock()
            self.requests: list = []

        def FuseImageManipulation(self, request, context):
            with self.lock:
                self.requests.append(request)
            scores = [entry.data.score for entry in request.img_manip
                      if entry.data.opt_out != pb.analytic_pb2.OPT_OUT_ALL]
            if not scores:
                return pb.analytic_pb2.ImageManipulation(opt_out=pb.analytic_pb2.OPT_OUT_ALL)
            return pb.analytic_pb2.ImageManipulation(score=max(scores), explanation=f"max of {len(scores)} scores")

    return MaxFuser()


def _start_grpc_server(register) -> tuple[grpc.Server, int]:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    register(server)
    health_servicer = health.HealthServicer()
    health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    return server, port


# --- the server under test -----------------------------------------------------------------------------------------


class PipelineEnv:
    """`medifor serve` with its data directory, a client channel and the Python analytic/fuser it calls."""

    def __init__(self, pb, data_dir: Path, port: int, proc: subprocess.Popen, log_path: Path, analytic, fuser):
        self.pb = pb
        self.data_dir = data_dir
        self.storage = Path(os.path.realpath(data_dir / "storage"))
        self.inbox = self.storage / "inbox"
        self.port = port
        self.proc = proc
        self.log_path = log_path
        self.analytic = analytic
        self.fuser = fuser
        self.channel = grpc.insecure_channel(f"127.0.0.1:{port}")
        self.stubs = {
            "mediforproto": pb.pipeline_pb2_grpc.PipelineStub(self.channel),
            "workflowproto": pb.wf_pipeline_pb2_grpc.PipelineStub(self.channel),
        }
        self.health = health_pb2_grpc.HealthStub(self.channel)

    def empty(self, service: str):
        """The `Empty` message of that service's package."""
        return self.pb.analytic_pb2.Empty() if service == "mediforproto" else self.pb.wf_pipeline_pb2.Empty()

    def write_probe(self, text: str) -> tuple[Path, str]:
        """Writes a JPEG-signed probe into `storage/inbox/` (unique content); returns its path and MD5."""
        self.inbox.mkdir(parents=True, exist_ok=True)
        content = JPEG_MAGIC + f"{text} nonce={uuid.uuid4().hex}".encode()
        path = self.inbox / f"{uuid.uuid4().hex}.jpg"
        path.write_bytes(content)
        return path, hashlib.md5(content).hexdigest()

    def detection_request(self, uri: str, **fields):
        pb = self.pb.pipeline_pb2
        an = self.pb.analytic_pb2
        return pb.DetectionRequest(
            request=an.Detection(img_manip_req=an.ImageManipulationRequest(image=an.Resource(uri=uri))), **fields)

    def detect(self, service: str, uri: str, **fields):
        return self.stubs[service].Detect(self.detection_request(uri, **fields), timeout=RPC_TIMEOUT_S)

    def info(self, service: str, detection_id: str, want_fused: bool = True):
        request = self.pb.pipeline_pb2.DetectionInfoRequest(id=detection_id, want_fused=want_fused)
        return self.stubs[service].GetDetectionInfo(request, timeout=RPC_TIMEOUT_S)

    def wait_finished(self, service: str, detection_id: str, want_fusion: bool, timeout: float = DETECTION_TIMEOUT_S):
        """Polls GetDetectionInfo(want_fused) until every analytic finished (and, if asked, a fusion finished)."""
        finished = self.pb.pipeline_pb2.DETECTION_STAGE_FINISHED
        deadline = time.monotonic() + timeout
        info = None
        while time.monotonic() < deadline:
            self.check_alive()
            info = self.info(service, detection_id, want_fused=True)
            analytics_done = info.analytics_total > 0 and info.analytics_finished == info.analytics_total
            fusion_done = any(entry.stage == finished for entry in info.fusion_info)
            if analytics_done and (fusion_done or not want_fusion):
                return info
            time.sleep(0.2)
        pytest.fail(f"detection {detection_id} did not finish within {timeout}s; last info: {info}; "
                    f"server log: {self.log_path}")

    def check_alive(self) -> None:
        if self.proc.poll() is not None:
            pytest.fail(f"medifor serve exited with status {self.proc.returncode}; log: {self.log_path}")

    def close(self) -> None:
        self.channel.close()


def _serving(channel: grpc.Channel) -> bool:
    try:
        response = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=""), timeout=1.0)
        return response.status == health_pb2.HealthCheckResponse.SERVING
    except grpc.RpcError:
        return False


@pytest.fixture(scope="session")
def pb(tmp_path_factory):
    """The generated MediFor Python stubs (generated once per session)."""
    return generate_stubs(tmp_path_factory.mktemp("medifor-stubs"))


@pytest.fixture(scope="session")
def pipeline(pb, tmp_path_factory):
    """A running `medifor serve` whose config points at the in-process Python analytic and fuser."""
    if not os.access(MEDIFOR_BIN, os.X_OK):
        pytest.fail(f"no server binary at {MEDIFOR_BIN}; build it or set MEDIFOR_BIN")
    analytic = make_analytic(pb)
    fuser = make_fuser(pb)
    analytic_server, analytic_port = _start_grpc_server(
        lambda server: pb.analytic_pb2_grpc.add_AnalyticServicer_to_server(analytic, server))
    fuser_server, fuser_port = _start_grpc_server(
        lambda server: pb.fusion_pb2_grpc.add_FuserServicer_to_server(fuser, server))

    data_dir = tmp_path_factory.mktemp("medifor-pipeline")
    config = data_dir / "config.json"
    config.write_text(json.dumps({"analytics": [
        {"id": ANALYTIC_ID, "name": "Python score", "description": "reads score= from the probe",
         "media": ["IMAGE"], "address": f"127.0.0.1:{analytic_port}"},
        {"id": FUSER_ID, "name": "Python max", "description": "maximum of the analytic scores",
         "media": ["FUSION_IMAGE"], "address": f"127.0.0.1:{fuser_port}"},
    ]}))
    port = _free_port()
    log_path = data_dir / "server.log"
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        [MEDIFOR_BIN, "serve", "--data-dir", str(data_dir), "--host", "127.0.0.1", "--queue-grpc-port", "0",
         "--queue-http-port", "0", "--pipeline-port", str(port), "--no-builtins", "--config", str(config)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    env = None
    try:
        env = PipelineEnv(pb, data_dir, port, proc, log_path, analytic, fuser)
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _serving(env.channel):
            if proc.poll() is not None:
                pytest.fail(f"medifor serve exited with status {proc.returncode}; log: {log_path}")
            if time.monotonic() > deadline:
                pytest.fail(f"the Pipeline port {port} did not report SERVING within {STARTUP_TIMEOUT_S}s; "
                            f"log: {log_path}")
            time.sleep(0.2)
        yield env
    finally:
        if env is not None:
            env.close()
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
        analytic_server.stop(grace=1).wait()
        fuser_server.stop(grace=1).wait()
