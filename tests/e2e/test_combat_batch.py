"""Combat's Preview and ResolveBatch (the arrival pass's calls), and the village applying
a battle's stored report even when a preview of the current inputs says otherwise.

Preview computes and stores nothing; ResolveBatch stores many battles at once, each as
Resolve would (idempotent by battle id: a stored battle keeps its report whatever the
inputs of a later call). The village previews each battle of a pass and stores them with
ResolveBatch before writing; a battle stored before (here: by the test, with other
inputs) keeps its report, and the village applies that one, once.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import grpc
import httpx
import pytest

from protos.combat.v1 import combat_pb2 as pb
from protos.combat.v1 import combat_pb2_grpc
from protos.common.v1 import common_pb2
from tests.e2e.test_war_order import armies, arrive_at
from tests.e2e.war_world import db, send, village, wait_report
from tests.stack import Stack


@pytest.fixture
def combat(fast_stack: Stack) -> Iterator[combat_pb2_grpc.CombatServiceStub]:
    channel = grpc.insecure_channel(fast_stack.env["COMBAT_GRPC_ADDR"].split(",")[0])
    yield combat_pb2_grpc.CombatServiceStub(channel)
    channel.close()


@pytest.fixture
def client(fast_stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fast_stack.gateway_url, timeout=30) as c:
        yield c


def _ts(t: int):  # noqa: ANN202
    from google.protobuf import timestamp_pb2

    out = timestamp_pb2.Timestamp()
    out.FromSeconds(t)
    return out


AT = int(datetime(2026, 12, 2, tzinfo=UTC).timestamp())
SOMEONE, ELSE_, HERE, THERE = (str(uuid.uuid4()) for _ in range(4))


def raid(battle_id: str, defenders: int, *, attacker: str = SOMEONE, defender: str = ELSE_,
         attacker_village: str = HERE, defender_village: str = THERE) -> pb.ResolveRequest:
    """Legionnaires raiding clubswingers (``defenders`` of them)."""
    return pb.ResolveRequest(
        battle_id=battle_id, mission=pb.MISSION_TYPE_RAID, at=_ts(AT),
        attacker=pb.BattleArmy(owner_id=attacker, village_id=attacker_village, tribe=1,
                               units=[common_pb2.UnitCount(unit=1, count=50)]),
        defenders=[pb.BattleArmy(owner_id=defender, village_id=defender_village, tribe=2,
                                 units=[common_pb2.UnitCount(unit=11, count=defenders)]
                                 if defenders else [])],
        defender_tribe=2, stock=common_pb2.Resources(wood=500, clay=500, iron=500, crop=500),
        pop_attacker=100, pop_defender=100)


def stored(stack: Stack, battle_id: str) -> int:
    return db(stack, "SELECT count(*) FROM combat.reports WHERE id = :i", i=battle_id)[0][0]


def test_preview_stores_nothing_and_resolve_batch_stores_each_battle_once(
        fast_stack: Stack, combat: combat_pb2_grpc.CombatServiceStub) -> None:
    one, two = str(uuid.uuid4()), str(uuid.uuid4())
    seen = combat.Preview(raid(one, 40))
    assert seen.id == one and seen.defenders[0].lost  # a real battle was computed
    assert stored(fast_stack, one) == 0
    batch = combat.ResolveBatch(pb.ResolveBatchRequest(battles=[raid(one, 40), raid(two, 0)]))
    assert [r.id for r in batch.reports] == [one, two]
    assert batch.reports[0] == seen  # the preview of the same inputs is the stored report
    assert stored(fast_stack, one) == 1 and stored(fast_stack, two) == 1
    readers = db(fast_stack, "SELECT count(*) FROM combat.report_recipients WHERE "
                             "report_id = :i", i=one)[0][0]
    assert readers == 2  # attacker and defender
    # Stored once: other inputs for the same battle answer the stored report, in a batch
    # and through Resolve alike.
    again = combat.ResolveBatch(pb.ResolveBatchRequest(battles=[raid(one, 0)]))
    assert again.reports[0] == seen
    assert combat.Resolve(raid(one, 0)) == seen
    assert combat.Preview(raid(one, 0)) != seen  # a preview looks at nothing stored


def test_preview_and_resolve_batch_refuse_what_is_not_a_battle(
        combat: combat_pb2_grpc.CombatServiceStub) -> None:
    for call in (lambda: combat.Preview(raid("not-an-id", 1)),
                 lambda: combat.ResolveBatch(pb.ResolveBatchRequest(
                     battles=[raid(str(uuid.uuid4()), 1), raid("not-an-id", 1)]))):
        with pytest.raises(grpc.RpcError) as err:
            call()
        assert err.value.code() == grpc.StatusCode.INVALID_ARGUMENT


def test_the_village_applies_a_battles_stored_report_not_its_preview(
        client: httpx.Client, fast_stack: Stack,
        combat: combat_pb2_grpc.CombatServiceStub) -> None:
    a, d = armies(client, fast_stack)  # d: 120 clubswingers at home
    sent = send(client, a, d, "raid", {"1": 50})
    far = int(datetime.now(UTC).timestamp()) + 3600
    arrive_at(fast_stack, [sent["id"]], far)
    # The battle is stored first with other inputs (nobody at home): nobody dies in it.
    first = combat.ResolveBatch(pb.ResolveBatchRequest(battles=[raid(
        sent["id"], 0, attacker=a["id"], defender=d["id"], attacker_village=a["village"],
        defender_village=d["village"])])).reports[0]
    assert not any(u.count for side in (first.attacker, *first.defenders) for u in side.lost)
    preview = combat.Preview(raid(sent["id"], 120))
    assert any(u.count for u in preview.attacker.lost)  # the real inputs would differ
    arrive_at(fast_stack, [sent["id"]], int(datetime.now(UTC).timestamp()))
    village(client, d)  # a read reaching the arrival applies it
    report = wait_report(client, fast_stack, a, sent["id"])
    assert not any(report["attacker"]["lost"].values())
    assert not any(report["defenders"][0]["lost"].values())
    assert village(client, d)["troops"].get("clubswinger", 0) == 120
    assert stored(fast_stack, sent["id"]) == 1
    back = db(fast_stack, "SELECT units FROM village.movements WHERE parent_id = :m",
              m=sent["id"])
    assert back == [({"1": 50},)]  # every legionnaire walks home
