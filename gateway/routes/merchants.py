"""Merchants: /api/v1/villages/{id}/merchants (send resources, list trips)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Request
from pydantic import BaseModel, Field, model_validator

from gateway.backends import call, iso
from gateway.identity import current_user
from gateway.routes.villages import ResourcesOut, Strict
from protos.common.v1 import common_pb2
from protos.village.v1 import hero_merchants_pb2 as pb
from protos.village.v1 import village_pb2

router = APIRouter(prefix="/api/v1/villages", tags=["merchants"])
User = Annotated[str, Depends(current_user)]
VillageId = Annotated[str, Path(max_length=64)]
Amount = Annotated[int, Field(ge=0, le=1_000_000_000)]


class SquareIn(Strict):
    x: int = Field(ge=-400, le=400)
    y: int = Field(ge=-400, le=400)


class AmountsIn(Strict):
    wood: Amount = 0
    clay: Amount = 0
    iron: Amount = 0
    crop: Amount = 0


class SendBody(Strict):
    to: SquareIn | None = Field(default=None, description="the target village's square")
    to_village_id: str | None = Field(default=None, max_length=64,
                                      description="or the target village's id")
    resources: AmountsIn

    @model_validator(mode="after")
    def one_target(self) -> SendBody:
        if (self.to is None) == (self.to_village_id is None):
            raise ValueError("give exactly one of to and to_village_id")
        return self


class TripOut(BaseModel):
    id: str
    from_village_id: str
    to_village_id: str
    to: dict[str, int] = Field(description="{x, y} of the target")
    merchants: int
    resources: ResourcesOut
    sent_at: str
    arrives_at: str
    returns_at: str
    state: Literal["going", "returning"]


class MerchantsOut(BaseModel):
    total: int = Field(description="one merchant per marketplace level")
    at_home: int
    capacity: int = Field(description="resources per merchant (trade office included)")
    outgoing: list[TripOut] = Field(description="this village's merchants not home yet")
    incoming: list[TripOut] = Field(description="merchants on their way here")


def trip_out(t: pb.MerchantTrip) -> TripOut:
    r = t.resources
    return TripOut(id=t.id, from_village_id=t.from_village_id, to_village_id=t.to_village_id,
                   to={"x": t.to_x, "y": t.to_y}, merchants=t.merchants,
                   resources=ResourcesOut(wood=r.wood, clay=r.clay, iron=r.iron, crop=r.crop),
                   sent_at=iso(t.sent_at), arrives_at=iso(t.arrives_at),
                   returns_at=iso(t.returns_at), state=t.state)


@router.post("/{village_id}/merchants/send", response_model=TripOut, status_code=201,
             responses={400: {"description": "BUILDING_REQUIRED (no marketplace), "
                                             "NOT_ENOUGH_MERCHANTS, INSUFFICIENT_RESOURCES, "
                                             "BEGINNER_PROTECTION (a protected player "
                                             "receives resources but sends none to others)"},
                        404: {"description": "VILLAGE_NOT_FOUND (yours, or no target there)"},
                        409: {"description": "CONFLICT: the target is still being founded"},
                        422: {"description": "INVALID_INPUT (nothing to send, own village)"}})
async def send(village_id: VillageId, body: SendBody, request: Request, user: User) -> TripOut:
    """Merchants leave now with the resources for any village (yours or another player's):
    the stock drops at once; the target receives them at ``arrives_at`` (up to its storage;
    the rest is lost) and the merchants are home at ``returns_at``. One merchant per
    marketplace level; Romans carry 500, Teutons 1000, Gauls 750 each (+20 %/+10 % per
    trade office level) at 16/12/24 fields per hour, divided by the world speed. Honours
    Idempotency-Key."""
    a = body.resources
    msg = pb.SendMerchantsRequest(village_id=village_id, resources=common_pb2.Resources(
        wood=a.wood, clay=a.clay, iron=a.iron, crop=a.crop))
    if body.to is not None:
        msg.to_square.CopyFrom(common_pb2.Square(x=body.to.x, y=body.to.y))
    else:
        msg.to_village_id = body.to_village_id or ""
    m = (await call(request, request.app.state.backends.village.SendMerchants, msg,
                    idempotent=True)).message
    return trip_out(m)


@router.get("/{village_id}/merchants", response_model=MerchantsOut)
async def merchants(village_id: VillageId, request: Request, user: User) -> MerchantsOut:
    """The village's merchants: how many, how many at home, what one carries, trips under
    way (``going`` until arrival, then ``returning``) and trips coming here."""
    m = (await call(request, request.app.state.backends.village.ListMerchants,
                    village_pb2.VillageRef(village_id=village_id))).message
    return MerchantsOut(total=m.total, at_home=m.at_home, capacity=m.capacity,
                        outgoing=[trip_out(t) for t in m.outgoing],
                        incoming=[trip_out(t) for t in m.incoming])
