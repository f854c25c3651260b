#!/usr/bin/env bash
# Collects the natural photographs bundled with scikit-image and PyWavelets (installed by
# `scripts/bootstrap.sh test`) into a folder, as host photos for `medifor eval generate`. Synthetic images,
# drawings, text and tiny images are left out. PyWavelets stores its images as NumPy arrays; they are written as
# PNG. Idempotent: files already present with the same content are left as they are.
# Usage: scripts/sample-hosts.sh DIR
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 DIR" >&2
    exit 64
fi
out=$1
python=${PYTHON:-python3}
mkdir -p "$out"

"$python" - "$out" <<'PY'
import filecmp, io, os, shutil, sys

out = sys.argv[1]
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

print(f"sample-hosts: {count} host photos in {out}")
PY
