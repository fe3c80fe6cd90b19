"""gRPC methods of issue 10's merchants, hero, adventures and oases (a mixin of
``server.VillageServicer``): protobuf in, plain values to the use cases, protobuf out."""

from __future__ import annotations

from protos.common.v1 import common_pb2
from protos.village.v1 import hero_merchants_pb2 as pb
from rules.travian.resources import Resources
from services.runtime import context
from services.village import usecases_hero, usecases_merchants, usecases_oasis
from services.village.usecases import Work, now_s


def _ts(t: int):  # noqa: ANN202 - late import: server.ts (server imports this module)
    from services.village.server import ts

    return ts(t)


def _res(r: Resources) -> common_pb2.Resources:
    return common_pb2.Resources(**r.as_dict())


def trip_msg(v: usecases_merchants.TripView, now: int) -> pb.MerchantTrip:
    t = v.trip
    return pb.MerchantTrip(
        id=v.id, from_village_id=v.from_village_id, to_village_id=v.to_village_id,
        to_x=v.to_x, to_y=v.to_y, merchants=t.merchants, resources=_res(t.resources),
        sent_at=_ts(t.sent_at), arrives_at=_ts(t.arrives_at), returns_at=_ts(t.returns_at),
        state=v.state(now))


def hero_msg(v: usecases_hero.HeroView) -> pb.Hero:
    s = v.state
    msg = pb.Hero(
        home_village_id=v.home_village_id, tribe=int(s.tribe), level=s.level,
        experience=s.xp, experience_next_level=v.next_level_xp,
        points=pb.HeroPoints(**{k: s.points.get(k, 0) for k in
                                ("strength", "off_bonus", "def_bonus", "resources")}),
        free_points=v.free_points, health=s.health_points, status=v.status,
        fighting_strength=v.fighting_strength, revival_cost=_res(v.revival_cost),
        revival_seconds=v.revival_seconds, at=_ts(s.at), output=_res(v.output))
    if s.revive_at is not None:
        msg.revive_at.CopyFrom(_ts(s.revive_at))
    if v.back_at is not None:
        msg.back_at.CopyFrom(_ts(v.back_at))
    return msg


def adventure_msg(a: usecases_hero.AdventureView) -> pb.Adventure:
    msg = pb.Adventure(id=a.id, x=a.adventure.x, y=a.adventure.y,
                       difficulty=a.adventure.difficulty,
                       offered_at=_ts(a.adventure.offered_at),
                       expires_at=_ts(a.adventure.expires_at), state=a.state)
    if a.outcome is not None:
        msg.arrives_at.CopyFrom(_ts(a.outcome.arrives_at))
        msg.returns_at.CopyFrom(_ts(a.outcome.returns_at))
        if a.state in ("returning", "done"):
            o = a.outcome
            msg.has_result = True
            msg.experience, msg.health_loss, msg.died = o.xp, o.health_loss, o.died
            msg.resources.CopyFrom(_res(o.resources))
    return msg


class HeroMerchantsMethods:
    """Mixed into VillageServicer (which provides ``work``, the use cases' unit of work, and
    ``_write``, which runs ``work(uow)`` under the Idempotency-Key)."""

    async def SendMerchants(self, request, ctx):  # noqa: N802, ANN001, ANN201
        which = request.WhichOneof("target")
        square = (request.to_square.x, request.to_square.y) if which == "to_square" else None
        to_id = request.to_village_id if which == "to_village_id" else None
        r = request.resources

        async def work(uow: Work) -> pb.MerchantTrip:
            now = now_s()
            view = await usecases_merchants.send(
                uow, context.user_id.get(), request.village_id, to_id, square,
                Resources(r.wood, r.clay, r.iron, r.crop), now)
            return trip_msg(view, now)

        return await self._write(ctx, "SendMerchants", pb.MerchantTrip, work)

    async def ListMerchants(self, request, ctx):  # noqa: N802, ANN001, ANN201
        now = now_s()
        o = await usecases_merchants.overview(self.work, context.user_id.get(),
                                              request.village_id, now)
        return pb.MerchantsOverview(total=o.total, at_home=o.at_home, capacity=o.capacity,
                                    outgoing=[trip_msg(t, now) for t in o.outgoing],
                                    incoming=[trip_msg(t, now) for t in o.incoming])

    async def HireHero(self, request, ctx):  # noqa: N802, ANN001, ANN201
        async def work(uow: Work) -> pb.Hero:
            return hero_msg(await usecases_hero.hire(uow, context.user_id.get(),
                                                     request.village_id, now_s()))

        return await self._write(ctx, "HireHero", pb.Hero, work)

    async def GetHero(self, request, ctx):  # noqa: N802, ANN001, ANN201
        return hero_msg(await usecases_hero.get(self.work, context.user_id.get(), now_s()))

    async def AssignHeroPoints(self, request, ctx):  # noqa: N802, ANN001, ANN201
        p = request.points
        points = {"strength": p.strength, "off_bonus": p.off_bonus, "def_bonus": p.def_bonus,
                  "resources": p.resources}
        return hero_msg(await usecases_hero.assign_points(
            self.work, context.user_id.get(), points, now_s()))

    async def ReviveHero(self, request, ctx):  # noqa: N802, ANN001, ANN201
        async def work(uow: Work) -> pb.Hero:
            return hero_msg(await usecases_hero.revive(uow, context.user_id.get(), now_s()))

        return await self._write(ctx, "ReviveHero", pb.Hero, work)

    async def ListAdventures(self, request, ctx):  # noqa: N802, ANN001, ANN201
        views = await usecases_hero.adventures(self.work, context.user_id.get(), now_s())
        return pb.ListAdventuresResponse(adventures=[adventure_msg(a) for a in views])

    async def StartAdventure(self, request, ctx):  # noqa: N802, ANN001, ANN201
        async def work(uow: Work) -> pb.Adventure:
            return adventure_msg(await usecases_hero.start_adventure(
                uow, context.user_id.get(), request.adventure_id, now_s()))

        return await self._write(ctx, "StartAdventure", pb.Adventure, work)

    async def AnnexOasis(self, request, ctx):  # noqa: N802, ANN001, ANN201
        o = await usecases_oasis.annex(self.work, context.user_id.get(), request.village_id,
                                       request.x, request.y, now_s())
        return pb.Oasis(x=o.x, y=o.y, oasis_type=o.oasis_type, bonus=_res(o.bonus),
                        owner_village_id=o.owner_village or "", annexed_at=_ts(o.annexed_at))
