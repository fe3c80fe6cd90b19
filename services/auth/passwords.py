"""argon2id hashing off the event loop, bounded per process, with equal cost for unknown users.

Each hash costs ~20 ms of CPU and 19 MiB: at most HASH_CONCURRENCY run at once and at
most HASH_QUEUE wait; a request beyond that is refused at once (503 SERVICE_UNAVAILABLE
with Retry-After) instead of queueing memory and latency without bound.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from services.runtime.errors import DomainError

# Moderate parameters: ~20 ms on this machine, 19 MiB (OWASP's argon2id minimum).
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Verified against when the user does not exist, so both failures cost the same time.
_DUMMY = _hasher.hash("palisade-dummy-password")

HASH_CONCURRENCY = 4
HASH_QUEUE = 64
RETRY_AFTER_S = 1

T = TypeVar("T")


class HashLimiter:
    """At most `running` argon2 computations at once and `queued` waiting; more is 503."""

    def __init__(self, running: int = HASH_CONCURRENCY, queued: int = HASH_QUEUE) -> None:
        self.slots = asyncio.Semaphore(running)
        self.capacity = running + queued
        self.admitted = 0

    async def run(self, fn: Callable[[], T]) -> T:
        if self.admitted >= self.capacity:
            raise DomainError("SERVICE_UNAVAILABLE", "Busy checking passwords; retry shortly.",
                              {"retry_after": RETRY_AFTER_S})
        self.admitted += 1
        try:
            async with self.slots:
                return await asyncio.to_thread(fn)
        finally:
            self.admitted -= 1


limiter = HashLimiter()


async def hash_password(password: str) -> str:
    return await limiter.run(lambda: _hasher.hash(password))


async def verify_password(stored_hash: str | None, password: str) -> bool:
    def check() -> bool:
        try:
            return _hasher.verify(stored_hash or _DUMMY, password) and stored_hash is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    return await limiter.run(check)
