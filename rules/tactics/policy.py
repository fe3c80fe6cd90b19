"""Turn planning shared by the AI and the scripted human: attack choice and movement.

One call plays every action of one side's turn (without ending it), applying each
action to the state as it goes, so every recorded action is legal in sequence.
Attacks come first (units do not move during them), then moves; the movement lookups
are built once, after the attacks, which keeps a 30-unit turn well inside the AI's
time budget.

Deterministic: iteration is by unit id / tile id, and ties are broken by a seeded
``random.Random`` passed in by the caller.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from typing import Any

from .combat import damage
from .game import can_siege, move, resolve_attack
from .pathfinding import distance_field, reachable
from .state import GameState, Unit
from .units import UNIT_DEFS


@dataclass(frozen=True)
class Style:
    """How a side plays.

    ``muster`` > 0: stay near home (fighting what comes within ``home_radius`` of the
    own cities) until the side has at least ``muster`` units or outnumbers the enemy,
    then push. 0: always push.
    ``focus_fire``: several units gang up on a target when together they kill it.
    ``even_trades``: accept attacks that cost as much as they deal (a 1-on-1 warrior
    duel is lost by whoever starts it, so a careful player refuses them).
    """

    muster: int = 0
    home_radius: int = 5
    cohesion: int = 0  # >0: when pushing, no unit walks ahead of the n-th closest one
    focus_fire: bool = False
    even_trades: bool = True
    hunt_ranged: bool = False  # melee units seek out enemy ranged units (no counter)
    noise: float = 0.5  # random spread of move scores (large: plain, sometimes poor moves)


AI_STYLE = Style()
KILL_SCORE = 1000.0
_FOCUS_SCORE = 500.0


def _counter_damage(attacker: Unit, target: Unit, distance: int, dealt: int) -> int:
    a_def = UNIT_DEFS[attacker.type_code]
    t_def = UNIT_DEFS[target.type_code]
    if dealt >= target.hp or a_def.is_ranged or not t_def.in_range(distance):
        return 0
    return damage(t_def.attack, a_def.defence)


def attack_score(
    attacker: Unit, target: Unit, distance: int, even_trades: bool = True
) -> float | None:
    """How good ``attacker`` hitting ``target`` is; None when it is not worth doing.

    Kills come first. Otherwise the trade (damage dealt minus counter damage taken) must
    not be negative (or must be positive without ``even_trades``), and an attack the
    counter would kill the attacker in is refused (useless suicide).
    """
    t_def = UNIT_DEFS[target.type_code]
    dealt = damage(UNIT_DEFS[attacker.type_code].attack, t_def.defence)
    if dealt >= target.hp:
        # Kill: prefer dangerous targets, and not wasting a big hit on a scratched unit.
        return KILL_SCORE + t_def.attack * 5 - (dealt - target.hp)
    counter = _counter_damage(attacker, target, distance, dealt)
    if counter >= attacker.hp:
        return None
    net = dealt - counter
    if net < 0 or (net == 0 and not even_trades):
        return None
    # Finishing off wounded units matters more than spreading damage.
    return 100.0 + net * 10 + dealt - target.hp


def _focus_score(target: Unit, attackers: list[tuple[Unit, int]]) -> tuple[float, int] | None:
    """If these attackers (unit, distance) can kill ``target`` this turn, the score of
    the plan and the attacker to strike first; ranged units lead (never countered)."""
    order = sorted(
        attackers,
        key=lambda ad: (
            not UNIT_DEFS[ad[0].type_code].is_ranged,
            -damage(UNIT_DEFS[ad[0].type_code].attack, UNIT_DEFS[target.type_code].defence),
            ad[0].id,
        ),
    )
    hp = target.hp
    first: int | None = None
    used = 0
    taken = 0
    for unit, dist in order:
        dealt = damage(UNIT_DEFS[unit.type_code].attack, UNIT_DEFS[target.type_code].defence)
        counter = _counter_damage(unit, replace(target, hp=hp), dist, dealt)
        if counter >= unit.hp:
            continue
        if first is None:
            first = unit.id
        used += 1
        taken += counter
        hp -= dealt
        if hp <= 0:
            score = _FOCUS_SCORE + UNIT_DEFS[target.type_code].attack * 5 - used * 10 - taken
            return score, first
    return None


def play_turn(
    state: GameState, participant_id: int, style: Style, rng: random.Random
) -> tuple[GameState, list[dict[str, Any]]]:
    """Play every move and attack of one turn for ``participant_id``; do not end it."""
    actions: list[dict[str, Any]] = []
    state = _attack_phase(state, participant_id, style, rng, actions)
    state = _move_phase(state, participant_id, style, rng, actions)
    return state, actions


def _attack_phase(
    state: GameState,
    pid: int,
    style: Style,
    rng: random.Random,
    actions: list[dict[str, Any]],
) -> GameState:
    """Greedy: take the best attack available (a kill, a first strike of a gang-up that
    kills, a good trade), apply it, repeat until nothing is worth doing."""
    m = state.map
    mine = [u for u in state.units if u.owner == pid and not u.has_acted]
    enemies = [u for u in state.units if u.owner != pid]
    pairs: list[tuple[int, int, int]] = []
    for a in mine:
        a_def = UNIT_DEFS[a.type_code]
        for t in enemies:
            d = m.distance(a.tile_id, t.tile_id)
            if a_def.in_range(d):
                pairs.append((a.id, t.id, d))
    if not pairs:
        return state
    jitter = {key: rng.random() * 0.01 for key in pairs}
    while pairs:
        units = {u.id: u for u in state.units}
        best: tuple[float, int, int] | None = None
        live: list[tuple[int, int, int]] = []
        by_target: dict[int, list[tuple[Unit, int]]] = {}
        for key in pairs:
            a = units.get(key[0])
            t = units.get(key[1])
            if a is None or t is None or a.has_acted:
                continue
            live.append(key)
            by_target.setdefault(t.id, []).append((a, key[2]))
            score = attack_score(a, t, key[2], style.even_trades)
            if score is None:
                continue
            score += jitter[key]
            if best is None or score > best[0]:
                best = (score, a.id, t.id)
        pairs = live
        if style.focus_fire and (best is None or best[0] < KILL_SCORE):
            for t_id in sorted(by_target):
                plan = _focus_score(units[t_id], by_target[t_id])
                if plan is not None and (best is None or plan[0] > best[0]):
                    best = (plan[0], plan[1], t_id)
        if best is None:
            break
        _, a_id, t_id = best
        state, _outcome = resolve_attack(state, pid, a_id, t_id)
        actions.append(
            {
                "type": "attack",
                "participantId": pid,
                "attackerUnitId": a_id,
                "targetUnitId": t_id,
            }
        )
    return state


@dataclass
class _Board:
    """Per-turn lookups for scoring destinations, indexed by tile id."""

    goal_dist: list[int]  # steps to the nearest goal tile
    slack: int  # goal distance that already counts as "there"
    enemy_adjacent: list[int]  # enemy units within distance 1 of each tile
    enemy_melee_adjacent: list[int]
    ranged_spot: list[bool]  # an enemy unit or city at exactly distance 2
    siege_spot_melee: list[bool]  # a melee unit here bombards a live enemy city
    capture_tile: dict[int, int]  # enemy city tile -> its hp
    city_dist: list[int]  # steps to the nearest enemy city
    front_line: int  # pushing with cohesion: tiles nearer the enemy city than this wait
    style: Style


def _build_board(state: GameState, pid: int, style: Style) -> _Board:
    m = state.map
    n = m.tile_count + 1
    enemies = [u for u in state.units if u.owner != pid]
    enemy_cities = [c for c in state.cities if c.owner != pid]
    own_cities = [c for c in state.cities if c.owner == pid]
    own_count = sum(1 for u in state.units if u.owner == pid)
    mustering = (
        style.muster > 0
        and own_count < style.muster
        and own_count <= len(enemies)
        and bool(own_cities)
    )

    slack = 0
    if mustering:
        # Muster: only threats near home are goals; otherwise gather around the city.
        near = [
            u.tile_id
            for u in enemies
            if min(m.distance(u.tile_id, c.tile_id) for c in own_cities) <= style.home_radius
        ]
        if near:
            sources = near
        else:
            sources = [c.tile_id for c in own_cities]
            slack = 2
    else:
        sources = [u.tile_id for u in enemies] + [c.tile_id for c in enemy_cities]
    goal_dist = distance_field(m, sources)

    enemy_adjacent = [0] * n
    enemy_melee_adjacent = [0] * n
    ranged_spot = [False] * n
    for u in enemies:
        is_melee = not UNIT_DEFS[u.type_code].is_ranged
        for t in m.tiles_within(u.tile_id, 2):
            d = m.distance(t, u.tile_id)
            if d <= 1:
                enemy_adjacent[t] += 1
                if is_melee:
                    enemy_melee_adjacent[t] += 1
            elif d == 2:
                ranged_spot[t] = True
    siege_spot_melee = [False] * n
    capture_tile: dict[int, int] = {}
    for c in enemy_cities:
        capture_tile[c.tile_id] = c.hp
        for t in m.tiles_within(c.tile_id, 2):
            d = m.distance(t, c.tile_id)
            if d == 2:
                ranged_spot[t] = True
            if c.hp > 0 and can_siege("warrior", d):
                siege_spot_melee[t] = True
    city_dist = distance_field(m, [c.tile_id for c in enemy_cities])
    front_line = -1
    if style.cohesion and not mustering:
        own_dists = sorted(city_dist[u.tile_id] for u in state.units if u.owner == pid)
        if len(own_dists) > style.cohesion:
            front_line = own_dists[style.cohesion] - 1
    return _Board(
        goal_dist,
        slack,
        enemy_adjacent,
        enemy_melee_adjacent,
        ranged_spot,
        siege_spot_melee,
        capture_tile,
        city_dist,
        front_line,
        style,
    )


def _destination_score(board: _Board, unit: Unit, tile: int, stay: bool) -> float:
    """Higher is better. Melee closes in and sits on enemy cities; ranged keeps distance 2."""
    u_def = UNIT_DEFS[unit.type_code]
    # Ranged units are "there" one step short of melee contact.
    slack = max(board.slack, u_def.range_max) if u_def.is_ranged else board.slack
    score = -10.0 * max(0, board.goal_dist[tile] - slack)
    if stay:
        score += 1.0
    elif (
        board.city_dist[tile] < board.front_line
        and board.enemy_adjacent[tile] == 0
        and not board.ranged_spot[tile]
        and tile not in board.capture_tile
    ):
        score -= 60.0  # ahead of the group and not in contact: wait for the others
    if u_def.is_ranged:
        if board.ranged_spot[tile]:
            score += 25.0
        score -= 40.0 * board.enemy_melee_adjacent[tile]
        score -= 15.0 * (board.enemy_adjacent[tile] - board.enemy_melee_adjacent[tile])
    else:
        hp = board.capture_tile.get(tile)
        if hp is not None:
            score += 1000.0 if hp <= 0 else 30.0
        elif board.siege_spot_melee[tile]:
            score += 10.0
        if board.style.hunt_ranged:
            score += 12.0 * (board.enemy_adjacent[tile] - board.enemy_melee_adjacent[tile])
        # A wounded warrior does not walk into several enemies at once.
        if unit.hp <= u_def.health // 2:
            score -= 8.0 * max(0, board.enemy_adjacent[tile] - 1)
    return score


def _move_phase(
    state: GameState,
    pid: int,
    style: Style,
    rng: random.Random,
    actions: list[dict[str, Any]],
) -> GameState:
    """Each unit that has not acted walks to its best reachable tile, front units first."""
    m = state.map
    board = _build_board(state, pid, style)
    enemy_tiles = {u.tile_id for u in state.units if u.owner != pid}
    occupied = {u.tile_id for u in state.units}
    movers = [u for u in state.units if u.owner == pid and not u.has_acted]
    movers.sort(key=lambda u: (board.goal_dist[u.tile_id], u.id))
    for unit in movers:
        u_def = UNIT_DEFS[unit.type_code]
        reach = reachable(m, unit.tile_id, enemy_tiles, u_def.move_points)
        best_tile = unit.tile_id
        noise = style.noise
        best_score = _destination_score(board, unit, unit.tile_id, True) + rng.random() * noise
        for tile in sorted(reach):
            if tile in occupied:
                continue
            score = _destination_score(board, unit, tile, False) + rng.random() * noise
            if score > best_score:
                best_score, best_tile = score, tile
        if best_tile == unit.tile_id:
            continue
        row, col = m.row_col(best_tile)
        state = move(state, pid, unit.id, (row, col))
        occupied.discard(unit.tile_id)
        occupied.add(best_tile)
        actions.append(
            {
                "type": "move",
                "participantId": pid,
                "unitId": unit.id,
                "to": {"row": row, "col": col},
            }
        )
    return state
