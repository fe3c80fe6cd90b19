"""Battle math for the village game (RULES.md section 1). Pure and deterministic."""

from rules.combat.battle import resolve
from rules.combat.model import Army, Battle, BattleResult, BuildingDamage, Hero
from rules.combat.simulate import simulate

__all__ = ["Army", "Battle", "BattleResult", "BuildingDamage", "Hero", "resolve", "simulate"]
