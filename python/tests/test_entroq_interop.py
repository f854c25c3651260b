"""The real PyPI `entroq==0.15.0` client (protocol 2) against `medifor queue serve`.

Each test uses queues of its own, so tests share one server process.
"""
from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from entroq import (
    DependencyError, EntroQWorker, InvalidArgumentError, Modification as M, MoveError, TaskData, TaskID,
)
from entroq.json import EntroQJSON

pytestmark = pytest.mark.anyio

PROTOCOL_2 = {"entroq-protocol": "2"}


def ms(when: datetime) -> int:
    return int(when.timestamp() * 1000)


async def insert(eq, queue: str, count: int = 1, **fields):
    result = await eq.modify(M(*(M.inserting(TaskData(queue=queue, **fields)) for _ in range(count))))
    return result.tasks_inserted


# Handshake and inserts


async def test_handshake_header_and_time(server_url, eq):
    resp = httpx.get(f"{server_url}/api/v0/time", headers=PROTOCOL_2)
    assert resp.status_code == 200
    assert 2 in [int(p) for p in resp.headers["entroq-protocol"].split(",")]
    assert isinstance(resp.json()["timeMs"], str)
    server_now = await eq.time()
    assert abs((server_now - datetime.now(timezone.utc)).total_seconds()) < 5


async def test_server_refuses_only_unserved_protocols(server_url):
    resp = httpx.get(f"{server_url}/api/v0/time", headers={"entroq-protocol": "99"})
    assert resp.status_code == 501
    assert "upgrade the server" in resp.json()["message"]


async def test_insert_assigns_ids_version_zero_and_round_trips_values(eq, queue):
    values = [{"name": "Grüße aus 東京 🚀", "n": 3, "nested": {"ok": True, "list": [1, None, "ü"]}}, "plain", None]
    result = await eq.modify(M(*(M.inserting(TaskData(queue=queue, value=v)) for v in values)))
    tasks = result.tasks_inserted
    assert [t.value for t in tasks] == values
    for task in tasks:
        assert len(task.id) == 16 and int(task.id, 16) >= 0
        assert task.version == 0 and task.claims == 0 and task.queue == queue
    listed = {t.id: t.value for t in await eq.tasks(queue)}
    assert listed == {t.id: t.value for t in tasks}


async def test_explicit_id_insert_keeps_the_id(eq, queue):
    (task,) = await insert(eq, queue, id=f"explicit-{queue[-8:]}", value={"k": 1})
    assert task.id == f"explicit-{queue[-8:]}"
    assert [t.id for t in await eq.tasks(queue)] == [task.id]


async def test_future_insert_by_ms_is_not_claimable(eq, queue):
    at = datetime.now(timezone.utc) + timedelta(seconds=60)
    (task,) = await insert(eq, queue, at=at)
    assert abs(ms(task.at) - ms(at)) < 5000
    assert await eq.try_claim(queue) is None


# Listings


async def test_task_listing_limit_omit_values_and_unknown_queue(eq, queue):
    await insert(eq, queue, count=3, value={"payload": "x"})
    assert len(await eq.tasks(queue)) == 3
    assert len(await eq.tasks(queue, limit=2)) == 2
    omitted = await eq.tasks(queue, omit_values=True)
    assert len(omitted) == 3 and all(t.value is None for t in omitted)
    assert all(t.value == {"payload": "x"} for t in await eq.tasks(queue))
    assert await eq.tasks(queue + "/unknown") == []


async def test_queue_prefix_exact_and_limit(eq, queue):
    await insert(eq, f"{queue}/a", count=2)
    await insert(eq, f"{queue}/b")
    (gone,) = await insert(eq, f"{queue}/c")
    await eq.modify(M(M.deleting(gone)))
    by_prefix = {q["name"]: q["num_tasks"] for q in await eq.queues(prefix=queue)}
    assert by_prefix == {f"{queue}/a": 2, f"{queue}/b": 1}
    exact = await eq.queues(exact=[f"{queue}/b", f"{queue}/missing"])
    assert [q["name"] for q in exact] == [f"{queue}/b"]
    assert len(await eq.queues(prefix=queue, limit=1)) == 1


async def test_raw_queue_stats_before_and_after_a_claim(server_url, eq, queue):
    await insert(eq, queue, count=2)

    def stats():
        resp = httpx.get(f"{server_url}/api/v0/queues/stats", params={"matchExact": queue}, headers=PROTOCOL_2)
        assert resp.status_code == 200
        (entry,) = resp.json()["queues"]
        return entry

    before = stats()
    assert (before["numTasks"], before["numAvailable"], before["numClaimed"], before["maxClaims"]) == (2, 2, 0, 0)
    assert await eq.try_claim(queue) is not None
    after = stats()
    assert (after["numTasks"], after["numAvailable"], after["numClaimed"], after["maxClaims"]) == (2, 1, 1, 1)
    assert after["numFuture"] == 0


# Claims


async def test_try_claim_on_empty_and_future_only_queues(eq, queue):
    assert await eq.try_claim(queue) is None
    await insert(eq, queue, at=datetime.now(timezone.utc) + timedelta(minutes=5))
    assert await eq.try_claim(queue) is None


async def test_try_claim_result(eq, queue):
    (inserted,) = await insert(eq, queue, value={"n": 1})
    task = await eq.try_claim(queue, duration_ms=45000)
    assert task.id == inserted.id and task.version == inserted.version + 1
    assert task.claimant == eq.claimant_id and task.claims == 1
    assert (task.at - task.modified).total_seconds() == pytest.approx(45.0)
    assert task.value == {"n": 1}


async def test_claims_are_exclusive_until_the_holder_releases(eq, queue):
    first, second = eq.as_claimant("holder-a"), eq.as_claimant("holder-b")
    await insert(eq, queue)
    held = await first.try_claim(queue)
    assert held is not None and held.claimant == "holder-a"
    assert await second.try_claim(queue) is None
    await first.modify(M(M.changing(held)))
    taken = await second.try_claim(queue)
    assert taken is not None and taken.id == held.id and taken.claimant == "holder-b"
    assert taken.claims == 2


async def test_lease_renewal_returns_the_task(eq, queue):
    await insert(eq, queue)
    task = await eq.try_claim(queue, duration_ms=5000)
    result = await eq.modify(M(M.arriving(task, by_s=30)))
    (renewed,) = result.tasks_changed
    assert renewed.id == task.id and renewed.version == task.version + 1
    assert renewed.claimant == eq.claimant_id and renewed.claims == 1
    assert (renewed.at - renewed.modified).total_seconds() == pytest.approx(30.0)


async def test_blocking_claim_is_woken_by_an_insert(eq, queue):
    waiter = asyncio.ensure_future(eq.claim(queue, duration_ms=30000, poll_ms=30000))
    await asyncio.sleep(0.3)
    started = time.monotonic()
    (inserted,) = await insert(eq, queue)
    task = await asyncio.wait_for(waiter, timeout=10)
    assert time.monotonic() - started <= 5
    assert task.id == inserted.id and task.claims == 1


async def test_blocking_claim_returns_at_once_when_work_exists(eq, queue):
    (inserted,) = await insert(eq, queue)
    task = await asyncio.wait_for(eq.claim(queue, poll_ms=30000), timeout=5)
    assert task.id == inserted.id


async def test_abandoned_blocking_claim_takes_nothing(eq, queue):
    with pytest.raises(TimeoutError):
        await eq.as_claimant("quitter").claim(queue, poll_ms=30000, timeout_s=0.5)
    await asyncio.sleep(0.5)  # the server notices the closed connection asynchronously
    (inserted,) = await insert(eq, queue)
    (listed,) = await eq.tasks(queue)
    assert listed.version == 0 and listed.claims == 0
    assert (await eq.try_claim(queue)).id == inserted.id


# Modifications


async def test_value_change_bumps_version_and_releases(eq, queue):
    await insert(eq, queue, value={"step": 1})
    task = await eq.try_claim(queue)
    (changed,) = (await eq.modify(M(M.changing(task, value={"step": 2})))).tasks_changed
    assert changed.version == task.version + 1 and changed.value == {"step": 2}
    assert changed.claimant == "" and changed.at <= datetime.now(timezone.utc) + timedelta(seconds=1)
    assert changed.claims == 1
    assert await eq.try_claim(queue) is not None


async def test_stale_change_raises_dependency_error_with_changes(eq, queue):
    (inserted,) = await insert(eq, queue)
    await eq.try_claim(queue)
    with pytest.raises(DependencyError) as caught:
        await eq.modify(M(M.changing(inserted, value="stale")))
    assert [(c.id, c.version) for c in caught.value.changes] == [(inserted.id, 0)]
    assert caught.value.has_missing()


async def test_modification_is_atomic(eq, queue):
    (inserted,) = await insert(eq, queue)
    await eq.try_claim(queue)
    with pytest.raises(DependencyError):
        await eq.modify(M(M.inserting(TaskData(queue=queue + "/new")), M.changing(inserted, value="stale")))
    assert await eq.tasks(queue + "/new") == []


async def test_missing_depend_commits_nothing_and_a_held_depend_keeps_the_version(eq, queue):
    (anchor,) = await insert(eq, queue)
    with pytest.raises(DependencyError) as caught:
        await eq.modify(M(M.inserting(TaskData(queue=queue + "/new")), M.depending(TaskID("no-such-task", 3))))
    assert [d.id for d in caught.value.depends] == ["no-such-task"]
    assert [d.id for d in caught.value.missing] == ["no-such-task"]
    assert await eq.tasks(queue + "/new") == []
    result = await eq.modify(M(M.inserting(TaskData(queue=queue + "/new")), M.depending(anchor)))
    assert len(result.tasks_inserted) == 1 and result.tasks_changed == []
    (still,) = await eq.tasks(queue)
    assert still.version == anchor.version


async def test_explicit_id_collision_in_another_queue(eq, queue):
    task_id = f"dup-{queue[-12:]}"
    await insert(eq, queue, id=task_id)
    with pytest.raises(DependencyError) as caught:
        await insert(eq, queue + "/other", id=task_id)
    assert [t.id for t in caught.value.inserts] == [task_id]
    assert [t.id for t in caught.value.collisions] == [task_id]


async def test_queue_move_keeps_the_id(eq, queue):
    (inserted,) = await insert(eq, queue, value={"v": 1})
    (moved,) = (await eq.modify(M(M.changing(inserted, queue=queue + "/next")))).tasks_changed
    assert moved.id == inserted.id and moved.queue == queue + "/next" and moved.value == {"v": 1}
    assert await eq.tasks(queue) == []
    assert [t.id for t in await eq.tasks(queue + "/next")] == [inserted.id]


async def test_delete_twice(eq, queue):
    (inserted,) = await insert(eq, queue)
    await eq.modify(M(M.deleting(inserted)))
    with pytest.raises(DependencyError) as caught:
        await eq.modify(M(M.deleting(inserted)))
    assert [t.id for t in caught.value.deletes] == [inserted.id]


# Refusals


async def test_invalid_requests_raise_invalid_argument(server_url, eq, queue):
    with pytest.raises(InvalidArgumentError):
        await eq.modify(M())
    with pytest.raises(InvalidArgumentError):
        await eq.try_claim(queue, duration_ms=-1)
    with pytest.raises(InvalidArgumentError) as caught:
        await eq.modify(M(M.inserting(TaskData(queue=""))))
    assert caught.value.message
    resp = httpx.get(f"{server_url}/api/v0/tasks", params={"queue": queue, "bogus": "1"}, headers=PROTOCOL_2)
    assert resp.status_code == 400 and resp.json()["code"] == 3
    resp = httpx.post(f"{server_url}/api/v0/modify", content=b"{not json", headers=PROTOCOL_2)
    assert resp.status_code == 400 and resp.json()["message"]


# The worker


async def run_worker(worker: EntroQWorker, handler, timeout_s: float = 30.0) -> None:
    await asyncio.wait_for(worker.run(handler), timeout=timeout_s)


async def test_worker_moves_tasks_to_done(eq, queue):
    inserted = await insert(eq, queue, count=5)
    worker = EntroQWorker(eq, queue)
    seen: list[str] = []

    @EntroQWorker.handler
    async def finish(task, docs):
        seen.append(task.id)
        if len(seen) == len(inserted):
            worker.stop()
        return M(M.changing(task, queue=queue + "/done"))

    await run_worker(worker, finish)
    assert sorted(seen) == sorted(t.id for t in inserted)
    assert await eq.tasks(queue) == []
    done = await eq.tasks(queue + "/done")
    assert sorted(t.id for t in done) == sorted(t.id for t in inserted)
    assert all(t.version == 2 and t.claims == 0 and t.claimant == "" for t in done)


async def test_worker_move_error_lands_in_err_queue(eq, queue):
    (inserted,) = await insert(eq, queue, value={"bad": True})
    worker = EntroQWorker(eq, queue)

    @EntroQWorker.handler
    async def fail(task, docs):
        worker.stop()
        raise MoveError("cannot handle this input")

    await run_worker(worker, fail)
    assert await eq.tasks(queue) == []
    (failed,) = await eq.tasks(queue + "/err")
    assert failed.id == inserted.id and failed.attempt == 1
    assert "cannot handle this input" in failed.err
    assert failed.value == {"bad": True}


async def test_worker_renews_its_lease_while_working(eq, queue):
    (inserted,) = await insert(eq, queue)
    worker = EntroQWorker(eq, queue, claim_duration_s=1.5)

    @EntroQWorker.handler
    async def slow(task, docs):
        worker.stop()
        await asyncio.sleep(2.6)
        return M(M.changing(task, queue=queue + "/done"))

    await run_worker(worker, slow)
    (done,) = await eq.tasks(queue + "/done")
    assert done.id == inserted.id
    assert done.version >= 3  # claim, at least one renewal, the final change


async def test_worker_stops_cleanly_while_waiting(eq, queue):
    worker = EntroQWorker(eq, queue)

    @EntroQWorker.handler
    async def never(task, docs):
        raise AssertionError("no task was inserted")

    running = asyncio.ensure_future(worker.run(never))
    await asyncio.sleep(0.3)
    worker.stop()
    await asyncio.wait_for(running, timeout=5)
    await asyncio.sleep(0.5)  # the server notices the closed connection asynchronously
    (inserted,) = await insert(eq, queue)
    (listed,) = await eq.tasks(queue)
    assert listed.version == 0 and listed.claims == 0
