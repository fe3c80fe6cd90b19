"""The FastAPI gateway: owns the HTTP contract of API.md and translates it into gRPC."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from gateway import errors, middleware, webclient, ws
from gateway.backends import Backends
from gateway.identity import Identity
from gateway.revocations import RevocationWatcher, RevokedSessions
from gateway.routes import (
    auth,
    combat,
    hero,
    merchants,
    oases,
    operations,
    rankings,
    tactics,
    villages,
    world,
)
from services.runtime.config import Settings


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings.from_env("gateway")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.backends = Backends(settings)
        revoked = RevokedSessions()
        app.state.identity = Identity(app.state.backends, revoked)
        watcher = RevocationWatcher(settings, app.state.backends.auth, revoked)
        await watcher.start()
        app.state.ws_hub = ws.Hub(settings, revoked)
        await app.state.ws_hub.start()
        yield
        await app.state.ws_hub.stop()
        await watcher.stop()
        await app.state.backends.close()

    app = FastAPI(title="Palisade API", version=settings.version, lifespan=lifespan,
                  openapi_url="/api/v1/openapi.json", docs_url=None, redoc_url=None)
    app.state.settings = settings
    errors.install(app)
    middleware.install(app)
    app.include_router(operations.router)
    app.include_router(auth.router)
    app.include_router(villages.router)
    app.include_router(combat.router)
    app.include_router(tactics.router)
    app.include_router(rankings.router)
    app.include_router(world.router)
    app.include_router(merchants.router)
    app.include_router(oases.router)
    app.include_router(hero.router)
    app.include_router(ws.router)
    webclient.install(app)
    return app
