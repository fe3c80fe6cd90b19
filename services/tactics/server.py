"""gRPC servicer of tactics: typed protobuf in and out, nothing else (no transaction: the
use cases open theirs; an idempotent call hands its transaction to the use case).

The caller is the user id of the request's metadata (``x-user-id``, set by the gateway);
``projection.py`` maps the rules' game values, this module the rows the use cases return.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import grpc
import sqlalchemy as sa
from google.protobuf import json_format
from google.protobuf.timestamp_pb2 import Timestamp
from sqlalchemy.ext.asyncio import AsyncConnection

from protos.common.v1 import common_pb2
from protos.tactics.v1 import tactics_pb2 as pb
from protos.tactics.v1 import tactics_pb2_grpc
from services.runtime import context
from services.runtime.db import Joined
from services.runtime.errors import DomainError
from services.runtime.idempotency import run_idempotent
from services.runtime.server import Runtime
from services.tactics import projection, usecases
from services.tactics.projection import enum_value, resource_type, status, terrain


def caller() -> str:
    """The signed-in player of this call, from metadata."""
    user = context.user_id.get()
    if not user:
        raise DomainError("UNAUTHENTICATED", "Sign in first.")
    return user


def joined(conn: AsyncConnection) -> Joined:
    """The use case's unit of work inside run_idempotent's transaction (which also holds
    the idempotency record, so the change and the stored answer commit together)."""
    return Joined(conn, "tactics")


def page_of(page: common_pb2.PageRequest) -> tuple[int, int]:
    return max(page.page, 1), min(max(page.page_size, 1), 100) if page.page_size else 20


def page_info(page: int, size: int, total: int) -> common_pb2.PageInfo:
    return common_pb2.PageInfo(page=page, page_size=size, total=total)


def timestamp(value: datetime | None) -> Timestamp | None:
    if value is None:
        return None
    ts = Timestamp()
    ts.FromDatetime(value.astimezone(UTC))
    return ts


def enum_name(enum: Any, prefix: str, value: int) -> str:
    """GAME_STATUS_ACTIVE -> 'active'; 0 -> '' (unspecified)."""
    return enum.Name(value).removeprefix(prefix + "_").lower() if value else ""


def settings_msg(settings: dict) -> pb.GameSettings:
    """Stored settings -> the typed message (games from before levels play normal)."""
    return pb.GameSettings(
        difficulty=enum_value(pb.Difficulty, "DIFFICULTY",
                              str(settings.get("difficulty") or "normal")),
        seed=settings["seed"] if isinstance(settings.get("seed"), int) else None)


def settings_of(msg: pb.GameSettings) -> dict:
    """The typed message -> plain settings for the use case (which validates them)."""
    settings: dict = {}
    if msg.difficulty:
        settings["difficulty"] = enum_name(pb.Difficulty, "DIFFICULTY", msg.difficulty)
    if msg.HasField("seed"):
        settings["seed"] = msg.seed
    return settings


def game_msg(row: sa.Row) -> pb.Game:
    return pb.Game(
        id=row.id, user_id=str(row.user_id), map_id=row.map_id,
        map_schema_version=row.map_schema_version, turn_no=row.turn_no,
        active_participant_id=row.active_participant_id,
        turn_in_progress=row.turn_in_progress, status=status(row.status),
        settings=settings_msg(row.settings or {}), rng_seed=row.rng_seed,
        rng_version=row.rng_version, started_at=timestamp(row.started_at),
        finished_at=timestamp(row.finished_at), last_turn_at=timestamp(row.last_turn_at))


def save_msg(row: sa.Row) -> pb.Save:
    return pb.Save(id=row.id, slot=row.slot or 0, turn_no=row.turn_no,
                   name=row.name if row.kind == "manual" else "",
                   created_at=timestamp(row.created_at))


def topology_msg(t: dict) -> pb.Topology:
    """The stored topology (``rules.tactics.maps.TOPOLOGY``) as its message."""
    return pb.Topology(kind=t["kind"], neighbours=t["neighbours"], range_metric=t["rangeMetric"],
                       move_cost=t["moveCost"], diagonal_corner_cutting=t["diagonalCornerCutting"],
                       passable=[terrain(x) for x in t["passable"]],
                       impassable=[terrain(x) for x in t["impassable"]], tile_id=t["tileId"])


def turn_msg(row: sa.Row) -> pb.Turn:
    return pb.Turn(id=row.id, turn_no=row.turn_no, participant_id=row.participant_id,
                   committed_at=timestamp(row.committed_at), duration_ms=row.duration_ms,
                   summary=projection.side_turn(row.summary) if row.summary else None,
                   actions=[projection.action(a) for a in row.actions or []])


def plain(value: Any) -> Any:
    """A Struct's numbers are doubles: whole ones go back to integers (the edge admits only
    integers within +-2**53, which doubles hold exactly)."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


def analytics_event(e: pb.AnalyticsEvent) -> usecases.AnalyticsEvent:
    return usecases.AnalyticsEvent(
        event_type=enum_name(pb.AnalyticsEventType, "ANALYTICS_EVENT_TYPE", e.event_type),
        game_id=e.game_id if e.HasField("game_id") else None,
        turn_no=e.turn_no if e.HasField("turn_no") else None,
        occurred_at=e.occurred_at.ToDatetime(tzinfo=UTC) if e.HasField("occurred_at") else None,
        client_request_id=e.client_request_id if e.HasField("client_request_id") else None,
        payload=plain(json_format.MessageToDict(e.payload)) if e.HasField("payload") else None)


class TacticsServicer(tactics_pb2_grpc.TacticsServiceServicer):
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.db = rt.db
        self.limits = usecases.Limits.from_settings(rt.settings)

    async def ListUnitDefinitions(self, request, context):  # noqa: N802, ANN001
        rows, etag, modified = await usecases.unit_definitions(self.db)
        return pb.ListUnitDefinitionsResponse(
            etag=etag, last_modified=timestamp(modified),
            items=[projection.unit_definition(r) for r in rows])

    async def GetMap(self, request, context):  # noqa: N802, ANN001
        row, etag = await usecases.map_with_tag(self.db, request.code)
        return pb.Map(id=row.id, code=row.code, schema_version=row.schema_version,
                      width=row.width, height=row.height, topology=topology_msg(row.topology),
                      etag=etag, last_modified=timestamp(row.updated_at))

    async def ListMapTiles(self, request, context):  # noqa: N802, ANN001
        page, size = page_of(request.page)
        rows, total, etag, modified = await usecases.map_tiles(self.db, request.code, page,
                                                               size)
        return pb.ListMapTilesResponse(
            page=page_info(page, size, total), etag=etag, last_modified=timestamp(modified),
            items=[pb.Tile(id=t.id, row=t.row, col=t.col, terrain=terrain(t.terrain),
                           resource_type=resource_type(t.resource_type),
                           resource_amount=t.resource_amount) for t in rows])

    async def ListGames(self, request, context):  # noqa: N802, ANN001
        page, size = page_of(request.page)
        rows, total = await usecases.list_games(
            self.db, caller(), enum_name(pb.GameStatus, "GAME_STATUS", request.status), page,
            size, request.page.sort, request.page.order)
        return pb.ListGamesResponse(items=[game_msg(r) for r in rows],
                                    page=page_info(page, size, total))

    async def CreateGame(self, request, context):  # noqa: N802, ANN001
        settings = settings_of(request.settings)
        user = caller()

        async def work(conn) -> pb.CreateGameResponse:  # noqa: ANN001
            game_id, view = await usecases.create_game(joined(conn), user, request.map_code,
                                                       settings, self.limits)
            return pb.CreateGameResponse(id=game_id, state=projection.game_state(view))

        return await run_idempotent(self.db, context, "tactics.CreateGame",
                                    pb.CreateGameResponse, work)

    async def GetGame(self, request, context):  # noqa: N802, ANN001
        return game_msg(await usecases.get_game(self.db, caller(), request.game_id))

    async def DeleteGame(self, request, context):  # noqa: N802, ANN001
        await usecases.delete_game(self.db, caller(), request.game_id)
        return pb.Empty()

    async def GetGameState(self, request, context):  # noqa: N802, ANN001
        view = await usecases.get_state(self.db, caller(), request.game_id)
        return projection.game_state(view)

    async def ListTurns(self, request, context):  # noqa: N802, ANN001
        page, size = page_of(request.page)
        rows, total = await usecases.list_turns(self.db, caller(), request.game_id, page,
                                                size, request.page.sort, request.page.order)
        return pb.ListTurnsResponse(items=[turn_msg(r) for r in rows],
                                    page=page_info(page, size, total))

    async def _action(self, context, method: str, game_id: int,  # noqa: ANN001
                      action: dict) -> pb.ActionResponse:
        user = caller()

        async def work(conn) -> pb.ActionResponse:  # noqa: ANN001
            view = await usecases.act(joined(conn), user, game_id, action)
            return pb.ActionResponse(state=projection.game_state(view))

        return await run_idempotent(self.db, context, method, pb.ActionResponse, work)

    async def Move(self, request, context):  # noqa: N802, ANN001
        return await self._action(context, "tactics.Move", request.game_id, {
            "type": "move", "unitId": request.unit_id,
            "to": {"row": request.to.row, "col": request.to.col}})

    async def Attack(self, request, context):  # noqa: N802, ANN001
        return await self._action(context, "tactics.Attack", request.game_id, {
            "type": "attack", "attackerUnitId": request.attacker_unit_id,
            "targetUnitId": request.target_unit_id})

    async def EndTurn(self, request, context):  # noqa: N802, ANN001
        user = caller()

        async def work(conn) -> pb.EndTurnResponse:  # noqa: ANN001
            view, autosave_id = await usecases.end_turn(joined(conn), user, request.game_id,
                                                        self.limits)
            state = projection.game_state(view)
            return pb.EndTurnResponse(state=state, turn_summary=state.turn_summary,
                                      autosave_id=autosave_id)

        return await run_idempotent(self.db, context, "tactics.EndTurn", pb.EndTurnResponse,
                                    work)

    async def ListSaves(self, request, context):  # noqa: N802, ANN001
        manual, autosaves = await usecases.list_saves(self.db, caller(), request.game_id)
        return pb.ListSavesResponse(manual=[save_msg(s) for s in manual],
                                    autosaves=[save_msg(s) for s in autosaves])

    async def CreateManualSave(self, request, context):  # noqa: N802, ANN001
        user = caller()

        async def work(conn) -> pb.Save:  # noqa: ANN001
            return save_msg(await usecases.create_manual_save(
                joined(conn), user, request.game_id, request.slot, request.name))

        return await run_idempotent(self.db, context, "tactics.CreateManualSave", pb.Save,
                                    work)

    async def DeleteManualSave(self, request, context):  # noqa: N802, ANN001
        await usecases.delete_manual_save(self.db, caller(), request.game_id, request.slot)
        return pb.Empty()

    async def LoadSave(self, request, context):  # noqa: N802, ANN001
        view = await usecases.load_save(self.db, caller(), request.save_id)
        return pb.LoadSaveResponse(game_id=view.game_id, state=projection.game_state(view))

    async def AnalyticsBatch(self, request, context):  # noqa: N802, ANN001
        user = caller()
        events = [analytics_event(e) for e in request.events]
        accepted = await usecases.analytics_batch(self.db, user, events)
        return pb.AnalyticsBatchResponse(accepted=accepted)


def register(server: grpc.aio.Server, rt: Runtime) -> list[str]:
    tactics_pb2_grpc.add_TacticsServiceServicer_to_server(TacticsServicer(rt), server)
    return [pb.DESCRIPTOR.services_by_name["TacticsService"].full_name]
