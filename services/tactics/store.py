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
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from rules.tactics.maps import MAPS, MapDef
from rules.tactics.state import City, GameState, Participant, Unit
from services.runtime.tables import runtime_tables

S = "tactics"
APP_ROLE = "palisade_tactics_app"
metadata = sa.MetaData(schema=S)


runtime = runtime_tables(metadata, S)  # outbox, inbox, idempotency
# The whole schema as the migrations build it (tests/contract/test_migrations_match_store.py
# holds them equal); CHECK constraints are the migrations' alone (Alembic does not compare
# them).


def _ts(name: str, **kw: Any) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), **kw)


def _now(name: str) -> sa.Column:
    return _ts(name, nullable=False, server_default=sa.func.now())


def _owner() -> sa.Column:
    """Every game table carries its player, so one RLS policy fits all."""
    return sa.Column("user_id", sa.Uuid, nullable=False)


def _game() -> sa.Column:
    return sa.Column("game_id", sa.BigInteger, sa.ForeignKey(f"{S}.games.id", ondelete="CASCADE"),
                     nullable=False)


def _int(name: str, **kw: Any) -> sa.Column:
    return sa.Column(name, sa.Integer, nullable=False, **kw)


maps = sa.Table(
    "maps", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.Text, nullable=False, unique=True),
    _int("schema_version"), _int("width"), _int("height"),
    sa.Column("topology", sa.JSON, nullable=False), _now("updated_at"))
map_tiles = sa.Table(
    "map_tiles", metadata,
    _int("id"), sa.Column("map_id", sa.Integer, sa.ForeignKey(f"{S}.maps.id"), nullable=False),
    _int("row"), _int("col"), sa.Column("terrain", sa.Text, nullable=False),
    sa.Column("resource_type", sa.Text), _int("resource_amount", server_default="0"),
    sa.PrimaryKeyConstraint("map_id", "id"), sa.UniqueConstraint("map_id", "row", "col"))
unit_definitions = sa.Table(
    "unit_definitions", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.Text, nullable=False, unique=True),
    sa.Column("is_ranged", sa.Boolean, nullable=False),
    _int("attack"), _int("defence"), _int("range_min"), _int("range_max"), _int("move_points"),
    _int("health"), _now("updated_at"))
games = sa.Table(
    "games", metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True), _owner(),
    sa.Column("map_id", sa.Integer, sa.ForeignKey(f"{S}.maps.id"), nullable=False),
    _int("map_schema_version"), _int("turn_no"), _int("active_participant_id"),
    sa.Column("turn_in_progress", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("winner_participant_id", sa.Integer), _int("next_unit_id"),
    sa.Column("rng_seed", sa.BigInteger, nullable=False), _int("rng_version"),
    sa.Column("settings", sa.JSON, nullable=False),
    # The initial state and every accepted human action: the game replays from these.
    sa.Column("initial_state", sa.JSON, nullable=False),
    # Turns with an id above this belong to the current replay log (a load resets it).
    sa.Column("log_start", sa.BigInteger, nullable=False, server_default="0"),
    _now("started_at"), _ts("finished_at"), _ts("last_turn_at"),
    sa.Index("games_user", "user_id", "status"))
participants = sa.Table(
    "participants", metadata,
    _game(), _int("id"), _owner(), sa.Column("kind", sa.Text, nullable=False),
    sa.Column("participant_user_id", sa.Text), sa.Column("display_name", sa.Text, nullable=False),
    sa.Column("is_eliminated", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.PrimaryKeyConstraint("game_id", "id"))
units = sa.Table(
    "units", metadata,
    _game(), _int("id"), _owner(), _int("participant_id"),
    sa.Column("type_code", sa.Text, sa.ForeignKey(f"{S}.unit_definitions.code"),
              nullable=False),
    _int("hp"), sa.Column("has_acted", sa.Boolean, nullable=False), _int("tile_id"),
    sa.PrimaryKeyConstraint("game_id", "id"),
    # One unit per tile, enforced by the database as well as the rules.
    sa.UniqueConstraint("game_id", "tile_id", name="units_one_per_tile"))
cities = sa.Table(
    "cities", metadata,
    _game(), _int("id"), _owner(), _int("participant_id"), _int("hp"), _int("max_hp"),
    _int("tile_id"), sa.PrimaryKeyConstraint("game_id", "id"))
city_tiles = sa.Table(
    "city_tiles", metadata,
    _game(), _int("city_id"), _owner(), _int("tile_id"),
    sa.PrimaryKeyConstraint("game_id", "tile_id"))
city_resources = sa.Table(
    "city_resources", metadata,
    _game(), _int("city_id"), _owner(), sa.Column("resource_type", sa.Text, nullable=False),
    _int("amount"), sa.PrimaryKeyConstraint("game_id", "city_id", "resource_type"))
saves = sa.Table(
    "saves", metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True), _game(), _owner(),
    sa.Column("kind", sa.Text, nullable=False), sa.Column("slot", sa.SmallInteger),
    sa.Column("name", sa.Text, nullable=False), _int("turn_no"), _int("schema_version"),
    sa.Column("state", sa.JSON, nullable=False), _now("created_at"),
    sa.Index("saves_manual_slot", "game_id", "slot", unique=True,
             postgresql_where=sa.text("kind = 'manual'")),
    sa.Index("saves_by_age", "created_at"))
turns = sa.Table(
    "turns", metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True), _game(), _owner(),
    _int("turn_no"), _int("participant_id"), _now("committed_at"),
    sa.Column("duration_ms", sa.Integer), sa.Column("summary", sa.JSON),
    # The actions of this turn, in order (the human's as accepted; the AI's as taken).
    sa.Column("actions", sa.JSON, nullable=False),
    sa.Index("turns_game", "game_id", "id"))
pending_actions = sa.Table(
    "pending_actions", metadata,
    _game(), _owner(), _int("seq"), sa.Column("action", sa.JSON, nullable=False),
    sa.PrimaryKeyConstraint("game_id", "seq"))
analytics_events = sa.Table(
    "analytics_events", metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("event_type", sa.Text, nullable=False), _ts("occurred_at", nullable=False),
    _now("received_at"), sa.Column("game_key", sa.BigInteger), sa.Column("turn_no", sa.Integer),
    sa.Column("user_key", sa.Text, nullable=False), sa.Column("client_request_id", sa.Text),
    sa.Column("payload", sa.JSON),
    sa.Index("analytics_dedupe", "user_key", "client_request_id", unique=True,
             postgresql_where=sa.text("client_request_id IS NOT NULL")))
secrets = sa.Table(
    "secrets", metadata,
    sa.Column("name", sa.Text, primary_key=True), sa.Column("value", sa.Text, nullable=False))

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


# ---- queries (the use cases' and handlers' only SQL) -------------------------------------

# Every game column but the replay base (a whole state as JSON), which no request reads.
SUMMARY_COLUMNS = [c for c in games.c if c.name != "initial_state"]


async def count(conn: AsyncConnection, table: sa.Table, *where: Any) -> int:
    return (await conn.execute(sa.select(sa.func.count()).select_from(table).where(*where))
            ).scalar_one()


async def page(conn: AsyncConnection, columns: list[Any], where: list[Any],
               ordering: list[Any], number: int, size: int) -> list[sa.Row]:
    """One page (1-based) of ``columns`` matching ``where`` in ``ordering``."""
    return list((await conn.execute(sa.select(*columns).where(*where).order_by(*ordering)
                                    .offset((number - 1) * size).limit(size))).all())


async def unit_definition_rows(conn: AsyncConnection) -> list[sa.Row]:
    t = unit_definitions
    return list((await conn.execute(sa.select(t).order_by(t.c.id))).all())


async def map_by_code(conn: AsyncConnection, code: str) -> sa.Row | None:
    return (await conn.execute(sa.select(maps).where(maps.c.code == code))).first()


async def lock_key(conn: AsyncConnection, key: int, *, wait: bool = True) -> bool:
    """A transaction-scoped advisory lock on ``key``; without ``wait``, False when taken."""
    if wait:
        await conn.execute(sa.select(sa.func.pg_advisory_xact_lock(key)))
        return True
    return bool((await conn.execute(sa.select(sa.func.pg_try_advisory_xact_lock(key)))
                 ).scalar())


async def insert_game(conn: AsyncConnection, **values: Any) -> int:
    return (await conn.execute(sa.insert(games).values(**values).returning(games.c.id))
            ).scalar_one()


async def game_row(conn: AsyncConnection, game_id: int, *, for_update: bool) -> sa.Row | None:
    """A game's row: locked NOWAIT when changing it (the children read after the lock are
    consistent with it), else with its children in one statement (one snapshot)."""
    if for_update:
        query = sa.select(*SUMMARY_COLUMNS).where(games.c.id == game_id).with_for_update(
            nowait=True)
    else:
        query = sa.select(*SUMMARY_COLUMNS, *child_columns()).where(games.c.id == game_id)
    return (await conn.execute(query)).first()


async def delete_game(conn: AsyncConnection, game_id: int) -> None:
    await conn.execute(sa.delete(games).where(games.c.id == game_id))


async def append_action(conn: AsyncConnection, game: sa.Row, action: dict[str, Any]) -> None:
    """The game's next pending action (the log of the turn in progress)."""
    p = pending_actions
    seq = (await conn.execute(sa.select(sa.func.coalesce(sa.func.max(p.c.seq), 0)).where(
        p.c.game_id == game.id))).scalar()
    await conn.execute(sa.insert(p).values(game_id=game.id, user_id=game.user_id, seq=seq + 1,
                                           action=action))


async def pending_action_list(conn: AsyncConnection, game_id: int) -> list[dict[str, Any]]:
    p = pending_actions
    return list((await conn.execute(sa.select(p.c.action).where(p.c.game_id == game_id)
                                    .order_by(p.c.seq))).scalars().all())


async def clear_pending_actions(conn: AsyncConnection, game_id: int) -> None:
    await conn.execute(sa.delete(pending_actions).where(pending_actions.c.game_id == game_id))


async def insert_turns(conn: AsyncConnection, game: sa.Row, committed_at: Any,
                       rows: list[dict[str, Any]]) -> None:
    for values in rows:
        await conn.execute(sa.insert(turns).values(game_id=game.id, user_id=game.user_id,
                                                   committed_at=committed_at, **values))


async def last_turn_id(conn: AsyncConnection, game_id: int) -> int:
    """The id of the game's newest turn row (0: none), where a loaded save's log starts."""
    return (await conn.execute(sa.select(sa.func.coalesce(sa.func.max(turns.c.id), 0))
                               .where(turns.c.game_id == game_id))).scalar()


async def insert_save(conn: AsyncConnection, game: sa.Row, state: GameState, kind: str,
                      slot: int | None, name: str) -> int:
    return (await conn.execute(sa.insert(saves).values(
        game_id=game.id, user_id=game.user_id, kind=kind, slot=slot, name=name,
        turn_no=state.turn_no, schema_version=state.map.schema_version,
        state=state.to_dict()).returning(saves.c.id))).scalar_one()


async def trim_autosaves(conn: AsyncConnection, game_id: int, keep: int) -> None:
    """The autosave ring: the newest ``keep`` stay."""
    s = saves
    newest = sa.select(s.c.id).where(s.c.game_id == game_id, s.c.kind == "autosave").order_by(
        s.c.id.desc()).limit(keep)
    await conn.execute(sa.delete(s).where(s.c.game_id == game_id, s.c.kind == "autosave",
                                          s.c.id.not_in(newest)))


async def saves_of(conn: AsyncConnection, game_id: int) -> list[sa.Row]:
    """The game's saves by slot, newest first within one."""
    s = saves
    return list((await conn.execute(sa.select(s).where(s.c.game_id == game_id).order_by(
        s.c.slot, s.c.id.desc()))).all())


async def save_by_id(conn: AsyncConnection, save_id: int) -> sa.Row | None:
    return (await conn.execute(sa.select(saves).where(saves.c.id == save_id))).first()


async def delete_manual_save(conn: AsyncConnection, game_id: int, slot: int) -> bool:
    """False when the slot was empty."""
    s = saves
    deleted = await conn.execute(sa.delete(s).where(s.c.game_id == game_id,
                                                    s.c.kind == "manual", s.c.slot == slot))
    return bool(deleted.rowcount)


async def purge_saves_before(conn: AsyncConnection, cutoff: Any) -> int:
    result = await conn.execute(sa.delete(saves).where(saves.c.created_at < cutoff))
    return result.rowcount or 0


async def analytics_salt(conn: AsyncConnection) -> str:
    return (await conn.execute(sa.select(secrets.c.value).where(
        secrets.c.name == "analytics_salt"))).scalar_one()


async def insert_analytics_event(conn: AsyncConnection, **values: Any) -> bool:
    """False when the player's clientRequestId was seen before (dropped)."""
    stmt = insert(analytics_events).values(**values).on_conflict_do_nothing(
        index_elements=["user_key", "client_request_id"],
        index_where=sa.text("client_request_id IS NOT NULL"))
    return bool((await conn.execute(stmt)).rowcount)
