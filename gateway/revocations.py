"""Revoked sessions, known to every gateway replica, so logout kills access tokens at once.

Access tokens are verified locally (no call to auth), so each replica keeps the ids of
ended sessions until every access token of them has expired. Three sources fill it:
- this replica's own logouts, recorded before the answer leaves;
- `auth.session.revoked` events on a plain core-NATS subscription (not a JetStream
  queue consumer), so every replica sees every revocation within milliseconds;
- auth's ListRevokedSessions, read page by page (keyset cursor, CATCH_UP_PAGE per
  message) over the whole keep window at start and every CATCH_UP_EVERY_S, which covers
  a replica that started late or lost NATS for a while.
Until the first full catch-up has finished, the replica does not serve authenticated
requests (503): so with NATS down a revocation is honoured by every replica within
CATCH_UP_EVERY_S plus one catch-up, and a fresh replica honours every past one.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import nats

from protos.auth.v1 import auth_pb2
from protos.events.v1 import events_pb2
from services.runtime import events
from services.runtime.clients import invoke
from services.runtime.config import Settings

log = logging.getLogger(__name__)

# Access tokens live 15 minutes; a minute more covers clock skew between hosts.
KEEP_S = 16 * 60.0
CATCH_UP_EVERY_S = 30.0
CATCH_UP_PAGE = 500
START_WAIT_S = 15.0


class RevokedSessions:
    """session id -> wall-clock instant after which no access token of it can be valid."""

    def __init__(self, keep_s: float = KEEP_S) -> None:
        self.keep_s = keep_s
        self._until: dict[str, float] = {}
        self._next_prune = 0.0
        self._listeners: list[Callable[[str], None]] = []
        # True once a full catch-up from auth has been read (see RevocationWatcher).
        self.ready = False

    def listen(self, callback: Callable[[str], None]) -> None:
        """Call ``callback(session_id)`` whenever a session is added (e.g. to end its
        WebSocket connections)."""
        self._listeners.append(callback)

    def add(self, session_id: str, revoked_at: float | None = None) -> None:
        until = (revoked_at or time.time()) + self.keep_s
        if until > time.time():
            self._until[session_id] = max(until, self._until.get(session_id, 0.0))
            for callback in self._listeners:
                callback(session_id)

    def __contains__(self, session_id: str) -> bool:
        now = time.time()
        if now >= self._next_prune:
            self._until = {sid: t for sid, t in self._until.items() if t > now}
            self._next_prune = now + 60
        return self._until.get(session_id, 0.0) > now

    def __len__(self) -> int:
        return len(self._until)

    def record(self, event: auth_pb2.SessionRevoked) -> None:
        at = event.revoked_at.ToDatetime(tzinfo=UTC).timestamp() if event.revoked_at.seconds \
            else None
        for sid in event.session_ids:
            self.add(sid, at)


class RevocationWatcher:
    """Keeps a RevokedSessions up to date from NATS and auth; runs for the app's lifetime."""

    def __init__(self, settings: Settings, auth_stub, revoked: RevokedSessions) -> None:  # noqa: ANN001
        self.settings = settings
        self.auth = auth_stub
        self.revoked = revoked
        self.nc: nats.NATS | None = None
        self.tasks: list[asyncio.Task] = []
        self.caught_up = asyncio.Event()

    @property
    def subject(self) -> str:
        return events.event_subject(self.settings.nats_prefix, "auth.session.revoked")

    async def start(self) -> None:
        self.tasks = [asyncio.create_task(self._subscribe(), name="revocations-nats"),
                      asyncio.create_task(self._catch_up(), name="revocations-catch-up")]
        # Start serving caught up when auth answers soon; else serve (503 on authenticated
        # routes) while the catch-up keeps trying.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.caught_up.wait(), START_WAIT_S)

    async def stop(self) -> None:
        for task in self.tasks:
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        if self.nc is not None:
            await self.nc.close()

    async def _on_message(self, msg) -> None:  # noqa: ANN001 - nats.aio.msg.Msg
        try:
            envelope = events_pb2.Envelope.FromString(msg.data)
            event = auth_pb2.SessionRevoked()
            envelope.payload.Unpack(event)
            self.revoked.record(event)
        except Exception:  # a bad message must not kill the subscription
            log.exception("unreadable auth.session.revoked message")

    async def _subscribe(self) -> None:
        """Connect (retrying until NATS is there) and subscribe; nats-py re-subscribes
        by itself after reconnects."""
        while self.nc is None:
            try:
                self.nc = await events.connect(self.settings.nats_url, "palisade-gateway")
            except Exception:
                log.warning("NATS unavailable; revocations come from polling until it is back")
                await asyncio.sleep(2)
        await self.nc.subscribe(self.subject, cb=self._on_message)

    async def catch_up_once(self) -> None:
        """Read every session revoked within the keep window, one bounded page at a time."""
        request = auth_pb2.ListRevokedSessionsRequest(page_size=CATCH_UP_PAGE)
        request.since.FromDatetime(datetime.now(UTC) - timedelta(seconds=self.revoked.keep_s))
        while True:
            reply = await invoke(self.auth.ListRevokedSessions, request,
                                 timeout=self.settings.grpc_deadline_s)
            for event in reply.message.revoked:
                self.revoked.record(event)
            if not reply.message.more:
                break
            request.since.CopyFrom(reply.message.next_since)
            request.after_id = reply.message.next_after_id
        self.revoked.ready = True
        self.caught_up.set()

    async def _catch_up(self) -> None:
        while True:
            try:
                await self.catch_up_once()
                await asyncio.sleep(CATCH_UP_EVERY_S)
            except asyncio.CancelledError:
                raise
            except Exception:
                await asyncio.sleep(1)
