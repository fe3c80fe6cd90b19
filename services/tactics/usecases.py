"""Tactics use cases: one function per RPC, each ``@use_case`` (called with the unit of
work, it runs in one transaction of it); plain values in, rows and rules values out
(``server.py`` makes the messages).

Every game query runs under row-level security (``store.act_as``). A game is changed
only while its row is locked with ``FOR UPDATE NOWAIT``: a second concurrent change
(e.g. two end-turns) gets ``409 TURN_IN_PROGRESS`` instead of waiting.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from rules.tactics import errors as rule_errors
from rules.tactics.ai import DEFAULT_DIFFICULTY, DIFFICULTIES, ai_turn
from rules.tactics.game import attack as rule_attack
from rules.tactics.game import end_turn as rule_end_turn
from rules.tactics.game import move as rule_move
from rules.tactics.game import new_game
from rules.tactics.maps import MAPS
from rules.tactics.state import ACTIVE, AI, GameState, state_from_dict
from services.runtime.config import Settings
from services.runtime.db import use_case
from services.runtime.errors import DomainError
from services.tactics import store
from services.tactics.projection import GameView, TurnSummary

AUTOSAVE_RING = 5
SAVE_RETENTION = timedelta(days=90)
GAME_SORTS = {"startedAt": store.games.c.started_at, "lastTurnAt": store.games.c.last_turn_at,
              "turnNo": store.games.c.turn_no}
TURN_SORTS = {"turnNo": store.turns.c.turn_no, "committedAt": store.turns.c.committed_at}


@dataclass(frozen=True)
class Limits:
    """What tactics is configured with: active games per player, the AI's turn budget."""

    max_active_games: int = 20
    ai_budget_ms: float = 500.0

    @classmethod
    def from_settings(cls, settings: Settings) -> Limits:
        return cls(max_active_games=settings.tactics_max_active_games,
                   ai_budget_ms=settings.ai_turn_budget_ms)


def rule_failure(err: rule_errors.RuleError) -> DomainError:
    return DomainError(err.code, err.message)


def content_tag(payload: Any) -> str:
    return '"' + hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:32] + '"'


# ---- read-only lookups ------------------------------------------------------------------

def _content(rows: list[sa.Row]) -> list[dict[str, Any]]:
    """What an ETag covers: the rows' values (the update time has its own header)."""
    return [{k: v for k, v in r._mapping.items() if k != "updated_at"} for r in rows]


@use_case
async def unit_definitions(conn: AsyncConnection) -> tuple[list[sa.Row], str, datetime]:
    rows = await store.unit_definition_rows(conn)
    return rows, content_tag(_content(rows)), max(r.updated_at for r in rows)


async def get_map(conn: AsyncConnection, code: str) -> sa.Row:
    row = await store.map_by_code(conn, code)
    if row is None:
        raise DomainError("MAP_NOT_FOUND", f"No map {code!r}.")
    return row


@use_case
async def map_with_tag(conn: AsyncConnection, code: str) -> tuple[sa.Row, str]:
    row = await get_map(conn, code)
    return row, content_tag(_content([row]))


@use_case
async def map_tiles(conn: AsyncConnection, code: str, page: int,
                    page_size: int) -> tuple[list[sa.Row], int, str, datetime]:
    m = await get_map(conn, code)
    t = store.map_tiles
    total = await store.count(conn, t, t.c.map_id == m.id)
    rows = await store.page(conn, [t], [t.c.map_id == m.id], [t.c.id], page, page_size)
    tag = content_tag([m.code, m.schema_version, page, page_size, _content(rows)])
    return rows, total, tag, m.updated_at


# ---- games ------------------------------------------------------------------------------

@use_case
async def list_games(conn: AsyncConnection, user_id: str, status: str, page: int,
                     page_size: int, sort: str, order: str) -> tuple[list[sa.Row], int]:
    await store.act_as(conn, user_id)
    g = store.games
    where = [g.c.status == status] if status else []
    column = GAME_SORTS.get(sort or "startedAt", g.c.started_at)
    ordering = column.asc() if order == "asc" else column.desc()
    total = await store.count(conn, g, *where)
    rows = await store.page(conn, store.SUMMARY_COLUMNS, where, [ordering.nulls_last(), g.c.id],
                            page, page_size)
    return rows, total


SETTINGS_KEYS = ("seed", "difficulty")


def validate_settings(settings: Any) -> dict[str, Any]:
    """The game's settings with defaults filled in; INVALID_INPUT naming the bad field.

    Only documented keys are accepted, so a typo is refused instead of silently ignored.
    """
    if not isinstance(settings, dict):
        raise DomainError("INVALID_INPUT", "settings must be an object.",
                          {"field": "settings"})
    unknown = sorted(set(settings) - set(SETTINGS_KEYS))
    if unknown:
        raise DomainError("INVALID_INPUT", f"Unknown setting {unknown[0]!r}; known: "
                          f"{', '.join(SETTINGS_KEYS)}.", {"field": f"settings.{unknown[0]}"})
    difficulty = settings.get("difficulty", DEFAULT_DIFFICULTY)
    if difficulty not in DIFFICULTIES:
        raise DomainError("INVALID_INPUT", f"settings.difficulty must be one of "
                          f"{', '.join(DIFFICULTIES)}.", {"field": "settings.difficulty"})
    seed = settings.get("seed")
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)
                             or not 0 <= seed < 2**62):
        raise DomainError("INVALID_INPUT", "settings.seed must be an integer in [0, 2^62).",
                          {"field": "settings.seed"})
    return {**settings, "difficulty": difficulty}


def difficulty_of(row: sa.Row) -> str:
    """The game's AI level (games from before difficulty levels play normal)."""
    return (row.settings or {}).get("difficulty", DEFAULT_DIFFICULTY)


@use_case
async def create_game(conn: AsyncConnection, user_id: str, map_code: str,
                      settings: dict[str, Any], limits: Limits) -> tuple[int, GameView]:
    settings = validate_settings(settings)
    uid = await store.act_as(conn, user_id)
    m = await get_map(conn, map_code or "default")
    map_def = MAPS.get(m.code)
    if map_def is None or map_def.schema_version != m.schema_version:
        raise DomainError("MAP_SCHEMA_MISMATCH",
                          f"Map {m.code!r} has schema version {m.schema_version}, which this "
                          "server's rules do not support.")
    # Count and insert under a per-player lock (held to commit), so concurrent creates
    # cannot both see room for one more game.
    await store.lock_key(conn, hash_key(f"tactics.create_game:{uid}"))
    active = await store.count(conn, store.games, store.games.c.status == ACTIVE)
    if active >= limits.max_active_games:
        raise DomainError("GAME_LIMIT_REACHED",
                          f"At most {limits.max_active_games} active games per player.")
    seed = settings.get("seed")
    rng_seed = seed if seed is not None else random.getrandbits(62)
    state = new_game(map_def, rng_seed=rng_seed, rng_version=1, human_user_id=str(uid))
    game_id = await store.insert_game(
        conn, user_id=uid, map_id=m.id, map_schema_version=m.schema_version,
        turn_no=state.turn_no, active_participant_id=state.active_participant_id,
        status=state.status, next_unit_id=state.next_unit_id, rng_seed=rng_seed, rng_version=1,
        settings=settings, initial_state=state.to_dict())
    await store.store_state(conn, game_id, uid, state)
    return game_id, GameView(game_id, state)


async def lock_game(conn: AsyncConnection, user_id: str, game_id: int,
                    for_update: bool = True) -> tuple[sa.Row, GameState]:
    """The caller's game row (locked when changing it) and its rules state."""
    await store.act_as(conn, user_id)
    try:
        row = await store.game_row(conn, game_id, for_update=for_update)
    except DBAPIError as err:
        if getattr(err.orig, "sqlstate", "") == "55P03":
            raise DomainError("TURN_IN_PROGRESS",
                              "Another change to this game is in progress.") from None
        raise
    if row is None:
        raise DomainError("GAME_NOT_FOUND", "Game not found.")
    return row, await store.load_state(conn, row)


@use_case
async def get_game(conn: AsyncConnection, user_id: str, game_id: int) -> sa.Row:
    row, _ = await lock_game(conn, user_id, game_id, for_update=False)
    return row


@use_case
async def get_state(conn: AsyncConnection, user_id: str, game_id: int) -> GameView:
    row, state = await lock_game(conn, user_id, game_id, for_update=False)
    return GameView(row.id, state, row.turn_in_progress)


@use_case
async def delete_game(conn: AsyncConnection, user_id: str, game_id: int) -> None:
    await lock_game(conn, user_id, game_id)
    await store.delete_game(conn, game_id)


@use_case
async def list_turns(conn: AsyncConnection, user_id: str, game_id: int, page: int,
                     page_size: int, sort: str, order: str) -> tuple[list[sa.Row], int]:
    await lock_game(conn, user_id, game_id, for_update=False)
    t = store.turns
    column = TURN_SORTS.get(sort or "turnNo", t.c.turn_no)
    ordering = (column.asc(), t.c.id.asc()) if order != "desc" else (column.desc(), t.c.id.desc())
    total = await store.count(conn, t, t.c.game_id == game_id)
    rows = await store.page(conn, [t], [t.c.game_id == game_id], list(ordering), page,
                            page_size)
    return rows, total


# ---- actions and turn flow --------------------------------------------------------------

def human_id(state: GameState) -> int:
    return next(p.id for p in state.participants if p.kind != AI)


@use_case
async def act(conn: AsyncConnection, user_id: str, game_id: int,
              action: dict[str, Any]) -> GameView:
    """A move or an attack by the human player (an action in ``rules.tactics.replay``'s
    dict form, without its participant)."""
    row, state = await lock_game(conn, user_id, game_id)
    action = dict(action, participantId=human_id(state))
    try:
        if action["type"] == "move":
            new = rule_move(state, action["participantId"], action["unitId"], action["to"])
        else:
            new = rule_attack(state, action["participantId"], action["attackerUnitId"],
                              action["targetUnitId"])
    except rule_errors.RuleError as err:
        raise rule_failure(err) from None
    await store.append_action(conn, row, action)
    await store.store_state(conn, row.id, row.user_id, new, **finish_values(state, new))
    return GameView(row.id, new)


def finish_values(before: GameState, after: GameState) -> dict[str, Any]:
    if before.status == ACTIVE and after.status != ACTIVE:
        return {"finished_at": datetime.now(UTC)}
    return {}


@use_case
async def end_turn(conn: AsyncConnection, user_id: str, game_id: int,
                   limits: Limits) -> tuple[GameView, int]:
    """Human end of turn, the AI's turn, autosave: one transaction, turnNo + 1."""
    row, state = await lock_game(conn, user_id, game_id)
    human = human_id(state)
    pending = await store.pending_action_list(conn, row.id)
    try:
        after_human, human_summary = rule_end_turn(state, human)
    except rule_errors.RuleError as err:
        raise rule_failure(err) from None
    turn_rows = [dict(turn_no=state.turn_no, participant_id=human, summary=human_summary,
                      actions=[*pending, {"type": "end_turn", "participantId": human}])]
    current, ai_summaries = after_human, []
    while current.status == ACTIVE:
        active = current.participant(current.active_participant_id)
        if active is None or active.kind != AI:
            break
        started = time.perf_counter()
        turn_no = current.turn_no
        current, taken = ai_turn(current, active.id, difficulty=difficulty_of(row))
        duration_ms = (time.perf_counter() - started) * 1000
        if duration_ms > limits.ai_budget_ms:
            raise DomainError("AI_TIMEOUT", f"The AI's turn took {duration_ms:.0f} ms, over "
                              f"the {limits.ai_budget_ms:.0f} ms budget; nothing was applied.")
        summary = taken[-1].get("summary", {}) if taken else {}
        ai_summaries.append(summary)
        turn_rows.append(dict(turn_no=turn_no, participant_id=active.id,
                              duration_ms=round(duration_ms), summary=summary,
                              actions=[{k: v for k, v in a.items() if k != "summary"}
                                       for a in taken]))
    now = datetime.now(UTC)
    await store.insert_turns(conn, row, now, turn_rows)
    await store.clear_pending_actions(conn, row.id)
    await store.store_state(conn, row.id, row.user_id, current, last_turn_at=now,
                            **finish_values(state, current))
    autosave_id = await store.insert_save(conn, row, current, "autosave", None,
                                          f"Autosave turn {current.turn_no}")
    await store.trim_autosaves(conn, row.id, AUTOSAVE_RING)
    summary = TurnSummary(state.turn_no, human_summary, ai_summaries, current.status,
                          current.winner_participant_id)
    return GameView(row.id, current, turn_summary=summary), autosave_id


# ---- saves ------------------------------------------------------------------------------

@use_case
async def list_saves(conn: AsyncConnection, user_id: str,
                     game_id: int) -> tuple[list[sa.Row], list[sa.Row]]:
    """The manual saves by slot, and the newest autosaves first."""
    await lock_game(conn, user_id, game_id, for_update=False)
    rows = await store.saves_of(conn, game_id)
    return ([r for r in rows if r.kind == "manual"],
            [r for r in rows if r.kind == "autosave"][:AUTOSAVE_RING])


async def _slot_lock(conn: AsyncConnection, game_id: int, slot: int) -> None:
    if not await store.lock_key(conn, hash_key(f"tactics-save:{game_id}:{slot}"), wait=False):
        raise DomainError("SAVE_CONFLICT", f"Slot {slot} is being written by another request.")


def hash_key(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big", signed=True)


@use_case
async def create_manual_save(conn: AsyncConnection, user_id: str, game_id: int, slot: int,
                             name: str) -> sa.Row:
    if not 1 <= slot <= 3:
        raise DomainError("SAVE_SLOT_OUT_OF_RANGE", "Manual save slots are 1, 2 and 3.")
    row, state = await lock_game(conn, user_id, game_id, for_update=False)
    await _slot_lock(conn, game_id, slot)
    await store.delete_manual_save(conn, game_id, slot)
    save_id = await store.insert_save(conn, row, state, "manual", slot, name)
    return await store.save_by_id(conn, save_id)


@use_case
async def delete_manual_save(conn: AsyncConnection, user_id: str, game_id: int,
                             slot: int) -> None:
    await lock_game(conn, user_id, game_id, for_update=False)
    if not await store.delete_manual_save(conn, game_id, slot):
        raise DomainError("SAVE_NOT_FOUND", f"No manual save in slot {slot}.")


@use_case
async def load_save(conn: AsyncConnection, user_id: str, save_id: int) -> GameView:
    """Replace the game's normalized state with the save's (schema-gated)."""
    await store.act_as(conn, user_id)
    save = await store.save_by_id(conn, save_id)
    if save is None:
        raise DomainError("SAVE_NOT_FOUND", "Save not found.")
    row, _ = await lock_game(conn, user_id, save.game_id)
    map_def = store.map_def_for(row.map_id)
    if save.schema_version != map_def.schema_version:
        raise DomainError("SCHEMA_MISMATCH", f"The save has schema version "
                          f"{save.schema_version}; this map is at {map_def.schema_version}.")
    try:
        state = state_from_dict(save.state, map_def)
    except rule_errors.RuleError as err:
        raise DomainError("SCHEMA_MISMATCH", err.message) from None
    log_start = await store.last_turn_id(conn, row.id)
    await store.clear_pending_actions(conn, row.id)
    finished = datetime.now(UTC) if state.status != ACTIVE else None
    await store.store_state(conn, row.id, row.user_id, state, initial_state=save.state,
                            log_start=log_start, finished_at=finished)
    return GameView(row.id, state)


async def purge_saves_before(conn: AsyncConnection, cutoff: datetime) -> int:
    """Retention: saves written before ``cutoff`` go; analytics stay. Runs as the schema
    owner (not under RLS), across players; idempotent."""
    return await store.purge_saves_before(conn, cutoff)


# ---- analytics --------------------------------------------------------------------------

EVENT_TYPES = {"game_start", "turn_end", "autosave", "manual_save", "manual_load",
               "game_finish"}


@dataclass(frozen=True)
class AnalyticsEvent:
    event_type: str
    game_id: int | None = None
    turn_no: int | None = None
    occurred_at: datetime | None = None
    client_request_id: str | None = None
    payload: dict[str, Any] | None = None


@use_case
async def analytics_batch(conn: AsyncConnection, user_id: str,
                          events: list[AnalyticsEvent]) -> int:
    """Store events with a salted user key; a repeated clientRequestId is dropped."""
    salt = await store.analytics_salt(conn)
    user_key = hashlib.sha256(f"{salt}:{user_id}".encode()).hexdigest()
    accepted = 0
    for event in events:
        if event.event_type not in EVENT_TYPES:
            raise DomainError("INVALID_INPUT", f"Unknown eventType {event.event_type!r}.")
        accepted += await store.insert_analytics_event(
            conn, event_type=event.event_type,
            occurred_at=event.occurred_at or datetime.now(UTC), game_key=event.game_id,
            turn_no=event.turn_no, user_key=user_key, client_request_id=event.client_request_id,
            payload=event.payload)
    return accepted
