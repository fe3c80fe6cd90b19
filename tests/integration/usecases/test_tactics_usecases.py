"""Tactics' use cases on the real schema (row-level security included), each test rolled
back (conftest.py)."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from rules.tactics import errors as rule_errors
from rules.tactics.game import move as rule_move
from rules.tactics.state import GameState
from services.runtime.errors import DomainError
from services.tactics import store, usecases

SETTINGS = {"seed": 7, "difficulty": "normal"}
LIMITS = usecases.Limits()


def a_legal_move(state: GameState) -> dict:
    """The first move the rules accept for one of the human's units (found by the rules)."""
    human = usecases.human_id(state)
    for unit in (u for u in state.units if u.owner == human):
        for tile in state.map.passable_neighbours[unit.tile_id]:
            row, col = state.map.row_col(tile)
            try:
                rule_move(state, human, unit.id, (row, col))
            except rule_errors.RuleError:
                continue
            return {"type": "move", "unitId": unit.id, "to": {"row": row, "col": col}}
    raise AssertionError("no legal move")


async def test_create_game_then_end_turn_plays_the_ai_and_autosaves(
        conn: AsyncConnection, uow: Callable) -> None:
    db, user = uow("tactics"), str(uuid.uuid4())
    game_id, view = await usecases.create_game(db, user, "default", SETTINGS, LIMITS)
    assert view.state.turn_no == 1 and view.state.rng_seed == 7

    moved = await usecases.act(db, user, game_id, a_legal_move(view.state))
    assert moved.state != view.state
    after, autosave_id = await usecases.end_turn(db, user, game_id, LIMITS)
    assert after.state.turn_no == 2 and after.turn_summary is not None
    turns, total = await usecases.list_turns(db, user, game_id, 1, 20, "", "")
    assert total == len(turns) >= 2  # the human's turn and the AI's
    assert turns[0].actions[0]["type"] == "move"
    manual, autosaves = await usecases.list_saves(db, user, game_id)
    assert manual == [] and [s.id for s in autosaves] == [autosave_id]
    pending = (await conn.execute(sa.select(sa.func.count()).select_from(
        store.pending_actions))).scalar()
    assert pending == 0


async def test_an_illegal_move_is_refused_and_changes_nothing(uow: Callable) -> None:
    db, user = uow("tactics"), str(uuid.uuid4())
    game_id, view = await usecases.create_game(db, user, "default", SETTINGS, LIMITS)
    unit = next(u for u in view.state.units if u.owner == usecases.human_id(view.state))
    row, col = view.state.map.row_col(unit.tile_id)
    with pytest.raises(DomainError) as err:
        await usecases.act(db, user, game_id, {"type": "move", "unitId": unit.id,
                                                "to": {"row": row, "col": col}})
    assert err.value.code == rule_errors.ILLEGAL_MOVE
    assert (await usecases.get_state(db, user, game_id)).state == view.state


async def test_a_game_is_its_players_only(uow: Callable) -> None:
    """Row-level security: another player neither sees nor changes the game."""
    db, owner, other = uow("tactics"), str(uuid.uuid4()), str(uuid.uuid4())
    game_id, _ = await usecases.create_game(db, owner, "default", SETTINGS, LIMITS)
    assert (await usecases.list_games(db, other, "", 1, 20, "", ""))[1] == 0
    for call in (usecases.get_game(db, other, game_id),
                 usecases.end_turn(db, other, game_id, LIMITS)):
        with pytest.raises(DomainError) as err:
            await call
        assert err.value.code == "GAME_NOT_FOUND"
    assert (await usecases.list_games(db, owner, "", 1, 20, "", ""))[1] == 1


async def test_a_manual_save_loads_back_the_saved_turn(uow: Callable) -> None:
    db, user = uow("tactics"), str(uuid.uuid4())
    game_id, view = await usecases.create_game(db, user, "default", SETTINGS, LIMITS)
    save = await usecases.create_manual_save(db, user, game_id, 2, "before")
    await usecases.end_turn(db, user, game_id, LIMITS)
    loaded = await usecases.load_save(db, user, save.id)
    assert loaded.state.turn_no == view.state.turn_no
    with pytest.raises(DomainError) as err:
        await usecases.create_manual_save(db, user, game_id, 4, "no such slot")
    assert err.value.code == "SAVE_SLOT_OUT_OF_RANGE"
