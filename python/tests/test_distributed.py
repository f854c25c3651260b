"""Integration and reliability tests of the distributed roles, each a separate process, on a real Postgres.

`medifor queue serve` (Postgres backend), `medifor workflow` (Postgres results store), `medifor worker`,
`medifor fusion-worker`, the built-in `mean` fuser and a Python analytic server (see distributed_support.py) run as
their own processes; the tests drive the Pipeline API with grpcio, kill and restart roles mid-batch, and check that
every detection ends with exactly one stored analytic result and one fused result.

Needs MEDIFOR_TEST_POSTGRES_URL (`eval "$(scripts/postgres.sh start)"`); fails without it.
"""
from __future__ import annotations

import collections
import json
import os
import subprocess
import time
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

pytest.register_assert_rewrite("distributed_support")

from distributed_support import (  # noqa: E402
    ANALYTIC_ID,
    FUSER_ID,
    MEDIFOR_BIN,
    RPC_TIMEOUT_S,
    UNREADABLE_MESSAGE,
    clean_environment,
    free_port,
    local_ports_towards,
    peer_port,
    port_open,
    tail,
)

pytest_plugins = ["distributed_support"]  # the `cluster` fixture

LEASE_SECONDS = 5  # worker lease in the kill test, when the CLI offers --lease-seconds
DEFAULT_LEASE_SECONDS = 30


def report(title: str, **values) -> None:
    """Prints a line for the run's report (shown with `pytest -s`) and appends it to $MEDIFOR_DIST_REPORT if set."""
    line = f"[distributed] {title}: " + json.dumps(values, sort_keys=True, default=str)
    print(line, flush=True)
    target = os.environ.get("MEDIFOR_DIST_REPORT")
    if target:
        with open(target, "a") as out:
            out.write(line + "\n")


def lease_flags() -> list[str]:
    """`--lease-seconds N` when `medifor worker` has that flag, else nothing (the 30 s default applies)."""
    help_text = subprocess.run([MEDIFOR_BIN, "worker", "--help"], capture_output=True, text=True).stdout
    return ["--lease-seconds", str(LEASE_SECONDS)] if "--lease-seconds" in help_text else []


def submit(cluster, count: int, text=None) -> dict[str, float]:
    """Writes and submits `count` probes (by default `score=<distinct value in (0, 1)>`); returns {detection id:
    expected score}."""
    from pipeline_support import score_of

    text = text or (lambda i: f"score={round((i + 1) / (count + 1), 6)}")
    expected = {}
    for index in range(count):
        path, md5 = cluster.write_probe(text(index))
        accepted = cluster.detect(path)
        assert accepted.id == md5, f"Detect answered id {accepted.id!r} for a probe whose MD5 is {md5}"
        expected[md5] = score_of(path.read_bytes())
    return expected


def _unavailable(error: grpc.RpcError) -> bool:
    return error.code() in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED)


def wait_batch(cluster, ids, timeout: float, *, unfused=()) -> float:
    """Waits until every detection of `ids` has all analytics finished and a fused score from `mean` (for the ids in
    `unfused`: a finished `mean` fusion, with or without a score). Returns the seconds it took."""
    pb = cluster.pb.pipeline_pb2
    started = time.monotonic()
    deadline = started + timeout
    pending = set(ids)
    unfused = set(unfused)
    while True:
        cluster.check_alive()
        try:
            listed, _ = cluster.list_all(fuser_id=FUSER_ID)
            for entry in listed:
                if (entry.id in pending and entry.id not in unfused and entry.analytics_total >= 1
                        and entry.analytics_finished == entry.analytics_total and entry.has_fused):
                    pending.discard(entry.id)
            for detection_id in sorted(pending & unfused):
                info = cluster.info(detection_id)
                if (info.analytics_total >= 1 and info.analytics_finished == info.analytics_total
                        and any(f.stage == pb.DETECTION_STAGE_FINISHED for f in info.fusion_info)):
                    pending.discard(detection_id)
        except grpc.RpcError as error:
            if not _unavailable(error):
                raise
        if not pending:
            return time.monotonic() - started
        if time.monotonic() > deadline:
            break
        time.sleep(0.5)
    samples = []
    for detection_id in sorted(pending)[:5]:
        try:
            info = cluster.info(detection_id)
            analytics = [(a.analytic_id, pb.DetectionStage.Name(a.stage), pb.DetectionStatus.Name(a.status))
                         for a in info.analytic_info]
            fusions = [(f.fuser_id, pb.DetectionStage.Name(f.stage), pb.DetectionStatus.Name(f.status))
                       for f in info.fusion_info]
            samples.append(f"{detection_id}: finished {info.analytics_finished}/{info.analytics_total}, "
                           f"analytics {analytics}, fusions {fusions}")
        except grpc.RpcError as error:
            samples.append(f"{detection_id}: {error.code()} {error.details()}")
    try:
        queues = cluster.queue_stats()
    except Exception as error:  # noqa: BLE001 - diagnostics only
        queues = f"unavailable: {error}"
    pytest.fail(f"{len(pending)} of {len(ids)} detections did not complete within {timeout}s; e.g.\n"
                + "\n".join(samples) + f"\nqueues: {queues}\nlogs: {cluster.log_dir}")


def check_detection(cluster, detection_id: str, score: float) -> None:
    """Exactly one analytic row, FINISHED/SUCCESS with `score`, and exactly one `mean` fusion, FINISHED/SUCCESS."""
    pb = cluster.pb.pipeline_pb2
    info = cluster.info(detection_id)
    assert info.id == detection_id
    assert (info.analytics_total, info.analytics_finished) == (1, 1), (detection_id, info)
    assert len(info.analytic_info) == 1, f"{detection_id}: {len(info.analytic_info)} analytic rows: {info}"
    [row] = info.analytic_info
    assert row.analytic_id == ANALYTIC_ID
    assert (row.stage, row.status) == (pb.DETECTION_STAGE_FINISHED, pb.DETECTION_STATUS_SUCCESS), (detection_id, row)
    assert row.detection.status.code == 0, (detection_id, row.detection.status)
    assert row.detection.img_manip.score == pytest.approx(score), (detection_id, row.detection.img_manip)
    assert len(info.fusion_info) == 1, f"{detection_id}: {len(info.fusion_info)} fusion entries: {info.fusion_info}"
    [fusion] = info.fusion_info
    assert fusion.fuser_id == FUSER_ID
    assert (fusion.stage, fusion.status) == (pb.DETECTION_STAGE_FINISHED, pb.DETECTION_STATUS_SUCCESS), \
        (detection_id, fusion)
    assert fusion.fusion.img_manip.score == pytest.approx(score), (detection_id, fusion.fusion)
    assert info.has_fused and info.fused_score == pytest.approx(score), (detection_id, info.fused_score)


def check_list(cluster, expected: dict[str, float]) -> None:
    """GetDetectionList(fuser_id=mean): every detection once, total right, fused score = the analytic's."""
    listed, total = cluster.list_all(fuser_id=FUSER_ID)
    assert total == len(expected)
    ids = [entry.id for entry in listed]
    assert len(ids) == len(set(ids)), "a detection is listed twice"
    assert set(ids) == set(expected)
    for entry in listed:
        assert entry.has_fused and entry.fused_score == pytest.approx(expected[entry.id]), entry.id


def calls_per_probe(cluster) -> collections.Counter:
    """Analytic calls (started) per detection id (the stored probe is input/<md5>.jpg)."""
    return collections.Counter(Path(record["uri"]).stem for record in cluster.calls() if record["event"] == "start")


def wait_queues_drained(cluster, timeout: float = 30.0) -> dict:
    """Waits until no queue of the queue server holds a task; returns the last non-empty stats on failure."""
    deadline = time.monotonic() + timeout
    while True:
        stats = cluster.queue_stats()
        busy = {name: entry for name, entry in stats.items() if int(entry["numTasks"])}
        if not busy:
            return {}
        if time.monotonic() > deadline:
            return busy
        time.sleep(0.5)


# --- 1. the happy path -----------------------------------------------------------------------------------------------


def test_roles_run_a_batch(cluster):
    started = time.monotonic()
    cluster.start_queue()
    cluster.start_workflow()
    cluster.start_analytic(delay_ms=50)
    cluster.start_fuser()
    cluster.start_worker("--concurrency", "2")
    cluster.start_fusion_worker()
    startup = time.monotonic() - started

    submitted = time.monotonic()
    expected = submit(cluster, 50)
    submit_s = time.monotonic() - submitted
    waited = wait_batch(cluster, expected, timeout=120)
    complete_s = time.monotonic() - submitted

    for detection_id, score in expected.items():
        check_detection(cluster, detection_id, score)
    check_list(cluster, expected)

    # Every probe was stored as input/<md5>.jpg and the analytic's mask is under output/slow/.
    pb = cluster.pb.pipeline_pb2
    some = next(iter(expected))
    info = cluster.info(some)
    assert Path(info.req_resources[0].uri).resolve() == cluster.storage / "input" / f"{some}.jpg"
    mask = info.analytic_info[0].detection.img_manip.localization.mask.uri
    assert Path(mask).resolve().is_relative_to(cluster.storage / "output" / ANALYTIC_ID), mask
    assert Path(mask).is_file()
    assert info.analytic_info[0].stage == pb.DETECTION_STAGE_FINISHED

    # Nothing was disturbed, so nothing was called twice, and nothing is left in any queue.
    calls = calls_per_probe(cluster)
    assert set(calls) == set(expected)
    assert {detection_id: n for detection_id, n in calls.items() if n != 1} == {}
    assert wait_queues_drained(cluster) == {}
    cluster.check_alive()
    report("batch of 50", startup_s=round(startup, 1), submit_s=round(submit_s, 1),
           submit_to_all_fused_s=round(complete_s, 1), final_wait_s=round(waited, 1),
           analytic_calls=sum(calls.values()))


# --- 2. kills, restarts and outages ----------------------------------------------------------------------------------


def test_batch_survives_kills_restarts_and_outages(cluster):
    count = 200
    lease = lease_flags()
    lease_seconds = LEASE_SECONDS if lease else DEFAULT_LEASE_SECONDS
    worker_flags = ("--concurrency", "2", "--retry-budget", "60", *lease)
    cluster.start_queue()
    workflow = cluster.start_workflow()
    analytic = cluster.start_analytic(delay_ms=150)
    cluster.start_fuser()
    cluster.start_fusion_worker("--concurrency", "2")

    # The whole batch is queued before any analytic worker runs, so every disruption hits a running batch.
    t0 = time.monotonic()
    expected = submit(cluster, count)
    submit_s = time.monotonic() - t0
    doomed = cluster.start_worker(*worker_flags)
    cluster.start_worker(*worker_flags)
    batch_started = time.monotonic()

    def finished_calls() -> set[str]:
        return {Path(r["uri"]).stem for r in cluster.calls() if r["event"] == "done"}

    # 1. kill -9 a worker while the analytic is working on one of its tasks.
    deadline = time.monotonic() + 60
    kill_wall = None
    doomed_ports: set[int] = set()
    while time.monotonic() < deadline:
        cluster.check_alive()
        if len(finished_calls()) >= 10:
            doomed_ports = local_ports_towards(doomed.pid, cluster.analytic_port) or doomed_ports
            records = cluster.calls()
            ended = {r["call"] for r in records if r["event"] in ("done", "fail")}
            # Only a call that started within the last 60 ms of its 150 ms delay counts: one found later could
            # finish between this look and the kill, and then nothing would have been in flight.
            now = time.time()
            if any(r["event"] == "start" and r["call"] not in ended and peer_port(r["peer"]) in doomed_ports
                   and now - r["t"] < 0.06 for r in records):
                kill_wall = time.time()
                doomed.kill()
                break
        time.sleep(0.01)
    assert kill_wall is not None, "the first worker never had a call in flight at the analytic"
    killed_at = time.monotonic()
    done_at_kill = len(finished_calls())

    # 2. SIGTERM the workflow and start it again with the same flags.
    first_log = workflow.log_path
    code, stop_s, forced = cluster.restart(workflow, cluster.pipeline_port)
    cluster.connect()
    assert not forced, f"the workflow did not exit within 20 s of SIGTERM; log: {first_log}"
    assert code == 0, f"the workflow exited with status {code} after SIGTERM:\n{tail(first_log)}"
    workflow_restart_s = time.monotonic() - killed_at

    # 3. a replacement for the killed worker, a few seconds after the kill.
    time.sleep(max(0.0, killed_at + 3 - time.monotonic()))
    cluster.start_worker(*worker_flags)

    # 4. the analytic goes away for 5 s and comes back on the same port; workers retry within their budget.
    done_at_outage = len(finished_calls())
    assert done_at_outage < count - 20, f"the batch was almost over ({done_at_outage}/{count}) before the outage"
    analytic.terminate()
    outage_started = time.monotonic()
    time.sleep(5)
    analytic.start()
    cluster.wait_serving(analytic, cluster.analytic_port)
    outage_s = time.monotonic() - outage_started

    waited = wait_batch(cluster, expected, timeout=300)
    batch_s = time.monotonic() - batch_started

    # Every detection: one stored analytic result, FINISHED/SUCCESS with its score, and one fused result.
    for detection_id, score in expected.items():
        check_detection(cluster, detection_id, score)
    check_list(cluster, expected)

    # The analytic's view: every probe answered at least once; repeats are allowed (a killed worker's task is redone
    # after its lease, a call cut off by the outage is retried), but every call the killed worker had in flight
    # must have been made again after the kill, or that detection could not have a result.
    records = cluster.calls()
    calls = calls_per_probe(cluster)
    assert set(calls) == set(expected)
    answered = {Path(r["uri"]).stem for r in records if r["event"] == "done"}
    assert answered == set(expected)
    ended = {r["call"]: r["t"] for r in records if r["event"] in ("done", "fail")}
    in_flight_at_kill = {Path(r["uri"]).stem for r in records
                         if r["event"] == "start" and peer_port(r["peer"]) in doomed_ports and r["t"] <= kill_wall
                         and ended.get(r["call"], float("inf")) > kill_wall}
    assert in_flight_at_kill, "no call of the killed worker was in flight when it was killed"
    redone = {Path(r["uri"]).stem for r in records if r["event"] == "start" and r["t"] > kill_wall}
    assert in_flight_at_kill <= redone, f"tasks of the killed worker never redone: {in_flight_at_kill - redone}"
    repeated = {detection_id: n for detection_id, n in calls.items() if n > 1}

    assert wait_queues_drained(cluster) == {}, "tasks left in the queues after the batch completed"
    cluster.check_alive()
    report("batch of 200 with disruptions", lease_seconds=lease_seconds, submit_s=round(submit_s, 1),
           batch_s=round(batch_s, 1), final_wait_s=round(waited, 1), done_at_kill=done_at_kill,
           done_at_outage=done_at_outage, workflow_stop_s=round(stop_s, 2), workflow_exit=code,
           workflow_back_after_kill_s=round(workflow_restart_s, 1), outage_s=round(outage_s, 1),
           analytic_calls=sum(calls.values()), repeated_probes=len(repeated),
           repeated_calls=sum(n - 1 for n in repeated.values()), in_flight_at_kill=len(in_flight_at_kill),
           max_calls_per_probe=max(calls.values()))


# --- 3. a probe the analytic refuses ---------------------------------------------------------------------------------


def test_unreadable_files_fail_per_analytic(cluster):
    pb = cluster.pb.pipeline_pb2
    an = cluster.pb.analytic_pb2
    cluster.start_queue()
    cluster.start_workflow()
    cluster.start_analytic(delay_ms=20)
    cluster.start_fuser()
    cluster.start_worker("--concurrency", "2")
    cluster.start_fusion_worker()

    good = submit(cluster, 10)
    bad = submit(cluster, 1, text=lambda i: "unreadable score=0.9")
    [bad_id] = bad
    more = submit(cluster, 10)
    good.update(more)
    waited = wait_batch(cluster, [*good, bad_id], timeout=120, unfused={bad_id})

    info = cluster.info(bad_id)
    assert (info.analytics_total, info.analytics_finished) == (1, 1)
    [row] = info.analytic_info
    assert (row.stage, row.status) == (pb.DETECTION_STAGE_FINISHED, pb.DETECTION_STATUS_FAILURE), row
    assert row.detection.status.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    assert UNREADABLE_MESSAGE in row.detection.status.message
    # The failure is final at once: INVALID_ARGUMENT is not retried.
    assert calls_per_probe(cluster)[bad_id] == 1
    # Its fusion ran with the failed analytic opted out, so there is no fused score.
    [fusion] = info.fusion_info
    assert fusion.fuser_id == FUSER_ID and fusion.stage == pb.DETECTION_STAGE_FINISHED
    assert fusion.fusion.img_manip.opt_out == an.OPT_OUT_ALL
    assert not info.has_fused

    for detection_id, score in good.items():
        check_detection(cluster, detection_id, score)
    listed, total = cluster.list_all(fuser_id=FUSER_ID)
    assert total == len(good) + 1
    assert {entry.id: entry.has_fused for entry in listed} == {**{d: True for d in good}, bad_id: False}
    assert wait_queues_drained(cluster) == {}
    cluster.check_alive()
    report("unreadable probe in a batch of 21", complete_s=round(waited, 1), message=row.detection.status.message)


# --- 4. configuration through MEDIFOR_SETTINGS and the environment ---------------------------------------------------


def test_settings_file_and_environment(cluster):
    pb = cluster.pb.pipeline_pb2
    cluster.start_queue()
    file_port = free_port()
    env_port = cluster.pipeline_port
    assert file_port != env_port
    settings = cluster.base / "settings.json"
    settings.write_text(json.dumps({
        "queue": cluster.queue_addr,
        "store": cluster.store_url,
        "config": str(cluster.config),
        "storage-root": str(cluster.storage),
        "host": "127.0.0.1",
        "pipeline-port": file_port,
        "log-level": "info",
    }))
    # No flags at all: the file gives every setting, the environment overrides its port.
    env = clean_environment(MEDIFOR_SETTINGS=str(settings), MEDIFOR_PIPELINE_PORT=str(env_port))
    workflow = cluster.add_role("workflow", [MEDIFOR_BIN, "workflow"], env).start()
    cluster.wait_serving(workflow, env_port)
    cluster.connect()
    assert not port_open(file_port), "the workflow also listens on the settings file's port"

    answer = cluster.stub.GetAnalyticMeta(cluster.pb.analytic_pb2.Empty(), timeout=RPC_TIMEOUT_S)
    by_id = {entry.id: entry for entry in answer.analytics}
    assert set(by_id) == {ANALYTIC_ID, FUSER_ID}
    assert list(by_id[ANALYTIC_ID].media) == [pb.IMAGE]
    assert list(by_id[FUSER_ID].media) == [pb.FUSION_IMAGE]
    assert by_id[ANALYTIC_ID].name == "Slow"

    # The storage root and store come from the file too: a probe under it is accepted, stored and recorded.
    path, md5 = cluster.write_probe("score=0.25")
    assert cluster.detect(path).id == md5
    assert (cluster.storage / "input" / f"{md5}.jpg").read_bytes() == path.read_bytes()
    info = cluster.info(md5)
    assert [a.analytic_id for a in info.analytic_info] == [ANALYTIC_ID]

    with grpc.insecure_channel(f"127.0.0.1:{env_port}") as channel:
        health = health_pb2_grpc.HealthStub(channel).Check(health_pb2.HealthCheckRequest(service=""), timeout=5)
        assert health.status == health_pb2.HealthCheckResponse.SERVING
    cluster.check_alive()
    report("settings file", file_port=file_port, env_port=env_port, analytics=sorted(by_id))
