"""The hero: /api/v1/hero (hire, read, points, revival, adventures)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, Field

from gateway.backends import call, iso
from gateway.identity import current_user
from gateway.routes.villages import TRIBE_NAMES, ResourcesOut, Strict, TribeName
from protos.village.v1 import hero_merchants_pb2 as pb

router = APIRouter(prefix="/api/v1/hero", tags=["hero"])
User = Annotated[str, Depends(current_user)]
Points = Annotated[int, Field(ge=0, le=100)]


class HireBody(Strict):
    village_id: str = Field(max_length=64, description="a village with a hero's mansion")


class PointsBody(Strict):
    strength: Points = 0
    off_bonus: Points = 0
    def_bonus: Points = 0
    resources: Points = 0


class HeroOut(BaseModel):
    home_village_id: str
    tribe: TribeName
    level: int
    experience: int
    experience_next_level: int = Field(description="total XP of the next level (0 at 100)")
    points: dict[str, int] = Field(description="strength, off_bonus, def_bonus, resources")
    free_points: int
    health: int = Field(description="0..100, regenerated to `at` (10 a day x world speed)")
    status: Literal["home", "adventure", "away", "dead", "reviving"] = Field(
        description="away: walking with an army (sent with troops)")
    fighting_strength: int
    revive_at: str | None
    back_at: str | None = Field(description="back from the adventure")
    revival_cost: ResourcesOut
    revival_seconds: int
    at: str
    output: ResourcesOut = Field(description="what the hero yields per hour for its home "
                                 "village at the world speed: 3 of each resource per "
                                 "resources point and 6 crop, alive or dead")


class AdventureOut(BaseModel):
    id: str
    x: int
    y: int
    difficulty: Literal["normal", "hard"]
    offered_at: str
    expires_at: str
    state: Literal["offered", "going", "returning", "done"]
    arrives_at: str | None
    returns_at: str | None
    result: dict | None = Field(description="from the arrival on: experience, health_loss, "
                                            "died, resources (brought home at returns_at)")


def _res(r) -> ResourcesOut:  # noqa: ANN001 - common Resources
    return ResourcesOut(wood=r.wood, clay=r.clay, iron=r.iron, crop=r.crop)


def hero_out(h: pb.Hero) -> HeroOut:
    p = h.points
    return HeroOut(
        home_village_id=h.home_village_id, tribe=TRIBE_NAMES[h.tribe], level=h.level,
        experience=h.experience, experience_next_level=h.experience_next_level,
        points={"strength": p.strength, "off_bonus": p.off_bonus, "def_bonus": p.def_bonus,
                "resources": p.resources},
        free_points=h.free_points, health=h.health, status=h.status,
        fighting_strength=h.fighting_strength,
        revive_at=iso(h.revive_at) if h.HasField("revive_at") else None,
        back_at=iso(h.back_at) if h.HasField("back_at") else None,
        revival_cost=_res(h.revival_cost), revival_seconds=h.revival_seconds, at=iso(h.at),
        output=_res(h.output))


def adventure_out(a: pb.Adventure) -> AdventureOut:
    result = None
    if a.has_result:
        result = {"experience": a.experience, "health_loss": a.health_loss, "died": a.died,
                  "resources": _res(a.resources).model_dump()}
    return AdventureOut(
        id=a.id, x=a.x, y=a.y, difficulty=a.difficulty, offered_at=iso(a.offered_at),
        expires_at=iso(a.expires_at), state=a.state,
        arrives_at=iso(a.arrives_at) if a.HasField("arrives_at") else None,
        returns_at=iso(a.returns_at) if a.HasField("returns_at") else None, result=result)


def backend(request: Request):  # noqa: ANN201
    return request.app.state.backends.village


@router.post("", response_model=HeroOut, status_code=201,
             responses={400: {"description": "BUILDING_REQUIRED: no hero's mansion"},
                        409: {"description": "CONFLICT: you already have a hero"}})
async def hire(body: HireBody, request: Request, user: User) -> HeroOut:
    """Hire the player's one hero at home in a village with a hero's mansion (level 0,
    4 points in resources, full health, 3 adventures offered). Honours Idempotency-Key."""
    m = (await call(request, backend(request).HireHero,
                    pb.HireHeroRequest(village_id=body.village_id), idempotent=True)).message
    return hero_out(m)


@router.get("", response_model=HeroOut, responses={404: {"description": "NOT_FOUND: no hero"}})
async def get_hero(request: Request, user: User) -> HeroOut:
    """The hero now: health regenerated, a finished revival or adventure applied."""
    return hero_out((await call(request, backend(request).GetHero,
                                pb.GetHeroRequest())).message)


@router.post("/points", response_model=HeroOut,
             responses={400: {"description": "NOT_ENOUGH_POINTS"}})
async def assign_points(body: PointsBody, request: Request, user: User) -> HeroOut:
    """Add free points (4 per level) to attributes, each at most 100: strength (100 per
    point for Romans, 80 for the others), off/def bonus (0.2 % each), resources."""
    m = (await call(request, backend(request).AssignHeroPoints, pb.AssignHeroPointsRequest(
        points=pb.HeroPoints(**body.model_dump())))).message
    return hero_out(m)


@router.post("/revive", response_model=HeroOut,
             responses={400: {"description": "HERO_UNAVAILABLE (alive or reviving), "
                                             "INSUFFICIENT_RESOURCES"}})
async def revive(request: Request, user: User) -> HeroOut:
    """Revive the dead hero: the cost (by tribe and level) leaves the home village now; the
    hero is back with full health after ``revival_seconds``. Honours Idempotency-Key."""
    return hero_out((await call(request, backend(request).ReviveHero, pb.ReviveHeroRequest(),
                                idempotent=True)).message)


@router.get("/adventures", response_model=list[AdventureOut])
async def adventures(request: Request, user: User) -> list[AdventureOut]:
    """Open offers (the periodic job keeps up to 3; each expires) and adventures sent."""
    m = (await call(request, backend(request).ListAdventures,
                    pb.ListAdventuresRequest())).message
    return [adventure_out(a) for a in m.adventures]


@router.post("/adventures/{adventure_id}/start", response_model=AdventureOut,
             responses={400: {"description": "HERO_UNAVAILABLE, INVALID_INPUT (expired)"},
                        404: {"description": "NOT_FOUND"},
                        409: {"description": "CONFLICT: already sent"}})
async def start(adventure_id: Annotated[str, Path(max_length=64)], request: Request,
                user: User) -> AdventureOut:
    """Send the hero (at home) on an adventure at 7 fields/h; its result takes effect at
    ``arrives_at`` (experience, health; death on the spot loses the loot) and the loot
    reaches the home village at ``returns_at``. Honours Idempotency-Key."""
    m = (await call(request, backend(request).StartAdventure,
                    pb.StartAdventureRequest(adventure_id=adventure_id),
                    idempotent=True)).message
    return adventure_out(m)
