"""The real-time socket, `GET /api/v1/ws` (API.md): village events pushed to their owner.

- Auth: `?token=<access token>` (``Identity.verify_bearer``, so revoked sessions are
  refused) or the `session` cookie. Without valid credentials the handshake is answered
  `401 {code: UNAUTHENTICATED, ...}`; a cookie handshake from an origin outside
  `CORS_ORIGINS` (other than the gateway's own host) is `403 FORBIDDEN_ORIGIN`.
- Frames in: `subscribe_village` / `unsubscribe_village` `{village_id}` (own villages
  only, asked of village's GetVillage each time; another's is an `error` frame with
  `VILLAGE_NOT_FOUND`), `ping` (answered `pong`). Anything else: an `error` frame.
- Frames out: `connected`, `subscribed`, `unsubscribed`, `pong`, `error`, and
  `village_update` for subscribed villages of the connection's user.
- Fan-out: every replica holds plain core-NATS subscriptions (no queue group) on the
  event subjects in ``DECODERS`` and routes each event to its local connections by
  owner and village. The war's events travel in the same ``VillageUpdated`` envelope
  (``incoming_attack`` with its ``arrives_at``, ``troop_arrival``, ``report``), one per
  player concerned and the village of theirs it concerns.
- A connection ends (close code 1008) when its session is revoked: the revoked-session
  set tells the hub through a listener.
- Slow clients: every connection has a bounded queue of `WS_QUEUE_FRAMES` frames
  (default 256). When it is full the connection is dropped (close 1013, "slow consumer")
  rather than frames silently lost: a client that reconnects re-reads the village.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable
from typing import Any

import nats
from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse
from google.protobuf.descriptor import FieldDescriptor
from google.protobuf.message import Message

from gateway.backends import iso
from gateway.identity import SESSION_COOKIE, Identity, Principal
from gateway.revocations import RevokedSessions
from protos.events.v1 import events_pb2
from protos.village.v1 import village_events_pb2, village_pb2
from services.runtime import context, events
from services.runtime.clients import invoke
from services.runtime.config import Settings
from services.runtime.errors import DomainError

log = logging.getLogger(__name__)
router = APIRouter(tags=["realtime"])

MAX_SUBSCRIPTIONS = 500
CLOSE_REVOKED = 1008
CLOSE_SLOW = 1013


def _snake_enum(field: FieldDescriptor, value: int) -> str | int:
    """``BUILDING_TYPE_WOODCUTTER`` -> ``woodcutter`` (the enum's prefix dropped)."""
    enum = field.enum_type
    try:
        name = enum.values_by_number[value].name
    except KeyError:
        return value
    prefix = enum.values[0].name.removesuffix("UNSPECIFIED")
    return name.removeprefix(prefix).lower()


def _fields(message: Message) -> dict[str, Any]:
    """A change message's fields in snake_case, enums by lower-case name, ints as ints."""
    out: dict[str, Any] = {}
    for field in message.DESCRIPTOR.fields:
        value = getattr(message, field.name)
        if field.type == FieldDescriptor.TYPE_ENUM:
            value = _snake_enum(field, value)
        elif field.type == FieldDescriptor.TYPE_MESSAGE:
            if field.message_type.full_name != "google.protobuf.Timestamp":
                continue
            value = iso(value)
        out[field.name] = value
    return out


def village_updated_frame(env: events_pb2.Envelope) -> tuple[str, str, dict] | None:
    """(owner, village, frame) of a VillageUpdated event; None when it has no change."""
    event = village_events_pb2.VillageUpdated()
    env.payload.Unpack(event)
    change = event.WhichOneof("change")
    if change is None:
        return None
    data = {"event": change, "at": iso(event.at), **_fields(getattr(event, change))}
    frame = {"type": "village_update", "village_id": event.village_id, "data": data}
    return event.owner_id, event.village_id, frame


# event type -> decoder; each gets its own core-NATS subscription on <prefix>.<type>
DECODERS: dict[str, Callable[[events_pb2.Envelope], tuple[str, str, dict] | None]] = {
    "village.village.updated": village_updated_frame,
}


class Connection:
    """One socket's state: who, which villages, and the bounded outgoing queue."""

    def __init__(self, principal: Principal, queue_frames: int) -> None:
        self.principal = principal
        self.villages: set[str] = set()
        self.queue: asyncio.Queue[dict] = asyncio.Queue(maxsize=queue_frames)
        self.ended = asyncio.Event()
        self.close_code = 1000
        self.close_reason = ""

    def offer(self, frame: dict) -> None:
        """Queue a frame; a full queue ends the connection (slow consumer)."""
        if self.ended.is_set():
            return
        try:
            self.queue.put_nowait(frame)
        except asyncio.QueueFull:
            self.end(CLOSE_SLOW, "slow consumer")

    def end(self, code: int, reason: str) -> None:
        if not self.ended.is_set():
            self.close_code, self.close_reason = code, reason
            self.ended.set()


class Hub:
    """This replica's connections, fed by NATS and told about revoked sessions."""

    def __init__(self, settings: Settings, revoked: RevokedSessions) -> None:
        self.settings = settings
        self.queue_frames = max(1, settings.ws_queue_frames)
        self.by_user: dict[str, set[Connection]] = {}
        self.by_session: dict[str, set[Connection]] = {}
        self.nc: nats.NATS | None = None
        self.task: asyncio.Task | None = None
        revoked.listen(self.session_revoked)

    async def start(self) -> None:
        self.task = asyncio.create_task(self._subscribe(), name="ws-hub-nats")

    async def stop(self) -> None:
        for conns in list(self.by_user.values()):
            for conn in list(conns):
                conn.end(1001, "server shutting down")
        if self.task is not None:
            self.task.cancel()
            await asyncio.gather(self.task, return_exceptions=True)
        if self.nc is not None:
            await self.nc.close()

    async def _subscribe(self) -> None:
        while self.nc is None:
            try:
                self.nc = await events.connect(self.settings.nats_url, "palisade-gateway-ws")
            except Exception:
                log.warning("NATS unavailable; the WebSocket pushes nothing until it is back")
                await asyncio.sleep(2)
        for event_type, decode in DECODERS.items():
            subject = events.event_subject(self.settings.nats_prefix, event_type)
            await self.nc.subscribe(subject, cb=self._handler(decode))

    def _handler(self, decode):  # noqa: ANN001, ANN202
        async def on_message(msg) -> None:  # noqa: ANN001 - nats.aio.msg.Msg
            try:
                routed = decode(events_pb2.Envelope.FromString(msg.data))
            except Exception:  # a bad message must not kill the subscription
                log.exception("unreadable event on %s", msg.subject)
                return
            if routed is not None:
                self.deliver(*routed)
        return on_message

    def deliver(self, owner_id: str, village_id: str, frame: dict) -> None:
        for conn in list(self.by_user.get(owner_id, ())):
            if village_id in conn.villages:
                conn.offer(frame)

    def add(self, conn: Connection) -> None:
        self.by_user.setdefault(conn.principal.user_id, set()).add(conn)
        self.by_session.setdefault(conn.principal.session_id, set()).add(conn)

    def remove(self, conn: Connection) -> None:
        for index, key in ((self.by_user, conn.principal.user_id),
                           (self.by_session, conn.principal.session_id)):
            conns = index.get(key)
            if conns is not None:
                conns.discard(conn)
                if not conns:
                    del index[key]

    def session_revoked(self, session_id: str) -> None:
        for conn in list(self.by_session.get(session_id, ())):
            conn.end(CLOSE_REVOKED, "session ended")

    def connections(self) -> int:
        return sum(len(c) for c in self.by_user.values())


def _origin_allowed(websocket: WebSocket, settings: Settings) -> bool:
    origin = websocket.headers.get("origin")
    if not origin:
        return True
    host = websocket.headers.get("host", "")
    return origin.split("://", 1)[-1] == host or origin in settings.cors_origins


async def _authenticate(websocket: WebSocket) -> Principal | None | str:
    """The caller, None without valid credentials, or "origin" for a cross-site cookie."""
    identity: Identity = websocket.app.state.identity
    deadline = websocket.app.state.settings.grpc_deadline_s
    token = websocket.query_params.get("token", "")
    if token:
        claims = await identity.verify_bearer(token, deadline)
        return None if claims is None else Principal(claims.user_id, claims.session_id, False)
    cookie = websocket.cookies.get(SESSION_COOKIE)
    if not cookie:
        return None
    if not _origin_allowed(websocket, websocket.app.state.settings):
        return "origin"
    return await identity.verify_cookie(cookie, deadline)


async def _owns(websocket: WebSocket, user_id: str, village_id: str) -> bool:
    """Asked of village's GetVillage as the user: one village, whatever the account's size
    (another player's or no village is VILLAGE_NOT_FOUND)."""
    backends = websocket.app.state.backends
    context.user_id.set(user_id)
    try:
        await invoke(backends.village.GetVillage, village_pb2.VillageRef(village_id=village_id),
                     timeout=websocket.app.state.settings.grpc_deadline_s)
    except DomainError as err:
        if err.code == "VILLAGE_NOT_FOUND":
            return False
        raise
    return True


def _error(code: str, message: str) -> dict:
    return {"type": "error", "code": code, "message": message}


async def _handle(websocket: WebSocket, conn: Connection, raw: str) -> None:
    try:
        frame = json.loads(raw)
        kind = frame.get("type") if isinstance(frame, dict) else None
    except ValueError:
        frame, kind = {}, None
    if kind == "ping":
        conn.offer({"type": "pong"})
        return
    if kind not in ("subscribe_village", "unsubscribe_village"):
        conn.offer(_error("INVALID_INPUT", "frames are ping, subscribe_village, "
                          "unsubscribe_village"))
        return
    village_id = frame.get("village_id")
    if not isinstance(village_id, str) or not village_id or len(village_id) > 64:
        conn.offer(_error("INVALID_INPUT", "village_id is required"))
        return
    if kind == "unsubscribe_village":
        conn.villages.discard(village_id)
        conn.offer({"type": "unsubscribed", "village_id": village_id})
        return
    if len(conn.villages) >= MAX_SUBSCRIPTIONS:
        conn.offer(_error("INVALID_INPUT", f"at most {MAX_SUBSCRIPTIONS} subscriptions"))
        return
    try:
        owned = await _owns(websocket, conn.principal.user_id, village_id)
    except DomainError as err:
        conn.offer(_error(err.code, err.message))
        return
    if not owned:
        conn.offer(_error("VILLAGE_NOT_FOUND", "No such village of yours."))
        return
    conn.villages.add(village_id)
    conn.offer({"type": "subscribed", "village_id": village_id})


async def _reader(websocket: WebSocket, conn: Connection) -> None:
    while True:
        raw = await websocket.receive_text()
        await _handle(websocket, conn, raw)


async def _writer(websocket: WebSocket, conn: Connection) -> None:
    while True:
        frame = await conn.queue.get()
        await websocket.send_text(json.dumps(frame, separators=(",", ":")))


@router.websocket("/api/v1/ws")
async def realtime(websocket: WebSocket) -> None:
    """Village events for the signed-in player (see the module docstring)."""
    principal = await _authenticate(websocket)
    if principal == "origin":
        await websocket.send_denial_response(JSONResponse(
            {"code": "FORBIDDEN_ORIGIN", "message": "Origin not allowed."}, status_code=403))
        return
    if principal is None:
        await websocket.send_denial_response(JSONResponse(
            {"code": "UNAUTHENTICATED", "message": "Sign in first."}, status_code=401))
        return
    hub: Hub = websocket.app.state.ws_hub
    conn = Connection(principal, hub.queue_frames)
    await websocket.accept()
    hub.add(conn)
    conn.offer({"type": "connected", "user_id": principal.user_id})
    if principal.session_id in websocket.app.state.identity.revoked:  # revoked meanwhile
        conn.end(CLOSE_REVOKED, "session ended")
    tasks = [asyncio.create_task(_reader(websocket, conn)),
             asyncio.create_task(_writer(websocket, conn)),
             asyncio.create_task(conn.ended.wait())]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        hub.remove(conn)
        for task in tasks:
            task.cancel()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        disconnected = any(isinstance(r, WebSocketDisconnect) for r in results)
        if not disconnected:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(
                    websocket.close(code=conn.close_code, reason=conn.close_reason), 5)
