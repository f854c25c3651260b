"""Interop tests: a real Python grpcio client against the Pipeline API of `medifor serve`, which calls real Python
analytic and fuser gRPC servers (see pipeline_support.py), under both service names the API is served as:
`mediforproto.Pipeline` and `workflowproto.Pipeline`.
"""
from __future__ import annotations

import os
import time
import uuid

import grpc
import pytest
from grpc_health.v1 import health_pb2

pytest.register_assert_rewrite("pipeline_support")

from pipeline_support import ANALYTIC_ID, FAIL_MESSAGE, FUSER_ID, MASK_PNG, RPC_TIMEOUT_S, SERVICE_NAMES  # noqa: E402

pytest_plugins = ["pipeline_support"]  # the `pb` and `pipeline` fixtures


def _rpc_error(call) -> grpc.RpcError:
    with pytest.raises(grpc.RpcError) as caught:
        call()
    return caught.value


def _inside(path: str, folder) -> bool:
    real = os.path.realpath(path)
    return real.startswith(os.path.realpath(folder) + os.sep)


# --- metadata and health -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("service", SERVICE_NAMES)
def test_analytic_meta_lists_configured_entries(pipeline, service):
    pb = pipeline.pb.pipeline_pb2
    answer = pipeline.stubs[service].GetAnalyticMeta(pipeline.empty(service), timeout=RPC_TIMEOUT_S)
    by_id = {entry.id: entry for entry in answer.analytics}
    assert set(by_id) == {ANALYTIC_ID, FUSER_ID}
    assert list(by_id[ANALYTIC_ID].media) == [pb.IMAGE]
    assert list(by_id[FUSER_ID].media) == [pb.FUSION_IMAGE]
    assert by_id[ANALYTIC_ID].name == "Python score"
    assert by_id[FUSER_ID].name == "Python max"
    assert by_id[FUSER_ID].description == "maximum of the analytic scores"


@pytest.mark.parametrize("service", ["", "mediforproto.Pipeline", "workflowproto.Pipeline"])
def test_health_reports_serving(pipeline, service):
    answer = pipeline.health.Check(health_pb2.HealthCheckRequest(service=service), timeout=RPC_TIMEOUT_S)
    assert answer.status == health_pb2.HealthCheckResponse.SERVING


# --- a detection end to end ----------------------------------------------------------------------------------------


def test_detect_runs_analytic_and_fuser(pipeline):
    pb = pipeline.pb.pipeline_pb2
    probe, md5 = pipeline.write_probe("score=0.8 a probe")
    accepted = pipeline.detect("workflowproto", str(probe), analytic_id=[ANALYTIC_ID], fuser_id=[FUSER_ID])
    assert accepted.id == md5
    stored = pipeline.storage / "input" / f"{md5}.jpg"
    assert len(accepted.req_resources) == 1
    assert os.path.realpath(accepted.req_resources[0].uri) == str(stored)
    assert accepted.req_resources[0].type == "image/jpeg"
    assert stored.read_bytes() == probe.read_bytes()

    info = pipeline.wait_finished("mediforproto", md5, want_fusion=True)
    assert info.id == md5
    assert info.analytics_total == 1 and info.analytics_finished == 1
    assert _inside(info.req_resources[0].uri, pipeline.storage / "input")
    [row] = info.analytic_info
    assert row.analytic_id == ANALYTIC_ID
    assert row.stage == pb.DETECTION_STAGE_FINISHED
    assert row.status == pb.DETECTION_STATUS_SUCCESS
    assert row.detection.status.code == grpc.StatusCode.OK.value[0]
    result = row.detection.img_manip
    assert result.score == pytest.approx(0.8)
    assert result.explanation == "pyscore read score=0.8"
    mask = result.localization.mask
    assert mask.type == "image/png"
    assert _inside(mask.uri, pipeline.storage / "output" / ANALYTIC_ID), mask.uri
    assert os.path.isfile(mask.uri) and open(mask.uri, "rb").read() == MASK_PNG

    # What the analytic was sent: the stored probe, and an out_dir of its own under output/<analytic id>/.
    sent = [r for r in pipeline.analytic.requests if os.path.realpath(r.image.uri) == str(stored)]
    assert sent, "the Python analytic never received the stored probe"
    assert sent[-1].request_id
    assert _inside(sent[-1].out_dir, pipeline.storage / "output" / ANALYTIC_ID)

    # The fuser saw the analytic's result and its answer is what the detection reports.
    fused = [r for r in pipeline.fuser.requests
             if os.path.realpath(r.img_manip_req.image.uri) == str(stored)]
    assert fused, "the Python fuser was never called for this probe"
    # The analytic id is split at its first "_" into name and version, as the original fusion generator does.
    assert [(e.id, e.version, e.data.score) for e in fused[-1].img_manip] == [("pyscore", "1", pytest.approx(0.8))]
    fusion = [entry for entry in info.fusion_info if entry.fuser_id == FUSER_ID]
    assert len(fusion) == 1
    assert fusion[0].stage == pb.DETECTION_STAGE_FINISHED
    assert fusion[0].status == pb.DETECTION_STATUS_SUCCESS
    assert fusion[0].fusion.img_manip.score == pytest.approx(0.8)
    assert info.has_fused
    assert info.fused_score == pytest.approx(0.8)


def test_failing_analytic_is_recorded_as_failure(pipeline):
    pb = pipeline.pb.pipeline_pb2
    probe, md5 = pipeline.write_probe("please fail score=0.9")
    accepted = pipeline.detect("mediforproto", str(probe), analytic_id=[ANALYTIC_ID], fuser_id=[FUSER_ID])
    assert accepted.id == md5

    info = pipeline.wait_finished("workflowproto", md5, want_fusion=True)
    [row] = info.analytic_info
    assert row.stage == pb.DETECTION_STAGE_FINISHED
    assert row.status == pb.DETECTION_STATUS_FAILURE
    assert row.detection.status.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    assert FAIL_MESSAGE in row.detection.status.message
    assert row.detection.img_manip.score == 0
    # The fuser hears about the failed analytic explicitly as opted out, with the reason (workflow.md §28 #10),
    # not as an empty result that reads like a score of 0.
    an = pipeline.pb.analytic_pb2
    stored = str(pipeline.storage / "input" / f"{md5}.jpg")
    fused = [r for r in pipeline.fuser.requests if os.path.realpath(r.img_manip_req.image.uri) == stored]
    assert fused, "the Python fuser was never called for this probe"
    assert [(e.id, e.version) for e in fused[-1].img_manip] == [("pyscore", "1")]
    assert fused[-1].img_manip[0].data.opt_out == an.OPT_OUT_ALL
    assert FAIL_MESSAGE in fused[-1].img_manip[0].data.explanation
    [fusion] = [entry for entry in info.fusion_info if entry.fuser_id == FUSER_ID]
    assert fusion.fusion.img_manip.opt_out == an.OPT_OUT_ALL
    # An opted-out fusion has no score: not "fused", in the detection and in the list alike.
    assert not info.has_fused and info.fused_score == 0
    listed = pipeline.stubs["mediforproto"].GetDetectionList(
        pb.DetectionListRequest(detection_ids=[md5], fuser_id=FUSER_ID), timeout=RPC_TIMEOUT_S)
    assert [(d.id, d.has_fused) for d in listed.detections] == [(md5, False)]
    # The server survives and keeps answering.
    pipeline.check_alive()
    health = pipeline.health.Check(health_pb2.HealthCheckRequest(service=""), timeout=RPC_TIMEOUT_S)
    assert health.status == health_pb2.HealthCheckResponse.SERVING


# --- listing -------------------------------------------------------------------------------------------------------


def test_list_filters_on_fused_score_and_pages(pipeline):
    pb = pipeline.pb.pipeline_pb2
    run = uuid.uuid4().hex
    ids = {}
    for score in (0.2, 0.6, 0.9):
        probe, md5 = pipeline.write_probe(f"score={score}")
        pipeline.detect("mediforproto", str(probe), analytic_id=[ANALYTIC_ID], fuser_id=[FUSER_ID],
                        user_tags={"run": run})
        ids[score] = md5
    for md5 in ids.values():
        pipeline.wait_finished("mediforproto", md5, want_fusion=True)

    def request(**fields):
        return pb.DetectionListRequest(
            tags={"run": run}, fuser_id=FUSER_ID, fusion_threshold_type=pb.FUSION_GT_THRESHOLD,
            fusion_threshold_value=0.5, order_by=[pb.SortCol(key=pb.SCORE, is_asc=False)], **fields)

    for service in SERVICE_NAMES:
        answer = pipeline.stubs[service].GetDetectionList(request(), timeout=RPC_TIMEOUT_S)
        assert [d.id for d in answer.detections] == [ids[0.9], ids[0.6]], service
        assert [d.fused_score for d in answer.detections] == [pytest.approx(0.9), pytest.approx(0.6)]
        assert all(d.has_fused for d in answer.detections)
        assert answer.total == 2
        assert answer.page_token == ""

    # Ascending, below the threshold: only the 0.2 one.
    low = pipeline.stubs["mediforproto"].GetDetectionList(pb.DetectionListRequest(
        tags={"run": run}, fuser_id=FUSER_ID, fusion_threshold_type=pb.FUSION_LT_THRESHOLD,
        fusion_threshold_value=0.5, order_by=[pb.SortCol(key=pb.SCORE, is_asc=True)]), timeout=RPC_TIMEOUT_S)
    assert [d.id for d in low.detections] == [ids[0.2]]
    assert low.total == 1

    # One per page, following page_token.
    seen, token, pages = [], "", 0
    while True:
        page = pipeline.stubs["workflowproto"].GetDetectionList(
            request(page_size=1, page_token=token), timeout=RPC_TIMEOUT_S)
        pages += 1
        assert len(page.detections) <= 1
        assert page.total == 2
        seen += [d.id for d in page.detections]
        token = page.page_token
        if not token:
            break
        assert pages < 5, "paging does not end"
    assert seen == [ids[0.9], ids[0.6]]
    assert pages in (2, 3)


# --- tags and deletion ---------------------------------------------------------------------------------------------


def test_tags_update_tag_info_and_delete(pipeline):
    pb = pipeline.pb.pipeline_pb2
    run = uuid.uuid4().hex
    probe, md5 = pipeline.write_probe("score=0.3 tagged")
    pipeline.detect("mediforproto", str(probe), analytic_id=[ANALYTIC_ID], tags={"source": "pytest"},
                    user_tags={"run": run, "label": "cat"})
    pipeline.wait_finished("mediforproto", md5, want_fusion=False)

    def tag_info():
        return pipeline.stubs["workflowproto"].GetDetectionTagInfo(
            pb.DetectionTagInfoRequest(require_tags={"run": run}), timeout=RPC_TIMEOUT_S)

    info = tag_info()
    assert dict(info.tag_counts) == {"source=pytest": 1}
    assert dict(info.user_tag_counts) == {f"run={run}": 1, "label=cat": 1}

    added = pipeline.stubs["mediforproto"].UpdateDetectionTags(pb.UpdateDetectionTagsRequest(
        detection_id=md5, tags={"reviewer": "ann", "label": "dog"}), timeout=RPC_TIMEOUT_S)
    assert added.id == md5
    assert dict(added.user_tags) == {"run": run, "label": "dog", "reviewer": "ann"}
    assert dict(added.tags) == {"source": "pytest"}
    info = tag_info()
    assert dict(info.user_tag_counts) == {f"run={run}": 1, "label=dog": 1, "reviewer=ann": 1}

    removed = pipeline.stubs["workflowproto"].UpdateDetectionTags(pb.UpdateDetectionTagsRequest(
        detection_id=md5, delete_tags=["reviewer"]), timeout=RPC_TIMEOUT_S)
    assert dict(removed.user_tags) == {"run": run, "label": "dog"}

    replaced = pipeline.stubs["workflowproto"].UpdateDetectionTags(pb.UpdateDetectionTagsRequest(
        detection_id=md5, replace=True, tags={"run": run, "verdict": "clean"}, delete_tags=["run"]),
        timeout=RPC_TIMEOUT_S)
    assert dict(replaced.user_tags) == {"run": run, "verdict": "clean"}
    assert dict(replaced.tags) == {"source": "pytest"}
    info = tag_info()
    assert dict(info.tag_counts) == {"source=pytest": 1}
    assert dict(info.user_tag_counts) == {f"run={run}": 1, "verdict=clean": 1}
    assert dict(pipeline.info("mediforproto", md5).user_tags) == {"run": run, "verdict": "clean"}

    pipeline.stubs["workflowproto"].DeleteDetection(pb.DeleteDetectionRequest(detection_id=md5), timeout=RPC_TIMEOUT_S)
    for service in SERVICE_NAMES:
        error = _rpc_error(lambda: pipeline.info(service, md5))
        assert error.code() == grpc.StatusCode.NOT_FOUND, (service, error.details())
    info = tag_info()
    assert dict(info.user_tag_counts) == {} and dict(info.tag_counts) == {}
    listed = pipeline.stubs["mediforproto"].GetDetectionList(
        pb.DetectionListRequest(tags={"run": run}), timeout=RPC_TIMEOUT_S)
    assert list(listed.detections) == [] and listed.total == 0


# --- bad input -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("service", SERVICE_NAMES)
def test_bad_input_gets_clear_codes(pipeline, service):
    pb = pipeline.pb.pipeline_pb2
    stub = pipeline.stubs[service]

    def code_of(call):
        error = _rpc_error(call)
        assert error.details(), f"{error.code()} without a message"
        return error.code(), error.details()

    code, message = code_of(lambda: stub.Detect(pb.DetectionRequest(), timeout=RPC_TIMEOUT_S))
    assert code == grpc.StatusCode.INVALID_ARGUMENT, message

    missing = pipeline.storage / "inbox" / f"missing-{uuid.uuid4().hex}.jpg"
    code, message = code_of(lambda: pipeline.detect(service, str(missing)))
    assert code == grpc.StatusCode.NOT_FOUND, message

    outside = pipeline.data_dir / f"outside-{uuid.uuid4().hex}.jpg"
    outside.write_bytes(b"\xff\xd8\xff\xe0 score=0.4 outside the storage root")
    code, message = code_of(lambda: pipeline.detect(service, str(outside)))
    assert code == grpc.StatusCode.PERMISSION_DENIED, message
    code, message = code_of(lambda: pipeline.detect(service, "/etc/hostname"))
    assert code == grpc.StatusCode.PERMISSION_DENIED, message
    escaping = pipeline.storage / "inbox" / ".." / ".." / outside.name
    code, message = code_of(lambda: pipeline.detect(service, str(escaping)))
    assert code == grpc.StatusCode.PERMISSION_DENIED, message

    probe, _ = pipeline.write_probe("score=0.1")
    code, message = code_of(lambda: pipeline.detect(service, str(probe), analytic_id=["no_such_analytic"]))
    assert code == grpc.StatusCode.INVALID_ARGUMENT, message
    assert "no_such_analytic" in message

    code, message = code_of(lambda: pipeline.info(service, f"garbage-{uuid.uuid4().hex}"))
    assert code == grpc.StatusCode.NOT_FOUND, message

    pipeline.check_alive()


def test_delete_while_pending_stays_deleted(pipeline):
    """A detection deleted right after Detect does not come back when its queued work is processed."""
    probe, md5 = pipeline.write_probe("score=0.7 deleted early")
    pipeline.detect("workflowproto", str(probe), analytic_id=[ANALYTIC_ID], fuser_id=[FUSER_ID])
    pipeline.stubs["mediforproto"].DeleteDetection(
        pipeline.pb.pipeline_pb2.DeleteDetectionRequest(detection_id=md5), timeout=RPC_TIMEOUT_S)
    # Give the stages and workers time to process whatever was already queued.
    time.sleep(3)
    error = _rpc_error(lambda: pipeline.info("workflowproto", md5))
    assert error.code() == grpc.StatusCode.NOT_FOUND, error.details()
    pipeline.check_alive()
