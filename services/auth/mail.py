"""Password-reset mail over SMTP (stdlib smtplib in a worker thread).

smtplib is enough for one message per reset request and adds no dependency; it runs in
a thread so the event loop never waits on the mail server.
"""

from __future__ import annotations

import asyncio
import logging
import smtplib
from email.message import EmailMessage
from urllib.parse import quote

from services.runtime.config import Settings

log = logging.getLogger(__name__)

ATTEMPTS = 3


def reset_message(settings: Settings, to: str, token: str) -> EmailMessage:
    link = f"{settings.public_base_url.rstrip('/')}/reset-password?token={quote(token)}"
    msg = EmailMessage()
    msg["From"] = settings.mail_from
    msg["To"] = to
    msg["Subject"] = "Reset your Palisade password"
    msg.set_content(
        "Someone asked to reset the password of your Palisade account.\n\n"
        f"Open this link within one hour to choose a new password:\n{link}\n\n"
        f"Or send this token to POST /api/v1/auth/password-reset:\n{token}\n\n"
        "The link works once. If you did not ask for it, ignore this mail.\n")
    return msg


def _send(settings: Settings, msg: EmailMessage) -> None:
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=10) as smtp:
        smtp.send_message(msg)


async def send(settings: Settings, msg: EmailMessage) -> None:
    """Deliver with a few retries; a mail that cannot go out is logged, never raised."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            await asyncio.to_thread(_send, settings, msg)
            return
        except (OSError, smtplib.SMTPException):
            if attempt == ATTEMPTS:
                log.exception("reset mail not delivered", extra={"smtp_port": settings.smtp_port})
                return
            await asyncio.sleep(0.5 * attempt)
