"""The turn rules: new game, move, attack, end turn. Pure functions over GameState.

Every action either returns a new state or raises :class:`RuleError` with the
contract's code, leaving the given state untouched (states are immutable).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from .combat import damage
from .errors import (
    ILLEGAL_MOVE,
    INVALID_INPUT,
    INVALID_TARGET,
    NO_ACTIONS_LEFT,
    NOT_PLAYER_TURN,
    ONE_UNIT_PER_TILE,
    OUT_OF_RANGE,
    RuleError,
)
from .maps import DEFAULT_MAP, MapDef
from .pathfinding import find_path
from .state import ACTIVE, AI, FINISHED, HUMAN, City, GameState, Participant, Unit
from .units import PRODUCTION_COSTS, UNIT_DEFS

CITY_MAX_HP = 20
CITY_DEFENCE = 10  # a city's defence against siege damage (same damage formula)
CITY_RADIUS = 2  # city tiles: every tile within this Chebyshev distance of the city
SIEGE_REACH = 2  # a city is under siege while an enemy unit is within this distance
REGEN = 4
REGEN_UNDER_SIEGE = 2
CAPTURE_HP = CITY_MAX_HP // 2  # hp of a city right after it changes hands
RESOURCES = ("iron", "stone")
BLOCKED_REASON = "ALL_ADJACENT_TILES_BLOCKED"


def new_game(
    map_def: MapDef = DEFAULT_MAP,
    rng_seed: int = 0,
    rng_version: int = 1,
    *,
    human_user_id: str | None = None,
    human_participant_id: int = 1,
    ai_participant_id: int = 2,
    human_display_name: str = "Player",
    ai_display_name: str = "AI",
) -> GameState:
    """Turn 1, human to move, one city plus the map's starting units per side."""
    if human_participant_id == ai_participant_id:
        raise ValueError("participant ids must differ")
    participants = (
        Participant(human_participant_id, HUMAN, human_user_id, human_display_name),
        Participant(ai_participant_id, AI, None, ai_display_name),
    )
    owner_by_kind = {HUMAN: human_participant_id, AI: ai_participant_id}
    cities: list[City] = []
    units: list[Unit] = []
    claimed: set[int] = set()
    next_unit_id = 1
    for start in sorted(map_def.starts, key=lambda s: 0 if s.kind == HUMAN else 1):
        owner = owner_by_kind[start.kind]
        center = map_def.tile_id(*start.city)
        if not map_def.passable[center]:
            raise ValueError(f"city of {start.kind} starts on impassable terrain")
        tiles = tuple(t for t in map_def.tiles_within(center, CITY_RADIUS) if t not in claimed)
        claimed.update(tiles)
        cities.append(City(len(cities) + 1, owner, CITY_MAX_HP, CITY_MAX_HP, center, tiles))
        for code, (row, col) in start.units:
            tile = map_def.tile_id(row, col)
            if not map_def.passable[tile] or any(u.tile_id == tile for u in units):
                raise ValueError(f"bad start tile for {code} at {(row, col)}")
            units.append(Unit(next_unit_id, owner, code, UNIT_DEFS[code].health, False, tile))
            next_unit_id += 1
    return GameState(
        map=map_def,
        turn_no=1,
        active_participant_id=human_participant_id,
        participants=participants,
        units=tuple(units),
        cities=tuple(cities),
        rng_seed=rng_seed,
        rng_version=rng_version,
        status=ACTIVE,
        winner_participant_id=None,
        next_unit_id=next_unit_id,
    )


def check_turn(state: GameState, participant_id: int) -> None:
    if state.status != ACTIVE:
        raise RuleError(NOT_PLAYER_TURN, "the game is finished")
    if state.active_participant_id != participant_id:
        raise RuleError(NOT_PLAYER_TURN, "it is not this participant's turn")


def _own_unit(state: GameState, participant_id: int, unit_id: int) -> Unit:
    unit = state.unit(unit_id)
    if unit is None or unit.owner != participant_id:
        raise RuleError(INVALID_INPUT, f"unit {unit_id} is not one of this participant's units")
    if unit.has_acted:
        raise RuleError(NO_ACTIONS_LEFT, f"unit {unit_id} has already acted this turn")
    return unit


def _coord(to: tuple[int, int] | Mapping[str, Any]) -> tuple[int, int]:
    if isinstance(to, Mapping):
        return int(to["row"]), int(to["col"])
    row, col = to
    return int(row), int(col)


def move(
    state: GameState,
    participant_id: int,
    unit_id: int,
    to: tuple[int, int] | Mapping[str, Any],
) -> GameState:
    """Move a unit to ``to`` = (row, col) or {"row", "col"} along an A* path.

    The path may cross friendly units but not enemy units or impassable terrain, must
    fit the unit's move points, and must end on a free tile. Moving uses the unit's
    one action for the turn.
    """
    check_turn(state, participant_id)
    unit = _own_unit(state, participant_id, unit_id)
    row, col = _coord(to)
    m = state.map
    if not m.in_bounds(row, col):
        raise RuleError(ILLEGAL_MOVE, "destination is outside the map")
    goal = m.tile_id(row, col)
    if goal == unit.tile_id:
        raise RuleError(ILLEGAL_MOVE, "destination is the unit's own tile")
    if not m.passable[goal]:
        raise RuleError(ILLEGAL_MOVE, f"destination terrain {m.terrain[goal]} is impassable")
    occupant = state.occupancy().get(goal)
    if occupant is not None:
        raise RuleError(ONE_UNIT_PER_TILE, "destination tile is occupied")
    enemies = {u.tile_id for u in state.units if u.owner != participant_id}
    budget = UNIT_DEFS[unit.type_code].move_points
    if find_path(m, unit.tile_id, goal, enemies, budget) is None:
        raise RuleError(ILLEGAL_MOVE, "destination not reachable under rules")
    moved = replace(unit, tile_id=goal, has_acted=True)
    return state.with_units([moved if u.id == unit.id else u for u in state.units])


def attack(
    state: GameState, participant_id: int, attacker_id: int, target_unit_id: int
) -> GameState:
    """Attack an enemy unit; see :func:`resolve_attack` for the outcome details."""
    return resolve_attack(state, participant_id, attacker_id, target_unit_id)[0]


def resolve_attack(
    state: GameState, participant_id: int, attacker_id: int, target_unit_id: int
) -> tuple[GameState, dict[str, Any]]:
    """Attacker strikes first; a surviving, eligible defender strikes back once.

    Eligible: the attacker is not ranged (ranged attackers are never answered) and the
    defender's own range covers the distance. Units at 0 hp are removed. Resolution is
    sequential, so there is no tie to award: the attacker only wins what it kills.
    """
    check_turn(state, participant_id)
    attacker = _own_unit(state, participant_id, attacker_id)
    target = state.unit(target_unit_id)
    if target is None or target.owner == participant_id:
        raise RuleError(INVALID_TARGET, "the target must be an enemy unit")
    a_def = UNIT_DEFS[attacker.type_code]
    t_def = UNIT_DEFS[target.type_code]
    dist = state.map.distance(attacker.tile_id, target.tile_id)
    if not a_def.in_range(dist):
        raise RuleError(
            OUT_OF_RANGE, f"target at distance {dist}, range {a_def.range_min}..{a_def.range_max}"
        )
    dealt = damage(a_def.attack, t_def.defence)
    target_hp = max(0, target.hp - dealt)
    counter = 0
    if target_hp > 0 and not a_def.is_ranged and t_def.in_range(dist):
        counter = damage(t_def.attack, a_def.defence)
    attacker_hp = max(0, attacker.hp - counter)
    units: list[Unit] = []
    for u in state.units:
        if u.id == attacker.id:
            if attacker_hp > 0:
                units.append(replace(u, hp=attacker_hp, has_acted=True))
        elif u.id == target.id:
            if target_hp > 0:
                units.append(replace(u, hp=target_hp))
        else:
            units.append(u)
    outcome = {
        "attackerUnitId": attacker.id,
        "targetUnitId": target.id,
        "distance": dist,
        "damage": dealt,
        "targetHp": target_hp,
        "targetKilled": target_hp == 0,
        "counterDamage": counter,
        "attackerHp": attacker_hp,
        "attackerKilled": attacker_hp == 0,
    }
    return state.with_units(units), outcome


def can_siege(type_code: str, distance: int) -> bool:
    """Whether a unit at ``distance`` from an enemy city bombards it when holding still.

    Its normal range counts; a melee unit standing on the city tile (distance 0) also
    counts, so the unit waiting to capture keeps the pressure on.
    """
    d = UNIT_DEFS[type_code]
    return d.in_range(distance) or (distance == 0 and not d.is_ranged)


def under_siege(state: GameState, city: City) -> bool:
    """An enemy unit stands within SIEGE_REACH of the city tile."""
    m = state.map
    return any(
        u.owner != city.owner and m.distance(u.tile_id, city.tile_id) <= SIEGE_REACH
        for u in state.units
    )


def next_participant(state: GameState, participant_id: int) -> tuple[int, bool]:
    """The next non-eliminated participant after ``participant_id`` and whether the
    order wrapped around (which starts a new turn number)."""
    ids = [p.id for p in state.participants]
    start = ids.index(participant_id)
    n = len(ids)
    for step in range(1, n + 1):
        idx = (start + step) % n
        p = state.participants[idx]
        if not p.eliminated:
            return p.id, idx <= start
    return participant_id, True


def end_turn(state: GameState, participant_id: int) -> tuple[GameState, dict[str, Any]]:
    """Close ``participant_id``'s turn and hand over to the next participant.

    Order: siege damage by the ending side's units that held still; captures; elimination
    and game end; then the ending side's cities regenerate, harvest and produce; then
    the next participant's units get their action back. ``turnNo`` grows by one each
    time play returns to the first participant (the human): once per round.
    """
    check_turn(state, participant_id)
    m = state.map
    summary: dict[str, Any] = {
        "turnNo": state.turn_no,
        "participantId": participant_id,
        "siege": [],
        "captures": [],
        "eliminated": [],
        "cities": [],
        "produced": [],
        "delayed": [],
    }
    cities = {c.id: c for c in state.cities}

    # 1. Siege: each unit that did not act bombards one enemy city in reach (lowest id).
    for u in state.units:
        if u.owner != participant_id or u.has_acted:
            continue
        u_def = UNIT_DEFS[u.type_code]
        for cid in sorted(cities):
            c = cities[cid]
            if c.owner == participant_id or c.hp <= 0:
                continue
            if can_siege(u.type_code, m.distance(u.tile_id, c.tile_id)):
                dealt = damage(u_def.attack, CITY_DEFENCE)
                cities[cid] = replace(c, hp=max(0, c.hp - dealt))
                summary["siege"].append(
                    {"unitId": u.id, "cityId": cid, "damage": dealt, "cityHp": cities[cid].hp}
                )
                break

    # 2. Capture: a melee unit of the ending side on an enemy city at 0 hp takes it.
    occupancy = state.occupancy()
    for cid in sorted(cities):
        c = cities[cid]
        holder = occupancy.get(c.tile_id)
        if (
            c.owner != participant_id
            and c.hp <= 0
            and holder is not None
            and holder.owner == participant_id
            and not UNIT_DEFS[holder.type_code].is_ranged
        ):
            cities[cid] = replace(c, owner=participant_id, hp=min(CAPTURE_HP, c.max_hp))
            summary["captures"].append(
                {
                    "cityId": cid,
                    "unitId": holder.id,
                    "fromParticipantId": c.owner,
                    "toParticipantId": participant_id,
                    "hp": cities[cid].hp,
                }
            )

    # 3. Elimination: a participant without cities is out; its units leave the map.
    participants = list(state.participants)
    units = list(state.units)
    for i, p in enumerate(participants):
        if p.eliminated or any(c.owner == p.id for c in cities.values()):
            continue
        participants[i] = replace(p, eliminated=True)
        units = [u for u in units if u.owner != p.id]
        summary["eliminated"].append(p.id)
    state = replace(state, participants=tuple(participants)).with_units(units)
    state = state.with_cities(list(cities.values()))
    alive = [p for p in state.participants if not p.eliminated]
    if len(alive) <= 1:
        winner = alive[0].id if alive else None
        state = replace(state, status=FINISHED, winner_participant_id=winner)
        summary.update(
            {
                "status": FINISHED,
                "winnerParticipantId": winner,
                "nextParticipantId": None,
                "nextTurnNo": state.turn_no,
            }
        )
        return state, summary

    # 4. Economy of the ending side's cities: regen, harvest, production.
    state = _city_economy(state, participant_id, summary)

    # 5. Hand over.
    nxt, wrapped = next_participant(state, participant_id)
    turn_no = state.turn_no + 1 if wrapped else state.turn_no
    units = [replace(u, has_acted=False) if u.owner == nxt else u for u in state.units]
    state = replace(state, active_participant_id=nxt, turn_no=turn_no).with_units(units)
    summary.update(
        {
            "status": ACTIVE,
            "winnerParticipantId": None,
            "nextParticipantId": nxt,
            "nextTurnNo": turn_no,
        }
    )
    return state, summary


def _city_economy(state: GameState, participant_id: int, summary: dict[str, Any]) -> GameState:
    m = state.map
    units = list(state.units)
    occupied = {u.tile_id for u in units}
    next_unit_id = state.next_unit_id
    new_cities: list[City] = []
    for c in state.cities:
        if c.owner != participant_id:
            new_cities.append(c)
            continue
        sieged = under_siege(state, c)
        hp = min(c.max_hp, c.hp + (REGEN_UNDER_SIEGE if sieged else REGEN))
        stock = {"iron": c.iron, "stone": c.stone}
        harvest = {"iron": 0, "stone": 0}
        for t in c.tiles:
            res = m.resources.get(t)
            if res is None or res[0] not in stock:
                continue
            if sieged and t in occupied:
                continue
            harvest[res[0]] += res[1]
        for r in RESOURCES:
            stock[r] += harvest[r]
        summary["cities"].append(
            {
                "cityId": c.id,
                "underSiege": sieged,
                "regen": hp - c.hp,
                "hp": hp,
                "harvest": dict(harvest),
            }
        )
        # Production: at most one unit; the resource with the larger stock wins a tie
        # of thresholds, then the order of PRODUCTION_COSTS.
        ready = [
            (stock[res], -i, code, res, cost)
            for i, (code, res, cost) in enumerate(PRODUCTION_COSTS)
            if stock[res] >= cost
        ]
        if ready:
            _, _, code, res, cost = max(ready)
            free = [t for t in m.passable_neighbours[c.tile_id] if t not in occupied]
            if free:
                tile = free[0]
                stock[res] -= cost
                units.append(
                    Unit(next_unit_id, participant_id, code, UNIT_DEFS[code].health, False, tile)
                )
                occupied.add(tile)
                row, col = m.row_col(tile)
                summary["produced"].append(
                    {
                        "cityId": c.id,
                        "unitId": next_unit_id,
                        "typeCode": code,
                        "tileId": tile,
                        "row": row,
                        "col": col,
                    }
                )
                next_unit_id += 1
            else:
                summary["delayed"].append(
                    {"cityId": c.id, "typeCode": code, "reason": BLOCKED_REASON}
                )
        summary["cities"][-1]["stock"] = dict(stock)
        new_cities.append(replace(c, hp=hp, iron=stock["iron"], stone=stock["stone"]))
    state = replace(state, next_unit_id=next_unit_id)
    return state.with_units(units).with_cities(new_cities)
