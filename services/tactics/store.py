"""Tactics tables (schema "tactics") and the mapping between rows and the rules' GameState.

A game's state lives in normalized rows (participants, units, cities, city_tiles,
city_resources); ``load_state`` builds the rules' GameState from them and
``store_state`` writes a new one back (delete and insert: a game has tens of rows).
"""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from rules.tactics.maps import MAPS, MapDef
from rules.tactics.state import City, GameState, Participant, Unit

S = "tactics"
APP_ROLE = "palisade_tactics_app"
metadata = sa.MetaData(schema=S)


def _table(name: str, *columns: str) -> sa.Table:
    return sa.Table(name, metadata, *(sa.Column(c) for c in columns))


maps = sa.Table("maps", metadata, sa.Column("id", sa.Integer), sa.Column("code", sa.Text),
                sa.Column("schema_version", sa.Integer), sa.Column("width", sa.Integer),
                sa.Column("height", sa.Integer), sa.Column("topology", sa.JSON),
                sa.Column("updated_at", sa.DateTime(timezone=True)))
map_tiles = _table("map_tiles", "id", "map_id", "row", "col", "terrain", "resource_type",
                   "resource_amount")
unit_definitions = sa.Table(
    "unit_definitions", metadata, *(sa.Column(c) for c in (
        "id", "code", "is_ranged", "attack", "defence", "range_min", "range_max", "move_points",
        "health")), sa.Column("updated_at", sa.DateTime(timezone=True)))
games = sa.Table(
    "games", metadata,
    sa.Column("id", sa.BigInteger, primary_key=True), sa.Column("user_id", sa.Uuid),
    sa.Column("map_id", sa.Integer), sa.Column("map_schema_version", sa.Integer),
    sa.Column("turn_no", sa.Integer), sa.Column("active_participant_id", sa.Integer),
    sa.Column("turn_in_progress", sa.Boolean), sa.Column("status", sa.Text),
    sa.Column("winner_participant_id", sa.Integer), sa.Column("next_unit_id", sa.Integer),
    sa.Column("rng_seed", sa.BigInteger), sa.Column("rng_version", sa.Integer),
    sa.Column("settings", sa.JSON), sa.Column("initial_state", sa.JSON),
    sa.Column("log_start", sa.BigInteger),
    sa.Column("started_at", sa.DateTime(timezone=True)),
    sa.Column("finished_at", sa.DateTime(timezone=True)),
    sa.Column("last_turn_at", sa.DateTime(timezone=True)))
participants = sa.Table("participants", metadata, *(sa.Column(c) for c in (
    "game_id", "id", "kind", "participant_user_id", "display_name", "is_eliminated")),
    sa.Column("user_id", sa.Uuid))
units = sa.Table("units", metadata, *(sa.Column(c) for c in (
    "game_id", "id", "participant_id", "type_code", "hp", "has_acted", "tile_id")),
    sa.Column("user_id", sa.Uuid))
cities = sa.Table("cities", metadata, *(sa.Column(c) for c in (
    "game_id", "id", "participant_id", "hp", "max_hp", "tile_id")),
    sa.Column("user_id", sa.Uuid))
city_tiles = sa.Table("city_tiles", metadata, *(sa.Column(c) for c in (
    "game_id", "city_id", "tile_id")), sa.Column("user_id", sa.Uuid))
city_resources = sa.Table("city_resources", metadata, *(sa.Column(c) for c in (
    "game_id", "city_id", "resource_type", "amount")), sa.Column("user_id", sa.Uuid))
saves = sa.Table(
    "saves", metadata,
    sa.Column("id", sa.BigInteger, primary_key=True), sa.Column("game_id", sa.BigInteger),
    sa.Column("user_id", sa.Uuid), sa.Column("kind", sa.Text), sa.Column("slot", sa.SmallInteger),
    sa.Column("name", sa.Text), sa.Column("turn_no", sa.Integer),
    sa.Column("schema_version", sa.Integer), sa.Column("state", sa.JSON),
    sa.Column("created_at", sa.DateTime(timezone=True)))
turns = sa.Table(
    "turns", metadata,
    sa.Column("id", sa.BigInteger, primary_key=True), sa.Column("game_id", sa.BigInteger),
    sa.Column("user_id", sa.Uuid), sa.Column("turn_no", sa.Integer),
    sa.Column("participant_id", sa.Integer),
    sa.Column("committed_at", sa.DateTime(timezone=True)),
    sa.Column("duration_ms", sa.Integer), sa.Column("summary", sa.JSON),
    sa.Column("actions", sa.JSON))
pending_actions = sa.Table("pending_actions", metadata, sa.Column("game_id", sa.BigInteger),
                           sa.Column("user_id", sa.Uuid), sa.Column("seq", sa.Integer),
                           sa.Column("action", sa.JSON))
analytics_events = sa.Table(
    "analytics_events", metadata,
    sa.Column("id", sa.BigInteger, primary_key=True), sa.Column("event_type", sa.Text),
    sa.Column("occurred_at", sa.DateTime(timezone=True)), sa.Column("game_key", sa.BigInteger),
    sa.Column("turn_no", sa.Integer), sa.Column("user_key", sa.Text),
    sa.Column("client_request_id", sa.Text), sa.Column("payload", sa.JSON))
secrets = _table("secrets", "name", "value")

STATE_TABLES = (participants, units, cities, city_tiles, city_resources)


async def act_as(conn: AsyncConnection, user_id: str) -> uuid.UUID:
    """Turn row-level security on for the rest of this transaction, as this player."""
    try:
        uid = uuid.UUID(user_id)
    except ValueError:
        from services.runtime.errors import DomainError

        raise DomainError("UNAUTHENTICATED", "Sign in first.") from None
    # One round trip: set_config('role', ..., true) is SET LOCAL ROLE.
    await conn.execute(sa.text("SELECT set_config('role', :r, true), "
                               "set_config('app.user_id', :u, true)"),
                       {"r": APP_ROLE, "u": str(uid)})
    return uid


def map_def_for(map_id: int) -> MapDef | None:
    return next((m for m in MAPS.values() if m.id == map_id), None)


def child_columns() -> list[Any]:
    """The five child tables of a game row as JSON arrays, to select with the row itself:
    one statement reads one snapshot, so a read racing an end turn is never mixed."""
    return [sa.literal_column(
        f"(SELECT coalesce(json_agg(t), '[]') FROM {S}.{t.name} t "
        f"WHERE t.game_id = {S}.games.id)").label(f"child_{t.name}") for t in STATE_TABLES]


async def load_state(conn: AsyncConnection, game: sa.Row) -> GameState:
    """The rules' state of a game row, from its normalized children (read with the row
    when it carries :func:`child_columns`, else in one more statement)."""
    if hasattr(game, f"child_{units.name}"):
        found = game
    else:
        found = (await conn.execute(sa.select(*child_columns()).select_from(games)
                                    .where(games.c.id == game.id))).one()
    rows = {t.name: [SimpleNamespace(**r) for r in getattr(found, f"child_{t.name}")]
            for t in STATE_TABLES}
    tiles: dict[int, list[int]] = {}
    for r in rows["city_tiles"]:
        tiles.setdefault(r.city_id, []).append(r.tile_id)
    stock: dict[tuple[int, str], int] = {(r.city_id, r.resource_type): r.amount
                                         for r in rows["city_resources"]}
    map_def = map_def_for(game.map_id)
    return GameState(
        map=map_def,
        turn_no=game.turn_no,
        active_participant_id=game.active_participant_id,
        participants=tuple(Participant(p.id, p.kind, p.participant_user_id, p.display_name,
                                       p.is_eliminated)
                           for p in sorted(rows["participants"], key=lambda p: p.id)),
        units=tuple(Unit(u.id, u.participant_id, u.type_code, u.hp, u.has_acted, u.tile_id)
                    for u in sorted(rows["units"], key=lambda u: u.id)),
        cities=tuple(City(c.id, c.participant_id, c.hp, c.max_hp, c.tile_id,
                          tuple(sorted(tiles.get(c.id, ()))), stock.get((c.id, "iron"), 0),
                          stock.get((c.id, "stone"), 0))
                     for c in sorted(rows["cities"], key=lambda c: c.id)),
        rng_seed=game.rng_seed,
        rng_version=game.rng_version,
        status=game.status,
        winner_participant_id=game.winner_participant_id,
        next_unit_id=game.next_unit_id,
    )


async def store_state(conn: AsyncConnection, game_id: int, user_id: uuid.UUID,
                      state: GameState, **game_values: Any) -> None:
    """Replace a game's normalized state with ``state`` (and update the game row)."""
    for table in reversed(STATE_TABLES):
        await conn.execute(sa.delete(table).where(table.c.game_id == game_id))
    base = {"game_id": game_id, "user_id": user_id}
    inserts = [
        (participants, [dict(base, id=p.id, kind=p.kind, participant_user_id=p.user_id,
                             display_name=p.display_name, is_eliminated=p.eliminated)
                        for p in state.participants]),
        (units, [dict(base, id=u.id, participant_id=u.owner, type_code=u.type_code, hp=u.hp,
                      has_acted=u.has_acted, tile_id=u.tile_id) for u in state.units]),
        (cities, [dict(base, id=c.id, participant_id=c.owner, hp=c.hp, max_hp=c.max_hp,
                       tile_id=c.tile_id) for c in state.cities]),
        (city_tiles, [dict(base, city_id=c.id, tile_id=t) for c in state.cities
                      for t in c.tiles]),
        (city_resources, [dict(base, city_id=c.id, resource_type=kind, amount=amount)
                          for c in state.cities
                          for kind, amount in (("iron", c.iron), ("stone", c.stone))]),
    ]
    for table, rows in inserts:
        if rows:
            await conn.execute(sa.insert(table), rows)
    await conn.execute(sa.update(games).where(games.c.id == game_id).values(
        turn_no=state.turn_no, active_participant_id=state.active_participant_id,
        status=state.status, winner_participant_id=state.winner_participant_id,
        next_unit_id=state.next_unit_id, **game_values))
