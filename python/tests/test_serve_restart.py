"""`medifor serve` resumes unfinished work from its files after a restart.

Detections are submitted while the analytic is unreachable (nothing listens on its port), so they stay pending;
`medifor serve` is stopped with SIGTERM, the analytic starts, and a new `medifor serve` on the same data folder
finishes every detection — each analyzed once, each fused.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from concurrent import futures

import grpc
import pytest

import pipeline_support as ps

pytest_plugins = ["pipeline_support"]


def _start_serve(data_dir, config, port, log_path):
    log = open(log_path, "ab")
    proc = subprocess.Popen(
        [ps.MEDIFOR_BIN, "serve", "--data-dir", str(data_dir), "--host", "127.0.0.1", "--queue-grpc-port", "0",
         "--queue-http-port", "0", "--pipeline-port", str(port), "--no-builtins", "--config", str(config)],
        stdout=log, stderr=subprocess.STDOUT)
    channel = grpc.insecure_channel(f"127.0.0.1:{port}")
    deadline = time.monotonic() + ps.STARTUP_TIMEOUT_S
    while not ps._serving(channel):
        if proc.poll() is not None:
            pytest.fail(f"medifor serve exited with status {proc.returncode}; log: {log_path}")
        if time.monotonic() > deadline:
            pytest.fail(f"medifor serve did not start; log: {log_path}")
        time.sleep(0.2)
    return proc, channel


def _stop(proc):
    proc.send_signal(signal.SIGTERM)
    try:
        return proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        pytest.fail("medifor serve did not stop within 30 s of SIGTERM")


def test_restart_resumes_pending_detections(pb, tmp_path):
    if not os.access(ps.MEDIFOR_BIN, os.X_OK):
        pytest.fail(f"no server binary at {ps.MEDIFOR_BIN}; build it or set MEDIFOR_BIN")
    analytic_port = ps._free_port()
    fuser = ps.make_fuser(pb)
    fuser_server, fuser_port = ps._start_grpc_server(
        lambda server: pb.fusion_pb2_grpc.add_FuserServicer_to_server(fuser, server))
    config = tmp_path / "config.json"
    config.write_text(json.dumps({"analytics": [
        {"id": ps.ANALYTIC_ID, "name": "Python score", "description": "reads score=", "media": ["IMAGE"],
         "address": f"127.0.0.1:{analytic_port}"},
        {"id": ps.FUSER_ID, "name": "Python max", "description": "max", "media": ["FUSION_IMAGE"],
         "address": f"127.0.0.1:{fuser_port}"},
    ]}))
    port = ps._free_port()
    log_path = tmp_path / "serve.log"
    proc, channel = _start_serve(tmp_path, config, port, log_path)
    stub = pb.pipeline_pb2_grpc.PipelineStub(channel)
    an = pb.analytic_pb2
    inbox = tmp_path / "storage" / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    ids, scores = [], {}
    for index, score in enumerate([0.2, 0.5, 0.9]):
        probe = inbox / f"p{index}.jpg"
        probe.write_bytes(ps.JPEG_MAGIC + f"score={score} restart {index}".encode())
        request = pb.pipeline_pb2.DetectionRequest(
            request=an.Detection(img_manip_req=an.ImageManipulationRequest(image=an.Resource(uri=str(probe)))))
        info = stub.Detect(request, timeout=ps.RPC_TIMEOUT_S)
        ids.append(info.id)
        scores[info.id] = score
    time.sleep(2)
    for detection_id in ids:
        info = stub.GetDetectionInfo(pb.pipeline_pb2.DetectionInfoRequest(id=detection_id), timeout=ps.RPC_TIMEOUT_S)
        assert info.analytics_finished == 0, "nothing can finish while the analytic is down"
    assert _stop(proc) == 0
    channel.close()

    analytic = ps.make_analytic(pb)
    analytic_server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    pb.analytic_pb2_grpc.add_AnalyticServicer_to_server(analytic, analytic_server)
    assert analytic_server.add_insecure_port(f"127.0.0.1:{analytic_port}") == analytic_port
    analytic_server.start()
    proc, channel = _start_serve(tmp_path, config, port, log_path)
    try:
        stub = pb.pipeline_pb2_grpc.PipelineStub(channel)
        finished = pb.pipeline_pb2.DETECTION_STAGE_FINISHED
        deadline = time.monotonic() + 90
        pending = set(ids)
        while pending and time.monotonic() < deadline:
            for detection_id in list(pending):
                info = stub.GetDetectionInfo(
                    pb.pipeline_pb2.DetectionInfoRequest(id=detection_id, want_fused=True), timeout=ps.RPC_TIMEOUT_S)
                if info.analytics_finished == 1 and any(entry.stage == finished for entry in info.fusion_info):
                    (entry,) = info.analytic_info
                    assert entry.status == pb.pipeline_pb2.DETECTION_STATUS_SUCCESS
                    assert entry.detection.img_manip.score == pytest.approx(scores[detection_id])
                    assert info.has_fused and info.fused_score == pytest.approx(scores[detection_id])
                    pending.discard(detection_id)
            time.sleep(0.2)
        assert not pending, f"not resumed after restart: {sorted(pending)}; log: {log_path}"
        assert len(analytic.requests) == len(ids), "each pending detection is analysed once after the restart"
    finally:
        _stop(proc)
        channel.close()
        analytic_server.stop(0)
        fuser_server.stop(0)
