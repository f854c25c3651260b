#!/usr/bin/env bash
# Collects natural photographs shipped in packages into a folder, as host photos for `medifor eval generate`:
#   - scikit-image's and PyWavelets' sample photos (installed by `scripts/bootstrap.sh test`);
#   - the photos among the OpenCV samples in Debian's opencv-doc package. The package is fetched with
#     `apt-get download` into a cache folder and unpacked there (nothing is installed, no root needed); a
#     system-wide opencv-doc is used when present. Without it, only the Python packages' photos are collected.
# Synthetic images, drawings, screenshots, text and tiny images are left out, and of each stereo or sequence pair
# only one photo is taken (two views of one scene would leak across a split by host). PyWavelets stores its images
# as NumPy arrays; they are written as PNG. Idempotent: files already present with the same content are left as
# they are.
# Usage: scripts/sample-hosts.sh [--no-opencv] DIR
# Environment: MEDIFOR_CACHE (default ~/.cache/medifor) holds the unpacked opencv-doc.
set -euo pipefail

opencv=1
if [ "${1:-}" = "--no-opencv" ]; then
    opencv=0
    shift
fi
if [ $# -ne 1 ]; then
    echo "usage: $0 [--no-opencv] DIR" >&2
    exit 64
fi
out=$1
python=${PYTHON:-python3}
mkdir -p "$out"

# The OpenCV samples folder: the installed package's, or one unpacked from the downloaded package.
opencv_examples=""
if [ $opencv -eq 1 ]; then
    system=/usr/share/doc/opencv-doc/examples
    cache=${MEDIFOR_CACHE:-$HOME/.cache/medifor}/opencv-doc
    unpacked=$cache/root/usr/share/doc/opencv-doc/examples
    if [ -f "$system/data/baboon.jpg" ]; then
        opencv_examples=$system
    elif [ -f "$unpacked/data/baboon.jpg" ]; then
        opencv_examples=$unpacked
    elif command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null; then
        mkdir -p "$cache"
        if ! (cd "$cache" && apt-get download opencv-doc >/dev/null 2>&1); then
            # The package lists may be missing on a fresh machine; refreshing them needs root.
            if [ "$(id -u)" -eq 0 ]; then
                apt-get update -qq >/dev/null 2>&1 || true
            elif command -v sudo >/dev/null; then
                sudo apt-get update -qq >/dev/null 2>&1 || true
            fi
            (cd "$cache" && apt-get download opencv-doc >/dev/null 2>&1) || true
        fi
        deb=$(ls "$cache"/opencv-doc_*.deb 2>/dev/null | head -1 || true)
        # Only the sample folders holding the photos are unpacked (a few MB of the package's 270).
        if [ -n "$deb" ] && mkdir -p "$cache/root" && dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$cache/root" \
            --wildcards './usr/share/doc/opencv-doc/examples/data/*' './usr/share/doc/opencv-doc/examples/text/*' \
            './usr/share/doc/opencv-doc/examples/alphamat/*'; then
            rm -f "$cache"/opencv-doc_*.deb
            opencv_examples=$unpacked
        fi
    fi
    if [ -z "$opencv_examples" ] || [ ! -d "$opencv_examples" ]; then
        echo "sample-hosts: Debian's opencv-doc is not available; only the Python packages' photos are collected" >&2
        opencv_examples=""
    fi
fi

"$python" - "$out" "$opencv_examples" <<'PY'
import filecmp, io, os, shutil, sys

out, opencv_examples = sys.argv[1], sys.argv[2]
try:
    import skimage.data
except ImportError:
    sys.exit("sample-hosts: scikit-image is not installed; run scripts/bootstrap.sh test")

# Natural photographs only (no charts, drawings, text, synthetic phantoms or images under 300 px).
skimage_photos = [
    "astronaut.png", "brick.png", "camera.png", "chelsea.png", "clock_motion.png", "coffee.png", "coins.png",
    "grass.png", "gravel.png", "hubble_deep_field.jpg", "ihc.png", "moon.png", "motorcycle_left.png",
    "motorcycle_right.png", "retina.jpg", "rocket.jpg",
]
folder = os.path.dirname(skimage.data.__file__)
count = 0
for name in skimage_photos:
    source = os.path.join(folder, name)
    if not os.path.isfile(source):
        print(f"sample-hosts: {name} is not in this scikit-image; skipped", file=sys.stderr)
        continue
    target = os.path.join(out, name)
    if not (os.path.isfile(target) and filecmp.cmp(source, target, shallow=False)):
        shutil.copyfile(source, target)
    count += 1

# PyWavelets ships ascent and aero as 8-bit arrays (its camera.npz is scikit-image's camera again).
try:
    import numpy as np
    import pywt.data
    from PIL import Image
except ImportError:
    print("sample-hosts: PyWavelets, NumPy or Pillow missing; only scikit-image photos copied", file=sys.stderr)
else:
    wavelet_folder = os.path.dirname(pywt.data.__file__)
    for stem in ["ascent", "aero"]:
        source = os.path.join(wavelet_folder, stem + ".npz")
        if not os.path.isfile(source):
            continue
        array = np.load(source)["data"]
        if array.dtype != np.uint8 or array.ndim not in (2, 3):
            continue
        buffer = io.BytesIO()
        Image.fromarray(array).save(buffer, format="PNG")
        target = os.path.join(out, f"pywt_{stem}.png")
        data = buffer.getvalue()
        if not (os.path.isfile(target) and open(target, "rb").read() == data):
            with open(target, "wb") as handle:
                handle.write(data)
        count += 1

# OpenCV's sample photographs (one of each stereo or sequence pair), copied with an "opencv_" prefix.
opencv_photos = [
    "data/aero1.jpg", "data/aloeL.jpg", "data/apple.jpg", "data/baboon.jpg", "data/basketball1.png",
    "data/board.jpg", "data/box_in_scene.png", "data/building.jpg", "data/butterfly.jpg", "data/chicky_512.png",
    "data/ela_original.jpg", "data/fruits.jpg", "data/graf1.png", "data/leuvenA.jpg",
    "data/licenseplate_motion.jpg", "data/messi5.jpg", "data/orange.jpg", "data/rubberwhale1.png",
    "data/smarties.png", "data/squirrel_cls.jpg", "data/sudoku.png", "alphamat/input_images/plant.jpg",
    "text/scenetext01.jpg", "text/scenetext02.jpg", "text/scenetext03.jpg", "text/scenetext04.jpg",
    "text/scenetext05.jpg", "text/scenetext06.jpg",
]
if opencv_examples:
    for relative in opencv_photos:
        source = os.path.join(opencv_examples, relative)
        if not os.path.isfile(source):
            print(f"sample-hosts: {relative} is not in this opencv-doc; skipped", file=sys.stderr)
            continue
        target = os.path.join(out, "opencv_" + os.path.basename(relative))
        if not (os.path.isfile(target) and filecmp.cmp(source, target, shallow=False)):
            shutil.copyfile(source, target)
        count += 1

print(f"sample-hosts: {count} host photos in {out}")
PY
