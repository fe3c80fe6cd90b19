"""Typed rule errors carrying the contract's error code (seed 004, section 2).

The rules know only the code; the service raises it as a domain error and the one
error mapping (``services/runtime/errors.py`` and the gateway) gives it its gRPC and
HTTP status.
"""

from __future__ import annotations

NOT_PLAYER_TURN = "NOT_PLAYER_TURN"
ILLEGAL_MOVE = "ILLEGAL_MOVE"
ONE_UNIT_PER_TILE = "ONE_UNIT_PER_TILE"
NO_ACTIONS_LEFT = "NO_ACTIONS_LEFT"
OUT_OF_RANGE = "OUT_OF_RANGE"
INVALID_TARGET = "INVALID_TARGET"
INVALID_INPUT = "INVALID_INPUT"
SCHEMA_MISMATCH = "SCHEMA_MISMATCH"


class RuleError(Exception):
    """A rejected action; the state it was applied to is unchanged."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
