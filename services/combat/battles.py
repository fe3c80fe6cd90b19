"""A ResolveRequest becomes a rules.combat Battle, and its result a typed Report.

Pure translation (no I/O): the battle math is rules.combat, loyalty is
rules.travian.culture. The randomness (random catapult targets, the administrators' rolls)
is seeded by the battle id, so the same request always gives the same report.
"""

from __future__ import annotations

import random
import uuid

from protos.combat.v1 import combat_pb2 as pb
from protos.common.v1 import common_pb2
from rules.combat import Army, Battle, BattleResult, Hero, resolve
from rules.travian import culture, oases
from rules.travian import hero as hero_rules
from rules.travian.buildings import WALL_SLOT
from rules.travian.ids import BuildingType, Tribe, UnitType
from rules.travian.resources import Resources
from rules.travian.units import unit_spec

B = BuildingType
DEFENCE_BUILDINGS = frozenset({B.RESIDENCE, B.PALACE, B.CRANNY, B.CITY_WALL, B.EARTH_WALL,
                               B.PALISADE, B.STONEMASON})


def seed_of(battle_id: str) -> int:
    """The battle's random seed: its id as a number."""
    return uuid.UUID(battle_id).int


def counts(units) -> dict[int, int]:  # noqa: ANN001 - repeated UnitCount
    out: dict[int, int] = {}
    for item in units:
        if item.count:
            out[item.unit] = out.get(item.unit, 0) + item.count
    return out


def unit_counts(units: dict[int, int]) -> list[common_pb2.UnitCount]:
    return [common_pb2.UnitCount(unit=u, count=n) for u, n in sorted(units.items())]


def army(msg: pb.BattleArmy, *, defending: bool) -> Army:
    """One army of the request, with its hero; tribe unspecified = nature (an oasis)."""
    levels = {lv.unit: lv.level for lv in msg.levels if lv.level}
    tribe = Tribe(msg.tribe) if msg.tribe else None
    hero = None
    if msg.HasField("hero"):
        h = msg.hero
        hero = Hero(strength_points=h.strength_points, off_bonus_points=h.off_bonus_points,
                    def_bonus_points=h.def_bonus_points, health=h.health)
    if defending:
        return Army(tribe=tribe, units=counts(msg.units), armour_levels=levels, hero=hero)
    return Army(tribe=tribe, units=counts(msg.units), smithy_levels=levels, hero=hero)


def battle_of(req: pb.ResolveRequest) -> Battle:
    buildings = {b.position: (BuildingType(b.building_type), b.level)
                 for b in req.buildings if b.level > 0}
    level = {btype: 0 for btype in BuildingType}
    for btype, lvl in buildings.values():
        level[btype] = max(level[btype], lvl)
    wall = buildings.get(WALL_SLOT, (None, 0))[1]
    kind = "attack" if req.mission == pb.MISSION_TYPE_ATTACK else "raid"
    return Battle(
        attacker=army(req.attacker, defending=False),
        defenders=[army(d, defending=True) for d in req.defenders],
        defender_tribe=None if req.oasis else Tribe(req.defender_tribe), kind=kind,
        wall_level=wall,
        residence_level=max(level[B.RESIDENCE], level[B.PALACE]),
        stonemason_level=level[B.STONEMASON] if req.defender_is_capital else 0,
        pop_attacker=req.pop_attacker, pop_defender=req.pop_defender,
        rally_point_level=req.rally_point_level,
        catapult_targets=[BuildingType(t) for t in req.catapult_targets],
        buildings=buildings,
        stock=Resources(req.stock.wood, req.stock.clay, req.stock.iron, req.stock.crop),
        cranny_levels=[lvl for b, lvl in buildings.values() if b == B.CRANNY],
        seed=seed_of(req.battle_id))


def loyalty_after(req: pb.ResolveRequest, battle: Battle, result: BattleResult) -> int:
    """Surviving administrators of a won normal attack lower loyalty (RULES.md section 6),
    each by a roll of ``random.Random(seed + 1)``; never below 0."""
    if battle.kind != "attack" or result.winner != "attacker" or result.mode == "scout":
        return req.loyalty_before
    rng = random.Random(battle.seed + 1)
    drop = 0
    for uid, n in sorted(result.attacker_survivors.items()):
        if n and unit_spec(uid).loyalty_reduction is not None:
            drop += culture.loyalty_reduction(n, UnitType(uid), req.pop_attacker,
                                              req.pop_defender, rng)
    return max(0, req.loyalty_before - drop)


def oasis_loyalty_after(req: pb.ResolveRequest, battle: Battle, result: BattleResult,
                        hero: hero_rules.HeroOutcome | None) -> int:
    """An owned oasis (RULES.md section 15): a won normal attack whose hero lives and
    leaves no defender standing lowers its loyalty (``rules.travian.oases``)."""
    if (req.oasis_owner_oases <= 0 or battle.kind != "attack" or result.winner != "attacker"
            or hero is None or hero.died
            or any(n for side in result.defender_survivors for n in side.values())):
        return req.loyalty_before
    return oases.oasis_loyalty_after_attack(req.loyalty_before, req.oasis_owner_oases)


def _after_damage(battle: Battle, result: BattleResult) -> dict[int, tuple[BuildingType, int]]:
    levels = dict(battle.buildings)
    if WALL_SLOT in levels:
        levels[WALL_SLOT] = (levels[WALL_SLOT][0], result.wall_after)
    for d in result.buildings_damaged:
        levels[d.position] = (d.building, d.level_after)
    return levels


def scouting(req: pb.ResolveRequest, battle: Battle, result: BattleResult) -> pb.ScoutingResult:
    target = req.scout_target or pb.SCOUT_TARGET_RESOURCES
    seen = pb.ScoutingResult(target=target,
                             succeeded=sum(result.attacker_survivors.values()) > 0)
    if not seen.succeeded:
        return seen
    troops: dict[int, int] = {}
    for defender in battle.defenders:
        for uid, n in defender.units.items():
            troops[uid] = troops.get(uid, 0) + n
    seen.troops.extend(unit_counts(troops))
    if target == pb.SCOUT_TARGET_RESOURCES:
        seen.resources.CopyFrom(req.stock)
    else:
        seen.defences.extend(pb.BuildingLevel(position=p, building_type=int(b), level=lvl)
                             for p, (b, lvl) in sorted(battle.buildings.items())
                             if b in DEFENCE_BUILDINGS)
    return seen


def hero_result(outcome: hero_rules.HeroOutcome | None) -> pb.HeroResult | None:
    if outcome is None:
        return None
    return pb.HeroResult(health_before=outcome.health_before,
                         health_after=outcome.health_after, experience=outcome.xp,
                         died=outcome.died)


def report_of(req: pb.ResolveRequest) -> pb.Report:
    """Resolve the battle of ``req`` and write it up."""
    battle = battle_of(req)
    result = resolve(battle)
    attacker_hero, defender_heroes = hero_rules.battle_outcomes(battle, result)
    after = _after_damage(battle, result)
    if req.oasis:
        loyalty = oasis_loyalty_after(req, battle, result, attacker_hero)
        conquered = (req.conquest_allowed and loyalty < req.loyalty_before
                     and oases.oasis_taken(loyalty, req.oasis_owner_oases))
    else:
        loyalty = loyalty_after(req, battle, result)
        residence_left = any(b in (B.RESIDENCE, B.PALACE) and lvl > 0
                             for b, lvl in after.values())
        conquered = req.conquest_allowed and loyalty <= 0 and not residence_left
    report = pb.Report(
        id=req.battle_id, mission=req.mission, at=req.at, winner=result.winner,
        attacker=pb.ArmyResult(owner_id=req.attacker.owner_id,
                               village_id=req.attacker.village_id, tribe=req.attacker.tribe,
                               sent=unit_counts(battle.attacker.units),
                               lost=unit_counts(result.attacker_losses),
                               role=pb.ROLE_ATTACKER, hero=hero_result(attacker_hero)),
        defenders=[pb.ArmyResult(owner_id=d.owner_id, village_id=d.village_id, tribe=d.tribe,
                                 sent=unit_counts(a.units), lost=unit_counts(lost),
                                 role=pb.ROLE_DEFENDER if i == 0 else pb.ROLE_REINFORCEMENT,
                                 hero=hero_result(h))
                   for i, (d, a, lost, h) in enumerate(zip(req.defenders, battle.defenders,
                                                           result.defender_losses,
                                                           defender_heroes, strict=True))],
        attacker_village=req.attacker_village, defender_village=req.defender_village,
        loot=common_pb2.Resources(**result.loot.as_dict()),
        carry_capacity=result.carry_capacity,
        loyalty_before=req.loyalty_before, loyalty_after=loyalty,
        conquered=conquered,
        offence=result.offence, defence=result.defence, morale=result.morale)
    if WALL_SLOT in battle.buildings and result.mode == "attack" and any(
            unit_spec(u).role == "ram" for u, n in battle.attacker.units.items() if n):
        wall_type = battle.buildings[WALL_SLOT][0]
        report.buildings.append(pb.BuildingChange(
            position=WALL_SLOT, building_type=int(wall_type), level_before=result.wall_before,
            level_after=result.wall_after))
    report.buildings.extend(pb.BuildingChange(position=d.position, building_type=int(d.building),
                                              level_before=d.level_before,
                                              level_after=d.level_after)
                            for d in result.buildings_damaged)
    if result.mode == "scout":
        report.scouting.CopyFrom(scouting(req, battle, result))
    return report


def recipients(report: pb.Report) -> dict[str, int]:
    """Player -> role of everyone who gets the report (the first role a player has)."""
    out: dict[str, int] = {}
    for side in (report.attacker, *report.defenders):
        if side.owner_id:
            out.setdefault(side.owner_id, side.role)
    return out


def view_for(report: pb.Report, role: int) -> pb.Report:
    """What a recipient may see: only the attacker learns what the scouts saw."""
    if role == pb.ROLE_ATTACKER or not report.HasField("scouting"):
        return report
    seen = pb.Report()
    seen.CopyFrom(report)
    seen.scouting.CopyFrom(pb.ScoutingResult(target=report.scouting.target,
                                             succeeded=report.scouting.succeeded))
    return seen
