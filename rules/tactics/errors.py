"""Typed rule errors carrying the contract's error code (seed 004, section 2).

The service maps ``RuleError.code`` and ``RuleError.status`` straight onto the
HTTP error body ``{code, message}``; the rules never know about HTTP beyond this
table.
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

# HTTP status the contract gives each code.
STATUS_BY_CODE: dict[str, int] = {
    NOT_PLAYER_TURN: 409,
    ILLEGAL_MOVE: 422,
    ONE_UNIT_PER_TILE: 409,
    NO_ACTIONS_LEFT: 409,
    OUT_OF_RANGE: 422,
    INVALID_TARGET: 422,
    INVALID_INPUT: 422,
    SCHEMA_MISMATCH: 422,
}


class RuleError(Exception):
    """A rejected action; the state it was applied to is unchanged."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = STATUS_BY_CODE.get(code, 422)
