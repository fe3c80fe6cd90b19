"""The WebSocket's village_update frames from VillageUpdated events (pure conversion)."""

from __future__ import annotations

from datetime import UTC, datetime

from gateway.identity import Principal
from gateway.ws import Connection, village_updated_frame
from protos.common.v1 import common_pb2
from protos.village.v1 import village_events_pb2 as ev
from services.runtime.events import make_envelope


def _frame(**change) -> tuple[str, str, dict] | None:  # noqa: ANN003
    event = ev.VillageUpdated(village_id="v1", owner_id="u1", **change)
    event.at.FromDatetime(datetime(2026, 12, 1, 8, 30, 5, tzinfo=UTC))
    return village_updated_frame(make_envelope("village.village.updated", event))


def test_training_complete_names_the_unit_in_lower_case() -> None:
    owner, village, frame = _frame(training_complete=ev.TrainingCompleted(
        job_id="j", unit=common_pb2.UNIT_TYPE_LEGIONNAIRE, count=2, remaining=3))
    assert (owner, village) == ("u1", "v1")
    assert frame == {"type": "village_update", "village_id": "v1", "data": {
        "event": "training_complete", "at": "2026-12-01T08:30:05Z", "job_id": "j",
        "unit": "legionnaire", "count": 2, "remaining": 3}}


def test_research_and_founding_frames() -> None:
    _, _, frame = _frame(research_complete=ev.ResearchCompleted(
        job_id="r", kind="weapons", unit=common_pb2.UNIT_TYPE_PRAETORIAN, level=2))
    assert frame["data"] == {"event": "research_complete", "at": "2026-12-01T08:30:05Z",
                             "job_id": "r", "kind": "weapons", "unit": "praetorian", "level": 2}
    _, _, frame = _frame(village_founded=ev.VillageFounded(village_id="v2", x=-3, y=7))
    assert frame["data"]["event"] == "village_founded"
    assert (frame["data"]["x"], frame["data"]["y"]) == (-3, 7)


def test_an_event_without_a_change_is_not_pushed() -> None:
    assert _frame() is None


def test_a_full_queue_ends_the_connection() -> None:
    conn = Connection(Principal("u", "s", False), queue_frames=2)
    conn.offer({"n": 1})
    conn.offer({"n": 2})
    assert not conn.ended.is_set()
    conn.offer({"n": 3})
    assert conn.ended.is_set() and conn.close_code == 1013
    assert conn.queue.qsize() == 2
