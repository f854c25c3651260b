"""Fixtures for the EntroQ interop tests: one `medifor queue serve` process per session.

The server binary comes from MEDIFOR_BIN (default: the debug build in this checkout). Set ENTROQ_URL to test a
server that is already running instead.
"""
from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import time
import uuid

import httpx
import pytest

from entroq.json import EntroQJSON

MEDIFOR_BIN = os.environ.get("MEDIFOR_BIN", "/work/main/.build/debug/medifor")
STARTUP_TIMEOUT_S = 60.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/api/v0/time", timeout=1.0).status_code == 200
    except httpx.TransportError:
        return False


@pytest.fixture(scope="session")
def server_url():
    """The base URL of a running EntroQ REST server with an empty memory backend."""
    existing = os.environ.get("ENTROQ_URL")
    if existing:
        if not _answers(existing):
            pytest.fail(f"ENTROQ_URL={existing} does not answer GET /api/v0/time")
        yield existing.rstrip("/")
        return

    if not os.access(MEDIFOR_BIN, os.X_OK):
        pytest.fail(f"no server binary at {MEDIFOR_BIN}; build it or set MEDIFOR_BIN or ENTROQ_URL")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = tempfile.NamedTemporaryFile(prefix="medifor-queue-", suffix=".log", delete=False)
    proc = subprocess.Popen(
        [MEDIFOR_BIN, "queue", "serve", "--backend", "memory", "--grpc-port", "0", "--http-port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _answers(url):
            if proc.poll() is not None:
                pytest.fail(f"server exited with status {proc.returncode}; log: {log.name}")
            if time.monotonic() > deadline:
                pytest.fail(f"server did not answer within {STARTUP_TIMEOUT_S}s; log: {log.name}")
            time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.fixture
async def eq(server_url):
    """A protocol-2 client with its own claimant id."""
    async with EntroQJSON(server_url) as client:
        yield client


@pytest.fixture
def queue() -> str:
    """A queue name no other test uses."""
    return f"/interop/{uuid.uuid4().hex}"
