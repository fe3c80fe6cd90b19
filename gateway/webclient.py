"""The browser client: ``gateway/static/`` served at ``/`` with content-hashed asset URLs.

- Every asset is read once at start and served from ``/assets/<hash>/<name>`` where
  ``<hash>`` is a sha256 over all assets (and the rule catalog), so a deploy that changes
  any byte changes every URL: assets are ``Cache-Control: public, max-age=31536000,
  immutable``; ES modules import each other by relative path and so stay in one version.
- ``index.html`` (at ``/`` and ``/reset-password``, the link auth mails) is ``no-cache``:
  it names the current hash. The page's Content-Security-Policy is set by
  ``middleware.security_headers`` for every ``text/html`` answer (no inline script/style).
- Every module is named in a ``modulepreload`` link, so the first view costs two round
  trips (the page, then every file in parallel), not one per import level.
- Answers are gzip-compressed (once, at start) for clients that accept it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request, Response

from gateway.catalog import catalog
from services.runtime.errors import DomainError

STATIC_DIR = Path(__file__).resolve().parent / "static"
INDEX = "index.html"
ASSETS_PLACEHOLDER = "__ASSETS__"
PRELOAD_PLACEHOLDER = "__PRELOAD__"
IMMUTABLE = "public, max-age=31536000, immutable"
TYPES = {".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png",
         ".html": "text/html; charset=utf-8"}
# Paths the client's own router handles (history URLs that must load the page).
PAGE_PATHS = ("/", "/reset-password")


@dataclass(frozen=True)
class Asset:
    body: bytes
    gzipped: bytes
    media_type: str


def _asset(body: bytes, media_type: str) -> Asset:
    return Asset(body, gzip.compress(body, 9, mtime=0), media_type)


class ClientBundle:
    """The static files of one gateway build plus the rule catalog at its world speed."""

    def __init__(self, game_speed: float, root: Path = STATIC_DIR) -> None:
        files: dict[str, bytes] = {}
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.name != INDEX:
                files[path.relative_to(root).as_posix()] = path.read_bytes()
        files["catalog.json"] = json.dumps(catalog(game_speed), separators=(",", ":")).encode()
        digest = hashlib.sha256()
        for name, body in files.items():
            digest.update(name.encode() + b"\0" + hashlib.sha256(body).digest())
        self.version = digest.hexdigest()[:16]
        self.prefix = f"/assets/{self.version}/"
        self.assets = {name: _asset(body, TYPES.get(Path(name).suffix, "application/octet-stream"))
                       for name, body in files.items()}
        # Every module is preloaded, so the browser fetches them in parallel instead of
        # discovering them import by import (one round trip per level).
        preload = "\n".join(f'<link rel="modulepreload" href="{self.prefix}{name}">'
                             for name in files if name.endswith(".js") and name != "app.js")
        index = (root / INDEX).read_text(encoding="utf-8").replace(PRELOAD_PLACEHOLDER, preload)
        self.index = _asset(index.replace(ASSETS_PLACEHOLDER, self.prefix).encode(),
                            TYPES[".html"])


def _send(request: Request, asset: Asset, cache: str) -> Response:
    gz = "gzip" in request.headers.get("accept-encoding", "")
    response = Response(asset.gzipped if gz else asset.body, media_type=asset.media_type,
                        headers={"Cache-Control": cache, "Vary": "Accept-Encoding"})
    if gz:
        response.headers["Content-Encoding"] = "gzip"
    return response


router = APIRouter(include_in_schema=False)


def _bundle(request: Request) -> ClientBundle:
    return request.app.state.client_bundle


async def page(request: Request) -> Response:
    """The single page; not cached, so a new deploy is picked up at the next load."""
    return _send(request, _bundle(request).index, "no-cache")


for _path in PAGE_PATHS:
    router.add_api_route(_path, page, methods=["GET"])


@router.get("/assets/{version}/{name:path}")
async def asset(version: str, name: str, request: Request) -> Response:
    bundle = _bundle(request)
    found = bundle.assets.get(name)
    if version != bundle.version or found is None:
        raise DomainError("NOT_FOUND", "No such asset (the page may be from an older build).")
    return _send(request, found, IMMUTABLE)


def install(app: FastAPI) -> None:
    app.state.client_bundle = ClientBundle(app.state.settings.game_speed)
    app.include_router(router)
