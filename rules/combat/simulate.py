"""The simulator entry point behind POST /api/v1/combat/simulate."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from rules.combat.battle import resolve
from rules.combat.model import Army, Battle
from rules.travian.errors import RuleError
from rules.travian.ids import Tribe, parse_combatant, parse_tribe, unit_tribe

_KINDS = {"attack": "attack", "normal": "attack", "raid": "raid"}


def _units(units: Mapping[str | int, int]) -> dict[int, int]:
    parsed: dict[int, int] = {}
    for key, count in units.items():
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise RuleError("INVALID_INPUT", f"unit counts are integers >= 0, got {count!r}")
        uid = parse_combatant(key)
        parsed[uid] = parsed.get(uid, 0) + count
    return {uid: n for uid, n in parsed.items() if n > 0}


def _tribe(value: Tribe | str | int | None) -> Tribe | None:
    if value is None or (isinstance(value, str) and value.strip().lower() == "nature"):
        return None
    return parse_tribe(value)


def simulate(
    attacker_tribe: Tribe | str | int,
    attacker_units: Mapping[str | int, int],
    defender_tribe: Tribe | str | int | None,
    defender_units: Mapping[str | int, int],
    wall_level: int = 0,
    attack_type: str = "attack",
) -> tuple[Literal["attacker", "defender"], dict[int, int], dict[int, int]]:
    """(winner, attacker losses, defender losses), losses keyed by unit id.

    Attacker units must be of ``attacker_tribe``.  Defender units may be of any tribe
    (reinforcements) or nature animals; ``defender_tribe`` is the village owner's tribe
    (wall type), None or 'nature' for an oasis.  ``attack_type``: 'attack' (alias
    'normal') or 'raid'.  No upgrades, heroes or morale.
    """
    kind = _KINDS.get(str(attack_type).strip().lower())
    if kind is None:
        raise RuleError("INVALID_INPUT", "attack_type is 'attack' or 'raid'")
    if isinstance(wall_level, bool) or not isinstance(wall_level, int):
        raise RuleError("INVALID_INPUT", "wall_level must be an integer 0..20")
    own = _tribe(attacker_tribe)
    if own is None:
        raise RuleError("INVALID_INPUT", "the attacker must be a tribe")
    attacker = Army(own, _units(attacker_units))
    by_tribe: dict[Tribe | None, dict[int, int]] = {}
    for uid, count in _units(defender_units).items():
        by_tribe.setdefault(unit_tribe(uid), {})[uid] = count
    defenders = [Army(tribe, units) for tribe, units in by_tribe.items()]
    result = resolve(
        Battle(
            attacker=attacker,
            defenders=defenders,
            defender_tribe=_tribe(defender_tribe),
            kind=kind,  # type: ignore[arg-type]
            wall_level=wall_level,
        )
    )
    defender_losses: dict[int, int] = {}
    for losses in result.defender_losses:
        defender_losses.update(losses)
    return result.winner, dict(result.attacker_losses), defender_losses
