"""gRPC servicer of tactics: protobuf in and out; JSON text carries the free-form shapes."""

from __future__ import annotations

import json
from datetime import UTC

import grpc

from protos.tactics.v1 import tactics_pb2, tactics_pb2_grpc
from services.runtime.errors import DomainError
from services.runtime.idempotency import run_idempotent
from services.runtime.server import Runtime
from services.tactics import usecases


def state_msg(body: dict) -> tactics_pb2.GameState:
    return tactics_pb2.GameState(json=json.dumps(body, separators=(",", ":")))


def page_of(page: tactics_pb2.Page) -> tuple[int, int]:
    return max(page.page, 1), min(max(page.page_size, 1), 100) if page.page_size else 20


def settings_msg(settings: dict) -> tactics_pb2.GameSettings:
    """Stored settings -> the typed message (games from before levels play normal)."""
    msg = tactics_pb2.GameSettings(difficulty=tactics_pb2.Difficulty.Value(
        "DIFFICULTY_" + str(settings.get("difficulty") or "normal").upper()))
    if isinstance(settings.get("seed"), int):
        msg.seed = settings["seed"]
    return msg


def settings_of(msg: tactics_pb2.GameSettings) -> dict:
    """The typed message -> plain settings for the use case (which validates them)."""
    settings: dict = {}
    if msg.difficulty:
        settings["difficulty"] = (tactics_pb2.Difficulty.Name(msg.difficulty)
                                  .removeprefix("DIFFICULTY_").lower())
    if msg.HasField("seed"):
        settings["seed"] = msg.seed
    return settings


def game_msg(g: dict) -> tactics_pb2.Game:
    msg = tactics_pb2.Game(
        id=g["id"], user_id=g["userId"], map_id=g["mapId"],
        map_schema_version=g["mapSchemaVersion"], turn_no=g["turnNo"],
        active_participant_id=g["activeParticipantId"], turn_in_progress=g["turnInProgress"],
        status=g["status"], settings=settings_msg(g["settings"] or {}), rng_seed=g["rngSeed"],
        rng_version=g["rngVersion"])
    for field in ("startedAt", "finishedAt", "lastTurnAt"):
        if g[field]:
            getattr(msg, {"startedAt": "started_at", "finishedAt": "finished_at",
                          "lastTurnAt": "last_turn_at"}[field]).FromJsonString(g[field])
    return msg


def save_msg(s: dict) -> tactics_pb2.Save:
    msg = tactics_pb2.Save(id=s["id"], slot=s.get("slot", 0), turn_no=s["turnNo"],
                           name=s.get("name", ""))
    msg.created_at.FromJsonString(s["createdAt"])
    return msg


class TacticsServicer(tactics_pb2_grpc.TacticsServiceServicer):
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.db = rt.db

    async def ListUnitDefinitions(self, request, context):  # noqa: N802, ANN001
        async with self.db.transaction() as conn:
            items, etag, modified = await usecases.unit_definitions(conn)
        msg = tactics_pb2.ListUnitDefinitionsResponse(etag=etag, items=[
            tactics_pb2.UnitDefinition(
                id=i["id"], code=i["code"], is_ranged=i["isRanged"], attack=i["attack"],
                defence=i["defence"], range_min=i["rangeMin"], range_max=i["rangeMax"],
                move_points=i["movePoints"], health=i["health"]) for i in items])
        msg.last_modified.FromDatetime(modified.astimezone(UTC))
        return msg

    async def GetMap(self, request, context):  # noqa: N802, ANN001
        async with self.db.transaction() as conn:
            row = await usecases.get_map(conn, request.code)
        body = usecases.map_body(row)
        msg = tactics_pb2.Map(id=body["id"], code=body["code"],
                              schema_version=body["schemaVersion"], width=body["width"],
                              height=body["height"], topology_json=json.dumps(body["topology"]),
                              etag=usecases.content_tag(body))
        msg.last_modified.FromDatetime(row.updated_at.astimezone(UTC))
        return msg

    async def ListMapTiles(self, request, context):  # noqa: N802, ANN001
        page, size = page_of(request.page)
        async with self.db.transaction() as conn:
            items, total, etag, modified = await usecases.map_tiles(conn, request.code, page,
                                                                    size)
        msg = tactics_pb2.ListMapTilesResponse(page=page, page_size=size, total=total,
                                               etag=etag, items=[
            tactics_pb2.Tile(id=t["id"], row=t["row"], col=t["col"], terrain=t["terrain"],
                             resource_type=t["resourceType"] or "",
                             resource_amount=t["resourceAmount"]) for t in items])
        msg.last_modified.FromDatetime(modified.astimezone(UTC))
        return msg

    async def ListGames(self, request, context):  # noqa: N802, ANN001
        page, size = page_of(request.page)
        async with self.db.transaction() as conn:
            items, total = await usecases.list_games(conn, request.user_id, request.status,
                                                     page, size, request.page.sort,
                                                     request.page.order)
        return tactics_pb2.ListGamesResponse(items=[game_msg(g) for g in items], page=page,
                                             page_size=size, total=total)

    async def CreateGame(self, request, context):  # noqa: N802, ANN001
        settings = settings_of(request.settings)

        async def work(conn) -> tactics_pb2.CreateGameResponse:  # noqa: ANN001
            game_id, state = await usecases.create_game(conn, request.user_id,
                                                        request.map_code, settings)
            return tactics_pb2.CreateGameResponse(id=game_id, state=state_msg(state))

        return await run_idempotent(self.db, context, "tactics.CreateGame",
                                    tactics_pb2.CreateGameResponse, work)

    async def GetGame(self, request, context):  # noqa: N802, ANN001
        async with self.db.transaction() as conn:
            return game_msg(await usecases.get_game(conn, request.user_id, request.game_id))

    async def DeleteGame(self, request, context):  # noqa: N802, ANN001
        async with self.db.transaction() as conn:
            await usecases.delete_game(conn, request.user_id, request.game_id)
        return tactics_pb2.Empty()

    async def GetGameState(self, request, context):  # noqa: N802, ANN001
        async with self.db.transaction() as conn:
            return state_msg(await usecases.get_state(conn, request.user_id, request.game_id))

    async def ListTurns(self, request, context):  # noqa: N802, ANN001
        page, size = page_of(request.page)
        async with self.db.transaction() as conn:
            items, total = await usecases.list_turns(conn, request.user_id, request.game_id,
                                                     page, size, request.page.sort,
                                                     request.page.order)
        turns = []
        for t in items:
            msg = tactics_pb2.Turn(id=t["id"], turn_no=t["turnNo"],
                                   participant_id=t["participantId"],
                                   duration_ms=t["durationMs"],
                                   summary_json=json.dumps({"summary": t["summary"],
                                                            "actions": t["actions"]}))
            msg.committed_at.FromJsonString(t["committedAt"])
            turns.append(msg)
        return tactics_pb2.ListTurnsResponse(items=turns, page=page, page_size=size,
                                             total=total)

    async def _action(self, context, method: str, user_id: str, game_id: int,  # noqa: ANN001
                      action: dict) -> tactics_pb2.ActionResponse:
        async def work(conn) -> tactics_pb2.ActionResponse:  # noqa: ANN001
            return tactics_pb2.ActionResponse(state=state_msg(
                await usecases.act(conn, user_id, game_id, action)))

        return await run_idempotent(self.db, context, method, tactics_pb2.ActionResponse, work)

    async def Move(self, request, context):  # noqa: N802, ANN001
        return await self._action(context, "tactics.Move", request.user_id, request.game_id, {
            "type": "move", "unitId": request.unit_id,
            "to": {"row": request.to.row, "col": request.to.col}})

    async def Attack(self, request, context):  # noqa: N802, ANN001
        return await self._action(context, "tactics.Attack", request.user_id, request.game_id, {
            "type": "attack", "attackerUnitId": request.attacker_unit_id,
            "targetUnitId": request.target_unit_id})

    async def EndTurn(self, request, context):  # noqa: N802, ANN001
        async def work(conn) -> tactics_pb2.EndTurnResponse:  # noqa: ANN001
            state, summary, autosave_id = await usecases.end_turn(conn, request.user_id,
                                                                  request.game_id)
            return tactics_pb2.EndTurnResponse(state=state_msg(state),
                                               turn_summary_json=json.dumps(summary),
                                               autosave_id=autosave_id)

        return await run_idempotent(self.db, context, "tactics.EndTurn",
                                    tactics_pb2.EndTurnResponse, work)

    async def ListSaves(self, request, context):  # noqa: N802, ANN001
        async with self.db.transaction() as conn:
            saves = await usecases.list_saves(conn, request.user_id, request.game_id)
        return tactics_pb2.ListSavesResponse(manual=[save_msg(s) for s in saves["manual"]],
                                             autosaves=[save_msg(s) for s in saves["autosaves"]])

    async def CreateManualSave(self, request, context):  # noqa: N802, ANN001
        async def work(conn) -> tactics_pb2.Save:  # noqa: ANN001
            return save_msg(await usecases.create_manual_save(
                conn, request.user_id, request.game_id, request.slot, request.name))

        return await run_idempotent(self.db, context, "tactics.CreateManualSave",
                                    tactics_pb2.Save, work)

    async def DeleteManualSave(self, request, context):  # noqa: N802, ANN001
        async with self.db.transaction() as conn:
            await usecases.delete_manual_save(conn, request.user_id, request.game_id,
                                              request.slot)
        return tactics_pb2.Empty()

    async def LoadSave(self, request, context):  # noqa: N802, ANN001
        async with self.db.transaction() as conn:
            game_id, state = await usecases.load_save(conn, request.user_id, request.save_id)
        return tactics_pb2.LoadSaveResponse(game_id=game_id, state=state_msg(state))

    async def AnalyticsBatch(self, request, context):  # noqa: N802, ANN001
        events = []
        for e in request.events:
            try:
                payload = json.loads(e.payload_json) if e.payload_json else None
            except ValueError:
                raise DomainError("INVALID_INPUT", "payload must be an object.") from None
            events.append({
                "eventType": e.event_type,
                "gameId": e.game_id if e.has_game_id else None,
                "turnNo": e.turn_no if e.has_turn_no else None,
                "occurredAt": e.occurred_at.ToDatetime(tzinfo=UTC)
                if e.HasField("occurred_at") else None,
                "clientRequestId": e.client_request_id or None, "payload": payload})
        async with self.db.transaction() as conn:
            accepted = await usecases.analytics_batch(conn, request.user_id, events)
        return tactics_pb2.AnalyticsBatchResponse(accepted=accepted)


def register(server: grpc.aio.Server, rt: Runtime) -> list[str]:
    tactics_pb2_grpc.add_TacticsServiceServicer_to_server(TacticsServicer(rt), server)
    return [tactics_pb2.DESCRIPTOR.services_by_name["TacticsService"].full_name]
