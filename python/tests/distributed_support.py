"""Fixtures and helpers for the distributed-role tests (loaded by test_distributed.py via `pytest_plugins`).

Every role runs as its own process, as in a deployment: `medifor queue serve` on a Postgres backend, `medifor
workflow` on a Postgres results store, `medifor worker` / `medifor fusion-worker`, the built-in `mean` fuser
(`medifor analytic serve mean`) and the analytic under test, a Python grpcio `mediforproto.Analytic` server that
this file also is:

    python3 distributed_support.py analytic --port A --stubs DIR --log CALLS.jsonl [--delay-ms 50]

That analytic sleeps the delay, reads the probe, answers the number after `score=` in it (0.5 without one), writes a
1x1 PNG mask into `out_dir`, and answers INVALID_ARGUMENT (UNREADABLE_MESSAGE) for a probe containing `unreadable`.
Each call appends one JSON line at its start (`start`) and one at its end (`done`/`fail`) to the calls log, with the
probe path, the caller's address and the time, so a test can count calls per probe and tell which worker process
made them.

Each test gets its own queue schema and store schema (unique names) in the Postgres of MEDIFOR_TEST_POSTGRES_URL,
which must be set (`eval "$(scripts/postgres.sh start)"`); without it the tests fail, they never skip. Every
process logs to a file under the test's tmp dir (`logs/<role>-<n>.log`) and is terminated by the fixture's
finalizer; the schemas are dropped afterwards (set MEDIFOR_TEST_KEEP_SCHEMAS=1 to keep them for a post-mortem).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from concurrent import futures
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from pipeline_support import JPEG_MAGIC, MASK_PNG, score_of  # noqa: E402

MEDIFOR_BIN = os.environ.get("MEDIFOR_BIN", "/work/main/.build/debug/medifor")
POSTGRES_VARIABLE = "MEDIFOR_TEST_POSTGRES_URL"
ANALYTIC_ID = "slow"
FUSER_ID = "mean"
UNREADABLE_MESSAGE = "slow cannot decode this probe: it is unreadable"
STARTUP_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 20.0
RPC_TIMEOUT_S = 15.0


# --- the analytic under test (runs in its own process) ---------------------------------------------------------------


class CallLog:
    """Appends one JSON object per line to a file shared by every analytic process of a test (O_APPEND)."""

    def __init__(self, path: str) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self.lock = threading.Lock()

    def write(self, **record) -> None:
        line = (json.dumps(record) + "\n").encode()
        with self.lock:
            os.write(self.fd, line)


def serve_analytic(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="distributed_support.py analytic")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--delay-ms", type=int, default=50)
    parser.add_argument("--stubs", required=True, help="folder of the generated Python stubs")
    parser.add_argument("--log", required=True, help="calls log (JSON lines)")
    args = parser.parse_args(argv)

    import grpc
    from grpc_health.v1 import health, health_pb2, health_pb2_grpc

    sys.path.insert(0, args.stubs)
    from medifor.v1 import analytic_pb2, analytic_pb2_grpc

    calls = CallLog(args.log)
    delay = args.delay_ms / 1000.0

    class SlowAnalytic(analytic_pb2_grpc.AnalyticServicer):
        def DetectImageManipulation(self, request, context):
            call = uuid.uuid4().hex
            uri = request.image.uri
            calls.write(event="start", call=call, uri=uri, peer=context.peer(), pid=os.getpid(), t=time.time())
            time.sleep(delay)
            try:
                with open(uri, "rb") as probe:
                    content = probe.read()
            except OSError as error:
                calls.write(event="fail", call=call, uri=uri, code="NOT_FOUND", t=time.time())
                context.abort(grpc.StatusCode.NOT_FOUND, f"cannot read probe {uri}: {error}")
            if b"unreadable" in content:
                calls.write(event="fail", call=call, uri=uri, code="INVALID_ARGUMENT", t=time.time())
                context.abort(grpc.StatusCode.INVALID_ARGUMENT, UNREADABLE_MESSAGE)
            score = score_of(content)
            os.makedirs(request.out_dir, exist_ok=True)
            mask = os.path.join(request.out_dir, "mask.png")
            with open(mask, "wb") as out:
                out.write(MASK_PNG)
            calls.write(event="done", call=call, uri=uri, score=score, t=time.time())
            return analytic_pb2.ImageManipulation(
                score=score, explanation=f"slow read score={score}",
                localization=analytic_pb2.ImageLocalization(mask=analytic_pb2.Resource(uri=mask, type="image/png")))

    server = grpc.server(futures.ThreadPoolExecutor(max_workers=32))
    analytic_pb2_grpc.add_AnalyticServicer_to_server(SlowAnalytic(), server)
    health_servicer = health.HealthServicer()
    health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)
    try:
        bound = server.add_insecure_port(f"{args.host}:{args.port}")
    except RuntimeError as error:
        print(f"cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr, flush=True)
        return 1
    if bound != args.port:
        print(f"cannot listen on {args.host}:{args.port} (bound {bound})", file=sys.stderr, flush=True)
        return 1
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    server.start()
    print(f"analytic {ANALYTIC_ID} (pid {os.getpid()}) listening on {args.host}:{args.port}, "
          f"delay {args.delay_ms} ms", flush=True)
    stop.wait()
    # Stopping is an outage for the workers: in-flight calls are cut off, new ones are refused.
    server.stop(grace=0).wait()
    print("analytic stopped", flush=True)
    return 0


def read_calls(path: Path) -> list[dict]:
    """The records of a calls log (a torn last line, being written right now, is ignored)."""
    if not path.exists():
        return []
    records = []
    for line in path.read_text().splitlines():
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError:
            pass
    return records


def peer_port(peer: str) -> int | None:
    """The port of a grpc peer string such as `ipv4:127.0.0.1:54321` or `ipv6:[::1]:54321`."""
    match = re.search(r":(\d+)$", peer or "")
    return int(match.group(1)) if match else None


def local_ports_towards(pid: int, remote_port: int) -> set[int]:
    """The local ports of the TCP connections process `pid` has open to `remote_port` (from /proc)."""
    inodes = set()
    fd_dir = Path(f"/proc/{pid}/fd")
    for fd in fd_dir.iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:["):-1])
    ports = set()
    for table in ("tcp", "tcp6"):
        try:
            lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) < 10 or fields[9] not in inodes:
                continue
            local, remote = fields[1], fields[2]
            if int(remote.rsplit(":", 1)[1], 16) == remote_port:
                ports.add(int(local.rsplit(":", 1)[1], 16))
    return ports


# --- helpers for the tests -------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def with_schema(url: str, schema: str) -> str:
    return url + ("&" if "?" in url else "?") + f"schema={schema}"


def clean_environment(**extra: str) -> dict[str, str]:
    """The test's environment without any MEDIFOR_* variable (so nothing leaks into a role), plus `extra`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("MEDIFOR_")}
    env.update(extra)
    return env


class Role:
    """One child process, logging to its own file; `start` may be called again after it stopped (a restart)."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], log_dir: Path) -> None:
        self.name = name
        self.argv = argv
        self.env = env
        self.log_dir = log_dir
        self.proc: subprocess.Popen | None = None
        self.log_path: Path | None = None
        self.starts = 0
        self.exit_codes: list[int] = []
        self.stopped = False  # stopped on purpose (kill/terminate) since its last start

    def start(self) -> "Role":
        assert self.proc is None or self.proc.poll() is not None, f"{self.name} is already running"
        self.starts += 1
        self.stopped = False
        self.log_path = self.log_dir / f"{self.name}-{self.starts}.log"
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(self.argv, stdout=log, stderr=subprocess.STDOUT, env=self.env,
                                         stdin=subprocess.DEVNULL)
        return self

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> int:
        """SIGKILL, at once."""
        assert self.proc is not None
        self.stopped = True
        self.proc.kill()
        code = self.proc.wait()
        self.exit_codes.append(code)
        return code

    def terminate(self, timeout: float = STOP_TIMEOUT_S) -> tuple[int, float, bool]:
        """SIGTERM and wait; SIGKILL after `timeout`. Returns (exit code, seconds it took, whether it was killed)."""
        assert self.proc is not None
        self.stopped = True
        if self.proc.poll() is not None:
            return self.proc.returncode, 0.0, False
        started = time.monotonic()
        self.proc.terminate()
        killed = False
        try:
            code = self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            code = self.proc.wait()
            killed = True
        self.exit_codes.append(code)
        return code, time.monotonic() - started, killed

    def describe(self) -> str:
        state = "running" if self.alive() else f"exited {self.proc.returncode if self.proc else '-'}"
        return f"{self.name} (pid {self.proc.pid if self.proc else '-'}, {state}, log {self.log_path})"


class Cluster:
    """The roles of one test, their ports, schemas, storage root and a Pipeline client."""

    def __init__(self, pb, stubs_dir: Path, base_dir: Path, postgres_url: str) -> None:
        self.pb = pb
        self.stubs_dir = stubs_dir
        self.base = base_dir
        self.postgres_url = postgres_url
        suffix = uuid.uuid4().hex[:10]
        self.queue_schema = f"dist_q_{suffix}"
        self.store_schema = f"dist_s_{suffix}"
        self.queue_backend = with_schema(postgres_url, self.queue_schema)
        self.store_url = with_schema(postgres_url, self.store_schema)
        self.log_dir = base_dir / "logs"
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.storage = Path(os.path.realpath(base_dir / "storage"))
        self.inbox = self.storage / "inbox"
        self.inbox.mkdir(parents=True, exist_ok=True)
        self.config = base_dir / "analytics.json"
        self.config.write_text(json.dumps({"analytics": [
            {"id": ANALYTIC_ID, "name": "Slow", "description": "Python analytic reading score= after a delay",
             "media": ["IMAGE"]},
            {"id": FUSER_ID, "name": "Mean", "description": "built-in mean fuser", "media": ["FUSION_IMAGE"]},
        ]}))
        self.calls_log = base_dir / "analytic-calls.jsonl"
        self.queue_port = free_port()
        self.queue_http_port = free_port()
        self.pipeline_port = free_port()
        self.analytic_port = free_port()
        self.fuser_port = free_port()
        self.roles: list[Role] = []
        self.teardown: list[tuple[str, int, float, bool]] = []  # (role, exit code, seconds to stop, SIGKILLed)
        self.names: dict[str, int] = {}
        self.channel = None
        self.stub = None
        self.health = None

    # --- processes ---

    def add_role(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> Role:
        count = self.names.get(name, 0) + 1
        self.names[name] = count
        role = Role(name if count == 1 else f"{name}{count}", argv, env or clean_environment(), self.log_dir)
        self.roles.append(role)
        return role

    @property
    def queue_addr(self) -> str:
        return f"127.0.0.1:{self.queue_port}"

    def start_queue(self) -> Role:
        role = self.add_role("queue", [
            MEDIFOR_BIN, "queue", "serve", "--backend", self.queue_backend, "--host", "127.0.0.1",
            "--grpc-port", str(self.queue_port), "--http-port", str(self.queue_http_port)]).start()
        self.wait_serving(role, self.queue_port)
        return role

    def workflow_argv(self) -> list[str]:
        return [MEDIFOR_BIN, "workflow", "--queue", self.queue_addr, "--store", self.store_url,
                "--config", str(self.config), "--storage-root", str(self.storage), "--host", "127.0.0.1",
                "--port", str(self.pipeline_port)]

    def start_workflow(self) -> Role:
        role = self.add_role("workflow", self.workflow_argv()).start()
        self.wait_serving(role, self.pipeline_port)
        self.connect()
        return role

    def restart(self, role: Role, port: int | None = None) -> tuple[int, float, bool]:
        """SIGTERM `role`, then start it again with the same flags (and wait until it serves on `port`)."""
        stopped = role.terminate()
        role.start()
        if port is not None:
            self.wait_serving(role, port)
        return stopped

    def start_analytic(self, delay_ms: int) -> Role:
        role = self.add_role("analytic", [
            sys.executable, str(HERE / "distributed_support.py"), "analytic", "--port", str(self.analytic_port),
            "--delay-ms", str(delay_ms), "--stubs", str(self.stubs_dir), "--log", str(self.calls_log)]).start()
        self.wait_serving(role, self.analytic_port)
        return role

    def start_fuser(self) -> Role:
        role = self.add_role("fuser", [
            MEDIFOR_BIN, "analytic", "serve", FUSER_ID, "--host", "127.0.0.1", "--port", str(self.fuser_port)]).start()
        self.wait_serving(role, self.fuser_port)
        return role

    def start_worker(self, *extra: str) -> Role:
        return self.add_role("worker", [
            MEDIFOR_BIN, "worker", "--analytic-id", ANALYTIC_ID, "--analytic-addr", f"127.0.0.1:{self.analytic_port}",
            "--queue", self.queue_addr, *extra]).start()

    def start_fusion_worker(self, *extra: str) -> Role:
        return self.add_role("fusion-worker", [
            MEDIFOR_BIN, "fusion-worker", "--fuser-id", FUSER_ID, "--fuser-addr", f"127.0.0.1:{self.fuser_port}",
            "--queue", self.queue_addr, *extra]).start()

    def wait_serving(self, role: Role, port: int, timeout: float = STARTUP_TIMEOUT_S) -> None:
        """Waits until gRPC health on `port` says SERVING; fails (with the log) if the process exits first."""
        import grpc
        from grpc_health.v1 import health_pb2, health_pb2_grpc

        deadline = time.monotonic() + timeout
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            stub = health_pb2_grpc.HealthStub(channel)
            while True:
                if not role.alive():
                    raise AssertionError(f"{role.describe()} exited while starting:\n{tail(role.log_path)}")
                try:
                    answer = stub.Check(health_pb2.HealthCheckRequest(service=""), timeout=1.0)
                    if answer.status == health_pb2.HealthCheckResponse.SERVING:
                        return
                except grpc.RpcError:
                    pass
                if time.monotonic() > deadline:
                    raise AssertionError(f"{role.describe()} did not report SERVING on port {port} within "
                                         f"{timeout}s:\n{tail(role.log_path)}")
                time.sleep(0.1)

    def check_alive(self) -> None:
        """Fails if a role exited without being stopped by the test."""
        dead = [f"{role.describe()}:\n{tail(role.log_path)}" for role in self.roles
                if role.proc is not None and not role.stopped and not role.alive()]
        assert not dead, "a role exited on its own: " + "\n".join(dead)

    def close(self) -> None:
        if self.channel is not None:
            self.channel.close()
        for role in reversed(self.roles):
            if role.alive():
                code, seconds, killed = role.terminate(timeout=STOP_TIMEOUT_S)
                self.teardown.append((role.name, code, round(seconds, 2), killed))

    def drop_schemas(self) -> None:
        psql = shutil.which("psql")
        if psql is None:
            return
        for schema in (self.queue_schema, self.store_schema):
            subprocess.run([psql, self.postgres_url, "-q", "-c", f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'],
                           capture_output=True, timeout=60)

    # --- the Pipeline client ---

    def connect(self) -> None:
        import grpc

        if self.channel is not None:
            self.channel.close()
        self.channel = grpc.insecure_channel(f"127.0.0.1:{self.pipeline_port}")
        self.stub = self.pb.pipeline_pb2_grpc.PipelineStub(self.channel)

    def write_probe(self, text: str) -> tuple[Path, str]:
        """A JPEG-signed probe with unique content in `storage/inbox/`; returns its path and MD5 (= detection id)."""
        content = JPEG_MAGIC + f"{text} nonce={uuid.uuid4().hex}".encode()
        path = self.inbox / f"{uuid.uuid4().hex}.jpg"
        path.write_bytes(content)
        return path, hashlib.md5(content).hexdigest()

    def detect(self, path: Path):
        an = self.pb.analytic_pb2
        request = self.pb.pipeline_pb2.DetectionRequest(
            request=an.Detection(img_manip_req=an.ImageManipulationRequest(image=an.Resource(uri=str(path)))),
            analytic_id=[ANALYTIC_ID], fuser_id=[FUSER_ID])
        return self.stub.Detect(request, timeout=RPC_TIMEOUT_S)

    def info(self, detection_id: str):
        request = self.pb.pipeline_pb2.DetectionInfoRequest(id=detection_id, want_fused=True)
        return self.stub.GetDetectionInfo(request, timeout=RPC_TIMEOUT_S)

    def list_all(self, **fields):
        """Every page of GetDetectionList; returns (detections, total of the first page)."""
        pb = self.pb.pipeline_pb2
        detections, token, total = [], "", None
        while True:
            page = self.stub.GetDetectionList(
                pb.DetectionListRequest(page_size=250, page_token=token, **fields), timeout=RPC_TIMEOUT_S)
            total = page.total if total is None else total
            detections.extend(page.detections)
            token = page.page_token
            if not token:
                return detections, total

    def calls(self) -> list[dict]:
        return read_calls(self.calls_log)

    def queue_stats(self) -> dict:
        """`GET /api/v0/queues/stats` of the queue server, as {queue name: stats}."""
        import httpx

        answer = httpx.get(f"http://127.0.0.1:{self.queue_http_port}/api/v0/queues/stats",
                           params={"matchPrefix": "/"}, timeout=5.0)
        answer.raise_for_status()
        body = answer.json()
        queues = body.get("queues", body)
        if isinstance(queues, list):
            return {entry.get("name"): entry for entry in queues}
        return queues


def tail(path: Path | None, lines: int = 40) -> str:
    if path is None or not path.exists():
        return "(no log)"
    text = path.read_text(errors="replace").splitlines()
    return "\n".join(text[-lines:])


# --- fixtures --------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres_url() -> str:
    url = os.environ.get(POSTGRES_VARIABLE)
    if not url:
        pytest.fail(f"{POSTGRES_VARIABLE} is not set: these tests need a Postgres server; start one with "
                    f'`eval "$(scripts/postgres.sh start)"` (it exports {POSTGRES_VARIABLE})', pytrace=False)
    match = re.match(r"postgres(?:ql)?://(?:[^@/]*@)?([^:/?]+)(?::(\d+))?", url)
    if match:
        host, port = match.group(1), int(match.group(2) or 5432)
        try:
            socket.create_connection((host, port), timeout=5).close()
        except OSError as error:
            pytest.fail(f"{POSTGRES_VARIABLE}={url}: cannot connect to {host}:{port}: {error}", pytrace=False)
    return url


@pytest.fixture(scope="session")
def dist_stubs(tmp_path_factory):
    """(generated stubs namespace, their folder), generated once per session."""
    from pipeline_support import generate_stubs

    folder = tmp_path_factory.mktemp("dist-stubs")
    return generate_stubs(folder), folder


@pytest.fixture
def cluster(dist_stubs, postgres_url, tmp_path):
    """The roles of one test as separate processes; all terminated (and schemas dropped) afterwards."""
    if not os.access(MEDIFOR_BIN, os.X_OK):
        pytest.fail(f"no medifor binary at {MEDIFOR_BIN}; build it or set MEDIFOR_BIN", pytrace=False)
    pb, folder = dist_stubs
    cluster = Cluster(pb, folder, tmp_path, postgres_url)
    try:
        yield cluster
    finally:
        cluster.close()
        print(f"[distributed] teardown (role, exit code, seconds after SIGTERM, killed): {cluster.teardown}",
              flush=True)
        if not os.environ.get("MEDIFOR_TEST_KEEP_SCHEMAS"):
            cluster.drop_schemas()


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] != "analytic":
        print("usage: distributed_support.py analytic --port PORT --stubs DIR --log FILE [--delay-ms MS]",
              file=sys.stderr)
        sys.exit(64)
    sys.exit(serve_analytic(sys.argv[2:]))
