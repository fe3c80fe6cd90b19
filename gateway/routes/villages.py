"""Village routes: /api/v1/villages*."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from gateway.backends import call
from gateway.identity import current_user
from protos.village.v1 import village_pb2

router = APIRouter(prefix="/api/v1/villages", tags=["villages"])

TRIBE_NAMES: dict[int, Literal["romans", "teutons", "gauls"]] = {
    1: "romans", 2: "teutons", 3: "gauls"}


class VillageSummaryOut(BaseModel):
    id: str
    name: str
    x: int
    y: int
    is_capital: bool
    tribe: Literal["romans", "teutons", "gauls"]
    population: int
    loyalty: int


def village_summary(v: village_pb2.Village) -> VillageSummaryOut:
    return VillageSummaryOut(id=v.id, name=v.name, x=v.x, y=v.y, is_capital=v.is_capital,
                             tribe=TRIBE_NAMES[v.tribe], population=v.population,
                             loyalty=v.loyalty)


@router.get("", response_model=list[VillageSummaryOut])
async def list_villages(request: Request,
                        user_id: Annotated[str, Depends(current_user)]) -> list[VillageSummaryOut]:
    """The player's villages, oldest (the capital) first."""
    reply = await call(request, request.app.state.backends.village.ListVillages,
                       village_pb2.ListVillagesRequest(user_id=user_id))
    return [village_summary(v) for v in reply.message.villages]
