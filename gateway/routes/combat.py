"""Village-game combat routes: /api/v1/combat/* (snake_case, as seed 000)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field, field_validator

from gateway.backends import call
from protos.combat.v1 import combat_pb2
from protos.common.v1 import common_pb2
from rules.travian.errors import RuleError
from rules.travian.ids import Animal, UnitType, parse_combatant, parse_tribe
from services.runtime.errors import DomainError

router = APIRouter(prefix="/api/v1/combat", tags=["combat"])

MAX_COUNT = 10_000_000


def unit_name(unit: int) -> str:
    """Answers name units by the seed's lower-case enum name (animals by theirs)."""
    return (UnitType(unit) if unit <= 30 else Animal(unit)).name.lower()


class SimArmy(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tribe: Literal["romans", "teutons", "gauls", 1, 2, 3]
    units: dict[str, int] = Field(description="unit id or lower-case enum name -> count")

    @field_validator("units")
    @classmethod
    def counts_in_range(cls, units: dict[str, int]) -> dict[str, int]:
        for key, count in units.items():
            if not 0 <= count <= MAX_COUNT:
                raise ValueError(f"{key}: count must be 0..{MAX_COUNT}")
        return units


class SimDefender(SimArmy):
    wall_level: int = Field(default=0, ge=0, le=20)


class SimulateBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    attacker: SimArmy
    defender: SimDefender
    attack_type: Literal["attack", "raid"] = "attack"


class SimulateOut(BaseModel):
    winner: Literal["attacker", "defender"]
    attacker_losses: dict[str, int]
    defender_losses: dict[str, int]


def _unit_counts(units: dict[str, int], side: str) -> list[common_pb2.UnitCount]:
    out = []
    for key, count in units.items():
        try:
            unit = parse_combatant(key)  # an id ("1") or a name; "²" is refused there
        except RuleError:
            raise DomainError("INVALID_INPUT", f"Unknown unit {key!r}.",
                              {"fields": {f"{side}.units.{key}": "unknown unit"}}) from None
        out.append(common_pb2.UnitCount(unit=unit, count=count))
    return out


@router.post("/simulate", response_model=SimulateOut)
async def simulate(body: SimulateBody, request: Request) -> SimulateOut:
    """Plan an attack with the real battle formula; changes nothing."""
    message = combat_pb2.SimulateRequest(
        attacker=combat_pb2.SimArmy(tribe=int(parse_tribe(body.attacker.tribe)),
                                    units=_unit_counts(body.attacker.units, "attacker")),
        defender=combat_pb2.SimArmy(tribe=int(parse_tribe(body.defender.tribe)),
                                    units=_unit_counts(body.defender.units, "defender")),
        wall_level=body.defender.wall_level, attack_type=body.attack_type)
    reply = (await call(request, request.app.state.backends.combat.Simulate, message)).message
    return SimulateOut(
        winner=reply.winner,
        attacker_losses={unit_name(u.unit): u.count for u in reply.attacker_losses},
        defender_losses={unit_name(u.unit): u.count for u in reply.defender_losses})
