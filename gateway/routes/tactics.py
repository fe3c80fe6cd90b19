"""The tactics game's routes (seed 004, section 2), camelCase in and out."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from google.protobuf.timestamp_pb2 import Timestamp
from pydantic import BaseModel, ConfigDict, Field

from gateway.backends import call, iso
from gateway.identity import current_user
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


def raw_json(text: str, status: int = 200) -> Response:
    """The service already wrote the camelCase JSON: pass it through without re-encoding."""
    return Response(content=text, status_code=status, media_type="application/json")


def page(page_no: int, size: int, sort: str = "", order: str = "") -> tactics_pb2.Page:
    return tactics_pb2.Page(page=page_no, page_size=size, sort=sort, order=order)


def cached(request: Request, body: Any, etag: str, modified: Timestamp) -> Response:
    """Read-only lookups: ETag + Last-Modified, and 304 to a matching If-None-Match."""
    headers = {"ETag": etag, "Cache-Control": "public, max-age=60",
               "Last-Modified": format_datetime(modified.ToDatetime(tzinfo=UTC), usegmt=True)}
    tags = {t.strip() for t in request.headers.get("if-none-match", "").split(",")}
    if etag in tags or "*" in tags:
        return Response(status_code=304, headers=headers)
    return JSONResponse(body, headers=headers)


def ref(user: str, game_id: int) -> tactics_pb2.GameRef:
    return tactics_pb2.GameRef(user_id=user, game_id=game_id)


# ---- lookups (public, cacheable) -----------------------------------------------------------

@router.get("/unit-definitions")
async def unit_definitions(request: Request) -> Response:
    reply = (await call(request, request.app.state.backends.tactics.ListUnitDefinitions,
                        tactics_pb2.ListUnitDefinitionsRequest())).message
    items = [{"id": d.id, "code": d.code, "isRanged": d.is_ranged, "attack": d.attack,
              "defence": d.defence, "rangeMin": d.range_min, "rangeMax": d.range_max,
              "movePoints": d.move_points, "health": d.health} for d in reply.items]
    return cached(request, {"items": items}, reply.etag, reply.last_modified)


@router.get("/maps/{code}")
async def get_map(code: str, request: Request) -> Response:
    m = (await call(request, request.app.state.backends.tactics.GetMap,
                    tactics_pb2.GetMapRequest(code=code))).message
    body = {"id": m.id, "code": m.code, "schemaVersion": m.schema_version, "width": m.width,
            "height": m.height, "topology": json.loads(m.topology_json)}
    return cached(request, body, m.etag, m.last_modified)


@router.get("/maps/{code}/tiles")
async def map_tiles(code: str, request: Request, page_no: PageNo = 1,
                    size: PageSize = 100) -> Response:
    message = tactics_pb2.ListMapTilesRequest(code=code, page=page(page_no, size))
    reply = (await call(request, request.app.state.backends.tactics.ListMapTiles, message)).message
    items = [{"id": t.id, "row": t.row, "col": t.col, "terrain": t.terrain,
              "resourceType": t.resource_type or None, "resourceAmount": t.resource_amount}
             for t in reply.items]
    body = {"items": items, "page": reply.page, "pageSize": reply.page_size,
            "total": reply.total}
    return cached(request, body, reply.etag, reply.last_modified)


# ---- games -----------------------------------------------------------------------------

def settings_body(msg: tactics_pb2.GameSettings) -> dict[str, Any]:
    body: dict[str, Any] = {"difficulty": tactics_pb2.Difficulty.Name(
        msg.difficulty or tactics_pb2.DIFFICULTY_NORMAL).removeprefix("DIFFICULTY_").lower()}
    if msg.HasField("seed"):
        body["seed"] = msg.seed
    return body


def settings_msg(settings: GameSettings) -> tactics_pb2.GameSettings:
    msg = tactics_pb2.GameSettings(difficulty=tactics_pb2.Difficulty.Value(
        "DIFFICULTY_" + settings.difficulty.upper()))
    if settings.seed is not None:
        msg.seed = settings.seed
    return msg


def game_body(g: tactics_pb2.Game) -> dict[str, Any]:
    return {"id": g.id, "userId": g.user_id, "mapId": g.map_id,
            "mapSchemaVersion": g.map_schema_version, "turnNo": g.turn_no,
            "activeParticipantId": g.active_participant_id,
            "turnInProgress": g.turn_in_progress, "status": g.status,
            "startedAt": iso(g.started_at) if g.HasField("started_at") else None,
            "finishedAt": iso(g.finished_at) if g.HasField("finished_at") else None,
            "lastTurnAt": iso(g.last_turn_at) if g.HasField("last_turn_at") else None,
            "settings": settings_body(g.settings), "rngSeed": g.rng_seed,
            "rngVersion": g.rng_version}


@router.get("/games")
async def list_games(request: Request, user: User,
                     status: Literal["active", "finished"] | None = None,
                     page_no: PageNo = 1, size: PageSize = 20,
                     sort: Literal["startedAt", "lastTurnAt", "turnNo"] = "startedAt",
                     order: Literal["asc", "desc"] = "desc") -> dict[str, Any]:
    message = tactics_pb2.ListGamesRequest(user_id=user, status=status or "",
                                           page=page(page_no, size, sort, order))
    reply = (await call(request, request.app.state.backends.tactics.ListGames, message)).message
    items = []
    for g in reply.items:
        body = game_body(g)
        items.append({k: body[k] for k in ("id", "status", "turnNo", "mapId",
                                           "mapSchemaVersion", "startedAt", "finishedAt",
                                           "lastTurnAt")})
    return {"items": items, "page": reply.page, "pageSize": reply.page_size,
            "total": reply.total}


@router.post("/games", status_code=201)
async def create_game(request: Request, user: User,
                      body: Annotated[CreateGameBody, Body()] = CreateGameBody()) -> Any:
    reply = (await call(request, request.app.state.backends.tactics.CreateGame,
                        tactics_pb2.CreateGameRequest(
                            user_id=user, map_code=body.mapCode or "default",
                            settings=settings_msg(body.settings or GameSettings())),
                        idempotent=True)).message
    return raw_json(f'{{"id":{reply.id},"state":{reply.state.json}}}', status=201)


@router.get("/games/{game_id}")
async def get_game(game_id: GameId, request: Request, user: User) -> dict[str, Any]:
    reply = await call(request, request.app.state.backends.tactics.GetGame, ref(user, game_id))
    return game_body(reply.message)


@router.delete("/games/{game_id}", status_code=204)
async def delete_game(game_id: GameId, request: Request, user: User) -> Response:
    await call(request, request.app.state.backends.tactics.DeleteGame, ref(user, game_id))
    return Response(status_code=204)


@router.get("/games/{game_id}/state")
async def game_state(game_id: GameId, request: Request, user: User) -> Any:
    reply = await call(request, request.app.state.backends.tactics.GetGameState,
                       ref(user, game_id))
    return raw_json(reply.message.json)


@router.get("/games/{game_id}/turns")
async def list_turns(game_id: GameId, request: Request, user: User,
                     page_no: PageNo = 1, size: PageSize = 20,
                     sort: Literal["turnNo", "committedAt"] = "turnNo",
                     order: Literal["asc", "desc"] = "asc") -> dict[str, Any]:
    reply = (await call(request, request.app.state.backends.tactics.ListTurns,
                        tactics_pb2.ListTurnsRequest(user_id=user, game_id=game_id, page=page(
                            page_no, size, sort, order)))).message
    items = []
    for t in reply.items:
        extra = json.loads(t.summary_json or "{}")
        items.append({"id": t.id, "turnNo": t.turn_no, "participantId": t.participant_id,
                      "committedAt": iso(t.committed_at),
                      "durationMs": t.duration_ms if t.HasField("duration_ms") else None,
                      "summary": extra.get("summary"), "actions": extra.get("actions", [])})
    return {"items": items, "page": reply.page, "pageSize": reply.page_size,
            "total": reply.total}


# ---- actions and turn flow -------------------------------------------------------------

@router.post("/games/{game_id}/actions/move")
async def move(game_id: GameId, body: MoveBody, request: Request, user: User) -> Any:
    reply = await call(request, request.app.state.backends.tactics.Move, tactics_pb2.MoveRequest(
        user_id=user, game_id=game_id, unit_id=body.unitId,
        to=tactics_pb2.Coord(row=body.to.row, col=body.to.col)), idempotent=True)
    return raw_json(f'{{"state":{reply.message.state.json}}}')


@router.post("/games/{game_id}/actions/attack")
async def attack(game_id: GameId, body: AttackBody, request: Request, user: User) -> Any:
    reply = await call(request, request.app.state.backends.tactics.Attack,
                       tactics_pb2.AttackRequest(user_id=user, game_id=game_id,
                                                 attacker_unit_id=body.attackerUnitId,
                                                 target_unit_id=body.targetUnitId),
                       idempotent=True)
    return raw_json(f'{{"state":{reply.message.state.json}}}')


@router.post("/games/{game_id}/end-turn")
async def end_turn(game_id: GameId, request: Request, user: User,
                   body: Annotated[EmptyBody | None, Body()] = None) -> Any:
    reply = (await call(request, request.app.state.backends.tactics.EndTurn, ref(user, game_id),
                        idempotent=True)).message
    return raw_json(f'{{"state":{reply.state.json},"turnSummary":{reply.turn_summary_json},'
                    f'"autosaveId":{reply.autosave_id}}}')


# ---- saves -----------------------------------------------------------------------------

def save_body(s: tactics_pb2.Save, manual: bool) -> dict[str, Any]:
    body: dict[str, Any] = {"id": s.id, "turnNo": s.turn_no, "createdAt": iso(s.created_at)}
    if manual:
        body.update(slot=s.slot, name=s.name)
    return body


@router.get("/games/{game_id}/saves")
async def list_saves(game_id: GameId, request: Request, user: User) -> dict[str, Any]:
    reply = (await call(request, request.app.state.backends.tactics.ListSaves,
                        ref(user, game_id))).message
    return {"manual": [save_body(s, True) for s in reply.manual],
            "autosaves": [save_body(s, False) for s in reply.autosaves]}


@router.post("/games/{game_id}/saves/manual", status_code=201)
async def create_manual_save(game_id: GameId, body: ManualSaveBody, request: Request,
                             user: User) -> dict[str, Any]:
    reply = await call(request, request.app.state.backends.tactics.CreateManualSave,
                       tactics_pb2.CreateManualSaveRequest(user_id=user, game_id=game_id,
                                                           slot=body.slot, name=body.name),
                       idempotent=True)
    return save_body(reply.message, True)


@router.delete("/games/{game_id}/saves/manual/{slot}", status_code=204)
async def delete_manual_save(game_id: GameId, slot: Slot, request: Request,
                             user: User) -> Response:
    await call(request, request.app.state.backends.tactics.DeleteManualSave,
               tactics_pb2.DeleteManualSaveRequest(user_id=user, game_id=game_id, slot=slot))
    return Response(status_code=204)


@router.post("/saves/{save_id}/load")
async def load_save(save_id: GameId, request: Request, user: User,
                    body: Annotated[EmptyBody | None, Body()] = None) -> dict[str, Any]:
    reply = (await call(request, request.app.state.backends.tactics.LoadSave,
                        tactics_pb2.LoadSaveRequest(user_id=user, save_id=save_id))).message
    return raw_json(f'{{"gameId":{reply.game_id},"state":{reply.state.json}}}')


# ---- analytics -------------------------------------------------------------------------

@router.post("/analytics/batch", status_code=202)
async def analytics_batch(body: AnalyticsBody, request: Request, user: User) -> dict[str, int]:
    events = []
    for e in body.events:
        msg = tactics_pb2.AnalyticsEvent(
            event_type=e.eventType, game_id=e.gameId or 0, has_game_id=e.gameId is not None,
            turn_no=e.turnNo or 0, has_turn_no=e.turnNo is not None,
            client_request_id=e.clientRequestId or "",
            payload_json=json.dumps(e.payload) if e.payload is not None else "")
        if e.occurredAt is not None:
            when = e.occurredAt if e.occurredAt.tzinfo else e.occurredAt.replace(tzinfo=UTC)
            msg.occurred_at.FromDatetime(when.astimezone(UTC))
        events.append(msg)
    reply = await call(request, request.app.state.backends.tactics.AnalyticsBatch,
                       tactics_pb2.AnalyticsBatchRequest(user_id=user, events=events))
    return {"accepted": reply.message.accepted}
