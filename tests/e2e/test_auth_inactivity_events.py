"""Auth's daily job publishes auth.user.inactivity_changed for each user it marks inactive,
and the next login clears the mark and publishes inactive=false (both through the outbox)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import asyncpg
import httpx
import nats

from protos.auth.v1 import auth_pb2
from protos.events.v1 import events_pb2
from protos.scheduler.v1 import scheduler_pb2
from services.auth import handlers
from services.runtime.db import Database
from services.runtime.events import Outbox, event_subject
from tests.stack import Stack

Event = tuple[events_pb2.Envelope, auth_pb2.UserInactivityChanged]


async def _next_for(sub, user_id: str) -> Event:  # noqa: ANN001 - nats Subscription
    while True:
        msg = await sub.next_msg(timeout=30)
        env = events_pb2.Envelope.FromString(msg.data)
        event = auth_pb2.UserInactivityChanged()
        env.payload.Unpack(event)
        if event.user_id == user_id:
            return env, event


async def _scenario(stack: Stack, client: httpx.Client, player: dict) -> None:
    nc = await nats.connect(stack.servers.nats_url)
    sub = await nc.subscribe(event_subject(stack.prefix, handlers.INACTIVITY_CHANGED))
    pg = await asyncpg.connect(stack.database_url)
    db = Database(stack.database_url.replace("postgresql://", "postgresql+asyncpg://", 1),
                  "auth")
    try:
        await pg.execute("UPDATE auth.users SET last_login_at = now() - interval '8 days', "
                         "created_at = now() - interval '9 days' WHERE id = $1::uuid",
                         player["id"])
        run = scheduler_pb2.PeriodicRun(job=f"test.inactive.{player['id']}")
        run.period_start.FromDatetime(datetime.now(UTC))
        fired = scheduler_pb2.TimerFired(kind="inactive_players",
                                         payload=run.SerializeToString())
        async with db.transaction() as conn:
            await handlers.mark_inactive_players(conn, fired, outbox=Outbox("auth", stack.prefix))
        env, event = await _next_for(sub, player["id"])
        assert env.type == "auth.user.inactivity_changed" and event.inactive is True
        assert await pg.fetchval("SELECT is_active FROM auth.users WHERE id = $1::uuid",
                                 player["id"]) is False

        login = await asyncio.to_thread(client.post, "/api/v1/auth/login", data={
            "username": player["username"], "password": player["password"]})
        assert login.status_code == 200, login.text
        _, event = await _next_for(sub, player["id"])
        assert event.inactive is False
        assert await pg.fetchval("SELECT is_active FROM auth.users WHERE id = $1::uuid",
                                 player["id"]) is True
    finally:
        await db.close()
        await pg.close()
        await nc.close()


def test_daily_job_and_login_publish_inactivity_changes(stack: Stack, client: httpx.Client,
                                                         player: dict) -> None:
    asyncio.run(_scenario(stack, client, player))
