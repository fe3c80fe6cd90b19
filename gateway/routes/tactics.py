"""The tactics game's routes (seed 004, section 2), camelCase in and out.

Requests are validated by the models below; answers are the typed tactics messages
rendered through the response models of ``tactics_models`` (declared, so the OpenAPI
has a response schema for every route).
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from google.protobuf.struct_pb2 import Struct
from google.protobuf.timestamp_pb2 import Timestamp
from pydantic import BaseModel, ConfigDict, Field

from gateway.backends import call
from gateway.identity import current_user
from gateway.routes import tactics_models as out
from protos.common.v1 import common_pb2
from protos.tactics.v1 import tactics_pb2

router = APIRouter(prefix="/api/v1", tags=["tactics"])
User = Annotated[str, Depends(current_user)]
# Bounds keep every number inside its protobuf field (int64 ids, int32 pages and slots).
MAX_ID = 2**63 - 1
MAX_PAGE = 1_000_000
GameId = Annotated[int, Path(ge=1, le=MAX_ID)]
PageNo = Annotated[int, Query(alias="page", ge=1, le=MAX_PAGE)]
PageSize = Annotated[int, Query(alias="pageSize", ge=1, le=100)]
Slot = Annotated[int, Path(ge=-(2**31), le=2**31 - 1)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GameSettings(Strict):
    """The documented settings of a new game (any other key is refused)."""

    difficulty: Literal["easy", "normal", "hard"] = Field(
        default="normal", description="How the AI plays; stored with the game.")
    seed: int | None = Field(default=None, ge=0, lt=2**62,
                             description="Fixes the game's rngSeed (for replays).")


class CreateGameBody(Strict):
    mapCode: str | None = Field(default=None, max_length=64)  # noqa: N815 - contract casing
    settings: GameSettings | None = None


class Coord(Strict):
    row: int = Field(ge=0, le=10_000)
    col: int = Field(ge=0, le=10_000)


class MoveBody(Strict):
    unitId: int = Field(ge=1, le=MAX_ID)  # noqa: N815
    to: Coord


class AttackBody(Strict):
    attackerUnitId: int = Field(ge=1, le=MAX_ID)  # noqa: N815
    targetUnitId: int = Field(ge=1, le=MAX_ID)  # noqa: N815


class EmptyBody(Strict):
    pass


class ManualSaveBody(Strict):
    # Any integer is accepted here so that 0, 4 or 99 get SAVE_SLOT_OUT_OF_RANGE, not 422.
    slot: int = Field(ge=-(2**31), le=2**31 - 1)
    name: str = Field(min_length=1, max_length=100)


class AnalyticsEvent(Strict):
    eventType: Literal["game_start", "turn_end", "autosave", "manual_save",  # noqa: N815
                       "manual_load", "game_finish"]
    gameId: int | None = Field(default=None, ge=1, le=MAX_ID)  # noqa: N815
    turnNo: int | None = Field(default=None, ge=0, le=2**31 - 1)  # noqa: N815
    occurredAt: datetime | None = None  # noqa: N815
    clientRequestId: str | None = Field(default=None, max_length=128)  # noqa: N815
    payload: dict[str, Any] | None = None


class AnalyticsBody(Strict):
    events: list[AnalyticsEvent] = Field(max_length=100)


NOT_MODIFIED = {304: {"description": "Not Modified: If-None-Match matched the ETag."}}


def page(page_no: int, size: int, sort: str = "", order: str = "") -> common_pb2.PageRequest:
    return common_pb2.PageRequest(page=page_no, page_size=size, sort=sort, order=order)


def cached(request: Request, body: BaseModel, etag: str, modified: Timestamp) -> Response:
    """Read-only lookups: ETag + Last-Modified, and 304 to a matching If-None-Match."""
    headers = {"ETag": etag, "Cache-Control": "public, max-age=60",
               "Last-Modified": format_datetime(modified.ToDatetime(tzinfo=UTC), usegmt=True)}
    tags = {t.strip() for t in request.headers.get("if-none-match", "").split(",")}
    if etag in tags or "*" in tags:
        return Response(status_code=304, headers=headers)
    return JSONResponse(body.model_dump(mode="json", by_alias=True), headers=headers)


def ref(game_id: int) -> tactics_pb2.GameRef:
    return tactics_pb2.GameRef(game_id=game_id)


# ---- lookups (public, cacheable) -----------------------------------------------------------

@router.get("/unit-definitions", response_model=out.UnitDefinitionsOut, responses=NOT_MODIFIED)
async def unit_definitions(request: Request) -> Response:
    reply = (await call(request, request.app.state.backends.tactics.ListUnitDefinitions,
                        tactics_pb2.ListUnitDefinitionsRequest())).message
    body = out.UnitDefinitionsOut(items=[out.UnitDefinitionOut.of(d) for d in reply.items])
    return cached(request, body, reply.etag, reply.last_modified)


@router.get("/maps/{code}", response_model=out.TacticsMapOut, responses=NOT_MODIFIED)
async def get_map(code: str, request: Request) -> Response:
    m = (await call(request, request.app.state.backends.tactics.GetMap,
                    tactics_pb2.GetMapRequest(code=code))).message
    return cached(request, out.TacticsMapOut.of(m), m.etag, m.last_modified)


@router.get("/maps/{code}/tiles", response_model=out.TilesPage, responses=NOT_MODIFIED)
async def map_tiles(code: str, request: Request, page_no: PageNo = 1,
                    size: PageSize = 100) -> Response:
    message = tactics_pb2.ListMapTilesRequest(code=code, page=page(page_no, size))
    reply = (await call(request, request.app.state.backends.tactics.ListMapTiles, message)).message
    return cached(request, out.TilesPage.of(reply), reply.etag, reply.last_modified)


# ---- games -----------------------------------------------------------------------------

def settings_msg(settings: GameSettings) -> tactics_pb2.GameSettings:
    return tactics_pb2.GameSettings(
        difficulty=tactics_pb2.Difficulty.Value("DIFFICULTY_" + settings.difficulty.upper()),
        seed=settings.seed)


@router.get("/games")
async def list_games(request: Request, user: User,
                     status: Literal["active", "finished"] | None = None,
                     page_no: PageNo = 1, size: PageSize = 20,
                     sort: Literal["startedAt", "lastTurnAt", "turnNo"] = "startedAt",
                     order: Literal["asc", "desc"] = "desc") -> out.GamesPage:
    message = tactics_pb2.ListGamesRequest(
        status=tactics_pb2.GameStatus.Value("GAME_STATUS_" + status.upper()) if status else 0,
        page=page(page_no, size, sort, order))
    reply = (await call(request, request.app.state.backends.tactics.ListGames, message)).message
    return out.GamesPage.of(reply)


@router.post("/games", status_code=201)
async def create_game(request: Request, user: User,
                      body: Annotated[CreateGameBody, Body()] = CreateGameBody(),
                      ) -> out.CreatedGameOut:
    reply = (await call(request, request.app.state.backends.tactics.CreateGame,
                        tactics_pb2.CreateGameRequest(
                            map_code=body.mapCode or "default",
                            settings=settings_msg(body.settings or GameSettings())),
                        idempotent=True)).message
    return out.CreatedGameOut(id=reply.id, state=out.GameStateOut.of(reply.state))


@router.get("/games/{game_id}")
async def get_game(game_id: GameId, request: Request, user: User) -> out.GameOut:
    reply = await call(request, request.app.state.backends.tactics.GetGame, ref(game_id))
    return out.GameOut.of(reply.message)


@router.delete("/games/{game_id}", status_code=204, response_class=Response)
async def delete_game(game_id: GameId, request: Request, user: User) -> Response:
    await call(request, request.app.state.backends.tactics.DeleteGame, ref(game_id))
    return Response(status_code=204)


@router.get("/games/{game_id}/state")
async def game_state(game_id: GameId, request: Request, user: User) -> out.GameStateOut:
    reply = await call(request, request.app.state.backends.tactics.GetGameState, ref(game_id))
    return out.GameStateOut.of(reply.message)


@router.get("/games/{game_id}/turns")
async def list_turns(game_id: GameId, request: Request, user: User,
                     page_no: PageNo = 1, size: PageSize = 20,
                     sort: Literal["turnNo", "committedAt"] = "turnNo",
                     order: Literal["asc", "desc"] = "asc") -> out.TurnsPage:
    reply = (await call(request, request.app.state.backends.tactics.ListTurns,
                        tactics_pb2.ListTurnsRequest(game_id=game_id, page=page(
                            page_no, size, sort, order)))).message
    return out.TurnsPage.of(reply)


# ---- actions and turn flow -------------------------------------------------------------

@router.post("/games/{game_id}/actions/move")
async def move(game_id: GameId, body: MoveBody, request: Request, user: User) -> out.ActionOut:
    reply = await call(request, request.app.state.backends.tactics.Move, tactics_pb2.MoveRequest(
        game_id=game_id, unit_id=body.unitId,
        to=tactics_pb2.Coord(row=body.to.row, col=body.to.col)), idempotent=True)
    return out.ActionOut(state=out.GameStateOut.of(reply.message.state))


@router.post("/games/{game_id}/actions/attack")
async def attack(game_id: GameId, body: AttackBody, request: Request,
                 user: User) -> out.ActionOut:
    reply = await call(request, request.app.state.backends.tactics.Attack,
                       tactics_pb2.AttackRequest(game_id=game_id,
                                                 attacker_unit_id=body.attackerUnitId,
                                                 target_unit_id=body.targetUnitId),
                       idempotent=True)
    return out.ActionOut(state=out.GameStateOut.of(reply.message.state))


@router.post("/games/{game_id}/end-turn")
async def end_turn(game_id: GameId, request: Request, user: User,
                   body: Annotated[EmptyBody | None, Body()] = None) -> out.EndTurnOut:
    reply = (await call(request, request.app.state.backends.tactics.EndTurn, ref(game_id),
                        idempotent=True)).message
    return out.EndTurnOut(state=out.GameStateOut.of(reply.state),
                          turn_summary=out.TurnSummaryOut.of(reply.turn_summary),
                          autosave_id=reply.autosave_id)


# ---- saves -----------------------------------------------------------------------------

@router.get("/games/{game_id}/saves")
async def list_saves(game_id: GameId, request: Request, user: User) -> out.SavesOut:
    reply = (await call(request, request.app.state.backends.tactics.ListSaves,
                        ref(game_id))).message
    return out.SavesOut.of(reply)


@router.post("/games/{game_id}/saves/manual", status_code=201)
async def create_manual_save(game_id: GameId, body: ManualSaveBody, request: Request,
                             user: User) -> out.ManualSaveOut:
    reply = await call(request, request.app.state.backends.tactics.CreateManualSave,
                       tactics_pb2.CreateManualSaveRequest(game_id=game_id, slot=body.slot,
                                                           name=body.name),
                       idempotent=True)
    return out.ManualSaveOut.of(reply.message)


@router.delete("/games/{game_id}/saves/manual/{slot}", status_code=204, response_class=Response)
async def delete_manual_save(game_id: GameId, slot: Slot, request: Request,
                             user: User) -> Response:
    await call(request, request.app.state.backends.tactics.DeleteManualSave,
               tactics_pb2.DeleteManualSaveRequest(game_id=game_id, slot=slot))
    return Response(status_code=204)


@router.post("/saves/{save_id}/load")
async def load_save(save_id: GameId, request: Request, user: User,
                    body: Annotated[EmptyBody | None, Body()] = None) -> out.LoadedOut:
    reply = (await call(request, request.app.state.backends.tactics.LoadSave,
                        tactics_pb2.LoadSaveRequest(save_id=save_id))).message
    return out.LoadedOut(game_id=reply.game_id, state=out.GameStateOut.of(reply.state))


# ---- analytics -------------------------------------------------------------------------

def analytics_msg(e: AnalyticsEvent) -> tactics_pb2.AnalyticsEvent:
    msg = tactics_pb2.AnalyticsEvent(
        event_type=tactics_pb2.AnalyticsEventType.Value(
            "ANALYTICS_EVENT_TYPE_" + e.eventType.upper()),
        game_id=e.gameId, turn_no=e.turnNo, client_request_id=e.clientRequestId)
    if e.payload is not None:
        payload = Struct()
        payload.update(e.payload)
        msg.payload.CopyFrom(payload)
    if e.occurredAt is not None:
        when = e.occurredAt if e.occurredAt.tzinfo else e.occurredAt.replace(tzinfo=UTC)
        msg.occurred_at.FromDatetime(when.astimezone(UTC))
    return msg


@router.post("/analytics/batch", status_code=202)
async def analytics_batch(body: AnalyticsBody, request: Request,
                          user: User) -> out.AnalyticsAcceptedOut:
    reply = await call(request, request.app.state.backends.tactics.AnalyticsBatch,
                       tactics_pb2.AnalyticsBatchRequest(
                           events=[analytics_msg(e) for e in body.events]))
    return out.AnalyticsAcceptedOut(accepted=reply.message.accepted)
