"""gRPC servicer of village: protobuf in, plain values to the use cases, protobuf out.

The caller is the metadata's user id (services/runtime/context.py), never a request field.
"""

from __future__ import annotations

import grpc
from google.protobuf import timestamp_pb2

from protos.common.v1 import common_pb2
from protos.village.v1 import village_pb2, village_pb2_grpc
from rules.travian.fields import SUBUNITS
from services.runtime import context
from services.runtime.errors import DomainError
from services.runtime.idempotency import run_idempotent
from services.runtime.server import Runtime
from services.village import server_war, store, usecases, usecases_reads, usecases_world
from services.village.server_hero_merchants import HeroMerchantsMethods
from services.village.usecases import Config, VillageView, Work, now_s


def ts(t: int) -> timestamp_pb2.Timestamp:
    out = timestamp_pb2.Timestamp()
    out.FromSeconds(int(t))
    return out


def whole(r) -> common_pb2.Resources:  # noqa: ANN001 - rules Resources in sub-units
    return common_pb2.Resources(wood=r.wood // SUBUNITS, clay=r.clay // SUBUNITS,
                                iron=r.iron // SUBUNITS, crop=r.crop // SUBUNITS)


def production_msg(p) -> village_pb2.Production:  # noqa: ANN001 - rules Production
    return village_pb2.Production(wood=p.gross.wood, clay=p.gross.clay, iron=p.gross.iron,
                                  crop=p.gross.crop, crop_consumption=p.consumption,
                                  net_crop=p.net_crop)


def training_msg(j) -> village_pb2.TrainingItem:  # noqa: ANN001 - rules TrainingJob
    return village_pb2.TrainingItem(
        id=j.id, unit=int(j.unit), count=j.count, done=j.done, building=int(j.building),
        next_at=ts(j.start + (j.done + 1) * j.each_s), complete_at=ts(j.start + j.count * j.each_s))


def research_msg(j) -> village_pb2.ResearchItem:  # noqa: ANN001 - rules ResearchJob
    return village_pb2.ResearchItem(id=j.id, kind=j.kind, unit=int(j.unit), level=j.level,
                                    started_at=ts(j.start), complete_at=ts(j.due))


def away_msg(a: usecases.TroopsAway) -> village_pb2.TroopsAway:
    return village_pb2.TroopsAway(
        kind=a.kind, units=[common_pb2.UnitCount(unit=int(u), count=c)
                            for u, c in sorted(a.units.items())],
        village_id=str(a.village_id), x=a.x, y=a.y,
        arrives_at=ts(a.arrives_at) if a.arrives_at is not None else None)


def village_msg(v: VillageView) -> village_pb2.Village:
    """The village as its proto; repeated fields filled with ``add`` (the most read
    answer: ~25 nested messages, built without intermediate objects)."""
    s, row = v.state, v.row
    last_due: dict[int, int] = {}
    for job in s.builds:
        last_due[job.position] = max(last_due.get(job.position, 0), job.due)
    smithy = sorted(set(s.weapons) | set(s.armour))
    msg = village_pb2.Village(
        id=str(row.id), owner_id=str(row.owner_id), name=row.name, x=row.x, y=row.y,
        is_capital=row.is_capital, tribe=row.tribe, population=v.population,
        loyalty=row.loyalty, culture_points=s.culture // usecases_world.CP_SUBUNITS,
        resources=whole(s.stock), warehouse=v.capacity[0], granary=v.capacity[1],
        production=production_msg(v.production),
        researched=sorted(int(u) for u in s.researched),
        settled_at=ts(s.at), inactive=row.inactive, founding=v.founding,
        founded_at=ts(store.to_s(row.founded_at)))
    add_building, ids = msg.buildings.add, v.building_ids
    for pos, (btype, level) in sorted(s.buildings.items()):
        building = add_building(id=str(ids.get(pos, "")), position=pos,
                                building_type=int(btype), level=level)
        if pos in last_due:
            building.is_upgrading = True
            building.upgrade_complete_at.FromSeconds(last_due[pos])
    add_queued = msg.build_queue.add
    for j in s.builds:
        add_queued(id=j.id, position=j.position, building_type=int(j.building),
                   target_level=j.level, started_at=ts(j.start), complete_at=ts(j.due))
    add_troops = msg.troops.add
    for u, c in sorted(s.units.items()):
        if c:
            add_troops(unit=int(u), count=c)
    msg.training_queue.extend(training_msg(j) for j in s.trainings)
    msg.research_queue.extend(research_msg(j) for j in s.researches)
    add_smithy = msg.smithy.add
    for u in smithy:
        add_smithy(unit=int(u), weapons=s.weapons.get(u, 0), armour=s.armour.get(u, 0))
    return msg


class VillageServicer(HeroMerchantsMethods, village_pb2_grpc.VillageServiceServicer):
    """palisade.village.v1.VillageService: no transaction here (each use case opens its
    own of ``self.work``; a write under an Idempotency-Key hands run_idempotent's over)."""

    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.work = Work(rt.db, rt.outbox, Config.from_settings(rt.settings))

    async def _write(self, grpc_context, method: str, response_cls, work):  # noqa: ANN001, ANN202
        """Creates run under the Idempotency-Key (replay instead of a second change):
        ``work(uow)`` gets run_idempotent's transaction as its unit of work."""
        return await run_idempotent(self.rt.db, grpc_context, f"village.{method}",
                                    response_cls, lambda conn: work(self.work.joined(conn)))

    async def CreateCapital(self, request, context):  # noqa: N802, ANN001
        return village_msg(await usecases_world.capital(
            self.work, request.user_id, request.username, request.tribe, now_s()))

    async def ListVillages(self, request, ctx):  # noqa: N802, ANN001
        views = await usecases.list_villages(self.work, context.user_id.get(), now_s())
        return village_pb2.ListVillagesResponse(villages=[village_msg(v) for v in views])

    async def GetVillage(self, request, ctx):  # noqa: N802, ANN001
        view, ends = await usecases_reads.village(self.work, context.user_id.get(),
                                                  request.village_id, now_s())
        return protected(village_msg(view), ends)

    async def GetProduction(self, request, ctx):  # noqa: N802, ANN001
        view = await usecases_reads.production(self.work, context.user_id.get(),
                                               request.village_id, now_s())
        return production_msg(view.production)

    async def GetTroops(self, request, ctx):  # noqa: N802, ANN001
        view, elsewhere, here = await usecases_reads.troops(
            self.work, context.user_id.get(), request.village_id, now_s())
        msg = village_msg(view)
        return village_pb2.TroopsOverview(home=msg.troops, training_queue=msg.training_queue,
                                          elsewhere=[away_msg(a) for a in elsewhere],
                                          here=[away_msg(a) for a in here])

    async def RenameVillage(self, request, ctx):  # noqa: N802, ANN001
        return village_msg(await usecases.rename_village(
            self.work, context.user_id.get(), request.village_id, request.name, now_s()))

    async def UpgradeBuilding(self, request, ctx):  # noqa: N802, ANN001
        async def work(uow: Work) -> village_pb2.UpgradeBuildingResponse:
            job = await usecases.upgrade_building(
                uow, context.user_id.get(), request.village_id, request.building_type,
                request.position, now_s())
            return village_pb2.UpgradeBuildingResponse(
                message="Building upgrade started", complete_at=ts(job.due), job_id=job.id)

        return await self._write(ctx, "UpgradeBuilding", village_pb2.UpgradeBuildingResponse,
                                 work)

    async def CancelBuilding(self, request, ctx):  # noqa: N802, ANN001
        refund = await usecases.cancel_building(self.work, context.user_id.get(),
                                                request.village_id, request.building_id,
                                                now_s())
        return village_pb2.CancelBuildingResponse(message="Building upgrade cancelled",
                                                  resources_refunded=whole(refund))

    async def TrainTroops(self, request, ctx):  # noqa: N802, ANN001
        async def work(uow: Work) -> village_pb2.TrainTroopsResponse:
            job = await usecases.train(uow, context.user_id.get(), request.village_id,
                                       request.unit, request.count, request.great, now_s())
            return village_pb2.TrainTroopsResponse(message="Training started",
                                                   item=training_msg(job))

        return await self._write(ctx, "TrainTroops", village_pb2.TrainTroopsResponse, work)

    async def Research(self, request, ctx):  # noqa: N802, ANN001
        return await self._research(ctx, "Research", request, "research")

    async def UpgradeSmithy(self, request, ctx):  # noqa: N802, ANN001
        return await self._research(ctx, "UpgradeSmithy", request, request.kind)

    async def _research(self, ctx, method: str, request, kind: str):  # noqa: ANN001, ANN202
        if kind not in ("research", "weapons", "armour"):
            raise DomainError("INVALID_INPUT", "kind is weapons or armour.",
                              {"fields": {"kind": "weapons | armour"}})

        async def work(uow: Work) -> village_pb2.ResearchResponse:
            job = await usecases.research(uow, context.user_id.get(), request.village_id,
                                          request.unit, kind, now_s())
            return village_pb2.ResearchResponse(message="Research started",
                                                item=research_msg(job))

        return await self._write(ctx, method, village_pb2.ResearchResponse, work)

    async def FoundVillage(self, request, ctx):  # noqa: N802, ANN001
        async def work(uow: Work) -> village_pb2.FoundVillageResponse:
            village_id, arrival = await usecases_world.found_village(
                uow, context.user_id.get(), request.x, request.y, request.from_village_id,
                now_s())
            return village_pb2.FoundVillageResponse(
                message="Settlers are on their way", village_id=str(village_id),
                coordinates=f"({request.x}|{request.y})", arrives_at=ts(arrival))

        return await self._write(ctx, "FoundVillage", village_pb2.FoundVillageResponse, work)

    async def GetMap(self, request, ctx):  # noqa: N802, ANN001
        entries, ends = await usecases_reads.map_window(self.work, request.x, request.y,
                                                        request.radius, now_s())
        return village_pb2.MapSquares(squares=[map_square(e, ends) for e in entries])

    async def ListRankings(self, request, ctx):  # noqa: N802, ANN001
        page = max(request.page.page, 1)
        size = min(max(request.page.page_size, 1), 100)
        rows, total = await usecases_world.list_rankings(self.work, page, size,
                                                         request.page.sort, request.page.order)
        return village_pb2.ListRankingsResponse(
            items=[village_pb2.RankingRow(rank=r.rank, player_id=str(r.owner_id),
                                          player=r.owner_name, villages=r.villages,
                                          population=r.population, inactive=r.inactive)
                   for r in rows],
            page=common_pb2.PageInfo(page=page, page_size=size, total=total))


def protected(msg, ends: dict):  # noqa: ANN001, ANN201 - a Village or MapVillage message
    """Set ``protection_ends_at`` when the owner is under beginner's protection."""
    until = ends.get(store.parse_id(msg.owner_id))
    if until is not None:
        msg.protection_ends_at.FromSeconds(until)
    return msg


def map_square(e: usecases_world.MapEntry, ends: dict | None = None) -> village_pb2.MapSquare:
    sq, row = e.square, e.village
    msg = village_pb2.MapSquare(
        x=sq.x, y=sq.y, kind=sq.kind, layout=sq.layout or "", oasis_type=sq.oasis_type or "",
        oasis_bonus=common_pb2.Resources(**sq.oasis_bonus.as_dict()),
        animals=[common_pb2.UnitCount(unit=int(a), count=n) for a, n in sq.animals.items()],
        oasis_owner_village_id=e.oasis_owner or "")
    if row is not None:
        msg.village.CopyFrom(village_pb2.MapVillage(
            id=str(row.id), name=row.name, owner_id=str(row.owner_id),
            owner_name=row.owner_name, tribe=row.tribe, population=row.population,
            inactive=row.inactive, founding=e.founding))
        protected(msg.village, ends or {})
    return msg


def register(server: grpc.aio.Server, rt: Runtime) -> list[str]:
    village_pb2_grpc.add_VillageServiceServicer_to_server(VillageServicer(rt), server)
    return [village_pb2.DESCRIPTOR.services_by_name["VillageService"].full_name,
            *server_war.register_war(server, rt)]
