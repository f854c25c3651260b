"""A model from `medifor fusion train` served by `medifor serve --fusion-model FILE`: the `logreg` fuser uses it,
the analytics catalogue describes it, and a file that is not a usable model stops the server at once with a
message naming it."""
from __future__ import annotations

import json
import subprocess
import urllib.request

import ui_support as ui


def _model(path, bias: float) -> None:
    """A model that ignores every analytic: its fused score is the logistic of `bias` for any probe."""
    model = {
        "formatVersion": 2,
        "bias": bias,
        "analytics": [
            {"id": analytic, "weight": 0, "optOutWeight": 0, "calibration": {"slope": 0, "offset": 0}}
            for analytic in ("ela", "noop")
        ],
        "training": {
            "dataset": "custom-model-test", "seed": 1, "holdout": 0.3, "l2": 1, "trainHosts": ["a"],
            "testHosts": ["b"], "samples": 2, "targets": 1, "heldOutAUC": {"logreg": 0.5}, "notes": [],
        },
    }
    path.write_text(json.dumps(model))


def test_serve_uses_the_given_model(tmp_path):
    model = tmp_path / "model.json"
    _model(model, bias=3.0)
    serve = ui.Serve(tmp_path / "data", extra=("--fusion-model", str(model)))
    try:
        (photo,) = ui.sample_photos(tmp_path / "photos", names=("coffee.png",))
        body, content_type = ui.multipart([("fuser", "logreg")], [("files", "coffee.jpg", photo.read_bytes())])
        request = urllib.request.Request(serve.base + "/upload", data=body, method="POST",
                                         headers={"Content-Type": content_type, "Accept": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            (result,) = json.loads(response.read())["results"]
        with urllib.request.urlopen(f"{serve.base}/events?watch={result['id']}", timeout=120) as response:
            assert '"complete":true' in response.read().decode()
        with urllib.request.urlopen(f"{serve.base}/detections/{result['id']}/export.json", timeout=30) as response:
            detection = json.loads(response.read())
        fused = {info["fuserId"]: info["fusion"]["imgManip"] for info in detection["fusionInfo"]}
        # logistic(3) = 0.9526: the served model, not the built-in one.
        assert abs(fused["logreg"]["score"] - 0.9526) < 1e-3, fused["logreg"]
        assert "prior +3.00" in fused["logreg"]["explanation"]
        with urllib.request.urlopen(serve.base + "/api/analytics", timeout=30) as response:
            fusers = {row["id"]: row for row in json.loads(response.read())["fusers"]}
        assert fusers["logreg"]["model"] == "Model trained on 2 probes (custom-model-test); held-out AUC 0.500"
        assert fusers["mean"]["model"] is None
    finally:
        assert serve.stop() == 0


def test_an_unusable_model_stops_serve_with_its_name(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"formatVersion": 2, "bias": 0, "analytics": [{"id": "ela"}]}')
    for path, expected in ((broken, "cannot be used"), (tmp_path / "missing.json", "cannot read")):
        result = subprocess.run(
            [ui.MEDIFOR_BIN, "serve", "--data-dir", str(tmp_path / "data"), "--fusion-model", str(path),
             "--ui-port", "0", "--pipeline-port", "0", "--queue-grpc-port", "0", "--queue-http-port", "0"],
            capture_output=True, text=True, timeout=60)
        assert result.returncode != 0
        assert expected in result.stderr and str(path) in result.stderr, result.stderr
