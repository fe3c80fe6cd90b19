"""Response models of the tactics routes (seed 004, camelCase), each built from its typed
message by ``of``: the one mapping from tactics protobuf to HTTP JSON.

Field names are snake_case here and camelCase on the wire (``alias_generator``); FastAPI
serialises by alias, so ``/api/v1/openapi.json`` shows the contract's names.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from google.protobuf.message import Message
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from gateway.backends import iso
from protos.tactics.v1 import tactics_pb2 as pb

GameStatus = Literal["active", "finished"]
Kind = Literal["human", "ai"]
Terrain = Literal["plains", "forest", "hills", "water", "mountain"]
Resource = Literal["iron", "stone"]
Difficulty = Literal["easy", "normal", "hard"]


def enum_text(enum: Any, prefix: str, value: int) -> str | None:
    """GAME_STATUS_ACTIVE -> 'active'; 0 (unspecified) -> None. The model's Literal field
    validates the name (an unknown enum value fails loudly instead of leaking out)."""
    return enum.Name(value).removeprefix(prefix + "_").lower() if value else None


def status(value: int) -> str | None:
    return enum_text(pb.GameStatus, "GAME_STATUS", value)


def optional(msg: Message, field: str) -> int | str | None:
    """An ``optional`` field's value, or None when it is absent."""
    return getattr(msg, field) if msg.HasField(field) else None


def time_of(msg: Message, field: str) -> str | None:
    return iso(getattr(msg, field)) if msg.HasField(field) else None


def absent_if_none(value: Any) -> bool:
    return value is None


class Out(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


# ---- lookups ---------------------------------------------------------------------------

class UnitDefinitionOut(Out):
    id: int
    code: str
    is_ranged: bool
    attack: int
    defence: int
    range_min: int
    range_max: int
    move_points: int
    health: int

    @classmethod
    def of(cls, d: pb.UnitDefinition) -> UnitDefinitionOut:
        return cls(id=d.id, code=d.code, is_ranged=d.is_ranged, attack=d.attack,
                   defence=d.defence, range_min=d.range_min, range_max=d.range_max,
                   move_points=d.move_points, health=d.health)


class UnitDefinitionsOut(Out):
    items: list[UnitDefinitionOut]


class TopologyOut(Out):
    """The grid geometry (rules/tactics/README.md, "Map and topology")."""

    kind: str
    neighbours: int
    range_metric: str
    move_cost: int
    diagonal_corner_cutting: bool
    passable: list[Terrain]
    impassable: list[Terrain]
    tile_id: str = Field(description="How a tile id follows from row and col.")

    @classmethod
    def of(cls, t: pb.Topology) -> TopologyOut:
        return cls(kind=t.kind, neighbours=t.neighbours, range_metric=t.range_metric,
                   move_cost=t.move_cost, diagonal_corner_cutting=t.diagonal_corner_cutting,
                   passable=[enum_text(pb.Terrain, "TERRAIN", x) for x in t.passable],
                   impassable=[enum_text(pb.Terrain, "TERRAIN", x) for x in t.impassable],
                   tile_id=t.tile_id)


class TacticsMapOut(Out):
    id: int
    code: str
    schema_version: int
    width: int
    height: int
    topology: TopologyOut

    @classmethod
    def of(cls, m: pb.Map) -> TacticsMapOut:
        return cls(id=m.id, code=m.code, schema_version=m.schema_version, width=m.width,
                   height=m.height, topology=TopologyOut.of(m.topology))


class TileOut(Out):
    id: int
    row: int
    col: int
    terrain: Terrain
    resource_type: Resource | None
    resource_amount: int = Field(description="What the tile yields per harvest.")

    @classmethod
    def of(cls, t: pb.Tile) -> TileOut:
        return cls(id=t.id, row=t.row, col=t.col,
                   terrain=enum_text(pb.Terrain, "TERRAIN", t.terrain),
                   resource_type=enum_text(pb.ResourceType, "RESOURCE_TYPE", t.resource_type),
                   resource_amount=t.resource_amount)


class TilesPage(Out):
    items: list[TileOut]
    page: int
    page_size: int
    total: int

    @classmethod
    def of(cls, r: pb.ListMapTilesResponse) -> TilesPage:
        return cls(items=[TileOut.of(t) for t in r.items], page=r.page.page,
                   page_size=r.page.page_size, total=r.page.total)


# ---- games -----------------------------------------------------------------------------

class GameSettingsOut(Out):
    difficulty: Difficulty
    seed: int | None = Field(default=None, exclude_if=absent_if_none,
                             description="Present when the game was created with one.")

    @classmethod
    def of(cls, s: pb.GameSettings) -> GameSettingsOut:
        return cls(difficulty=enum_text(pb.Difficulty, "DIFFICULTY",
                                        s.difficulty or pb.DIFFICULTY_NORMAL),
                   seed=optional(s, "seed"))


class GameListItem(Out):
    id: int
    status: GameStatus
    turn_no: int
    map_id: int
    map_schema_version: int
    started_at: str | None
    finished_at: str | None
    last_turn_at: str | None

    @classmethod
    def of(cls, g: pb.Game) -> GameListItem:
        return cls(id=g.id, status=status(g.status), turn_no=g.turn_no, map_id=g.map_id,
                   map_schema_version=g.map_schema_version,
                   started_at=time_of(g, "started_at"), finished_at=time_of(g, "finished_at"),
                   last_turn_at=time_of(g, "last_turn_at"))


class GameOut(GameListItem):
    user_id: str
    active_participant_id: int
    turn_in_progress: bool
    settings: GameSettingsOut
    rng_seed: int
    rng_version: int

    @classmethod
    def of(cls, g: pb.Game) -> GameOut:
        return cls(**GameListItem.of(g).model_dump(), user_id=g.user_id,
                   active_participant_id=g.active_participant_id,
                   turn_in_progress=g.turn_in_progress, settings=GameSettingsOut.of(g.settings),
                   rng_seed=g.rng_seed, rng_version=g.rng_version)


class GamesPage(Out):
    items: list[GameListItem]
    page: int
    page_size: int
    total: int

    @classmethod
    def of(cls, r: pb.ListGamesResponse) -> GamesPage:
        return cls(items=[GameListItem.of(g) for g in r.items], page=r.page.page,
                   page_size=r.page.page_size, total=r.page.total)


# ---- the GameState projection ----------------------------------------------------------

class GameHeaderOut(Out):
    id: int
    turn_no: int
    active_participant_id: int
    turn_in_progress: bool
    status: GameStatus
    winner_participant_id: int | None

    @classmethod
    def of(cls, g: pb.GameHeader) -> GameHeaderOut:
        return cls(id=g.id, turn_no=g.turn_no, active_participant_id=g.active_participant_id,
                   turn_in_progress=g.turn_in_progress, status=status(g.status),
                   winner_participant_id=optional(g, "winner_participant_id"))


class MapRefOut(Out):
    id: int
    code: str
    schema_version: int
    width: int
    height: int

    @classmethod
    def of(cls, m: pb.MapRef) -> MapRefOut:
        return cls(id=m.id, code=m.code, schema_version=m.schema_version, width=m.width,
                   height=m.height)


class ParticipantOut(Out):
    id: int
    game_id: int
    kind: Kind
    user_id: str | None
    display_name: str
    is_eliminated: bool

    @classmethod
    def of(cls, p: pb.Participant) -> ParticipantOut:
        return cls(id=p.id, game_id=p.game_id,
                   kind=enum_text(pb.ParticipantKind, "PARTICIPANT_KIND", p.kind),
                   user_id=optional(p, "user_id"), display_name=p.display_name,
                   is_eliminated=p.is_eliminated)


class UnitOut(Out):
    id: int
    participant_id: int
    type_code: str
    hp: int
    has_acted: bool
    tile_id: int
    row: int
    col: int

    @classmethod
    def of(cls, u: pb.Unit) -> UnitOut:
        return cls(id=u.id, participant_id=u.participant_id, type_code=u.type_code, hp=u.hp,
                   has_acted=u.has_acted, tile_id=u.tile_id, row=u.row, col=u.col)


class CityOut(Out):
    id: int
    participant_id: int
    hp: int
    max_hp: int
    tile_id: int
    row: int
    col: int

    @classmethod
    def of(cls, c: pb.City) -> CityOut:
        return cls(id=c.id, participant_id=c.participant_id, hp=c.hp, max_hp=c.max_hp,
                   tile_id=c.tile_id, row=c.row, col=c.col)


class CityTileOut(Out):
    city_id: int
    tile_id: int


class CityResourceOut(Out):
    city_id: int
    resource_type: Resource
    amount: int


class StockOut(Out):
    iron: int
    stone: int

    @classmethod
    def of(cls, s: pb.Stock) -> StockOut:
        return cls(iron=s.iron, stone=s.stone)


class SiegeHitOut(Out):
    unit_id: int
    city_id: int
    damage: int
    city_hp: int


class CaptureOut(Out):
    city_id: int
    unit_id: int
    from_participant_id: int
    to_participant_id: int
    hp: int


class CityTurnOut(Out):
    city_id: int
    under_siege: bool
    regen: int
    hp: int
    harvest: StockOut
    stock: StockOut


class ProducedOut(Out):
    city_id: int
    unit_id: int
    type_code: str
    tile_id: int
    row: int
    col: int


class DelayedOut(Out):
    city_id: int
    type_code: str
    reason: str


class SideTurnOut(Out):
    """What ending one side's turn did (rules/tactics/README.md, "End turn")."""

    turn_no: int
    participant_id: int
    siege: list[SiegeHitOut]
    captures: list[CaptureOut]
    eliminated: list[int]
    cities: list[CityTurnOut]
    produced: list[ProducedOut]
    delayed: list[DelayedOut]
    status: GameStatus
    winner_participant_id: int | None
    next_participant_id: int | None
    next_turn_no: int

    @classmethod
    def of(cls, s: pb.SideTurn) -> SideTurnOut:
        return cls(
            turn_no=s.turn_no, participant_id=s.participant_id,
            siege=[SiegeHitOut(unit_id=h.unit_id, city_id=h.city_id, damage=h.damage,
                               city_hp=h.city_hp) for h in s.siege],
            captures=[CaptureOut(city_id=c.city_id, unit_id=c.unit_id,
                                 from_participant_id=c.from_participant_id,
                                 to_participant_id=c.to_participant_id, hp=c.hp)
                      for c in s.captures],
            eliminated=list(s.eliminated),
            cities=[CityTurnOut(city_id=c.city_id, under_siege=c.under_siege, regen=c.regen,
                                hp=c.hp, harvest=StockOut.of(c.harvest),
                                stock=StockOut.of(c.stock)) for c in s.cities],
            produced=[ProducedOut(city_id=p.city_id, unit_id=p.unit_id, type_code=p.type_code,
                                  tile_id=p.tile_id, row=p.row, col=p.col)
                      for p in s.produced],
            delayed=[DelayedOut(city_id=d.city_id, type_code=d.type_code, reason=d.reason)
                     for d in s.delayed],
            status=status(s.status),
            winner_participant_id=optional(s, "winner_participant_id"),
            next_participant_id=optional(s, "next_participant_id"),
            next_turn_no=s.next_turn_no)


class TurnSummaryOut(Out):
    """One end turn: the human's side, then each AI side it set off."""

    turn_no: int
    human: SideTurnOut
    ai: list[SideTurnOut]
    status: GameStatus
    winner_participant_id: int | None

    @classmethod
    def of(cls, t: pb.TurnSummary) -> TurnSummaryOut:
        return cls(turn_no=t.turn_no, human=SideTurnOut.of(t.human),
                   ai=[SideTurnOut.of(s) for s in t.ai], status=status(t.status),
                   winner_participant_id=optional(t, "winner_participant_id"))


class GameStateOut(Out):
    """A game as a client draws it (seed 004, GET /games/{id}/state)."""

    game: GameHeaderOut
    map: MapRefOut
    participants: list[ParticipantOut]
    units: list[UnitOut]
    cities: list[CityOut]
    city_tiles: list[CityTileOut]
    city_resources: list[CityResourceOut]
    unit_definitions: list[UnitDefinitionOut]
    turn_summary: TurnSummaryOut | None = Field(
        default=None, exclude_if=absent_if_none, description="On the end-turn answer only.")

    @classmethod
    def of(cls, s: pb.GameState) -> GameStateOut:
        return cls(
            game=GameHeaderOut.of(s.game), map=MapRefOut.of(s.map),
            participants=[ParticipantOut.of(p) for p in s.participants],
            units=[UnitOut.of(u) for u in s.units], cities=[CityOut.of(c) for c in s.cities],
            city_tiles=[CityTileOut(city_id=t.city_id, tile_id=t.tile_id) for t in s.city_tiles],
            city_resources=[CityResourceOut(
                city_id=r.city_id, amount=r.amount,
                resource_type=enum_text(pb.ResourceType, "RESOURCE_TYPE", r.resource_type))
                for r in s.city_resources],
            unit_definitions=[UnitDefinitionOut.of(d) for d in s.unit_definitions],
            turn_summary=TurnSummaryOut.of(s.turn_summary) if s.HasField("turn_summary")
            else None)


class CreatedGameOut(Out):
    id: int
    state: GameStateOut


class ActionOut(Out):
    state: GameStateOut


class EndTurnOut(Out):
    state: GameStateOut
    turn_summary: TurnSummaryOut
    autosave_id: int


class LoadedOut(Out):
    game_id: int
    state: GameStateOut


# ---- history ---------------------------------------------------------------------------

class CoordOut(Out):
    row: int
    col: int


class MoveActionOut(Out):
    type: Literal["move"] = "move"
    participant_id: int
    unit_id: int
    to: CoordOut


class AttackActionOut(Out):
    type: Literal["attack"] = "attack"
    participant_id: int
    attacker_unit_id: int
    target_unit_id: int


class EndTurnActionOut(Out):
    type: Literal["end_turn"] = "end_turn"
    participant_id: int


ActionEntry = Annotated[MoveActionOut | AttackActionOut | EndTurnActionOut,
                        Field(discriminator="type")]


def action_out(a: pb.Action) -> MoveActionOut | AttackActionOut | EndTurnActionOut:
    kind = a.WhichOneof("kind")
    if kind == "move":
        return MoveActionOut(participant_id=a.participant_id, unit_id=a.move.unit_id,
                             to=CoordOut(row=a.move.to.row, col=a.move.to.col))
    if kind == "attack":
        return AttackActionOut(participant_id=a.participant_id,
                               attacker_unit_id=a.attack.attacker_unit_id,
                               target_unit_id=a.attack.target_unit_id)
    return EndTurnActionOut(participant_id=a.participant_id)


class TurnOut(Out):
    id: int
    turn_no: int
    participant_id: int
    committed_at: str
    duration_ms: int | None = Field(description="AI turns only.")
    summary: SideTurnOut | None
    actions: list[ActionEntry]

    @classmethod
    def of(cls, t: pb.Turn) -> TurnOut:
        return cls(id=t.id, turn_no=t.turn_no, participant_id=t.participant_id,
                   committed_at=iso(t.committed_at), duration_ms=optional(t, "duration_ms"),
                   summary=SideTurnOut.of(t.summary) if t.HasField("summary") else None,
                   actions=[action_out(a) for a in t.actions])


class TurnsPage(Out):
    items: list[TurnOut]
    page: int
    page_size: int
    total: int

    @classmethod
    def of(cls, r: pb.ListTurnsResponse) -> TurnsPage:
        return cls(items=[TurnOut.of(t) for t in r.items], page=r.page.page,
                   page_size=r.page.page_size, total=r.page.total)


# ---- saves and analytics ---------------------------------------------------------------

class AutosaveOut(Out):
    id: int
    turn_no: int
    created_at: str

    @classmethod
    def of(cls, s: pb.Save) -> AutosaveOut:
        return cls(id=s.id, turn_no=s.turn_no, created_at=iso(s.created_at))


class ManualSaveOut(AutosaveOut):
    slot: int
    name: str

    @classmethod
    def of(cls, s: pb.Save) -> ManualSaveOut:
        return cls(id=s.id, turn_no=s.turn_no, created_at=iso(s.created_at), slot=s.slot,
                   name=s.name)


class SavesOut(Out):
    manual: list[ManualSaveOut]
    autosaves: list[AutosaveOut]

    @classmethod
    def of(cls, r: pb.ListSavesResponse) -> SavesOut:
        return cls(manual=[ManualSaveOut.of(s) for s in r.manual],
                   autosaves=[AutosaveOut.of(s) for s in r.autosaves])


class AnalyticsAcceptedOut(Out):
    accepted: int
