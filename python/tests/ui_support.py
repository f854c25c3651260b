"""Helpers for the web UI browser tests: a real `medifor serve` with its UI on free ports in a temporary data
folder, Debian's Chromium driven through chromedriver by Selenium, sample photographs, and screenshots.

The server binary comes from MEDIFOR_BIN (default: the debug build in this checkout). Screenshots go to
`.test-artifacts/ui/` at the repository root (MEDIFOR_UI_ARTIFACTS overrides the folder).
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

MEDIFOR_BIN = os.environ.get("MEDIFOR_BIN", "/work/main/.build/debug/medifor")
REPO_ROOT = Path(__file__).resolve().parent.parent.parent
ARTIFACTS = Path(os.environ.get("MEDIFOR_UI_ARTIFACTS", REPO_ROOT / ".test-artifacts" / "ui"))
STARTUP_TIMEOUT_S = 90.0
CHROMIUM = os.environ.get("CHROMIUM_BIN", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CHROMEDRIVER_BIN", "/usr/bin/chromedriver")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1.0) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, OSError):
        return False


def _listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return True
    except OSError:
        return False


def _terminate(proc: subprocess.Popen, log, name: str) -> int:
    """Sends SIGTERM, waits up to 30 s (then kills and fails the test), closes the log; returns the exit status."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            pytest.fail(f"{name} did not stop within 30 s of SIGTERM")
    log.close()
    return proc.returncode


class UI:
    """A running `medifor ui` against a workflow (distributed mode), sharing its storage folder."""

    def __init__(self, workflow_port: int, storage: Path, queue_port: int, log_path: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "ab")
        self.proc = subprocess.Popen(
            [MEDIFOR_BIN, "ui", "--workflow", f"127.0.0.1:{workflow_port}", "--storage", str(storage),
             "--port", str(self.port), "--queue", f"127.0.0.1:{queue_port}"],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while not _answers(self.base + "/healthz"):
            if self.proc.poll() is not None:
                pytest.fail(f"medifor ui exited with status {self.proc.returncode}; log: {log_path}")
            if time.monotonic() > deadline:
                pytest.fail(f"medifor ui did not answer within {STARTUP_TIMEOUT_S} s; log: {log_path}")
            time.sleep(0.2)

    def stop(self) -> int:
        """Stops `medifor ui` with SIGTERM; returns its exit status (fails the test if it does not stop)."""
        return _terminate(self.proc, self.log, "medifor ui")


def multipart(fields: list[tuple[str, str]], files: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body and its content type: text fields, then (field, file name, bytes) files."""
    boundary = "----medifor-python-" + os.urandom(8).hex()
    body = b""
    for name, value in fields:
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    for name, filename, content in files:
        body += (f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n").encode() + content + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


class Serve:
    """A running `medifor serve` with the built-in ELA and no-op analytics and the built-in fusers.

    With `ui=False` it runs without its web UI (`--no-ui`), for a separate `medifor ui` to use.
    """

    def __init__(self, data_dir: Path, analytics=("ela", "noop"), ui: bool = True, extra: tuple[str, ...] = ()):
        if not os.access(MEDIFOR_BIN, os.X_OK):
            pytest.fail(f"no server binary at {MEDIFOR_BIN}; build it or set MEDIFOR_BIN")
        self.data_dir = data_dir
        self.ui_port = free_port()
        self.pipeline_port = free_port()
        self.queue_port = free_port()
        self.base = f"http://127.0.0.1:{self.ui_port}"
        data_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = data_dir / "serve.log"
        command = [MEDIFOR_BIN, "serve", "--data-dir", str(data_dir), "--host", "127.0.0.1",
                   "--queue-grpc-port", str(self.queue_port), "--queue-http-port", "0",
                   "--pipeline-port", str(self.pipeline_port), "--ui-port", str(self.ui_port)]
        if not ui:
            command.append("--no-ui")
        command += list(extra)
        for analytic in analytics:
            command += ["--analytic", analytic]
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(command, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        ready = (lambda: _answers(self.base + "/healthz")) if ui else (lambda: _listening(self.pipeline_port))
        while not ready():
            if self.proc.poll() is not None:
                pytest.fail(f"medifor serve exited with status {self.proc.returncode}; log: {self.log_path}")
            if time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"the web UI did not answer within {STARTUP_TIMEOUT_S} s; log: {self.log_path}")
            time.sleep(0.2)

    def stop(self) -> int:
        """Stops the server with SIGTERM; returns its exit status (fails the test if it does not stop)."""
        return _terminate(self.proc, self.log, "medifor serve")


def make_driver():
    """A headless Chromium at a laptop-sized window."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service as ChromeService

    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.access(path, os.X_OK):
            pytest.fail(f"{path} is missing: run scripts/bootstrap.sh test (installs chromium and chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1440,900", "--force-device-scale-factor=1", "--lang=en-US"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=ChromeService(executable_path=CHROMEDRIVER), options=options)


def screenshot(driver, name: str) -> Path:
    """Saves the whole page (not only the viewport) as `.test-artifacts/ui/<name>.png`."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    height = driver.execute_script("return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
    driver.set_window_size(1440, max(900, min(int(height) + 120, 4000)))
    driver.save_screenshot(str(path))
    driver.set_window_size(1440, 900)
    return path


def browser_errors(driver) -> list[str]:
    """Console errors the page logged (script failures, blocked resources)."""
    return [entry["message"] for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]


def sample_photos(folder: Path, names=("astronaut.png", "coffee.png", "chelsea.png"), side: int = 384) -> list[Path]:
    """scikit-image's sample photographs, reduced and saved as JPEG files in `folder`."""
    import skimage.data
    from PIL import Image

    source = Path(skimage.data.__file__).parent
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in names:
        image = Image.open(source / name).convert("RGB")
        image.thumbnail((side, side))
        path = folder / (Path(name).stem + ".jpg")
        image.save(path, "JPEG", quality=88)
        paths.append(path)
    return paths


def reset_artifacts():
    """Empties the screenshot folder so a run leaves only its own pictures."""
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
