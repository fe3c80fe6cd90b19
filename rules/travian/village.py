"""The village model of issue 9: one import for the service (see README "The village model").

State and derived figures live in ``village_model``, settling in ``settle``, the player's
actions in ``actions``; this module is the contract the village service codes against.
"""

from __future__ import annotations

from rules.travian.actions import (
    SMITHY_MAX_LEVEL,
    cancel_build,
    new_village,
    remove_units,
    research,
    smithy_upgrade,
    train,
    upgrade,
)
from rules.travian.settle import next_due, settle, starvation_due
from rules.travian.village_model import (
    CP_SUBUNITS,
    AccountFacts,
    Arrival,
    BuildJob,
    Completion,
    HeroOutput,
    Production,
    ResearchJob,
    TrainingJob,
    VillageState,
    capacity,
    consumption,
    culture_per_day,
    highest_level,
    population,
    rates,
)

__all__ = [
    "CP_SUBUNITS", "SMITHY_MAX_LEVEL", "AccountFacts", "Arrival", "BuildJob", "Completion",
    "HeroOutput", "Production", "ResearchJob", "TrainingJob", "VillageState", "cancel_build",
    "capacity",
    "consumption",
    "culture_per_day", "highest_level", "new_village", "next_due", "population", "rates",
    "remove_units", "research", "settle", "smithy_upgrade", "starvation_due", "train",
    "upgrade",
]  # fmt: skip
