"""The four resources as one small immutable value (always wood, clay, iron, crop)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

RESOURCE_NAMES = ("wood", "clay", "iron", "crop")


@dataclass(frozen=True, slots=True)
class Resources:
    wood: int = 0
    clay: int = 0
    iron: int = 0
    crop: int = 0

    @classmethod
    def of(cls, data: Mapping[str, int]) -> Resources:
        """From a ``{wood, clay, iron, crop}`` mapping (missing keys are 0)."""
        return cls(*(int(data.get(name, 0)) for name in RESOURCE_NAMES))

    @classmethod
    def uniform(cls, value: int) -> Resources:
        return cls(value, value, value, value)

    def as_tuple(self) -> tuple[int, int, int, int]:
        return (self.wood, self.clay, self.iron, self.crop)

    def as_dict(self) -> dict[str, int]:
        return dict(zip(RESOURCE_NAMES, self.as_tuple(), strict=True))

    def __add__(self, other: Resources) -> Resources:
        return Resources(*(a + b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=True)))

    def __sub__(self, other: Resources) -> Resources:
        return Resources(*(a - b for a, b in zip(self.as_tuple(), other.as_tuple(), strict=True)))

    def times(self, factor: int) -> Resources:
        return Resources(*(a * factor for a in self.as_tuple()))

    def total(self) -> int:
        return self.wood + self.clay + self.iron + self.crop

    def covers(self, cost: Resources) -> bool:
        """True when every resource is at least the cost's."""
        return all(a >= b for a, b in zip(self.as_tuple(), cost.as_tuple(), strict=True))
