"""Village routes: /api/v1/villages* (snake_case; units and buildings by lower-case name)."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from gateway.backends import call, iso, model_answer
from gateway.identity import current_user
from protos.village.v1 import village_pb2
from rules.travian.errors import RuleError
from rules.travian.ids import BuildingType, UnitType, parse_building, parse_unit
from services.runtime.errors import DomainError

router = APIRouter(prefix="/api/v1/villages", tags=["villages"])
User = Annotated[str, Depends(current_user)]
VillageId = Annotated[str, Path(max_length=64)]
TribeName = Literal["romans", "teutons", "gauls"]
TRIBE_NAMES: dict[int, TribeName] = {1: "romans", 2: "teutons", 3: "gauls"}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VillageSummaryOut(BaseModel):
    id: str
    name: str
    x: int
    y: int
    is_capital: bool
    tribe: TribeName
    population: int
    loyalty: int


class ResourcesOut(BaseModel):
    wood: int
    clay: int
    iron: int
    crop: int


class CapacityOut(BaseModel):
    warehouse: int
    granary: int


class ProductionShortOut(BaseModel):
    wood: int
    clay: int
    iron: int
    crop: int
    crop_consumption: int


class BuildingOut(BaseModel):
    id: str
    position: int
    building_type: str
    level: int
    is_upgrading: bool
    upgrade_complete_at: str | None


class QueueItemOut(BaseModel):
    id: str
    position: int
    building_type: str
    target_level: int
    started_at: str
    complete_at: str


class TrainingItemOut(BaseModel):
    id: str
    unit: str
    building: str
    count: int
    done: int
    next_at: str
    complete_at: str


class ResearchItemOut(BaseModel):
    id: str
    kind: Literal["research", "weapons", "armour"]
    unit: str
    level: int
    started_at: str
    complete_at: str


class VillageOut(VillageSummaryOut):
    founding: bool = Field(description="settlers still on their way (until founded_at)")
    inactive: bool
    culture_points: int
    resources: ResourcesOut
    capacity: CapacityOut
    production: ProductionShortOut
    buildings: list[BuildingOut]
    build_queue: list[QueueItemOut]
    troops: dict[str, int]
    training_queue: list[TrainingItemOut]
    research_queue: list[ResearchItemOut]
    researched: list[str]
    smithy: dict[str, dict[str, int]] = Field(description="unit -> {weapons, armour}")
    settled_at: str
    founded_at: str
    protection_ends_at: str | None = Field(
        default=None, description="the owner's beginner's protection ends then (null: not "
                                  "protected); until then nobody can attack, raid or scout it")


class ProductionOut(BaseModel):
    wood_production: int
    clay_production: int
    iron_production: int
    crop_production: int
    crop_consumption: int
    net_crop: int


class RenameBody(Strict):
    name: str = Field(min_length=1, max_length=40)


class UpgradeOut(BaseModel):
    message: str
    complete_at: str
    job_id: str


class CancelOut(BaseModel):
    message: str
    resources_refunded: ResourcesOut


class TrainBody(Strict):
    unit: int | str = Field(description="unit id or lower-case enum name")
    count: int = Field(ge=1, le=1_000_000)
    great: bool = Field(default=False, description="train at the great barracks/stable")


class TrainOut(BaseModel):
    message: str
    item: TrainingItemOut


class ResearchBody(Strict):
    unit: int | str


class SmithyBody(Strict):
    unit: int | str
    kind: Literal["weapons", "armour"]


class ResearchOut(BaseModel):
    message: str
    item: ResearchItemOut


class TroopsAwayOut(BaseModel):
    kind: Literal["founding", "reinforcement", "attack", "raid", "scout", "return"] = Field(
        description="founding: settlers on their way to found village_id; reinforcement: "
                    "troops sent to (or received from) village_id; attack/raid/scout: an "
                    "army on its way to village_id (empty for an oasis) or x|y; return: "
                    "coming home")
    units: dict[str, int]
    village_id: str = Field(description="the other village: destination or origin")
    x: int
    y: int
    arrives_at: str | None = Field(description="null once they stand there")


class TroopsOut(BaseModel):
    home: dict[str, int]
    training_queue: list[TrainingItemOut]
    elsewhere: list[TroopsAwayOut] = Field(description="this village's troops away from it")
    here: list[TroopsAwayOut] = Field(
        description="other villages' troops standing here (reinforcements)")


class FoundOut(BaseModel):
    message: str
    village_id: str
    coordinates: str
    arrives_at: str


@cache
def _names(enum: type) -> dict[int, str]:
    return {int(member): member.name.lower() for member in enum}


def name_of(enum: type, value: int) -> str:
    """An enum value by its lower-case name (its number when unknown)."""
    return _names(enum).get(value) or str(value)


def unit_id(value: int | str, field: str = "unit") -> int:
    try:
        return int(parse_unit(value))
    except RuleError:
        raise DomainError("INVALID_INPUT", f"Unknown unit {value!r}.",
                          {"fields": {field: "unknown unit"}}) from None


def summary(v: village_pb2.Village) -> dict:
    return {"id": v.id, "name": v.name, "x": v.x, "y": v.y, "is_capital": v.is_capital,
            "tribe": TRIBE_NAMES[v.tribe], "population": v.population, "loyalty": v.loyalty}


def training_dict(t: village_pb2.TrainingItem) -> dict:
    return {"id": t.id, "unit": name_of(UnitType, t.unit),
            "building": name_of(BuildingType, t.building), "count": t.count, "done": t.done,
            "next_at": iso(t.next_at), "complete_at": iso(t.complete_at)}


def research_dict(r: village_pb2.ResearchItem) -> dict:
    return {"id": r.id, "kind": r.kind, "unit": name_of(UnitType, r.unit), "level": r.level,
            "started_at": iso(r.started_at), "complete_at": iso(r.complete_at)}


def training_out(t: village_pb2.TrainingItem) -> TrainingItemOut:
    return TrainingItemOut.model_validate(training_dict(t))


def research_out(r: village_pb2.ResearchItem) -> ResearchItemOut:
    return ResearchItemOut.model_validate(research_dict(r))


def resources_dict(r) -> dict[str, int]:  # noqa: ANN001 - common Resources
    return {"wood": r.wood, "clay": r.clay, "iron": r.iron, "crop": r.crop}


def resources_out(r) -> ResourcesOut:  # noqa: ANN001 - common Resources
    return ResourcesOut.model_validate(resources_dict(r))


def village_out(v: village_pb2.Village) -> Response:
    """The answer built as plain values, validated once against VillageOut and written by
    pydantic-core (``model_answer``): a village has ~25 nested items and this is the most
    read answer."""
    p = v.production
    building = _names(BuildingType)
    return model_answer(VillageOut, {
        **summary(v), "founding": v.founding, "inactive": v.inactive,
        "culture_points": v.culture_points, "resources": resources_dict(v.resources),
        "capacity": {"warehouse": v.warehouse, "granary": v.granary},
        "production": {"wood": p.wood, "clay": p.clay, "iron": p.iron, "crop": p.crop,
                       "crop_consumption": p.crop_consumption},
        "buildings": [{
            "id": b.id, "position": b.position,
            "building_type": building.get(b.building_type) or str(b.building_type),
            "level": b.level, "is_upgrading": b.is_upgrading,
            "upgrade_complete_at": iso(b.upgrade_complete_at) if b.is_upgrading else None}
            for b in v.buildings],
        "build_queue": [{
            "id": q.id, "position": q.position,
            "building_type": name_of(BuildingType, q.building_type),
            "target_level": q.target_level, "started_at": iso(q.started_at),
            "complete_at": iso(q.complete_at)} for q in v.build_queue],
        "troops": unit_counts(v.troops),
        "training_queue": [training_dict(t) for t in v.training_queue],
        "research_queue": [research_dict(r) for r in v.research_queue],
        "researched": [name_of(UnitType, u) for u in v.researched],
        "smithy": {name_of(UnitType, s.unit): {"weapons": s.weapons, "armour": s.armour}
                   for s in v.smithy},
        "settled_at": iso(v.settled_at), "founded_at": iso(v.founded_at),
        "protection_ends_at": iso(v.protection_ends_at)
        if v.HasField("protection_ends_at") else None})


def backend(request: Request):  # noqa: ANN201
    return request.app.state.backends.village


@router.get("", response_model=list[VillageSummaryOut])
async def list_villages(request: Request, user: User) -> list[VillageSummaryOut]:
    """The player's villages, oldest (the capital) first."""
    reply = await call(request, backend(request).ListVillages, village_pb2.ListVillagesRequest())
    return [VillageSummaryOut(**summary(v)) for v in reply.message.villages]


@router.post("/found", response_model=FoundOut)
async def found(request: Request, user: User, x: Annotated[int, Query(ge=-400, le=400)],
                y: Annotated[int, Query(ge=-400, le=400)],
                from_village_id: Annotated[str, Query(max_length=64)] = "") -> FoundOut:
    """Send three settlers from ``from_village_id`` (else the capital) to found a village
    at (x|y). The village's id is answered at once; it is shown as being founded until the
    settlers arrive (``arrives_at``)."""
    m = (await call(request, backend(request).FoundVillage, village_pb2.FoundVillageRequest(
        x=x, y=y, from_village_id=from_village_id), idempotent=True)).message
    return FoundOut(message=m.message, village_id=m.village_id, coordinates=m.coordinates,
                    arrives_at=iso(m.arrives_at))


@router.get("/{village_id}", response_model=VillageOut)
async def get_village(village_id: VillageId, request: Request, user: User) -> Response:
    """One village, brought up to now. Another player's village is 404 VILLAGE_NOT_FOUND."""
    m = (await call(request, backend(request).GetVillage,
                    village_pb2.VillageRef(village_id=village_id))).message
    return village_out(m)


@router.put("/{village_id}", response_model=VillageOut)
async def rename(village_id: VillageId, body: RenameBody, request: Request,
                 user: User) -> Response:
    m = (await call(request, backend(request).RenameVillage, village_pb2.RenameVillageRequest(
        village_id=village_id, name=body.name))).message
    return village_out(m)


@router.get("/{village_id}/production", response_model=ProductionOut)
async def production(village_id: VillageId, request: Request, user: User) -> ProductionOut:
    """Hourly rates at the world speed."""
    p = (await call(request, backend(request).GetProduction,
                    village_pb2.VillageRef(village_id=village_id))).message
    return ProductionOut(wood_production=p.wood, clay_production=p.clay,
                         iron_production=p.iron, crop_production=p.crop,
                         crop_consumption=p.crop_consumption, net_crop=p.net_crop)


@router.post("/{village_id}/buildings/{building_type}/upgrade", response_model=UpgradeOut)
async def upgrade(village_id: VillageId, building_type: Annotated[str, Path(max_length=40)],
                  request: Request, user: User,
                  position: Annotated[int, Query(ge=0, le=40)]) -> UpgradeOut:
    """Queue the next level of ``building_type`` (id or lower-case name) at ``position``."""
    try:
        btype = int(parse_building(building_type))
    except RuleError:
        raise DomainError("INVALID_INPUT", f"Unknown building {building_type!r}.",
                          {"fields": {"building_type": "unknown building"}}) from None
    m = (await call(request, backend(request).UpgradeBuilding,
                    village_pb2.UpgradeBuildingRequest(village_id=village_id,
                                                       building_type=btype, position=position),
                    idempotent=True)).message
    return UpgradeOut(message=m.message, complete_at=iso(m.complete_at), job_id=m.job_id)


@router.post("/{village_id}/buildings/{building_id}/cancel", response_model=CancelOut)
async def cancel(village_id: VillageId, building_id: Annotated[str, Path(max_length=64)],
                 request: Request, user: User) -> CancelOut:
    """Cancel the latest queued level of a building (by building id or job id)."""
    m = (await call(request, backend(request).CancelBuilding, village_pb2.CancelBuildingRequest(
        village_id=village_id, building_id=building_id))).message
    return CancelOut(message=m.message, resources_refunded=resources_out(m.resources_refunded))


@router.post("/{village_id}/troops/train", response_model=TrainOut)
async def train(village_id: VillageId, body: TrainBody, request: Request,
                user: User) -> TrainOut:
    m = (await call(request, backend(request).TrainTroops, village_pb2.TrainTroopsRequest(
        village_id=village_id, unit=unit_id(body.unit), count=body.count, great=body.great),
        idempotent=True)).message
    return TrainOut(message=m.message, item=training_out(m.item))


@router.get("/{village_id}/troops", response_model=TroopsOut)
async def troops(village_id: VillageId, request: Request, user: User) -> TroopsOut:
    """Troops at home, the training queues, this village's troops elsewhere (settlers on
    their way to found a village; reinforcements sent with issue 10) and others' troops
    here (reinforcements: always empty until issue 10)."""
    m = (await call(request, backend(request).GetTroops,
                    village_pb2.VillageRef(village_id=village_id))).message
    return TroopsOut(home=unit_counts(m.home),
                     training_queue=[training_out(t) for t in m.training_queue],
                     elsewhere=[away_out(a) for a in m.elsewhere],
                     here=[away_out(a) for a in m.here])


def unit_counts(counts) -> dict[str, int]:  # noqa: ANN001 - repeated common UnitCount
    return {name_of(UnitType, t.unit): t.count for t in counts}


def away_out(a: village_pb2.TroopsAway) -> TroopsAwayOut:
    return TroopsAwayOut(kind=a.kind, units=unit_counts(a.units), village_id=a.village_id,
                         x=a.x, y=a.y,
                         arrives_at=iso(a.arrives_at) if a.HasField("arrives_at") else None)


@router.post("/{village_id}/research", response_model=ResearchOut)
async def research(village_id: VillageId, body: ResearchBody, request: Request,
                   user: User) -> ResearchOut:
    """Academy research of a unit."""
    m = (await call(request, backend(request).Research, village_pb2.ResearchRequest(
        village_id=village_id, unit=unit_id(body.unit)), idempotent=True)).message
    return ResearchOut(message=m.message, item=research_out(m.item))


@router.post("/{village_id}/smithy", response_model=ResearchOut)
async def smithy(village_id: VillageId, body: SmithyBody, request: Request,
                 user: User) -> ResearchOut:
    """Smithy upgrade of a unit's weapons or armour by one level."""
    m = (await call(request, backend(request).UpgradeSmithy, village_pb2.SmithyRequest(
        village_id=village_id, unit=unit_id(body.unit), kind=body.kind),
        idempotent=True)).message
    return ResearchOut(message=m.message, item=research_out(m.item))
