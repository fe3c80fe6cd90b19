"""The game state: frozen dataclasses and their JSON-safe dict form.

Rules never mutate a state; they build a new one with ``dataclasses.replace``. The
dict form (camelCase, like the tactics API) is what saves and replays store; it
names the map by code and schema version instead of embedding it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from .errors import SCHEMA_MISMATCH, RuleError
from .maps import MAPS, MapDef

STATE_FORMAT_VERSION = 1

ACTIVE = "active"
FINISHED = "finished"
HUMAN = "human"
AI = "ai"


@dataclass(frozen=True)
class Participant:
    id: int
    kind: str  # "human" | "ai"
    user_id: str | None
    display_name: str
    eliminated: bool = False


@dataclass(frozen=True)
class Unit:
    id: int
    owner: int  # participant id
    type_code: str
    hp: int
    has_acted: bool
    tile_id: int


@dataclass(frozen=True)
class City:
    id: int
    owner: int  # participant id
    hp: int
    max_hp: int
    tile_id: int
    tiles: tuple[int, ...]  # the city's tiles (harvest area), ids ascending
    iron: int = 0
    stone: int = 0


@dataclass(frozen=True)
class GameState:
    map: MapDef
    turn_no: int
    active_participant_id: int
    participants: tuple[Participant, ...]
    units: tuple[Unit, ...]  # ordered by id
    cities: tuple[City, ...]  # ordered by id
    rng_seed: int
    rng_version: int
    status: str = ACTIVE
    winner_participant_id: int | None = None
    next_unit_id: int = 1

    # Lookups. States are small (tens of units), so linear scans stay simple and fast.

    def participant(self, participant_id: int) -> Participant | None:
        for p in self.participants:
            if p.id == participant_id:
                return p
        return None

    def unit(self, unit_id: int) -> Unit | None:
        for u in self.units:
            if u.id == unit_id:
                return u
        return None

    def city(self, city_id: int) -> City | None:
        for c in self.cities:
            if c.id == city_id:
                return c
        return None

    def city_at(self, tile_id: int) -> City | None:
        for c in self.cities:
            if c.tile_id == tile_id:
                return c
        return None

    def occupancy(self) -> dict[int, Unit]:
        """Tile id -> the unit standing there."""
        return {u.tile_id: u for u in self.units}

    def units_of(self, participant_id: int) -> list[Unit]:
        return [u for u in self.units if u.owner == participant_id]

    def cities_of(self, participant_id: int) -> list[City]:
        return [c for c in self.cities if c.owner == participant_id]

    def with_units(self, units: list[Unit] | tuple[Unit, ...]) -> GameState:
        return replace(self, units=tuple(sorted(units, key=lambda u: u.id)))

    def with_cities(self, cities: list[City] | tuple[City, ...]) -> GameState:
        return replace(self, cities=tuple(sorted(cities, key=lambda c: c.id)))

    # Serialisation.

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dict; ``state_from_dict(s.to_dict()) == s`` for the same map."""
        w = self.map.width
        return {
            "formatVersion": STATE_FORMAT_VERSION,
            "mapCode": self.map.code,
            "mapSchemaVersion": self.map.schema_version,
            "turnNo": self.turn_no,
            "activeParticipantId": self.active_participant_id,
            "status": self.status,
            "winnerParticipantId": self.winner_participant_id,
            "rngSeed": self.rng_seed,
            "rngVersion": self.rng_version,
            "nextUnitId": self.next_unit_id,
            "participants": [
                {
                    "id": p.id,
                    "kind": p.kind,
                    "userId": p.user_id,
                    "displayName": p.display_name,
                    "isEliminated": p.eliminated,
                }
                for p in self.participants
            ],
            "units": [
                {
                    "id": u.id,
                    "participantId": u.owner,
                    "typeCode": u.type_code,
                    "hp": u.hp,
                    "hasActed": u.has_acted,
                    "tileId": u.tile_id,
                    "row": (u.tile_id - 1) // w,
                    "col": (u.tile_id - 1) % w,
                }
                for u in self.units
            ],
            "cities": [
                {
                    "id": c.id,
                    "participantId": c.owner,
                    "hp": c.hp,
                    "maxHp": c.max_hp,
                    "tileId": c.tile_id,
                    "row": (c.tile_id - 1) // w,
                    "col": (c.tile_id - 1) % w,
                    "tiles": list(c.tiles),
                    "resources": {"iron": c.iron, "stone": c.stone},
                }
                for c in self.cities
            ],
        }


def state_from_dict(data: dict[str, Any], map_def: MapDef | None = None) -> GameState:
    """Rebuild a state from :meth:`GameState.to_dict` output.

    The map comes from ``map_def`` or the registry; a schema version other than the
    map's is ``SCHEMA_MISMATCH`` (the load gate of seed 004, section 4).
    """
    if data.get("formatVersion") != STATE_FORMAT_VERSION:
        raise RuleError(SCHEMA_MISMATCH, "unsupported state format version")
    if map_def is None:
        map_def = MAPS.get(data["mapCode"])
        if map_def is None:
            raise RuleError(SCHEMA_MISMATCH, f"unknown map {data['mapCode']!r}")
    if data["mapCode"] != map_def.code or data["mapSchemaVersion"] != map_def.schema_version:
        raise RuleError(SCHEMA_MISMATCH, "save was made for another map schema version")
    return GameState(
        map=map_def,
        turn_no=int(data["turnNo"]),
        active_participant_id=int(data["activeParticipantId"]),
        participants=tuple(
            Participant(
                id=int(p["id"]),
                kind=str(p["kind"]),
                user_id=p.get("userId"),
                display_name=str(p["displayName"]),
                eliminated=bool(p["isEliminated"]),
            )
            for p in data["participants"]
        ),
        units=tuple(
            sorted(
                (
                    Unit(
                        id=int(u["id"]),
                        owner=int(u["participantId"]),
                        type_code=str(u["typeCode"]),
                        hp=int(u["hp"]),
                        has_acted=bool(u["hasActed"]),
                        tile_id=int(u["tileId"]),
                    )
                    for u in data["units"]
                ),
                key=lambda u: u.id,
            )
        ),
        cities=tuple(
            sorted(
                (
                    City(
                        id=int(c["id"]),
                        owner=int(c["participantId"]),
                        hp=int(c["hp"]),
                        max_hp=int(c["maxHp"]),
                        tile_id=int(c["tileId"]),
                        tiles=tuple(int(t) for t in c["tiles"]),
                        iron=int(c["resources"]["iron"]),
                        stone=int(c["resources"]["stone"]),
                    )
                    for c in data["cities"]
                ),
                key=lambda c: c.id,
            )
        ),
        rng_seed=int(data["rngSeed"]),
        rng_version=int(data["rngVersion"]),
        status=str(data["status"]),
        winner_participant_id=(
            None if data["winnerParticipantId"] is None else int(data["winnerParticipantId"])
        ),
        next_unit_id=int(data["nextUnitId"]),
    )
