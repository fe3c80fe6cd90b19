"""gRPC servicer of WarService (served by the village process): protobuf in, the war use
cases, protobuf out. Sending runs under the Idempotency-Key (a double click sends once)."""

from __future__ import annotations

from google.protobuf import timestamp_pb2

from protos.common.v1 import common_pb2
from protos.village.v1 import war_pb2, war_pb2_grpc
from services.runtime import context
from services.runtime.idempotency import run_idempotent
from services.runtime.server import Runtime
from services.village import store, usecases_war
from services.village.usecases import Config, Work, now_s
from services.village.usecases_war import MISSION_OF, MISSIONS, SendOrder


def ts(t: int) -> timestamp_pb2.Timestamp:
    out = timestamp_pb2.Timestamp()
    out.FromSeconds(int(t))
    return out


def sent_msg(movement_id, mission: str, arrives: int) -> war_pb2.MovementSent:  # noqa: ANN001
    return war_pb2.MovementSent(id=str(movement_id), mission=MISSION_OF[mission],
                                arrives_at=ts(arrives))


def place_msg(p) -> war_pb2.MovementPlace:  # noqa: ANN001 - a village place row
    if p is None:
        return war_pb2.MovementPlace()
    return war_pb2.MovementPlace(village_id=str(p.id), name=p.name, x=p.x, y=p.y)


def movement_msg(v: usecases_war.MovementView, now: int) -> war_pb2.Movement:
    r = v.row
    sent, arrives = store.to_s(r.sent_at), store.to_s(r.arrives_at)
    msg = war_pb2.Movement(
        id=str(r.id), mission=MISSION_OF[r.mission], state=r.state,
        origin=place_msg(v.origin), destination=place_msg(v.destination),
        owner_id=str(r.owner_id), sent_at=ts(sent), arrives_at=ts(arrives),
        units_hidden=v.hidden, oasis=r.oasis_x is not None, hero=bool(r.hero) and not v.hidden)
    if not v.hidden:
        msg.units.extend(common_pb2.UnitCount(unit=int(u), count=int(n))
                         for u, n in sorted(r.units.items(), key=lambda kv: int(kv[0])) if n)
        msg.loot.CopyFrom(common_pb2.Resources(wood=r.loot_wood, clay=r.loot_clay,
                                               iron=r.loot_iron, crop=r.loot_crop))
    until = usecases_war.war.recallable_until(sent, arrives)
    if r.state == "moving" and r.mission != "return" and now <= until and not v.hidden:
        msg.recallable_until.CopyFrom(ts(until))
    return msg


class WarServicer(war_pb2_grpc.WarServiceServicer):
    """palisade.village.v1.WarService: no transaction here (each use case opens its own
    of ``self.work``; sending hands run_idempotent's over)."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.work = Work(rt.db, rt.outbox, Config.from_settings(rt.settings))

    async def SendTroops(self, request, ctx):  # noqa: N802, ANN001
        order = SendOrder(
            from_village_id=request.from_village_id, x=request.to.x, y=request.to.y,
            mission=MISSIONS.get(request.mission, ""),
            units={u.unit: u.count for u in request.units},
            catapult_targets=list(request.catapult_targets), scout_target=request.scout_target,
            hero=request.hero)
        if len({u.unit for u in request.units}) != len(request.units):
            order = SendOrder(**{**order.__dict__, "units": {}})

        async def work(conn) -> war_pb2.MovementSent:  # noqa: ANN001
            return sent_msg(*await usecases_war.send_troops(
                self.work.joined(conn), context.user_id.get(), order, now_s()))

        return await run_idempotent(self.rt.db, ctx, "village.SendTroops",
                                    war_pb2.MovementSent, work)

    async def RecallMovement(self, request, ctx):  # noqa: N802, ANN001
        return sent_msg(*await usecases_war.recall(
            self.work, context.user_id.get(), request.movement_id, now_s()))

    async def SendBackReinforcement(self, request, ctx):  # noqa: N802, ANN001
        return sent_msg(*await usecases_war.send_back(
            self.work, context.user_id.get(), request.movement_id, now_s()))

    async def ListMovements(self, request, ctx):  # noqa: N802, ANN001
        now = now_s()
        lists = await usecases_war.list_movements(self.work, context.user_id.get(),
                                                  request.village_id, now)
        return war_pb2.Movements(**{k: [movement_msg(v, now) for v in views]
                                    for k, views in lists.items()})


def register_war(server, rt: Runtime) -> list[str]:  # noqa: ANN001 - grpc.aio.Server
    war_pb2_grpc.add_WarServiceServicer_to_server(WarServicer(rt), server)
    return [war_pb2.DESCRIPTOR.services_by_name["WarService"].full_name]
