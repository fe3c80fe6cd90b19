"""Village-game combat routes: /api/v1/combat/* (snake_case, as seed 000)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, ConfigDict, Field, field_validator

from gateway.backends import call, iso
from gateway.identity import current_user
from protos.combat.v1 import combat_pb2
from protos.common.v1 import common_pb2
from protos.village.v1 import war_pb2
from rules.travian.errors import RuleError
from rules.travian.ids import (
    Animal,
    BuildingType,
    UnitType,
    parse_building,
    parse_combatant,
    parse_tribe,
    parse_unit,
)
from services.runtime.errors import DomainError

router = APIRouter(prefix="/api/v1/combat", tags=["combat"])

MAX_COUNT = 10_000_000


def unit_name(unit: int) -> str:
    """Answers name units by the seed's lower-case enum name (animals by theirs)."""
    return (UnitType(unit) if unit <= 30 else Animal(unit)).name.lower()


class SimArmy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tribe: Literal["romans", "teutons", "gauls", 1, 2, 3]
    units: dict[str, int] = Field(description="unit id or lower-case enum name -> count")

    @field_validator("units")
    @classmethod
    def counts_in_range(cls, units: dict[str, int]) -> dict[str, int]:
        for key, count in units.items():
            if not 0 <= count <= MAX_COUNT:
                raise ValueError(f"{key}: count must be 0..{MAX_COUNT}")
        return units


class SimDefender(SimArmy):
    wall_level: int = Field(default=0, ge=0, le=20)


class SimulateBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    attacker: SimArmy
    defender: SimDefender
    attack_type: Literal["attack", "raid"] = "attack"


class SimulateOut(BaseModel):
    winner: Literal["attacker", "defender"]
    attacker_losses: dict[str, int]
    defender_losses: dict[str, int]


def _unit_counts(units: dict[str, int], side: str) -> list[common_pb2.UnitCount]:
    out = []
    for key, count in units.items():
        try:
            unit = parse_combatant(key)  # an id ("1") or a name; "²" is refused there
        except RuleError:
            raise DomainError("INVALID_INPUT", f"Unknown unit {key!r}.",
                              {"fields": {f"{side}.units.{key}": "unknown unit"}}) from None
        out.append(common_pb2.UnitCount(unit=unit, count=count))
    return out


@router.post("/simulate", response_model=SimulateOut)
async def simulate(body: SimulateBody, request: Request) -> SimulateOut:
    """Plan an attack with the real battle formula; changes nothing."""
    message = combat_pb2.SimulateRequest(
        attacker=combat_pb2.SimArmy(tribe=int(parse_tribe(body.attacker.tribe)),
                                    units=_unit_counts(body.attacker.units, "attacker")),
        defender=combat_pb2.SimArmy(tribe=int(parse_tribe(body.defender.tribe)),
                                    units=_unit_counts(body.defender.units, "defender")),
        wall_level=body.defender.wall_level, attack_type=body.attack_type)
    reply = (await call(request, request.app.state.backends.combat.Simulate, message)).message
    return SimulateOut(
        winner=reply.winner,
        attacker_losses={unit_name(u.unit): u.count for u in reply.attacker_losses},
        defender_losses={unit_name(u.unit): u.count for u in reply.defender_losses})


# ---- troop movements (village's WarService) -----------------------------------------------

User = Annotated[str, Depends(current_user)]
Id = Annotated[str, Path(max_length=64)]
MissionName = Literal["attack", "raid", "scout", "reinforce", "return"]
MISSION_NAMES: dict[int, str] = {combat_pb2.MISSION_TYPE_ATTACK: "attack",
                                 combat_pb2.MISSION_TYPE_RAID: "raid",
                                 combat_pb2.MISSION_TYPE_SCOUT: "scout",
                                 combat_pb2.MISSION_TYPE_REINFORCE: "reinforce",
                                 combat_pb2.MISSION_TYPE_RETURN: "return"}
MISSION_VALUES = {name: value for value, name in MISSION_NAMES.items()}
SCOUT_TARGETS = {"resources": combat_pb2.SCOUT_TARGET_RESOURCES,
                 "defences": combat_pb2.SCOUT_TARGET_DEFENCES}
ROLE_NAMES = {combat_pb2.ROLE_ATTACKER: "attacker", combat_pb2.ROLE_DEFENDER: "defender",
              combat_pb2.ROLE_REINFORCEMENT: "reinforcement"}


class Square(BaseModel):
    model_config = ConfigDict(extra="forbid")
    x: int = Field(ge=-400, le=400)
    y: int = Field(ge=-400, le=400)


class AttackBody(BaseModel):
    """Send troops at home from ``from_village_id`` to the village on square ``to``.

    ``movement_type``: attack | raid | reinforce | scout (scouts only; ``scout_target``
    resources = resources and troops, defences = wall, residence/palace, crannies and
    troops). ``catapult_targets``: up to two building types (id or name), normal attacks
    with catapults only, allowed by the rally point level (RULES.md section 1.9).
    ``hero``: your hero goes with the army, or alone with ``units`` empty (attack, raid,
    reinforce; it must be at home in that village). ``to`` may be an oasis square for an
    attack or a raid: the army fights its animals."""

    model_config = ConfigDict(extra="forbid")
    from_village_id: str = Field(max_length=64)
    to: Square
    movement_type: Literal["attack", "raid", "reinforce", "scout"]
    units: dict[str, int] = Field(description="unit id or lower-case enum name -> count",
                                  max_length=10)
    catapult_targets: list[str | int] = Field(default_factory=list, max_length=2)
    scout_target: Literal["resources", "defences"] | None = None
    hero: bool = False

    @field_validator("units")
    @classmethod
    def counts_in_range(cls, units: dict[str, int]) -> dict[str, int]:
        for key, count in units.items():
            if not 1 <= count <= MAX_COUNT:
                raise ValueError(f"{key}: count must be 1..{MAX_COUNT}")
        return units


class MovementSentOut(BaseModel):
    id: str
    movement_type: MissionName
    arrives_at: str


class PlaceOut(BaseModel):
    village_id: str
    name: str
    x: int
    y: int


class ResourcesOut(BaseModel):
    wood: int
    clay: int
    iron: int
    crop: int


class MovementOut(BaseModel):
    id: str
    movement_type: MissionName
    state: Literal["moving", "stationed"]
    origin: PlaceOut
    destination: PlaceOut
    owner_id: str
    sent_at: str
    arrives_at: str
    units: dict[str, int] | None = Field(description="null when the army is not yours to see")
    loot: ResourcesOut | None
    recallable_until: str | None
    hero: bool = Field(default=False, description="your hero walks with this army")
    oasis: bool = Field(default=False, description="the target is the oasis on "
                                                   "destination's square (no village_id)")


class MovementsOut(BaseModel):
    incoming: list[MovementOut]
    outgoing: list[MovementOut]
    here: list[MovementOut] = Field(description="others' reinforcements stationed here")
    elsewhere: list[MovementOut] = Field(description="this village's reinforcements away")


def _unit_key(key: str) -> int:
    try:
        return int(parse_unit(key))
    except RuleError:
        raise DomainError("INVALID_INPUT", f"Unknown unit {key!r}.",
                          {"fields": {f"units.{key}": "unknown unit"}}) from None


def _building_key(key: str | int) -> int:
    try:
        return int(parse_building(key))
    except RuleError:
        raise DomainError("INVALID_INPUT", f"Unknown building {key!r}.",
                          {"fields": {"catapult_targets": "unknown building"}}) from None


def _sent(m: war_pb2.MovementSent) -> MovementSentOut:
    return MovementSentOut(id=m.id, movement_type=MISSION_NAMES[m.mission],
                           arrives_at=iso(m.arrives_at))


def _place(p: war_pb2.MovementPlace) -> PlaceOut:
    return PlaceOut(village_id=p.village_id, name=p.name, x=p.x, y=p.y)


def _res(r: common_pb2.Resources) -> ResourcesOut:
    return ResourcesOut(wood=r.wood, clay=r.clay, iron=r.iron, crop=r.crop)


def _movement(m: war_pb2.Movement) -> MovementOut:
    return MovementOut(
        id=m.id, movement_type=MISSION_NAMES[m.mission], state=m.state,
        origin=_place(m.origin), destination=_place(m.destination), owner_id=m.owner_id,
        sent_at=iso(m.sent_at), arrives_at=iso(m.arrives_at),
        units=None if m.units_hidden else {unit_name(u.unit): u.count for u in m.units},
        loot=None if m.units_hidden else _res(m.loot),
        recallable_until=iso(m.recallable_until) if m.HasField("recallable_until") else None,
        hero=m.hero, oasis=m.oasis)


def war(request: Request):  # noqa: ANN201
    return request.app.state.backends.war


@router.post("/attack", response_model=MovementSentOut, status_code=201, responses={
    400: {"description": "RALLY_POINT_REQUIRED, TROOPS_NOT_AT_HOME, NO_VILLAGE_THERE, "
                         "SAME_VILLAGE, OWN_VILLAGE, SCOUTS_ONLY, CATAPULT_TARGET_NOT_ALLOWED, "
                         "BEGINNER_PROTECTION (the target is protected; a reinforcement "
                         "also when the sender is: no troops to or from other players)"},
    404: {"description": "VILLAGE_NOT_FOUND (not your village)"},
    422: {"description": "INVALID_INPUT (unknown unit, counts, coordinates off the map)"}})
async def attack(body: AttackBody, request: Request, user: User) -> MovementSentOut:
    """Send troops (attack, raid, reinforce or scout); they arrive at ``arrives_at``."""
    message = war_pb2.SendTroopsRequest(
        from_village_id=body.from_village_id, to=common_pb2.Square(x=body.to.x, y=body.to.y),
        mission=MISSION_VALUES[body.movement_type],
        units=[common_pb2.UnitCount(unit=_unit_key(k), count=n) for k, n in body.units.items()],
        catapult_targets=[_building_key(t) for t in body.catapult_targets],
        scout_target=SCOUT_TARGETS.get(body.scout_target or "", 0), hero=body.hero)
    return _sent((await call(request, war(request).SendTroops, message, idempotent=True)).message)


@router.post("/movements/{movement_id}/recall", response_model=MovementSentOut, responses={
    400: {"description": "CANNOT_RECALL (after the 90 s window or after arrival)"},
    404: {"description": "NOT_FOUND"}})
async def recall(movement_id: Id, request: Request, user: User) -> MovementSentOut:
    """Call troops back within 90 s of sending: home after as long as they travelled."""
    return _sent((await call(request, war(request).RecallMovement,
                             war_pb2.MovementRef(movement_id=movement_id))).message)


@router.post("/movements/{movement_id}/send-back", response_model=MovementSentOut,
             responses={404: {"description": "NOT_FOUND"}})
async def send_back(movement_id: Id, request: Request, user: User) -> MovementSentOut:
    """Stationed reinforcements go home (their owner or their host may order it)."""
    return _sent((await call(request, war(request).SendBackReinforcement,
                             war_pb2.MovementRef(movement_id=movement_id))).message)


@router.get("/movements", response_model=MovementsOut,
            responses={404: {"description": "VILLAGE_NOT_FOUND"}})
async def movements(request: Request, user: User,
                    village_id: Annotated[str, Query(max_length=64)]) -> MovementsOut:
    """Incoming and outgoing movements of one of your villages; an enemy army coming at
    you shows its type and arrival only (``units`` null)."""
    m = (await call(request, war(request).ListMovements,
                    war_pb2.ListMovementsRequest(village_id=village_id))).message
    return MovementsOut(incoming=[_movement(x) for x in m.incoming],
                        outgoing=[_movement(x) for x in m.outgoing],
                        here=[_movement(x) for x in m.here],
                        elsewhere=[_movement(x) for x in m.elsewhere])


# ---- battle reports (combat) ----------------------------------------------------------------

class HeroResultOut(BaseModel):
    health_before: int
    health_after: int
    experience: int
    died: bool


class ArmyOut(BaseModel):
    owner_id: str = Field(description="empty for nature (an oasis' animals)")
    village_id: str
    tribe: Literal["romans", "teutons", "gauls", "nature"]
    role: Literal["attacker", "defender", "reinforcement"]
    sent: dict[str, int]
    lost: dict[str, int]
    hero: HeroResultOut | None = Field(default=None, description="the hero that fought "
                                                                 "with this army")


class BuildingChangeOut(BaseModel):
    position: int
    building_type: str
    level_before: int
    level_after: int


class ReportPlaceOut(BaseModel):
    id: str
    name: str
    x: int
    y: int
    owner_id: str


class ScoutingOut(BaseModel):
    target: Literal["resources", "defences"]
    succeeded: bool
    resources: ResourcesOut | None
    troops: dict[str, int]
    defences: list[BuildingChangeOut] = Field(description="level_before = level_after = seen")


class ReportOut(BaseModel):
    id: str
    movement_type: MissionName
    at: str
    role: Literal["attacker", "defender", "reinforcement"]
    read: bool
    winner: Literal["attacker", "defender"]
    attacker: ArmyOut
    defenders: list[ArmyOut]
    attacker_village: ReportPlaceOut
    defender_village: ReportPlaceOut
    loot: ResourcesOut
    carry_capacity: int
    buildings: list[BuildingChangeOut]
    loyalty_before: int
    loyalty_after: int
    conquered: bool
    scouting: ScoutingOut | None


class ReportPageOut(BaseModel):
    items: list[ReportOut]
    page: int
    pageSize: int  # noqa: N815 - the contract's paging field
    total: int


TRIBES = {0: "nature", 1: "romans", 2: "teutons", 3: "gauls"}


def _counts(units: list[common_pb2.UnitCount]) -> dict[str, int]:
    return {unit_name(u.unit): u.count for u in units}


def _army(a: combat_pb2.ArmyResult) -> ArmyOut:
    hero = None
    if a.HasField("hero"):
        h = a.hero
        hero = HeroResultOut(health_before=h.health_before, health_after=h.health_after,
                             experience=h.experience, died=h.died)
    return ArmyOut(owner_id=a.owner_id, village_id=a.village_id, tribe=TRIBES[a.tribe],
                   role=ROLE_NAMES[a.role], sent=_counts(a.sent), lost=_counts(a.lost),
                   hero=hero)


def _change(c: combat_pb2.BuildingChange | combat_pb2.BuildingLevel) -> BuildingChangeOut:
    before = getattr(c, "level_before", None)
    after = getattr(c, "level_after", None)
    level = getattr(c, "level", 0)
    return BuildingChangeOut(position=c.position,
                             building_type=BuildingType(c.building_type).name.lower(),
                             level_before=level if before is None else before,
                             level_after=level if after is None else after)


def _report_place(p: combat_pb2.VillagePlace) -> ReportPlaceOut:
    return ReportPlaceOut(id=p.id, name=p.name, x=p.x, y=p.y, owner_id=p.owner_id)


def _report(v: combat_pb2.ReportView) -> ReportOut:
    r = v.report
    scouting = None
    if r.HasField("scouting"):
        s = r.scouting
        scouting = ScoutingOut(
            target="defences" if s.target == combat_pb2.SCOUT_TARGET_DEFENCES else "resources",
            succeeded=s.succeeded, resources=_res(s.resources) if s.HasField("resources")
            else None, troops=_counts(s.troops), defences=[_change(d) for d in s.defences])
    return ReportOut(
        id=r.id, movement_type=MISSION_NAMES[r.mission], at=iso(r.at), role=ROLE_NAMES[v.role],
        read=v.read, winner=r.winner, attacker=_army(r.attacker),
        defenders=[_army(d) for d in r.defenders],
        attacker_village=_report_place(r.attacker_village),
        defender_village=_report_place(r.defender_village), loot=_res(r.loot),
        carry_capacity=r.carry_capacity, buildings=[_change(c) for c in r.buildings],
        loyalty_before=r.loyalty_before, loyalty_after=r.loyalty_after, conquered=r.conquered,
        scouting=scouting)


@router.get("/reports", response_model=ReportPageOut)
async def reports(request: Request, user: User,
                  page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
                  size: Annotated[int, Query(alias="pageSize", ge=1, le=100)] = 20,
                  unread_first: Annotated[bool, Query(alias="unreadFirst")] = False
                  ) -> ReportPageOut:
    """Your battle reports (attacker, defender or reinforcement owner), newest first;
    ``unreadFirst=true`` puts the unread ones first."""
    m = (await call(request, request.app.state.backends.combat.ListReports,
                    combat_pb2.ListReportsRequest(page=common_pb2.PageRequest(
                        page=page, page_size=size), unread_first=unread_first))).message
    return ReportPageOut(items=[_report(v) for v in m.items], page=m.page.page,
                         pageSize=m.page.page_size, total=m.page.total)


@router.get("/reports/{report_id}", response_model=ReportOut,
            responses={404: {"description": "REPORT_NOT_FOUND (also another player's)"}})
async def report(report_id: Id, request: Request, user: User) -> ReportOut:
    """One of your battle reports."""
    return _report((await call(request, request.app.state.backends.combat.GetReport,
                               combat_pb2.ReportRef(report_id=report_id))).message)


@router.post("/reports/{report_id}/read", response_model=ReportOut,
             responses={404: {"description": "REPORT_NOT_FOUND"}})
async def mark_read(report_id: Id, request: Request, user: User) -> ReportOut:
    """Mark one of your reports read."""
    return _report((await call(request, request.app.state.backends.combat.MarkReportRead,
                               combat_pb2.ReportRef(report_id=report_id))).message)


@router.delete("/reports/{report_id}", status_code=204,
               responses={404: {"description": "REPORT_NOT_FOUND"}})
async def delete_report(report_id: Id, request: Request, user: User) -> Response:
    """Delete one of your reports (for you; the other recipients keep theirs)."""
    await call(request, request.app.state.backends.combat.DeleteReport,
               combat_pb2.ReportRef(report_id=report_id))
    return Response(status_code=204)
