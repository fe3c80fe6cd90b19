"""The one exception type the rules raise, with a stable machine-readable code."""

from __future__ import annotations

# Every code a RuleError can carry.  All but BUILDING_NOT_AVAILABLE, NOT_ENOUGH_EXPANSION_SLOTS,
# NOT_ENOUGH_UNITS and the merchant/hero/oasis codes (issue 10) are codes of the API contract
# (shared/API.md); services map the others to a 400 rule failure.
RULE_ERROR_CODES = frozenset(
    {
        "INVALID_INPUT",  # unknown id/name, level or argument out of range (422)
        "BUILDING_NOT_AVAILABLE",  # never buildable here: reserved id, other tribe, capital...
        "INVALID_POSITION",
        "POSITION_OCCUPIED",
        "MAX_LEVEL_REACHED",
        "PREREQUISITES_NOT_MET",
        "BUILDING_REQUIRED",  # training/research/celebration needs a (higher) building
        "RESEARCH_REQUIRED",
        "INSUFFICIENT_RESOURCES",
        "QUEUE_FULL",  # the building/training/research queue has no free lane
        "CANNOT_CANCEL",  # nothing of that building is under way
        "NOT_ENOUGH_EXPANSION_SLOTS",  # settlers/administrators beyond the free slots
        "NOT_ENOUGH_UNITS",  # removing more units than stand at home
        "SCOUTS_ONLY",  # a scouting mission with other units
        "CATAPULT_TARGET_NOT_ALLOWED",  # aimed beyond the rally point's level
        "NOT_ENOUGH_MERCHANTS",  # the load needs more merchants than are at home
        "HERO_UNAVAILABLE",  # no hero, dead, away, or not at home for this
        "NOT_ENOUGH_POINTS",  # assigning more hero points than are free (or over 100)
        "OASIS_NOT_EMPTY",  # annexing an oasis with animals or another owner
        "NO_OASIS_SLOT",  # the hero's mansion level allows no more oases
        "OUT_OF_REACH",  # the oasis is not within 3 squares (x and y) of the village
    }
)


class RuleError(ValueError):
    """A request the game rules refuse; ``code`` is stable and safe to show to clients."""

    def __init__(self, code: str, message: str) -> None:
        if code not in RULE_ERROR_CODES:
            raise ValueError(f"unknown rule error code {code!r}")
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
