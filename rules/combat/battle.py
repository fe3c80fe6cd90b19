"""Battle resolution per RULES.md section 1 (the reference's T4 combat, in its order).

1. offence per attacking army (inf/cav), defence of all defending armies together,
   weighted by the attacker's round4 infantry/cavalry shares;
2. village bonuses: (troops + 10 + 2L^2 + wall flat) * wall multiplier;
3. morale, loss exponent K, rams (after the fight, full wall bonus), losses;
4. catapults, lone attacker, per-unit survivors (half up), loot.
Pure scout armies use the scouting rule instead.  No I/O, no clock; random catapult
targets come from ``random.Random(battle.seed)``.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from fractions import Fraction

from rules.combat.formulas import (
    BASE_VILLAGE_DEFENSE,
    LONE_ATTACKER_THRESHOLD,
    SCOUT_LOSS_EXPONENT,
    catapult_morale,
    demolish,
    demolish_points,
    immensity,
    morale,
    residence_defense,
    stonemason_factor,
    upgraded_stat,
    wall_flat_defense,
    wall_multiplier,
)
from rules.combat.loot import lootable, split_loot
from rules.combat.model import Army, Battle, BattleResult, BuildingDamage, Hero
from rules.combat.siege import choose_target, target_count
from rules.travian.errors import RuleError
from rules.travian.fields import cranny_protection
from rules.travian.ids import Tribe
from rules.travian.resources import Resources
from rules.travian.rounding import js_round, round_to
from rules.travian.tribes import tribe_traits
from rules.travian.units import unit_spec

_LEVELS = range(21)
_ALL_UNITS = range(1, 41)


def _stat_table(stat: str) -> dict[int, tuple[float, ...]]:
    table = {}
    for uid in _ALL_UNITS:
        spec = unit_spec(uid)
        base = getattr(spec, stat)
        table[uid] = tuple(upgraded_stat(base, spec.upkeep, level) for level in _LEVELS)
    return table


# Upgraded stats for every unit and level 0..20, computed once.
ATTACK = _stat_table("attack")
DEF_INF = _stat_table("def_infantry")
DEF_CAV = _stat_table("def_cavalry")
SCOUT_POWER = _stat_table("scout_power")
SCOUT_DEF = _stat_table("scout_defense")
CAVALRY = {uid: unit_spec(uid).is_cavalry for uid in _ALL_UNITS}
ROLE = {uid: unit_spec(uid).role for uid in _ALL_UNITS}
CARRY = {uid: unit_spec(uid).carry for uid in _ALL_UNITS}


def _hero_fights(hero: Hero | None) -> bool:
    return hero is not None and hero.health > 0


def _hero_strength(army: Army) -> int:
    assert army.hero is not None and army.tribe is not None
    per_point = tribe_traits(army.tribe).hero_strength_per_point
    return 100 + per_point * army.hero.strength_points + army.hero.item_strength


def _bonus(points: int) -> float:
    return 1 + 0.002 * min(max(points, 0), 100)


def offence(army: Army) -> tuple[float, float]:
    """(infantry, cavalry) offence points of an army, hero and hero bonus included."""
    inf = cav = 0.0
    levels = army.smithy_levels
    for uid in sorted(army.units):
        count = army.units[uid]
        if count:
            points = count * ATTACK[uid][levels.get(uid, 0)]
            if CAVALRY[uid]:
                cav += points
            else:
                inf += points
    if _hero_fights(army.hero):
        assert army.hero is not None
        strength = _hero_strength(army)
        if army.hero.mounted:
            cav += strength
        else:
            inf += strength
        bonus = _bonus(army.hero.off_bonus_points)
        inf, cav = inf * bonus, cav * bonus
    return inf, cav


def defence(army: Army) -> tuple[float, float]:
    """(against infantry, against cavalry) defence points of one defending army."""
    inf = cav = 0.0
    levels = army.smithy_levels if army.armour_levels is None else army.armour_levels
    for uid in sorted(army.units):
        count = army.units[uid]
        if count:
            level = levels.get(uid, 0)
            inf += count * DEF_INF[uid][level]
            cav += count * DEF_CAV[uid][level]
    if _hero_fights(army.hero):
        assert army.hero is not None
        strength = _hero_strength(army)
        bonus = _bonus(army.hero.def_bonus_points)
        inf, cav = (inf + strength) * bonus, (cav + strength) * bonus
    return inf, cav


def is_scouting(army: Army) -> bool:
    """True when every unit sent is a scout (the reference's scan)."""
    present = [uid for uid, n in army.units.items() if n > 0]
    return bool(present) and all(ROLE[uid] == "scout" for uid in present)


def _survivors(units: Mapping[int, int], fraction: float) -> dict[int, int]:
    return {uid: js_round(n * (1 - fraction)) for uid, n in units.items()}


def _losses(units: Mapping[int, int], survivors: Mapping[int, int]) -> dict[int, int]:
    return {uid: n - survivors[uid] for uid, n in units.items()}


def _hero_health(hero: Hero | None, fraction: float) -> int | None:
    if hero is None:
        return None
    if hero.health <= 0:
        return 0
    lost = max(0.0, fraction * 100 - hero.armour)
    return max(0, js_round(hero.health - lost))


def _validate(battle: Battle) -> None:
    if battle.kind not in ("attack", "raid"):
        raise RuleError("INVALID_INPUT", f"battle kind is 'attack' or 'raid', not {battle.kind!r}")
    for name in ("wall_level", "residence_level", "stonemason_level", "rally_point_level"):
        if not 0 <= getattr(battle, name) <= 20:
            raise RuleError("INVALID_INPUT", f"{name} must be 0..20")
    if battle.pop_attacker < 0 or battle.pop_defender < 0:
        raise RuleError("INVALID_INPUT", "populations are >= 0")
    if battle.wall_level and battle.defender_tribe is None:
        raise RuleError("INVALID_INPUT", "an oasis has no wall")
    if battle.attacker.total() == 0 and not _hero_fights(battle.attacker.hero):
        raise RuleError("INVALID_INPUT", "the attacker sends no units and no hero")


def _points(battle: Battle) -> tuple[float, float, float, float, float]:
    """(raw offence, final offence, final defence, morale, K) per RULES §1.2-1.6."""
    off_inf, off_cav = offence(battle.attacker)
    def_inf = def_cav = 0.0
    for army in battle.defenders:
        inf, cav = defence(army)
        def_inf += inf
        def_cav += cav
    total_off = off_inf + off_cav
    if total_off > 0:
        p_inf = round_to(off_inf / total_off, 1e-4)
        p_cav = round_to(off_cav / total_off, 1e-4)
    else:  # an army without attack points loses whatever the weights
        p_inf = p_cav = 0.0
    base_def = def_inf * p_inf + def_cav * p_cav
    tribe = battle.defender_tribe
    absolute = (
        BASE_VILLAGE_DEFENSE
        + residence_defense(battle.residence_level)
        + wall_flat_defense(tribe, battle.wall_level)
    )
    final_def = (base_def + absolute) * wall_multiplier(tribe, battle.wall_level)
    moral = morale(battle.pop_attacker, battle.pop_defender, total_off / final_def)
    units = battle.attacker.total() + sum(army.total() for army in battle.defenders)
    return total_off, total_off * moral, final_def, moral, immensity(units)


def _rams(battle: Battle, ratio: float, durability: Fraction) -> int:
    """Wall level after the rams (they act after the fight, on the full wall bonus)."""
    wall = battle.wall_level
    for uid, count in battle.attacker.units.items():
        if count and ROLE[uid] == "ram" and wall > 0:
            level = battle.attacker.smithy_levels.get(uid, 0)
            wall = demolish(
                battle.wall_level, demolish_points(Fraction(count), level, durability, ratio)
            )
    return wall


def resolve(battle: Battle) -> BattleResult:
    """Resolve one battle; every count in the result is an integer."""
    _validate(battle)
    if is_scouting(battle.attacker):
        return _scout(battle)
    attacker = battle.attacker
    raw_off, final_off, final_def, moral, k = _points(battle)
    ratio = final_off / final_def
    normal = battle.kind == "attack"
    durability = stonemason_factor(battle.stonemason_level)
    wall_after = _rams(battle, ratio, durability) if normal else battle.wall_level

    x = ratio**k
    if normal:
        off_loss = min(1 / x, 1.0) if x > 0 else 1.0
        def_loss = min(x, 1.0)
    else:
        off_loss = 1 / (1 + x)
        def_loss = x / (1 + x)
    damaged = _catapults(battle, ratio, durability) if normal else ()
    if attacker.total() == 1:  # lone attacker: full morale exponent, threshold 84.5
        if raw_off * morale(battle.pop_attacker, battle.pop_defender) < LONE_ATTACKER_THRESHOLD:
            off_loss = 1.0

    survivors = _survivors(attacker.units, off_loss)
    def_survivors = [_survivors(army.units, def_loss) for army in battle.defenders]
    winner = "attacker" if final_off > final_def else "defender"
    carry = sum(CARRY[uid] * n for uid, n in survivors.items())
    loot = Resources()
    if battle.stock is not None and (not normal or winner == "attacker"):
        loot = _loot(battle, carry)
    return BattleResult(
        winner=winner,
        mode=battle.kind,
        attacker_losses=_losses(attacker.units, survivors),
        attacker_survivors=survivors,
        defender_losses=[
            _losses(a.units, s) for a, s in zip(battle.defenders, def_survivors, strict=True)
        ],
        defender_survivors=def_survivors,
        attacker_loss_fraction=off_loss,
        defender_loss_fraction=def_loss,
        wall_before=battle.wall_level,
        wall_after=wall_after,
        buildings_damaged=damaged,
        loot=loot,
        carry_capacity=carry,
        attacker_hero_health=_hero_health(attacker.hero, off_loss),
        defender_hero_health=[_hero_health(a.hero, def_loss) for a in battle.defenders],
        offence=final_off,
        defence=final_def,
        morale=moral,
        immensity=k,
    )


def _catapults(battle: Battle, ratio: float, durability: Fraction) -> tuple[BuildingDamage, ...]:
    attacker = battle.attacker
    catapults = [(uid, n) for uid, n in attacker.units.items() if n and ROLE[uid] == "catapult"]
    if not catapults or not battle.buildings:
        return ()
    uid, count = catapults[0]
    requested = list(battle.catapult_targets)
    targets = target_count(battle.rally_point_level, count, len(requested))
    wanted = (requested + [None] * targets)[:targets]
    points = demolish_points(
        Fraction(count, targets),
        attacker.smithy_levels.get(uid, 0),
        durability,
        ratio,
        catapult_morale(battle.pop_attacker, battle.pop_defender),
    )
    rng = random.Random(battle.seed)
    levels = dict(battle.buildings)
    damaged = []
    for want in wanted:
        position = choose_target(want, levels, battle.rally_point_level, rng)
        if position is None:
            continue
        building, before = levels[position]
        after = demolish(before, points)
        levels[position] = (building, after)
        damaged.append(BuildingDamage(position, building, before, after))
    return tuple(damaged)


def _loot(battle: Battle, carry: int) -> Resources:
    assert battle.stock is not None
    attacker = battle.attacker
    teuton_hero = attacker.tribe is Tribe.TEUTONS and _hero_fights(attacker.hero)
    hidden = cranny_protection(battle.cranny_levels, battle.defender_tribe, teuton_hero)
    return split_loot(lootable(battle.stock, hidden), carry)


def _scout(battle: Battle) -> BattleResult:
    """Scouting: 35 per scout x morale against 20 per defending scout x wall multiplier;
    the attacker loses min(1, (D/O)^1.5), defenders lose nothing."""
    attacker = battle.attacker
    power = 0.0
    for uid in sorted(attacker.units):
        power += attacker.units[uid] * SCOUT_POWER[uid][attacker.smithy_levels.get(uid, 0)]
    power *= morale(battle.pop_attacker, battle.pop_defender)
    guard = 0.0
    for army in battle.defenders:
        levels = army.smithy_levels if army.armour_levels is None else army.armour_levels
        guard += sum(n * SCOUT_DEF[uid][levels.get(uid, 0)] for uid, n in army.units.items())
    guard *= wall_multiplier(battle.defender_tribe, battle.wall_level)
    loss = min((guard / power) ** SCOUT_LOSS_EXPONENT, 1.0)
    survivors = _survivors(attacker.units, loss)
    return BattleResult(
        winner="attacker" if power > guard else "defender",
        mode="scout",
        attacker_losses=_losses(attacker.units, survivors),
        attacker_survivors=survivors,
        defender_losses=[{uid: 0 for uid in army.units} for army in battle.defenders],
        defender_survivors=[dict(army.units) for army in battle.defenders],
        attacker_loss_fraction=loss,
        defender_loss_fraction=0.0,
        wall_before=battle.wall_level,
        wall_after=battle.wall_level,
        buildings_damaged=(),
        loot=Resources(),
        carry_capacity=0,
        attacker_hero_health=_hero_health(attacker.hero, loss),
        defender_hero_health=[a.hero.health if a.hero else None for a in battle.defenders],
        offence=power,
        defence=guard,
        morale=morale(battle.pop_attacker, battle.pop_defender),
        immensity=SCOUT_LOSS_EXPONENT,
    )
