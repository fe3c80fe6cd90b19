"""A local SMTP sink for `make run`: every mail received is saved as DATA_DIR/mail/*.eml.

python -m deploy.mailsink listens on SMTP_HOST:SMTP_PORT (aiosmtpd), so the auth
service sends its password-reset mails over real SMTP and a developer reads them as files.
"""

from __future__ import annotations

import signal
import threading
import time
import uuid
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from services.runtime.config import Settings


class SaveToDir:
    """aiosmtpd handler: one .eml file per message, written whole (tmp file, then rename)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        name = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}.eml"
        tmp = self.directory / f".{name}.tmp"
        content = envelope.content
        tmp.write_bytes(content if isinstance(content, bytes) else content.encode())
        tmp.rename(self.directory / name)
        return "250 Message accepted for delivery"


def main() -> None:
    settings = Settings.from_env("mailsink")
    directory = settings.data_dir.resolve() / "mail"
    controller = Controller(SaveToDir(directory), hostname=settings.smtp_host,
                            port=settings.smtp_port)
    controller.start()
    print(f"mail sink on {settings.smtp_host}:{settings.smtp_port}, saving to {directory}",
          flush=True)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
