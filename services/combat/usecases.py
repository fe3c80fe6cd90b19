"""Combat use cases. Simulate is pure: it calls the rules and stores nothing."""

from __future__ import annotations

from protos.combat.v1 import combat_pb2
from protos.common.v1 import common_pb2
from rules.combat.simulate import simulate as simulate_battle
from rules.travian.errors import RuleError
from services.runtime.errors import DomainError

MAX_COUNT = 10_000_000
MAX_WALL = 20


def _counts(units: list[common_pb2.UnitCount], side: str) -> dict[int, int]:
    counts: dict[int, int] = {}
    for item in units:
        if not 0 <= item.count <= MAX_COUNT:
            raise DomainError("INVALID_INPUT", f"{side} unit counts are 0..{MAX_COUNT}.",
                              {"fields": {f"{side}.units": f"count {item.count} out of range"}})
        counts[item.unit] = counts.get(item.unit, 0) + item.count
    return counts


def simulate(request: combat_pb2.SimulateRequest) -> combat_pb2.SimulateResponse:
    """The players' combat simulator: the real battle formula, no state change."""
    if not 0 <= request.wall_level <= MAX_WALL:
        raise DomainError("INVALID_INPUT", f"wall_level is 0..{MAX_WALL}.",
                          {"fields": {"defender.wall_level": "0..20"}})
    attacker = _counts(list(request.attacker.units), "attacker")
    defender = _counts(list(request.defender.units), "defender")
    try:
        winner, attacker_losses, defender_losses = simulate_battle(
            request.attacker.tribe, attacker, request.defender.tribe, defender,
            wall_level=request.wall_level, attack_type=request.attack_type or "attack")
    except RuleError as err:
        raise DomainError("INVALID_INPUT", err.message) from None
    return combat_pb2.SimulateResponse(
        winner=winner,
        attacker_losses=[common_pb2.UnitCount(unit=u, count=attacker_losses.get(u, 0))
                         for u in sorted(attacker)],
        defender_losses=[common_pb2.UnitCount(unit=u, count=defender_losses.get(u, 0))
                         for u in sorted(defender)])
