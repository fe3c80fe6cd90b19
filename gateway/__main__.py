"""python -m gateway: the HTTP gateway on GATEWAY_HOST:GATEWAY_PORT."""

from __future__ import annotations

import uvicorn

from gateway.app import create_app
from services.runtime import logs
from services.runtime.config import Settings


def main() -> None:
    settings = Settings.from_env("gateway")
    logs.setup("gateway", settings.log_level)
    uvicorn.run(create_app(settings), host=settings.gateway_host, port=settings.gateway_port,
                log_config=None, access_log=False, timeout_graceful_shutdown=10,
                # X-Forwarded-For is honoured only from TRUSTED_PROXIES (gateway.clientaddr).
                proxy_headers=False)


if __name__ == "__main__":
    main()
