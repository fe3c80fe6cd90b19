"""Oases: /api/v1/villages/{id}/oases/annex."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, Field

from gateway.backends import call, iso
from gateway.identity import current_user
from gateway.routes.villages import Strict
from protos.village.v1 import hero_merchants_pb2 as pb

router = APIRouter(prefix="/api/v1/villages", tags=["oases"])


class AnnexBody(Strict):
    x: int = Field(ge=-400, le=400)
    y: int = Field(ge=-400, le=400)


class OasisOut(BaseModel):
    x: int
    y: int
    oasis_type: str
    bonus: dict[str, int] = Field(description="percent per resource added to production")
    owner_village_id: str
    annexed_at: str


@router.post("/{village_id}/oases/annex", response_model=OasisOut,
             responses={400: {"description": "OUT_OF_REACH (more than 3 squares in x or y), "
                                             "NO_OASIS_SLOT (hero's mansion 10/15/20: 1/2/3), "
                                             "OASIS_NOT_EMPTY (animals or another owner)"},
                        404: {"description": "VILLAGE_NOT_FOUND"},
                        422: {"description": "INVALID_INPUT: not an oasis"}})
async def annex(village_id: Annotated[str, Path(max_length=64)], body: AnnexBody,
                request: Request, user: Annotated[str, Depends(current_user)]) -> OasisOut:
    """Annex a free oasis with no animals left (emptied by a battle) within 3 squares of
    the village: its bonus joins the village's production from now on."""
    m = (await call(request, request.app.state.backends.village.AnnexOasis,
                    pb.AnnexOasisRequest(village_id=village_id, x=body.x, y=body.y))).message
    b = m.bonus
    return OasisOut(x=m.x, y=m.y, oasis_type=m.oasis_type,
                    bonus={"wood": b.wood, "clay": b.clay, "iron": b.iron, "crop": b.crop},
                    owner_village_id=m.owner_village_id, annexed_at=iso(m.annexed_at))
