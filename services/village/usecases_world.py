"""World use cases: capital placement, new villages, the map, rankings, inactivity."""

from __future__ import annotations

import dataclasses
import itertools
import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from rules.travian import village as rules
from rules.travian import world
from rules.travian.culture import SETTLERS_PER_VILLAGE, cp_required
from rules.travian.errors import RuleError
from rules.travian.ids import Tribe
from rules.travian.movement import army_travel_time_s
from services.runtime.errors import DomainError
from services.village import store, usecases_oasis
from services.village.usecases import (
    Config,
    Unit,
    VillageView,
    commit,
    locked_settled,
    rule_failure,
    settler_of,
    user_uuid,
    view_of,
    wake_at,
)

CAPITAL_LAYOUT = "4-4-4-6"
SPIRAL_CHUNK = 512
MAX_RADIUS = 15
CP_SUBUNITS = rules.CP_SUBUNITS


def _empty(state: rules.VillageState) -> rules.VillageState:
    """The state a brand-new row is saved against (so ``save`` writes all of ``state``)."""
    return dataclasses.replace(state, buildings={}, units={}, researched=frozenset(),
                               weapons={}, armour={}, builds=(), trainings=(), researches=())


def _row_values(state: rules.VillageState, **values: object) -> dict:
    return {"stock_wood": state.stock.wood, "stock_clay": state.stock.clay,
            "stock_iron": state.stock.iron, "stock_crop": state.stock.crop,
            "settled_at": store.to_dt(state.at), "culture": state.culture,
            "next_seq": state.next_seq, "population": rules.population(state), **values}


async def _store_new(conn: AsyncConnection, state: rules.VillageState,
                     values: dict) -> store.Loaded | None:
    row = await store.insert_village(conn, _row_values(state, **values))
    if row is None:
        return None
    loaded = store.Loaded(row, _empty(state), {})
    ids = await store.save(conn, loaded, state, population=rules.population(state))
    return store.Loaded(row, state, ids)


async def create_capital(conn: AsyncConnection, config: Config, user_id: str, username: str,
                         tribe: int, now: int) -> VillageView:
    """Idempotent per user. The capital goes on the free 4-4-4-6 square nearest the centre
    (the world's spiral); two registrations at once never share one: the unique (x, y)
    index makes the second insert a no-op and it tries the next square."""
    owner = store.parse_id(user_id)
    if owner is None or tribe not in (1, 2, 3):
        raise DomainError("INVALID_INPUT", "A user id and a tribe 1..3 are required.")
    spiral = world.spiral_from_centre()
    while True:
        existing = await store.capital_of(conn, owner)
        if existing is not None:
            loaded = (await store.load_many(conn, [existing]))[0]
            state, _ = rules.settle(loaded.state, now, config.speed)
            return view_of(loaded, state, now, config.speed)
        chunk = list(itertools.islice(spiral, SPIRAL_CHUNK))
        if not chunk:
            raise DomainError("COORDINATES_OCCUPIED", "The world is full.")
        squares = [s for s in (world.square(config.world_seed, x, y) for x, y in chunk)
                   if s.kind == "village" and s.layout == CAPITAL_LAYOUT]
        taken = await store.taken_squares(conn, [(s.x, s.y) for s in squares])
        for sq in squares:
            if (sq.x, sq.y) in taken:
                continue
            state = rules.new_village(Tribe(tribe), True, world.field_types(sq.layout), now)
            loaded = await _store_new(conn, state, {
                "id": uuid.uuid4(), "owner_id": owner, "owner_name": username,
                "name": f"{username}'s village", "x": sq.x, "y": sq.y, "tribe": tribe,
                "is_capital": True, "layout": sq.layout, "founded_at": store.to_dt(now)})
            if loaded is not None:
                return view_of(loaded, state, now, config.speed)
            if await store.capital_of(conn, owner) is not None:
                break  # made by a concurrent call for the same user: answer it


async def found_village(unit: Unit, user_id: str, x: int, y: int, from_village_id: str,
                        now: int) -> tuple[uuid.UUID, int]:
    """Three settlers leave now; the village exists from their arrival (its row is made at
    once, shown as being founded, so a second founder of the square is refused)."""
    try:
        sq = world.square(unit.config.world_seed, x, y)
    except RuleError as err:
        raise rule_failure(err) from None
    if sq.kind != "village":
        raise DomainError("COORDINATES_OCCUPIED", "Only a free village square can be settled.")
    if await store.taken_squares(unit.conn, [(x, y)]):
        raise DomainError("COORDINATES_OCCUPIED", f"({x}|{y}) is taken or being settled.")
    owner = user_uuid(user_id)
    if not from_village_id:
        capital = await store.capital_of(unit.conn, owner)
        if capital is None:
            raise DomainError("VILLAGE_NOT_FOUND", "No capital.")
        from_village_id = str(capital.id)
    loaded, state, done = await locked_settled(unit, user_id, from_village_id, now)
    settler = settler_of(loaded.row.tribe)
    if state.units.get(settler, 0) < SETTLERS_PER_VILLAGE:
        raise DomainError("NOT_ENOUGH_SETTLERS",
                          f"{SETTLERS_PER_VILLAGE} settlers at home are needed.")
    rows = await store.owner_rows(unit.conn, owner)
    others = [o for o in await store.load_many(unit.conn, rows) if o.row.id != loaded.row.id]
    culture = state.culture + sum(rules.settle(o.state, now, unit.config.speed)[0].culture
                                  for o in others)
    needed = cp_required(len(rows) + 1, unit.config.speed)
    if culture // CP_SUBUNITS < needed:
        raise DomainError("NOT_ENOUGH_CULTURE_POINTS",
                          f"{needed} culture points are needed for village {len(rows) + 1}.",
                          {"required": needed, "current": culture // CP_SUBUNITS})
    arrival = now + army_travel_time_s((loaded.row.x, loaded.row.y), (x, y),
                                       {int(settler): SETTLERS_PER_VILLAGE},
                                       speed=unit.config.speed)
    new_state = rules.new_village(Tribe(loaded.row.tribe), False, world.field_types(sq.layout),
                                  arrival)
    new_id = uuid.uuid4()
    made = await _store_new(unit.conn, new_state, {
        "id": new_id, "owner_id": owner, "owner_name": loaded.row.owner_name,
        "name": f"{loaded.row.owner_name}'s village {len(rows) + 1}", "x": x, "y": y,
        "tribe": loaded.row.tribe, "is_capital": False, "layout": sq.layout,
        "founding": True, "founded_at": store.to_dt(arrival), "founded_from": loaded.row.id})
    if made is None:
        raise DomainError("COORDINATES_OCCUPIED", f"({x}|{y}) is taken or being settled.")
    state = rules.remove_units(state, {settler: SETTLERS_PER_VILLAGE})
    await commit(unit, loaded, state, done, now)
    await wake_at(unit, new_id, arrival, now)
    return new_id, arrival


@dataclass(frozen=True)
class MapEntry:
    square: world.Square
    village: object | None  # the village row on it, if any
    founding: bool
    oasis_owner: str | None = None  # the village that annexed this oasis


async def get_map(conn: AsyncConnection, config: Config, x: int, y: int, radius: int,
                  now: int) -> list[MapEntry]:
    """Every square of the window (computed) and the stored villages on them (one query)."""
    if not 0 <= radius <= MAX_RADIUS:
        raise DomainError("INVALID_INPUT", f"radius must be 0..{MAX_RADIUS}.",
                          {"fields": {"radius": f"0..{MAX_RADIUS}"}})
    try:
        squares = world.window(config.world_seed, x, y, radius)
    except RuleError as err:
        raise rule_failure(err) from None
    squares, owners = await usecases_oasis.current_squares(conn, config, squares, now)
    rows = await store.villages_in(conn, (s.x for s in squares), (s.y for s in squares))
    by_square = {(r.x, r.y): r for r in rows}
    out = []
    for sq in squares:
        row = by_square.get((sq.x, sq.y))
        out.append(MapEntry(sq, row, row is not None and now < store.to_s(row.founded_at),
                            owners.get((sq.x, sq.y))))
    return out


async def list_rankings(conn: AsyncConnection, page: int, page_size: int, sort: str,
                        order: str) -> tuple[list, int]:
    """The ranking as the hourly job last computed it (no request scans the world)."""
    return await store.ranking_page(conn, page, page_size, sort, order)
