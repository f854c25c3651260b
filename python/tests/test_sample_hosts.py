"""`scripts/sample-hosts.sh`: the host photos for `medifor eval generate`, from scikit-image, PyWavelets and the
OpenCV samples of Debian's opencv-doc package (fetched with `apt-get download` into the cache folder, not
installed), and a benchmark generated from all of them.

The opencv-doc download is real: the first run on a machine fetches the package from the Debian mirror into
MEDIFOR_CACHE (default ~/.cache/medifor), later runs reuse the unpacked photos.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from PIL import Image

import ui_support as ui

SCRIPT = ui.REPO_ROOT / "scripts" / "sample-hosts.sh"
PYTHON_PHOTOS = 18  # 16 from scikit-image, 2 from PyWavelets
OPENCV_PHOTOS = 28


def _collect(folder: Path, *flags: str) -> str:
    result = subprocess.run(["bash", str(SCRIPT), *flags, str(folder)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"sample-hosts.sh failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


def test_hosts_from_the_python_packages_and_opencv_doc(tmp_path):
    hosts = tmp_path / "hosts"
    output = _collect(hosts)
    names = sorted(path.name for path in hosts.iterdir())
    opencv = [name for name in names if name.startswith("opencv_")]
    assert len(opencv) == OPENCV_PHOTOS, output
    assert len(names) == PYTHON_PHOTOS + OPENCV_PHOTOS, output
    assert f"{len(names)} host photos" in output
    # Of each stereo or sequence pair only one view: two views of one scene would leak across a host split.
    assert "opencv_aloeL.jpg" in names and "opencv_aloeR.jpg" not in names
    for name in names:
        with Image.open(hosts / name) as image:
            assert min(image.size) >= 300, f"{name} is {image.size}"

    # Idempotent: a second run leaves every file as it was.
    before = {path.name: path.stat().st_mtime_ns for path in hosts.iterdir()}
    _collect(hosts)
    assert {path.name: path.stat().st_mtime_ns for path in hosts.iterdir()} == before

    # --no-opencv collects only the Python packages' photos.
    plain = tmp_path / "plain"
    _collect(plain, "--no-opencv")
    assert len(list(plain.iterdir())) == PYTHON_PHOTOS

    # Every photo is usable as a host: the generator takes all of them.
    result = subprocess.run(
        [ui.MEDIFOR_BIN, "eval", "generate", "--hosts", str(hosts), "--seed", "1", "--size", "small",
         "--out", str(tmp_path / "bench")], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert f"from {PYTHON_PHOTOS + OPENCV_PHOTOS} host photos" in result.stdout, result.stdout
    assert len(os.listdir(tmp_path / "bench" / "probe")) == 234
