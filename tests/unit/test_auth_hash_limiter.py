"""argon2 work is bounded per process: a full queue is refused at once with Retry-After."""

from __future__ import annotations

import asyncio
import threading

import pytest

from services.auth.passwords import HashLimiter
from services.runtime.errors import DomainError


def test_a_full_queue_answers_503_with_retry_after() -> None:
    async def scenario() -> None:
        limiter = HashLimiter(running=1, queued=1)
        release = threading.Event()
        started = threading.Event()

        def slow() -> str:
            started.set()
            release.wait(30)
            return "done"

        running = asyncio.create_task(limiter.run(slow))
        queued = asyncio.create_task(limiter.run(lambda: "queued"))
        await asyncio.to_thread(started.wait, 30)
        with pytest.raises(DomainError) as err:
            await limiter.run(lambda: "refused")
        assert err.value.code == "SERVICE_UNAVAILABLE" and err.value.http_status == 503
        assert err.value.retry_after == 1
        release.set()
        assert await running == "done" and await queued == "queued"
        # Once the work drains, new requests are admitted again.
        assert await limiter.run(lambda: "again") == "again"

    asyncio.run(scenario())
