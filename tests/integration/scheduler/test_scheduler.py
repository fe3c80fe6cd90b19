"""The scheduler on real PostgreSQL and NATS, with 2 scheduler and 2 consumer replicas.

Every firing is counted by the consumer's own table (UNIQUE timer id; duplicates and
out-of-order firings are recorded as anomalies, not hidden), so "exactly once, in per-key
order" is checked on what the owner actually applied.
"""

from __future__ import annotations

import asyncio
import random
import signal
import statistics
import time
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta

import grpc
import pytest
from google.protobuf import timestamp_pb2

from protos.scheduler.v1 import scheduler_pb2, scheduler_pb2_grpc
from services.runtime import events, timers
from services.runtime.clients import make_channel
from services.scheduler import periodic
from tests.integration.scheduler.conftest import TICK_SECONDS, OwnNats, db
from tests.integration.scheduler.consumer_app import BATCH_LOCK_CLASS, replica_lock_key
from tests.stack import Stack, wait_serving

pytestmark = pytest.mark.slow

LOAD = 5000
KEYS = 50


def ts(value: datetime) -> timestamp_pb2.Timestamp:
    out = timestamp_pb2.Timestamp()
    out.FromDatetime(value)
    return out


def stub(stack: Stack) -> scheduler_pb2_grpc.SchedulerServiceStub:
    return scheduler_pb2_grpc.SchedulerServiceStub(make_channel(stack.env["SCHEDULER_GRPC_ADDR"]))


async def schedule_many(stack: Stack, requests: list[scheduler_pb2.ScheduleRequest],
                        chunk: int = 500) -> None:
    """ScheduleBatch in chunks, retried while a killed replica still answers UNAVAILABLE."""
    client = stub(stack)
    for i in range(0, len(requests), chunk):
        batch = scheduler_pb2.ScheduleBatchRequest(timers=requests[i:i + chunk])
        for attempt in range(50):
            try:
                await client.ScheduleBatch(batch, timeout=30)
                break
            except grpc.aio.AioRpcError as err:
                if err.code() != grpc.StatusCode.UNAVAILABLE or attempt == 49:
                    raise
                await asyncio.sleep(0.1)


async def handled_count(stack: Stack, key_prefix: str) -> int:
    conn = await db(stack)
    try:
        return await conn.fetchval(
            "SELECT count(*) FROM timertest.handled WHERE ordering_key LIKE $1",
            key_prefix + "%")
    finally:
        await conn.close()


async def wait_handled(stack: Stack, key_prefix: str, at_least: int, timeout: float) -> int:
    deadline = time.monotonic() + timeout
    count = 0
    while time.monotonic() < deadline:
        count = await handled_count(stack, key_prefix)
        if count >= at_least:
            return count
        await asyncio.sleep(0.2)
    return count


def load_requests(tag: str, start_in: float, spread: float) -> list[scheduler_pb2.ScheduleRequest]:
    """LOAD timers over KEYS keys, due in random order within [start_in, start_in + spread]."""
    base = datetime.now(UTC) + timedelta(seconds=start_in)
    rng = random.Random(tag)
    return [scheduler_pb2.ScheduleRequest(
        owner="timertest", kind="work", due_at=ts(base + timedelta(seconds=rng.uniform(0, spread))),
        ordering_key=f"{tag}-{i % KEYS}", payload=str(i).encode(), dedupe_key=f"{tag}-{i}")
        for i in range(LOAD)]


async def assert_exactly_once_in_order(stack: Stack, tag: str) -> None:
    conn = await db(stack)
    try:
        # Due order is only owed among timers that all existed before the first fired.
        window = await conn.fetchrow(
            "SELECT max(created_at) AS created, min(due_at) AS due FROM scheduler.timers "
            "WHERE ordering_key LIKE $1", tag + "-%")
        assert window["created"] < window["due"], "scheduling took longer than the lead time"
        anomalies = await conn.fetch("SELECT what, timer_id, detail FROM timertest.anomalies")
        assert anomalies == [], anomalies[:10]
        rows = await conn.fetch(
            "SELECT ordering_key, seq, due_at FROM timertest.handled "
            "WHERE ordering_key LIKE $1 ORDER BY n", tag + "-%")
        assert len(rows) == LOAD
        assert len({r["ordering_key"] for r in rows}) == KEYS
        by_key: dict[str, list] = {}
        for r in rows:
            by_key.setdefault(r["ordering_key"], []).append(r)
        for key, applied in by_key.items():
            assert [r["seq"] for r in applied] == list(range(1, len(applied) + 1)), key
            dues = [r["due_at"] for r in applied]
            assert dues == sorted(dues), key
        states = await conn.fetch(
            "SELECT state, count(*) AS n FROM scheduler.timers WHERE ordering_key LIKE $1 "
            "GROUP BY state", tag + "-%")
        assert {s["state"]: s["n"] for s in states} == {"fired": LOAD}
    finally:
        await conn.close()


async def test_dedupe_key_keeps_one_timer(sched_stack: Stack) -> None:
    client = stub(sched_stack)
    req = scheduler_pb2.ScheduleRequest(
        owner="timertest", kind="work", due_at=ts(datetime.now(UTC) + timedelta(hours=1)),
        dedupe_key=f"dedupe-{uuid.uuid4().hex}", payload=b"first")
    first = await client.Schedule(req, timeout=10)
    again = await client.Schedule(scheduler_pb2.ScheduleRequest(
        owner=req.owner, kind=req.kind, due_at=ts(datetime.now(UTC) + timedelta(hours=2)),
        dedupe_key=req.dedupe_key, payload=b"second"), timeout=10)
    assert again.id == first.id
    assert again.payload == b"first"
    conn = await db(sched_stack)
    try:
        n = await conn.fetchval("SELECT count(*) FROM scheduler.timers WHERE dedupe_key = $1",
                                req.dedupe_key)
    finally:
        await conn.close()
    assert n == 1


async def test_cancel_and_reschedule(sched_stack: Stack) -> None:
    client = stub(sched_stack)
    later = ts(datetime.now(UTC) + timedelta(hours=1))
    cancelled = await client.Schedule(scheduler_pb2.ScheduleRequest(
        owner="timertest", kind="work", due_at=later, ordering_key="cancel-a"), timeout=10)
    reply = await client.Cancel(scheduler_pb2.CancelRequest(id=cancelled.id), timeout=10)
    assert reply.cancelled
    assert (await client.GetTimer(scheduler_pb2.GetTimerRequest(id=cancelled.id),
                                  timeout=10)).state == "cancelled"
    assert not (await client.Cancel(scheduler_pb2.CancelRequest(id=cancelled.id),
                                    timeout=10)).cancelled

    key = f"resched-{uuid.uuid4().hex[:8]}"
    moved = await client.Schedule(scheduler_pb2.ScheduleRequest(
        owner="timertest", kind="work", due_at=later, ordering_key=key, dedupe_key=key),
        timeout=10)
    soon = datetime.now(UTC) + timedelta(seconds=0.3)
    timer = await client.Reschedule(scheduler_pb2.RescheduleRequest(
        owner="timertest", dedupe_key=key, due_at=ts(soon)), timeout=10)
    assert timer.id == moved.id
    assert await wait_handled(sched_stack, key, 1, 15) == 1
    fired = await client.GetTimer(scheduler_pb2.GetTimerRequest(id=moved.id), timeout=10)
    assert fired.state == "fired"
    with pytest.raises(grpc.aio.AioRpcError) as err:
        await client.Reschedule(scheduler_pb2.RescheduleRequest(id=moved.id, due_at=later),
                                timeout=10)
    assert err.value.code() == grpc.StatusCode.FAILED_PRECONDITION
    assert not (await client.Cancel(scheduler_pb2.CancelRequest(id=moved.id),
                                    timeout=10)).cancelled


async def test_timer_200ms_ahead_is_handled_about_on_time(sched_stack: Stack) -> None:
    client = stub(sched_stack)
    tag = f"late-{uuid.uuid4().hex[:8]}"
    for i in range(20):
        due = datetime.now(UTC) + timedelta(seconds=0.2)
        await client.Schedule(scheduler_pb2.ScheduleRequest(
            owner="timertest", kind="probe", due_at=ts(due), ordering_key=f"{tag}-{i}"),
            timeout=10)
        await asyncio.sleep(0.1)
    assert await wait_handled(sched_stack, tag, 20, 15) == 20
    conn = await db(sched_stack)
    try:
        rows = await conn.fetch(
            "SELECT EXTRACT(EPOCH FROM handled_at - due_at)::float8 AS late "
            "FROM timertest.handled WHERE ordering_key LIKE $1", tag + "%")
    finally:
        await conn.close()
    lateness = sorted(r["late"] for r in rows)
    print(f"lateness of 20 timers 200 ms ahead: median {statistics.median(lateness) * 1000:.1f}"
          f" ms, max {lateness[-1] * 1000:.1f} ms")
    assert lateness[0] >= -0.005  # never early (same host clock)
    assert statistics.median(lateness) < 0.1


async def wait_fired(stack: Stack, tag: str, at_least: int) -> None:
    conn = await db(stack)
    try:
        for _ in range(3000):
            fired = await conn.fetchval("SELECT count(*) FROM scheduler.timers WHERE "
                                        "state = 'fired' AND ordering_key LIKE $1", tag + "-%")
            if fired >= at_least:
                return
            await asyncio.sleep(0.02)
    finally:
        await conn.close()


async def freeze_a_replica_holding_claims(stack: Stack, tag: str, timeout: float = 30) -> tuple:
    """SIGSTOP a scheduler replica caught between claiming and marking fired (its worker id
    carries its pid), so the kill -9 that follows certainly leaves claims behind."""
    replicas = [stack.proc("scheduler-1"), stack.proc("scheduler-2")]
    conn = await db(stack)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            holders = await conn.fetch(
                "SELECT DISTINCT claimed_by FROM scheduler.timers WHERE state = 'claimed' "
                "AND lease_until > now() AND ordering_key LIKE $1", tag + "-%")
            for holder in holders:
                for proc in replicas:
                    if f"-{proc.popen.pid}-" not in holder["claimed_by"]:
                        continue
                    proc.popen.send_signal(signal.SIGSTOP)
                    held = await conn.fetchval(
                        "SELECT count(*) FROM scheduler.timers WHERE state = 'claimed' "
                        "AND claimed_by = $1 AND ordering_key LIKE $2", holder["claimed_by"],
                        tag + "-%")
                    if held:
                        return proc, held
                    proc.popen.send_signal(signal.SIGCONT)
            await asyncio.sleep(0.005)
    finally:
        await conn.close()
    raise AssertionError("no replica was caught holding claims")


async def test_5000_timers_exactly_once_in_key_order_through_a_kill_9(
        sched_stack: Stack) -> None:
    tag = f"kill-{uuid.uuid4().hex[:8]}"
    started = time.monotonic()
    await schedule_many(sched_stack, load_requests(tag, start_in=4, spread=3))
    print(f"scheduled {LOAD} in {time.monotonic() - started:.1f} s")
    await wait_fired(sched_stack, tag, LOAD // 10)  # in the middle of the firing
    victim, held = await freeze_a_replica_holding_claims(sched_stack, tag)
    victim.popen.send_signal(signal.SIGKILL)
    victim.popen.wait()
    print(f"kill -9 {victim.name} holding {held} claimed timers after "
          f"{time.monotonic() - started:.1f} s")
    assert await wait_handled(sched_stack, tag, LOAD, 90) == LOAD
    print(f"all handled after {time.monotonic() - started:.1f} s")
    await asyncio.sleep(1.0)  # anything doubled would land now
    await assert_exactly_once_in_order(sched_stack, tag)
    victim.start(sched_stack.log_dir)
    await wait_serving(victim.env["GRPC_LISTEN"], 60)  # the next tests use every replica
    conn = await db(sched_stack)
    try:
        again = await conn.fetchval("SELECT count(*) FROM scheduler.timers WHERE attempts > 1 "
                                    "AND ordering_key LIKE $1", tag + "-%")
    finally:
        await conn.close()
    assert again >= 1  # the dead replica's claims were taken again after their lease


async def test_5000_timers_exactly_once_in_key_order_through_a_nats_restart(
        sched_stack: Stack, own_nats: OwnNats) -> None:
    tag = f"nats-{uuid.uuid4().hex[:8]}"
    await schedule_many(sched_stack, load_requests(tag, start_in=4, spread=3))
    await wait_fired(sched_stack, tag, LOAD // 10)  # both publishing and handling under way
    own_nats.stop()
    await asyncio.sleep(1.0)
    own_nats.start()
    assert await wait_handled(sched_stack, tag, LOAD, 120) == LOAD
    await asyncio.sleep(1.0)
    await assert_exactly_once_in_order(sched_stack, tag)


async def freeze_an_owner_mid_batch(stack: Stack, timeout: float = 60) -> tuple:
    """SIGSTOP an owner replica caught inside a batch's transaction: it holds its batch
    marker (consumer_app: a transaction-level advisory lock taken after the batch's inbox
    rows are written), so the kill -9 that follows interrupts a batch."""
    owners = [stack.proc("timertest-1"), stack.proc("timertest-2")]
    conn = await db(stack)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for proc in owners:
                proc.popen.send_signal(signal.SIGSTOP)
                inside = await conn.fetchval(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted "
                    "AND classid = $1 AND objid = $2 AND objsubid = 2", BATCH_LOCK_CLASS,
                    replica_lock_key(proc.env["REPLICA_NAME"]))
                if inside:
                    return proc, inside
                proc.popen.send_signal(signal.SIGCONT)
            await asyncio.sleep(0.002)
    finally:
        await conn.close()
    raise AssertionError("no owner replica was caught inside a batch")


async def test_5000_timers_exactly_once_in_key_order_through_a_kill_9_of_an_owner(
        sched_stack: Stack) -> None:
    tag = f"okill-{uuid.uuid4().hex[:8]}"
    # Due over 10 s: batches are short, so the freeze below needs many tries.
    await schedule_many(sched_stack, load_requests(tag, start_in=4, spread=10))
    before = await handled_count(sched_stack, tag)
    await wait_handled(sched_stack, tag, LOAD // 10, 60)  # in the middle of the applying
    victim, writing = await freeze_an_owner_mid_batch(sched_stack)
    victim.popen.send_signal(signal.SIGKILL)
    victim.popen.wait()
    at_kill = await handled_count(sched_stack, tag)
    print(f"kill -9 {victim.name} inside {writing} batch transaction(s), "
          f"{at_kill} of {LOAD} handled")
    assert before < LOAD and at_kill < LOAD  # the kill came while firings were due
    assert await wait_handled(sched_stack, tag, LOAD, 120) == LOAD
    await asyncio.sleep(1.0)  # anything doubled would land now
    await assert_exactly_once_in_order(sched_stack, tag)
    victim.start(sched_stack.log_dir)
    await wait_serving(victim.env["GRPC_LISTEN"], 60)


async def test_timer_requested_through_events(sched_stack: Stack, own_nats: OwnNats) -> None:
    """village's outbox would publish these; the owner is the service in the event type."""
    import nats

    key = f"evt-{uuid.uuid4().hex[:8]}"
    nc = await nats.connect(own_nats.url)
    try:
        js = nc.jetstream()
        prefix = sched_stack.prefix
        requested = events.make_envelope("village.timer.requested", scheduler_pb2.TimerRequested(
            kind="probe", due_at=ts(datetime.now(UTC) + timedelta(hours=1)), dedupe_key=key))
        await js.publish(events.event_subject(prefix, requested.type),
                         requested.SerializeToString(), headers={"Nats-Msg-Id": requested.id})
        timer = await wait_timer(sched_stack, "village", key, "pending")
        assert timer is not None
        cancelled = events.make_envelope("village.timer.cancelled",
                                         scheduler_pb2.TimerCancelRequested(dedupe_key=key))
        await js.publish(events.event_subject(prefix, cancelled.type),
                         cancelled.SerializeToString(), headers={"Nats-Msg-Id": cancelled.id})
        assert await wait_timer(sched_stack, "village", key, "cancelled") is not None
    finally:
        await nc.close()


async def wait_timer(stack: Stack, owner: str, dedupe_key: str, state: str) -> str | None:
    conn = await db(stack)
    try:
        for _ in range(100):
            found = await conn.fetchval(
                "SELECT id FROM scheduler.timers WHERE owner = $1 AND dedupe_key = $2 "
                "AND state = $3", owner, dedupe_key, state)
            if found:
                return found
            await asyncio.sleep(0.1)
        return None
    finally:
        await conn.close()


async def test_periodic_jobs_run_once_per_period_with_2_replicas(sched_stack: Stack) -> None:
    conn = await db(sched_stack)
    try:
        await asyncio.sleep(2 * TICK_SECONDS + 1)
        rows = await conn.fetch("SELECT payload FROM timertest.handled WHERE kind = 'tick'")
        starts = [scheduler_pb2.PeriodicRun.FromString(r["payload"]).period_start.seconds
                  for r in rows]
        assert len(starts) == len(set(starts)), "a period ran twice"
        assert len(starts) >= 3
        # Each job ran once for every period from its first one to the current one (a
        # 10-minute job may legitimately have run twice if the test crossed a boundary).
        rows = await conn.fetch(
            "SELECT job, period_start FROM scheduler.periodic_runs WHERE job <> 'test.tick' "
            "ORDER BY job, period_start")
        runs: dict[str, list[datetime]] = {}
        for r in rows:
            runs.setdefault(r["job"], []).append(r["period_start"])
        assert set(runs) == {job.name for job in periodic.JOBS}
        now = datetime.now(UTC)
        for job in periodic.JOBS:
            first, current = runs[job.name][0], periodic.period_start(now, job.every)
            expected = [first + k * job.every
                        for k in range((current - first) // job.every + 1)]
            # a period that began a moment ago may not have fired yet
            just_begun = now - current < timedelta(seconds=5)
            assert runs[job.name] == expected or (
                just_begun and runs[job.name] == expected[:-1]), job.name
        # village applies its own jobs: the rankings table and the run records.
        done = await conn.fetch("SELECT job FROM village.job_runs")
        assert sorted(r["job"] for r in done) == [
            "village.hero-adventures", "village.rankings"]
    finally:
        await conn.close()


def test_scheduler_metrics_are_exported(sched_stack: Stack) -> None:
    listen = sched_stack.proc("scheduler-2").env["METRICS_LISTEN"]
    with urllib.request.urlopen(f"http://{listen}/metrics", timeout=5) as resp:
        text = resp.read().decode()
    for name in ("scheduler_timers_pending", "scheduler_timers_fired_total",
                 "scheduler_timer_publish_lateness_seconds_bucket"):
        assert name in text


async def partition_holders(stack: Stack) -> dict[int, list[int]]:
    """pid of a timertest replica's lock session -> the key partitions it holds."""
    keys = {timers.partition_lock_key("timertest", p): p for p in range(timers.KEY_PARTITIONS)}
    conn = await db(stack)
    try:
        rows = await conn.fetch(
            "SELECT pid, objid::bigint AS key FROM pg_locks WHERE locktype = 'advisory' "
            "AND granted AND classid = $1 AND objsubid = 2 AND objid = ANY($2::bigint[]::oid[])",
            timers.PARTITION_LOCK_CLASS, list(keys))
    finally:
        await conn.close()
    out: dict[int, list[int]] = {}
    for r in rows:
        out.setdefault(r["pid"], []).append(keys[r["key"]])
    return out


async def wait_partitions(stack: Stack, shares: list[int], timeout: float = 60) -> dict:
    """Wait until the replicas' lock sessions hold these many partitions each."""
    deadline = time.monotonic() + timeout
    held: dict[int, list[int]] = {}
    while time.monotonic() < deadline:
        held = await partition_holders(stack)
        if sorted(len(v) for v in held.values()) == sorted(shares):
            break
        await asyncio.sleep(0.2)
    return held


async def keyed_run(stack: Stack, tag: str, n: int, keys: int) -> dict[str, set[str]]:
    """n keyed timers over ``keys`` keys, all applied once; key -> replicas that applied it."""
    base = datetime.now(UTC) + timedelta(seconds=2)
    await schedule_many(stack, [scheduler_pb2.ScheduleRequest(
        owner="timertest", kind="work", due_at=ts(base + timedelta(milliseconds=2 * i)),
        ordering_key=f"{tag}-{i % keys}", payload=str(i).encode(), dedupe_key=f"{tag}-{i}")
        for i in range(n)])
    assert await wait_handled(stack, tag, n, 60) == n
    conn = await db(stack)
    try:
        rows = await conn.fetch("SELECT ordering_key, replica FROM timertest.handled "
                                "WHERE ordering_key LIKE $1", tag + "-%")
        anomalies = await conn.fetch("SELECT what, detail FROM timertest.anomalies")
    finally:
        await conn.close()
    assert anomalies == []
    assert len(rows) == n
    by_key: dict[str, set[str]] = {}
    for r in rows:
        by_key.setdefault(r["ordering_key"], set()).add(r["replica"])
    return by_key


async def test_owner_replicas_share_key_partitions_and_take_over_after_a_kill_9(
        sched_stack: Stack) -> None:
    held = await wait_partitions(sched_stack, [8, 8])
    assert sorted(len(v) for v in held.values()) == [8, 8], held
    assert sorted(p for v in held.values() for p in v) == list(range(timers.KEY_PARTITIONS))
    tag = f"part-{uuid.uuid4().hex[:8]}"
    by_key = await keyed_run(sched_stack, tag, 1000, 40)
    # A key's firings all went to the one replica that consumes its partition.
    assert all(len(replicas) == 1 for replicas in by_key.values()), by_key
    assert {r for replicas in by_key.values() for r in replicas} == {"timertest-1", "timertest-2"}

    victim = sched_stack.proc("timertest-2")
    victim.popen.send_signal(signal.SIGKILL)
    victim.popen.wait()
    held = await wait_partitions(sched_stack, [16])
    assert [len(v) for v in held.values()] == [16], held  # the survivor took them all
    by_key = await keyed_run(sched_stack, tag + "b", 300, 40)
    assert {r for replicas in by_key.values() for r in replicas} == {"timertest-1"}
    victim.start(sched_stack.log_dir)
    await wait_serving(victim.env["GRPC_LISTEN"], 60)
    held = await wait_partitions(sched_stack, [8, 8])
    assert sorted(len(v) for v in held.values()) == [8, 8], held  # shared again
