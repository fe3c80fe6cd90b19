"""The reads that compose several parts, each one use case (one transaction): a village
with the arrivals due by now applied first (a battle is stored and reported once,
``usecases_war.apply_due``) and its owner's beginner's protection; its troops at home, away
and hosted; the map window with its owners' protection."""

from __future__ import annotations

import uuid

from services.village import store, usecases_war, usecases_world
from services.village.usecases import (
    TroopsAway,
    Unit,
    VillageView,
    get_village,
    troops_elsewhere,
    use_case,
)

Protection = dict[uuid.UUID, int]  # owner -> when beginner's protection ends


async def _settled(unit: Unit, user_id: str, village_id: str, now: int) -> VillageView:
    """The caller's village at ``now``, its arrivals due by then applied first."""
    vid = store.parse_id(village_id)
    await usecases_war.apply_due(unit, [vid] if vid is not None else [], now)
    return await get_village(unit.conn, unit.config, user_id, village_id, now)


@use_case
async def village(unit: Unit, user_id: str, village_id: str,
                  now: int) -> tuple[VillageView, Protection]:
    view = await _settled(unit, user_id, village_id, now)
    return view, await usecases_war.protection_ends(unit.conn, unit.config,
                                                    [view.row.owner_id], now)


@use_case
async def production(unit: Unit, user_id: str, village_id: str, now: int) -> VillageView:
    return await _settled(unit, user_id, village_id, now)


@use_case
async def troops(unit: Unit, user_id: str, village_id: str, now: int
                 ) -> tuple[VillageView, list[TroopsAway], list[TroopsAway]]:
    """(the village, its troops elsewhere: settlers and armies, the guests it hosts)."""
    view = await _settled(unit, user_id, village_id, now)
    away = await troops_elsewhere(unit.conn, view)
    armies, here = await usecases_war.troops_away(unit.conn, view.row.id)
    return view, away + armies, here


@use_case
async def map_window(unit: Unit, x: int, y: int, radius: int,
                     now: int) -> tuple[list[usecases_world.MapEntry], Protection]:
    entries = await usecases_world.get_map(unit.conn, unit.config, x, y, radius, now)
    return entries, await usecases_war.protection_ends(
        unit.conn, unit.config, [e.village.owner_id for e in entries if e.village], now)
