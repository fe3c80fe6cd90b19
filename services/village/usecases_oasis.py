"""Oases: their animals on the map (computed at now), annexation, and the battle's hooks.

An oasis is stored only once touched (fought or annexed); the map computes every other one
from the world seed. Animals respawn lazily (``rules.travian.oases.animals_at``): no job
sweeps the map. Annexing needs (``rules.travian.oases.check_annex``) a free oasis with no
animals at that instant (one a battle emptied), within 3 squares of the village, and a free
slot of the village's hero's mansion (level 10/15/20: 1/2/3 oases). The village is settled
to the instant under its row lock first, so its production changes exactly then (the
bonus joins ``VillageState.oasis_bonus`` on every later load).
"""

from __future__ import annotations

import dataclasses
import uuid
from dataclasses import dataclass
from types import MappingProxyType

from sqlalchemy.ext.asyncio import AsyncConnection

from rules.travian import oases, world
from rules.travian import village as village_rules
from rules.travian.errors import RuleError
from rules.travian.ids import BuildingType
from rules.travian.resources import Resources
from services.village import store, store_oasis
from services.village.usecases import (
    Config,
    Unit,
    commit,
    locked_settled,
    rule_failure,
    use_case,
)


@dataclass(frozen=True)
class Annexed:
    x: int
    y: int
    oasis_type: str
    bonus: Resources
    owner_village: str | None
    annexed_at: int


def _oasis(config: Config, x: int, y: int, at: int) -> oases.OasisState:
    try:
        return oases.initial(config.world_seed, x, y, at)
    except RuleError as err:
        raise rule_failure(err) from None


async def current_squares(conn: AsyncConnection, config: Config, squares: list[world.Square],
                          now: int) -> tuple[list[world.Square], dict[tuple[int, int], str]]:
    """The map window's squares with touched oases' animals at ``now`` (one query), and
    the annexing village of each owned oasis."""
    stored = await store_oasis.in_window(conn, (s.x for s in squares), (s.y for s in squares))
    out, owners = [], {}
    for sq in squares:
        state = stored.get((sq.x, sq.y))
        if state is None:
            out.append(sq)
            continue
        animals = oases.animals_at(state, now, config.world_seed, config.speed)
        out.append(dataclasses.replace(sq, animals=MappingProxyType(animals)))
        if state.owner_village is not None:
            owners[(sq.x, sq.y)] = state.owner_village
    return out, owners


@use_case
async def annex(unit: Unit, user_id: str, village_id: str, x: int, y: int,
                now: int) -> Annexed:
    """The village annexes the oasis at (x, y) now (see the module's rules)."""
    config = unit.config
    initial = _oasis(config, x, y, now)
    loaded, state, done = await locked_settled(unit, user_id, village_id, now)
    now = max(now, state.at)  # settled further by a write we waited for
    await store_oasis.touch(unit.conn, initial)
    oasis = await store_oasis.load(unit.conn, x, y, lock=True)
    assert oasis is not None
    owned = await store_oasis.owned_by(unit.conn, loaded.row.id)
    mansion = village_rules.highest_level(state, BuildingType.HERO_MANSION)
    try:
        annexed = oases.check_annex(oasis, (loaded.row.x, loaded.row.y), str(loaded.row.id),
                                    mansion, len(owned), now, config.world_seed, config.speed)
    except RuleError as err:
        raise rule_failure(err) from None
    await commit(unit, loaded, state, done, now)  # production so far at the old rates
    await store_oasis.save(unit.conn, annexed, annexed_at=now)
    return Annexed(x=x, y=y, oasis_type=annexed.oasis_type,
                   bonus=oases.bonus([annexed.oasis_type]),
                   owner_village=annexed.owner_village, annexed_at=now)


async def oasis_defence(conn: AsyncConnection, config: Config, x: int, y: int,
                        at: int) -> tuple[oases.OasisState, object]:
    """For the battle code: the oasis and nature's army at ``at``. Its row is made (from
    the generator) and locked first, so two battles there, even its first two, follow one
    another."""
    await store_oasis.touch(conn, _oasis(config, x, y, at))
    state = await store_oasis.load(conn, x, y, lock=True)
    assert state is not None
    return state, oases.defending_army(state, at, config.world_seed, config.speed)


async def annex_by_battle(conn: AsyncConnection, config: Config, village: object,
                          state: village_rules.VillageState, x: int, y: int, at: int
                          ) -> village_rules.VillageState:
    """The reference's way (RULES.md section 15): a won normal attack whose hero survives
    and leaves the oasis empty annexes it for the attacking ``village`` (locked, settled
    to ``at``) when the rules allow it (free, in reach, a free mansion slot); otherwise
    nothing. The bonus counts from ``at`` (the state's, for the rest of this settle)."""
    oasis = await store_oasis.load(conn, x, y, lock=True)
    owned = await store_oasis.owned_by(conn, village.id)
    mansion = village_rules.highest_level(state, BuildingType.HERO_MANSION)
    try:
        annexed = oases.check_annex(oasis, (village.x, village.y), str(village.id), mansion,
                                    len(owned), at, config.world_seed, config.speed)
    except RuleError:
        return state
    return await _annexed(conn, annexed, [o.oasis_type for o in owned], state, at)


async def _annexed(conn: AsyncConnection, annexed: oases.OasisState, held: list[str],
                   state: village_rules.VillageState, at: int) -> village_rules.VillageState:
    """Store the oasis as annexed at ``at`` by the village of ``state`` (which holds the
    oases ``held`` besides); its bonus joins the state now, for the rest of this settle."""
    await store_oasis.save(conn, annexed, annexed_at=at)
    return dataclasses.replace(state, oasis_bonus=oases.bonus([*held, annexed.oasis_type]))


async def record_fight(conn: AsyncConnection, config: Config, x: int, y: int,
                       survivors: dict[int, int], at: int) -> oases.OasisState:
    """For the battle code: the animals left after a battle at ``at`` (respawn restarts)."""
    await store_oasis.touch(conn, _oasis(config, x, y, at))
    state = await store_oasis.load(conn, x, y, lock=True)
    assert state is not None
    after = oases.after_fight(state, survivors, at)
    await store_oasis.save(conn, after)
    return after


@dataclass(frozen=True)
class Claim:
    """An attack on an oasis another village owns: what the battle needs to know."""

    owner_village: uuid.UUID
    owner_player: str
    owner_oases: int  # how many oases the owner holds (the attacks needed follow)
    loyalty: int  # regenerated to the battle's instant
    allowed: bool  # the attacker could annex it (in reach, a free mansion slot)
    held: list[str]  # the attacking village's own oases (their types)


async def claim_of(conn: AsyncConnection, config: Config, oasis: oases.OasisState,
                   village: object, state: village_rules.VillageState, at: int
                   ) -> Claim | None:
    """For the battle code: the claim on ``oasis`` (locked by ``oasis_defence``) by the
    attacking ``village`` (settled to ``at``), or None for a free oasis or its own."""
    if oasis.owner_village is None or oasis.owner_village == str(village.id):
        return None
    owner_id = uuid.UUID(oasis.owner_village)
    owner = await store.load(conn, owner_id)  # read only: the owner's row is not written
    mansion = village_rules.highest_level(owner.state, BuildingType.HERO_MANSION)
    held = len(await store_oasis.owned_by(conn, owner_id))
    loyalty = oases.oasis_loyalty_at(oasis.loyalty, oasis.loyalty_at or oasis.at, at, mansion,
                                     config.speed)
    mine = [o.oasis_type for o in await store_oasis.owned_by(conn, village.id)]
    allowed = (oases.in_reach((village.x, village.y), (oasis.x, oasis.y)) and len(mine)
               < oases.slots(village_rules.highest_level(state, BuildingType.HERO_MANSION)))
    return Claim(owner_id, str(owner.row.owner_id), held, loyalty, allowed, mine)


async def settle_claim(conn: AsyncConnection, oasis: oases.OasisState, claim: Claim,
                       village: object, state: village_rules.VillageState, loyalty: int,
                       taken: bool, at: int) -> village_rules.VillageState:
    """The battle's outcome on an owned oasis: its loyalty as the report says, or, taken,
    the attacking ``village`` owns it from ``at`` (its bonus joins the state now) and the
    old owner's loss is recorded (its production drops at ``at`` on its next load)."""
    if not taken:
        await store_oasis.save(conn, dataclasses.replace(oasis, loyalty=loyalty,
                                                         loyalty_at=at))
        return state
    await store_oasis.record_loss(conn, claim.owner_village, oasis, at)
    return await _annexed(conn, dataclasses.replace(
        oasis, owner_village=str(village.id), loyalty=oases.OASIS_LOYALTY, loyalty_at=at),
        claim.held, state, at)
