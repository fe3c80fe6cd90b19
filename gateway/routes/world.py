"""GET /api/v1/map: the squares of a window of the world with their villages and oases."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from gateway.backends import call, iso
from gateway.identity import current_user
from gateway.routes.villages import TRIBE_NAMES, TribeName, name_of
from protos.village.v1 import village_pb2
from rules.travian.ids import Animal

router = APIRouter(prefix="/api/v1", tags=["villages"])


class MapVillageOut(BaseModel):
    id: str
    name: str
    player_id: str
    player: str
    tribe: TribeName
    population: int
    inactive: bool
    founding: bool
    protection_ends_at: str | None = Field(
        default=None, description="the owner's beginner's protection ends then (null: not "
                                  "protected)")


class SquareOut(BaseModel):
    x: int
    y: int
    kind: str
    layout: str | None
    oasis_type: str | None
    oasis_bonus: dict[str, int] | None
    animals: dict[str, int] = Field(description="oases: the animals now")
    oasis_owner_village_id: str | None = Field(description="the village that annexed it")
    village: MapVillageOut | None


class MapOut(BaseModel):
    x: int
    y: int
    radius: int
    squares: list[SquareOut]


def square_out(s: village_pb2.MapSquare) -> SquareOut:
    v = s.village if s.HasField("village") else None
    b = s.oasis_bonus
    return SquareOut(
        x=s.x, y=s.y, kind=s.kind, layout=s.layout or None, oasis_type=s.oasis_type or None,
        oasis_bonus={"wood": b.wood, "clay": b.clay, "iron": b.iron, "crop": b.crop}
        if s.kind == "oasis" else None,
        animals={name_of(Animal, a.unit): a.count for a in s.animals},
        oasis_owner_village_id=s.oasis_owner_village_id or None,
        village=MapVillageOut(id=v.id, name=v.name, player_id=v.owner_id, player=v.owner_name,
                              tribe=TRIBE_NAMES[v.tribe], population=v.population,
                              inactive=v.inactive, founding=v.founding,
                              protection_ends_at=iso(v.protection_ends_at)
                              if v.HasField("protection_ends_at") else None) if v else None)


@router.get("/map", response_model=MapOut)
async def world_map(request: Request, user: Annotated[str, Depends(current_user)],
                    x: Annotated[int, Query(ge=-400, le=400)] = 0,
                    y: Annotated[int, Query(ge=-400, le=400)] = 0,
                    radius: Annotated[int, Query(ge=0, le=15)] = 7) -> MapOut:
    """Every square within ``radius`` of (x|y) (the map wraps): kind, field layout or oasis
    type/bonus/animals, and the village on it (inactive players' villages are marked)."""
    m = (await call(request, request.app.state.backends.village.GetMap,
                    village_pb2.GetMapRequest(x=x, y=y, radius=radius))).message
    return MapOut(x=x, y=y, radius=radius, squares=[square_out(s) for s in m.squares])
