import datetime

from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from protos.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GameStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    GAME_STATUS_UNSPECIFIED: _ClassVar[GameStatus]
    GAME_STATUS_ACTIVE: _ClassVar[GameStatus]
    GAME_STATUS_FINISHED: _ClassVar[GameStatus]

class ParticipantKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PARTICIPANT_KIND_UNSPECIFIED: _ClassVar[ParticipantKind]
    PARTICIPANT_KIND_HUMAN: _ClassVar[ParticipantKind]
    PARTICIPANT_KIND_AI: _ClassVar[ParticipantKind]

class Terrain(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TERRAIN_UNSPECIFIED: _ClassVar[Terrain]
    TERRAIN_PLAINS: _ClassVar[Terrain]
    TERRAIN_FOREST: _ClassVar[Terrain]
    TERRAIN_HILLS: _ClassVar[Terrain]
    TERRAIN_WATER: _ClassVar[Terrain]
    TERRAIN_MOUNTAIN: _ClassVar[Terrain]

class ResourceType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RESOURCE_TYPE_UNSPECIFIED: _ClassVar[ResourceType]
    RESOURCE_TYPE_IRON: _ClassVar[ResourceType]
    RESOURCE_TYPE_STONE: _ClassVar[ResourceType]

class Difficulty(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DIFFICULTY_UNSPECIFIED: _ClassVar[Difficulty]
    DIFFICULTY_EASY: _ClassVar[Difficulty]
    DIFFICULTY_NORMAL: _ClassVar[Difficulty]
    DIFFICULTY_HARD: _ClassVar[Difficulty]

class AnalyticsEventType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ANALYTICS_EVENT_TYPE_UNSPECIFIED: _ClassVar[AnalyticsEventType]
    ANALYTICS_EVENT_TYPE_GAME_START: _ClassVar[AnalyticsEventType]
    ANALYTICS_EVENT_TYPE_TURN_END: _ClassVar[AnalyticsEventType]
    ANALYTICS_EVENT_TYPE_AUTOSAVE: _ClassVar[AnalyticsEventType]
    ANALYTICS_EVENT_TYPE_MANUAL_SAVE: _ClassVar[AnalyticsEventType]
    ANALYTICS_EVENT_TYPE_MANUAL_LOAD: _ClassVar[AnalyticsEventType]
    ANALYTICS_EVENT_TYPE_GAME_FINISH: _ClassVar[AnalyticsEventType]
GAME_STATUS_UNSPECIFIED: GameStatus
GAME_STATUS_ACTIVE: GameStatus
GAME_STATUS_FINISHED: GameStatus
PARTICIPANT_KIND_UNSPECIFIED: ParticipantKind
PARTICIPANT_KIND_HUMAN: ParticipantKind
PARTICIPANT_KIND_AI: ParticipantKind
TERRAIN_UNSPECIFIED: Terrain
TERRAIN_PLAINS: Terrain
TERRAIN_FOREST: Terrain
TERRAIN_HILLS: Terrain
TERRAIN_WATER: Terrain
TERRAIN_MOUNTAIN: Terrain
RESOURCE_TYPE_UNSPECIFIED: ResourceType
RESOURCE_TYPE_IRON: ResourceType
RESOURCE_TYPE_STONE: ResourceType
DIFFICULTY_UNSPECIFIED: Difficulty
DIFFICULTY_EASY: Difficulty
DIFFICULTY_NORMAL: Difficulty
DIFFICULTY_HARD: Difficulty
ANALYTICS_EVENT_TYPE_UNSPECIFIED: AnalyticsEventType
ANALYTICS_EVENT_TYPE_GAME_START: AnalyticsEventType
ANALYTICS_EVENT_TYPE_TURN_END: AnalyticsEventType
ANALYTICS_EVENT_TYPE_AUTOSAVE: AnalyticsEventType
ANALYTICS_EVENT_TYPE_MANUAL_SAVE: AnalyticsEventType
ANALYTICS_EVENT_TYPE_MANUAL_LOAD: AnalyticsEventType
ANALYTICS_EVENT_TYPE_GAME_FINISH: AnalyticsEventType

class Empty(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class UnitDefinition(_message.Message):
    __slots__ = ("id", "code", "is_ranged", "attack", "defence", "range_min", "range_max", "move_points", "health")
    ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    IS_RANGED_FIELD_NUMBER: _ClassVar[int]
    ATTACK_FIELD_NUMBER: _ClassVar[int]
    DEFENCE_FIELD_NUMBER: _ClassVar[int]
    RANGE_MIN_FIELD_NUMBER: _ClassVar[int]
    RANGE_MAX_FIELD_NUMBER: _ClassVar[int]
    MOVE_POINTS_FIELD_NUMBER: _ClassVar[int]
    HEALTH_FIELD_NUMBER: _ClassVar[int]
    id: int
    code: str
    is_ranged: bool
    attack: int
    defence: int
    range_min: int
    range_max: int
    move_points: int
    health: int
    def __init__(self, id: _Optional[int] = ..., code: _Optional[str] = ..., is_ranged: _Optional[bool] = ..., attack: _Optional[int] = ..., defence: _Optional[int] = ..., range_min: _Optional[int] = ..., range_max: _Optional[int] = ..., move_points: _Optional[int] = ..., health: _Optional[int] = ...) -> None: ...

class ListUnitDefinitionsRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListUnitDefinitionsResponse(_message.Message):
    __slots__ = ("items", "etag", "last_modified")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    LAST_MODIFIED_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[UnitDefinition]
    etag: str
    last_modified: _timestamp_pb2.Timestamp
    def __init__(self, items: _Optional[_Iterable[_Union[UnitDefinition, _Mapping]]] = ..., etag: _Optional[str] = ..., last_modified: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Topology(_message.Message):
    __slots__ = ("kind", "neighbours", "range_metric", "move_cost", "diagonal_corner_cutting", "passable", "impassable", "tile_id")
    KIND_FIELD_NUMBER: _ClassVar[int]
    NEIGHBOURS_FIELD_NUMBER: _ClassVar[int]
    RANGE_METRIC_FIELD_NUMBER: _ClassVar[int]
    MOVE_COST_FIELD_NUMBER: _ClassVar[int]
    DIAGONAL_CORNER_CUTTING_FIELD_NUMBER: _ClassVar[int]
    PASSABLE_FIELD_NUMBER: _ClassVar[int]
    IMPASSABLE_FIELD_NUMBER: _ClassVar[int]
    TILE_ID_FIELD_NUMBER: _ClassVar[int]
    kind: str
    neighbours: int
    range_metric: str
    move_cost: int
    diagonal_corner_cutting: bool
    passable: _containers.RepeatedScalarFieldContainer[Terrain]
    impassable: _containers.RepeatedScalarFieldContainer[Terrain]
    tile_id: str
    def __init__(self, kind: _Optional[str] = ..., neighbours: _Optional[int] = ..., range_metric: _Optional[str] = ..., move_cost: _Optional[int] = ..., diagonal_corner_cutting: _Optional[bool] = ..., passable: _Optional[_Iterable[_Union[Terrain, str]]] = ..., impassable: _Optional[_Iterable[_Union[Terrain, str]]] = ..., tile_id: _Optional[str] = ...) -> None: ...

class GetMapRequest(_message.Message):
    __slots__ = ("code",)
    CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    def __init__(self, code: _Optional[str] = ...) -> None: ...

class Map(_message.Message):
    __slots__ = ("id", "code", "schema_version", "width", "height", "etag", "last_modified", "topology")
    ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    SCHEMA_VERSION_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    LAST_MODIFIED_FIELD_NUMBER: _ClassVar[int]
    TOPOLOGY_FIELD_NUMBER: _ClassVar[int]
    id: int
    code: str
    schema_version: int
    width: int
    height: int
    etag: str
    last_modified: _timestamp_pb2.Timestamp
    topology: Topology
    def __init__(self, id: _Optional[int] = ..., code: _Optional[str] = ..., schema_version: _Optional[int] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., etag: _Optional[str] = ..., last_modified: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., topology: _Optional[_Union[Topology, _Mapping]] = ...) -> None: ...

class ListMapTilesRequest(_message.Message):
    __slots__ = ("code", "page")
    CODE_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    code: str
    page: _common_pb2.PageRequest
    def __init__(self, code: _Optional[str] = ..., page: _Optional[_Union[_common_pb2.PageRequest, _Mapping]] = ...) -> None: ...

class Tile(_message.Message):
    __slots__ = ("id", "row", "col", "resource_amount", "terrain", "resource_type")
    ID_FIELD_NUMBER: _ClassVar[int]
    ROW_FIELD_NUMBER: _ClassVar[int]
    COL_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    TERRAIN_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    id: int
    row: int
    col: int
    resource_amount: int
    terrain: Terrain
    resource_type: ResourceType
    def __init__(self, id: _Optional[int] = ..., row: _Optional[int] = ..., col: _Optional[int] = ..., resource_amount: _Optional[int] = ..., terrain: _Optional[_Union[Terrain, str]] = ..., resource_type: _Optional[_Union[ResourceType, str]] = ...) -> None: ...

class ListMapTilesResponse(_message.Message):
    __slots__ = ("items", "etag", "last_modified", "page")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    LAST_MODIFIED_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[Tile]
    etag: str
    last_modified: _timestamp_pb2.Timestamp
    page: _common_pb2.PageInfo
    def __init__(self, items: _Optional[_Iterable[_Union[Tile, _Mapping]]] = ..., etag: _Optional[str] = ..., last_modified: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., page: _Optional[_Union[_common_pb2.PageInfo, _Mapping]] = ...) -> None: ...

class Game(_message.Message):
    __slots__ = ("id", "user_id", "map_id", "map_schema_version", "turn_no", "active_participant_id", "turn_in_progress", "started_at", "finished_at", "last_turn_at", "rng_seed", "rng_version", "settings", "status")
    ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    MAP_ID_FIELD_NUMBER: _ClassVar[int]
    MAP_SCHEMA_VERSION_FIELD_NUMBER: _ClassVar[int]
    TURN_NO_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_PARTICIPANT_ID_FIELD_NUMBER: _ClassVar[int]
    TURN_IN_PROGRESS_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_TURN_AT_FIELD_NUMBER: _ClassVar[int]
    RNG_SEED_FIELD_NUMBER: _ClassVar[int]
    RNG_VERSION_FIELD_NUMBER: _ClassVar[int]
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    id: int
    user_id: str
    map_id: int
    map_schema_version: int
    turn_no: int
    active_participant_id: int
    turn_in_progress: bool
    started_at: _timestamp_pb2.Timestamp
    finished_at: _timestamp_pb2.Timestamp
    last_turn_at: _timestamp_pb2.Timestamp
    rng_seed: int
    rng_version: int
    settings: GameSettings
    status: GameStatus
    def __init__(self, id: _Optional[int] = ..., user_id: _Optional[str] = ..., map_id: _Optional[int] = ..., map_schema_version: _Optional[int] = ..., turn_no: _Optional[int] = ..., active_participant_id: _Optional[int] = ..., turn_in_progress: _Optional[bool] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_turn_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., rng_seed: _Optional[int] = ..., rng_version: _Optional[int] = ..., settings: _Optional[_Union[GameSettings, _Mapping]] = ..., status: _Optional[_Union[GameStatus, str]] = ...) -> None: ...

class GameSettings(_message.Message):
    __slots__ = ("difficulty", "seed")
    DIFFICULTY_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    difficulty: Difficulty
    seed: int
    def __init__(self, difficulty: _Optional[_Union[Difficulty, str]] = ..., seed: _Optional[int] = ...) -> None: ...

class ListGamesRequest(_message.Message):
    __slots__ = ("status", "page")
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    status: GameStatus
    page: _common_pb2.PageRequest
    def __init__(self, status: _Optional[_Union[GameStatus, str]] = ..., page: _Optional[_Union[_common_pb2.PageRequest, _Mapping]] = ...) -> None: ...

class ListGamesResponse(_message.Message):
    __slots__ = ("items", "page")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[Game]
    page: _common_pb2.PageInfo
    def __init__(self, items: _Optional[_Iterable[_Union[Game, _Mapping]]] = ..., page: _Optional[_Union[_common_pb2.PageInfo, _Mapping]] = ...) -> None: ...

class CreateGameRequest(_message.Message):
    __slots__ = ("map_code", "settings")
    MAP_CODE_FIELD_NUMBER: _ClassVar[int]
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    map_code: str
    settings: GameSettings
    def __init__(self, map_code: _Optional[str] = ..., settings: _Optional[_Union[GameSettings, _Mapping]] = ...) -> None: ...

class CreateGameResponse(_message.Message):
    __slots__ = ("id", "state")
    ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    id: int
    state: GameState
    def __init__(self, id: _Optional[int] = ..., state: _Optional[_Union[GameState, _Mapping]] = ...) -> None: ...

class GameHeader(_message.Message):
    __slots__ = ("id", "turn_no", "active_participant_id", "turn_in_progress", "status", "winner_participant_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    TURN_NO_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_PARTICIPANT_ID_FIELD_NUMBER: _ClassVar[int]
    TURN_IN_PROGRESS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    WINNER_PARTICIPANT_ID_FIELD_NUMBER: _ClassVar[int]
    id: int
    turn_no: int
    active_participant_id: int
    turn_in_progress: bool
    status: GameStatus
    winner_participant_id: int
    def __init__(self, id: _Optional[int] = ..., turn_no: _Optional[int] = ..., active_participant_id: _Optional[int] = ..., turn_in_progress: _Optional[bool] = ..., status: _Optional[_Union[GameStatus, str]] = ..., winner_participant_id: _Optional[int] = ...) -> None: ...

class MapRef(_message.Message):
    __slots__ = ("id", "code", "schema_version", "width", "height")
    ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    SCHEMA_VERSION_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    id: int
    code: str
    schema_version: int
    width: int
    height: int
    def __init__(self, id: _Optional[int] = ..., code: _Optional[str] = ..., schema_version: _Optional[int] = ..., width: _Optional[int] = ..., height: _Optional[int] = ...) -> None: ...

class Participant(_message.Message):
    __slots__ = ("id", "game_id", "kind", "user_id", "display_name", "is_eliminated")
    ID_FIELD_NUMBER: _ClassVar[int]
    GAME_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    DISPLAY_NAME_FIELD_NUMBER: _ClassVar[int]
    IS_ELIMINATED_FIELD_NUMBER: _ClassVar[int]
    id: int
    game_id: int
    kind: ParticipantKind
    user_id: str
    display_name: str
    is_eliminated: bool
    def __init__(self, id: _Optional[int] = ..., game_id: _Optional[int] = ..., kind: _Optional[_Union[ParticipantKind, str]] = ..., user_id: _Optional[str] = ..., display_name: _Optional[str] = ..., is_eliminated: _Optional[bool] = ...) -> None: ...

class Unit(_message.Message):
    __slots__ = ("id", "participant_id", "type_code", "hp", "has_acted", "tile_id", "row", "col")
    ID_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANT_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_CODE_FIELD_NUMBER: _ClassVar[int]
    HP_FIELD_NUMBER: _ClassVar[int]
    HAS_ACTED_FIELD_NUMBER: _ClassVar[int]
    TILE_ID_FIELD_NUMBER: _ClassVar[int]
    ROW_FIELD_NUMBER: _ClassVar[int]
    COL_FIELD_NUMBER: _ClassVar[int]
    id: int
    participant_id: int
    type_code: str
    hp: int
    has_acted: bool
    tile_id: int
    row: int
    col: int
    def __init__(self, id: _Optional[int] = ..., participant_id: _Optional[int] = ..., type_code: _Optional[str] = ..., hp: _Optional[int] = ..., has_acted: _Optional[bool] = ..., tile_id: _Optional[int] = ..., row: _Optional[int] = ..., col: _Optional[int] = ...) -> None: ...

class City(_message.Message):
    __slots__ = ("id", "participant_id", "hp", "max_hp", "tile_id", "row", "col")
    ID_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANT_ID_FIELD_NUMBER: _ClassVar[int]
    HP_FIELD_NUMBER: _ClassVar[int]
    MAX_HP_FIELD_NUMBER: _ClassVar[int]
    TILE_ID_FIELD_NUMBER: _ClassVar[int]
    ROW_FIELD_NUMBER: _ClassVar[int]
    COL_FIELD_NUMBER: _ClassVar[int]
    id: int
    participant_id: int
    hp: int
    max_hp: int
    tile_id: int
    row: int
    col: int
    def __init__(self, id: _Optional[int] = ..., participant_id: _Optional[int] = ..., hp: _Optional[int] = ..., max_hp: _Optional[int] = ..., tile_id: _Optional[int] = ..., row: _Optional[int] = ..., col: _Optional[int] = ...) -> None: ...

class CityTile(_message.Message):
    __slots__ = ("city_id", "tile_id")
    CITY_ID_FIELD_NUMBER: _ClassVar[int]
    TILE_ID_FIELD_NUMBER: _ClassVar[int]
    city_id: int
    tile_id: int
    def __init__(self, city_id: _Optional[int] = ..., tile_id: _Optional[int] = ...) -> None: ...

class CityResource(_message.Message):
    __slots__ = ("city_id", "resource_type", "amount")
    CITY_ID_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    city_id: int
    resource_type: ResourceType
    amount: int
    def __init__(self, city_id: _Optional[int] = ..., resource_type: _Optional[_Union[ResourceType, str]] = ..., amount: _Optional[int] = ...) -> None: ...

class GameState(_message.Message):
    __slots__ = ("game", "map", "participants", "units", "cities", "city_tiles", "city_resources", "unit_definitions", "turn_summary")
    GAME_FIELD_NUMBER: _ClassVar[int]
    MAP_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANTS_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    CITIES_FIELD_NUMBER: _ClassVar[int]
    CITY_TILES_FIELD_NUMBER: _ClassVar[int]
    CITY_RESOURCES_FIELD_NUMBER: _ClassVar[int]
    UNIT_DEFINITIONS_FIELD_NUMBER: _ClassVar[int]
    TURN_SUMMARY_FIELD_NUMBER: _ClassVar[int]
    game: GameHeader
    map: MapRef
    participants: _containers.RepeatedCompositeFieldContainer[Participant]
    units: _containers.RepeatedCompositeFieldContainer[Unit]
    cities: _containers.RepeatedCompositeFieldContainer[City]
    city_tiles: _containers.RepeatedCompositeFieldContainer[CityTile]
    city_resources: _containers.RepeatedCompositeFieldContainer[CityResource]
    unit_definitions: _containers.RepeatedCompositeFieldContainer[UnitDefinition]
    turn_summary: TurnSummary
    def __init__(self, game: _Optional[_Union[GameHeader, _Mapping]] = ..., map: _Optional[_Union[MapRef, _Mapping]] = ..., participants: _Optional[_Iterable[_Union[Participant, _Mapping]]] = ..., units: _Optional[_Iterable[_Union[Unit, _Mapping]]] = ..., cities: _Optional[_Iterable[_Union[City, _Mapping]]] = ..., city_tiles: _Optional[_Iterable[_Union[CityTile, _Mapping]]] = ..., city_resources: _Optional[_Iterable[_Union[CityResource, _Mapping]]] = ..., unit_definitions: _Optional[_Iterable[_Union[UnitDefinition, _Mapping]]] = ..., turn_summary: _Optional[_Union[TurnSummary, _Mapping]] = ...) -> None: ...

class Stock(_message.Message):
    __slots__ = ("iron", "stone")
    IRON_FIELD_NUMBER: _ClassVar[int]
    STONE_FIELD_NUMBER: _ClassVar[int]
    iron: int
    stone: int
    def __init__(self, iron: _Optional[int] = ..., stone: _Optional[int] = ...) -> None: ...

class SiegeHit(_message.Message):
    __slots__ = ("unit_id", "city_id", "damage", "city_hp")
    UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    CITY_ID_FIELD_NUMBER: _ClassVar[int]
    DAMAGE_FIELD_NUMBER: _ClassVar[int]
    CITY_HP_FIELD_NUMBER: _ClassVar[int]
    unit_id: int
    city_id: int
    damage: int
    city_hp: int
    def __init__(self, unit_id: _Optional[int] = ..., city_id: _Optional[int] = ..., damage: _Optional[int] = ..., city_hp: _Optional[int] = ...) -> None: ...

class Capture(_message.Message):
    __slots__ = ("city_id", "unit_id", "from_participant_id", "to_participant_id", "hp")
    CITY_ID_FIELD_NUMBER: _ClassVar[int]
    UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_PARTICIPANT_ID_FIELD_NUMBER: _ClassVar[int]
    TO_PARTICIPANT_ID_FIELD_NUMBER: _ClassVar[int]
    HP_FIELD_NUMBER: _ClassVar[int]
    city_id: int
    unit_id: int
    from_participant_id: int
    to_participant_id: int
    hp: int
    def __init__(self, city_id: _Optional[int] = ..., unit_id: _Optional[int] = ..., from_participant_id: _Optional[int] = ..., to_participant_id: _Optional[int] = ..., hp: _Optional[int] = ...) -> None: ...

class CityTurn(_message.Message):
    __slots__ = ("city_id", "under_siege", "regen", "hp", "harvest", "stock")
    CITY_ID_FIELD_NUMBER: _ClassVar[int]
    UNDER_SIEGE_FIELD_NUMBER: _ClassVar[int]
    REGEN_FIELD_NUMBER: _ClassVar[int]
    HP_FIELD_NUMBER: _ClassVar[int]
    HARVEST_FIELD_NUMBER: _ClassVar[int]
    STOCK_FIELD_NUMBER: _ClassVar[int]
    city_id: int
    under_siege: bool
    regen: int
    hp: int
    harvest: Stock
    stock: Stock
    def __init__(self, city_id: _Optional[int] = ..., under_siege: _Optional[bool] = ..., regen: _Optional[int] = ..., hp: _Optional[int] = ..., harvest: _Optional[_Union[Stock, _Mapping]] = ..., stock: _Optional[_Union[Stock, _Mapping]] = ...) -> None: ...

class ProducedUnit(_message.Message):
    __slots__ = ("city_id", "unit_id", "type_code", "tile_id", "row", "col")
    CITY_ID_FIELD_NUMBER: _ClassVar[int]
    UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_CODE_FIELD_NUMBER: _ClassVar[int]
    TILE_ID_FIELD_NUMBER: _ClassVar[int]
    ROW_FIELD_NUMBER: _ClassVar[int]
    COL_FIELD_NUMBER: _ClassVar[int]
    city_id: int
    unit_id: int
    type_code: str
    tile_id: int
    row: int
    col: int
    def __init__(self, city_id: _Optional[int] = ..., unit_id: _Optional[int] = ..., type_code: _Optional[str] = ..., tile_id: _Optional[int] = ..., row: _Optional[int] = ..., col: _Optional[int] = ...) -> None: ...

class DelayedUnit(_message.Message):
    __slots__ = ("city_id", "type_code", "reason")
    CITY_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_CODE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    city_id: int
    type_code: str
    reason: str
    def __init__(self, city_id: _Optional[int] = ..., type_code: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class SideTurn(_message.Message):
    __slots__ = ("turn_no", "participant_id", "siege", "captures", "eliminated", "cities", "produced", "delayed", "status", "winner_participant_id", "next_participant_id", "next_turn_no")
    TURN_NO_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANT_ID_FIELD_NUMBER: _ClassVar[int]
    SIEGE_FIELD_NUMBER: _ClassVar[int]
    CAPTURES_FIELD_NUMBER: _ClassVar[int]
    ELIMINATED_FIELD_NUMBER: _ClassVar[int]
    CITIES_FIELD_NUMBER: _ClassVar[int]
    PRODUCED_FIELD_NUMBER: _ClassVar[int]
    DELAYED_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    WINNER_PARTICIPANT_ID_FIELD_NUMBER: _ClassVar[int]
    NEXT_PARTICIPANT_ID_FIELD_NUMBER: _ClassVar[int]
    NEXT_TURN_NO_FIELD_NUMBER: _ClassVar[int]
    turn_no: int
    participant_id: int
    siege: _containers.RepeatedCompositeFieldContainer[SiegeHit]
    captures: _containers.RepeatedCompositeFieldContainer[Capture]
    eliminated: _containers.RepeatedScalarFieldContainer[int]
    cities: _containers.RepeatedCompositeFieldContainer[CityTurn]
    produced: _containers.RepeatedCompositeFieldContainer[ProducedUnit]
    delayed: _containers.RepeatedCompositeFieldContainer[DelayedUnit]
    status: GameStatus
    winner_participant_id: int
    next_participant_id: int
    next_turn_no: int
    def __init__(self, turn_no: _Optional[int] = ..., participant_id: _Optional[int] = ..., siege: _Optional[_Iterable[_Union[SiegeHit, _Mapping]]] = ..., captures: _Optional[_Iterable[_Union[Capture, _Mapping]]] = ..., eliminated: _Optional[_Iterable[int]] = ..., cities: _Optional[_Iterable[_Union[CityTurn, _Mapping]]] = ..., produced: _Optional[_Iterable[_Union[ProducedUnit, _Mapping]]] = ..., delayed: _Optional[_Iterable[_Union[DelayedUnit, _Mapping]]] = ..., status: _Optional[_Union[GameStatus, str]] = ..., winner_participant_id: _Optional[int] = ..., next_participant_id: _Optional[int] = ..., next_turn_no: _Optional[int] = ...) -> None: ...

class TurnSummary(_message.Message):
    __slots__ = ("turn_no", "human", "ai", "status", "winner_participant_id")
    TURN_NO_FIELD_NUMBER: _ClassVar[int]
    HUMAN_FIELD_NUMBER: _ClassVar[int]
    AI_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    WINNER_PARTICIPANT_ID_FIELD_NUMBER: _ClassVar[int]
    turn_no: int
    human: SideTurn
    ai: _containers.RepeatedCompositeFieldContainer[SideTurn]
    status: GameStatus
    winner_participant_id: int
    def __init__(self, turn_no: _Optional[int] = ..., human: _Optional[_Union[SideTurn, _Mapping]] = ..., ai: _Optional[_Iterable[_Union[SideTurn, _Mapping]]] = ..., status: _Optional[_Union[GameStatus, str]] = ..., winner_participant_id: _Optional[int] = ...) -> None: ...

class MoveAction(_message.Message):
    __slots__ = ("unit_id", "to")
    UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    unit_id: int
    to: Coord
    def __init__(self, unit_id: _Optional[int] = ..., to: _Optional[_Union[Coord, _Mapping]] = ...) -> None: ...

class AttackAction(_message.Message):
    __slots__ = ("attacker_unit_id", "target_unit_id")
    ATTACKER_UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    attacker_unit_id: int
    target_unit_id: int
    def __init__(self, attacker_unit_id: _Optional[int] = ..., target_unit_id: _Optional[int] = ...) -> None: ...

class EndTurnAction(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Action(_message.Message):
    __slots__ = ("participant_id", "move", "attack", "end_turn")
    PARTICIPANT_ID_FIELD_NUMBER: _ClassVar[int]
    MOVE_FIELD_NUMBER: _ClassVar[int]
    ATTACK_FIELD_NUMBER: _ClassVar[int]
    END_TURN_FIELD_NUMBER: _ClassVar[int]
    participant_id: int
    move: MoveAction
    attack: AttackAction
    end_turn: EndTurnAction
    def __init__(self, participant_id: _Optional[int] = ..., move: _Optional[_Union[MoveAction, _Mapping]] = ..., attack: _Optional[_Union[AttackAction, _Mapping]] = ..., end_turn: _Optional[_Union[EndTurnAction, _Mapping]] = ...) -> None: ...

class GameRef(_message.Message):
    __slots__ = ("game_id",)
    GAME_ID_FIELD_NUMBER: _ClassVar[int]
    game_id: int
    def __init__(self, game_id: _Optional[int] = ...) -> None: ...

class ListTurnsRequest(_message.Message):
    __slots__ = ("game_id", "page")
    GAME_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    game_id: int
    page: _common_pb2.PageRequest
    def __init__(self, game_id: _Optional[int] = ..., page: _Optional[_Union[_common_pb2.PageRequest, _Mapping]] = ...) -> None: ...

class Turn(_message.Message):
    __slots__ = ("id", "turn_no", "participant_id", "committed_at", "duration_ms", "summary", "actions")
    ID_FIELD_NUMBER: _ClassVar[int]
    TURN_NO_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANT_ID_FIELD_NUMBER: _ClassVar[int]
    COMMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_FIELD_NUMBER: _ClassVar[int]
    ACTIONS_FIELD_NUMBER: _ClassVar[int]
    id: int
    turn_no: int
    participant_id: int
    committed_at: _timestamp_pb2.Timestamp
    duration_ms: int
    summary: SideTurn
    actions: _containers.RepeatedCompositeFieldContainer[Action]
    def __init__(self, id: _Optional[int] = ..., turn_no: _Optional[int] = ..., participant_id: _Optional[int] = ..., committed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., duration_ms: _Optional[int] = ..., summary: _Optional[_Union[SideTurn, _Mapping]] = ..., actions: _Optional[_Iterable[_Union[Action, _Mapping]]] = ...) -> None: ...

class ListTurnsResponse(_message.Message):
    __slots__ = ("items", "page")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[Turn]
    page: _common_pb2.PageInfo
    def __init__(self, items: _Optional[_Iterable[_Union[Turn, _Mapping]]] = ..., page: _Optional[_Union[_common_pb2.PageInfo, _Mapping]] = ...) -> None: ...

class Coord(_message.Message):
    __slots__ = ("row", "col")
    ROW_FIELD_NUMBER: _ClassVar[int]
    COL_FIELD_NUMBER: _ClassVar[int]
    row: int
    col: int
    def __init__(self, row: _Optional[int] = ..., col: _Optional[int] = ...) -> None: ...

class MoveRequest(_message.Message):
    __slots__ = ("game_id", "unit_id", "to")
    GAME_ID_FIELD_NUMBER: _ClassVar[int]
    UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    game_id: int
    unit_id: int
    to: Coord
    def __init__(self, game_id: _Optional[int] = ..., unit_id: _Optional[int] = ..., to: _Optional[_Union[Coord, _Mapping]] = ...) -> None: ...

class AttackRequest(_message.Message):
    __slots__ = ("game_id", "attacker_unit_id", "target_unit_id")
    GAME_ID_FIELD_NUMBER: _ClassVar[int]
    ATTACKER_UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    game_id: int
    attacker_unit_id: int
    target_unit_id: int
    def __init__(self, game_id: _Optional[int] = ..., attacker_unit_id: _Optional[int] = ..., target_unit_id: _Optional[int] = ...) -> None: ...

class ActionResponse(_message.Message):
    __slots__ = ("state",)
    STATE_FIELD_NUMBER: _ClassVar[int]
    state: GameState
    def __init__(self, state: _Optional[_Union[GameState, _Mapping]] = ...) -> None: ...

class EndTurnResponse(_message.Message):
    __slots__ = ("state", "autosave_id", "turn_summary")
    STATE_FIELD_NUMBER: _ClassVar[int]
    AUTOSAVE_ID_FIELD_NUMBER: _ClassVar[int]
    TURN_SUMMARY_FIELD_NUMBER: _ClassVar[int]
    state: GameState
    autosave_id: int
    turn_summary: TurnSummary
    def __init__(self, state: _Optional[_Union[GameState, _Mapping]] = ..., autosave_id: _Optional[int] = ..., turn_summary: _Optional[_Union[TurnSummary, _Mapping]] = ...) -> None: ...

class Save(_message.Message):
    __slots__ = ("id", "slot", "turn_no", "created_at", "name")
    ID_FIELD_NUMBER: _ClassVar[int]
    SLOT_FIELD_NUMBER: _ClassVar[int]
    TURN_NO_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    id: int
    slot: int
    turn_no: int
    created_at: _timestamp_pb2.Timestamp
    name: str
    def __init__(self, id: _Optional[int] = ..., slot: _Optional[int] = ..., turn_no: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., name: _Optional[str] = ...) -> None: ...

class ListSavesResponse(_message.Message):
    __slots__ = ("manual", "autosaves")
    MANUAL_FIELD_NUMBER: _ClassVar[int]
    AUTOSAVES_FIELD_NUMBER: _ClassVar[int]
    manual: _containers.RepeatedCompositeFieldContainer[Save]
    autosaves: _containers.RepeatedCompositeFieldContainer[Save]
    def __init__(self, manual: _Optional[_Iterable[_Union[Save, _Mapping]]] = ..., autosaves: _Optional[_Iterable[_Union[Save, _Mapping]]] = ...) -> None: ...

class CreateManualSaveRequest(_message.Message):
    __slots__ = ("game_id", "slot", "name")
    GAME_ID_FIELD_NUMBER: _ClassVar[int]
    SLOT_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    game_id: int
    slot: int
    name: str
    def __init__(self, game_id: _Optional[int] = ..., slot: _Optional[int] = ..., name: _Optional[str] = ...) -> None: ...

class DeleteManualSaveRequest(_message.Message):
    __slots__ = ("game_id", "slot")
    GAME_ID_FIELD_NUMBER: _ClassVar[int]
    SLOT_FIELD_NUMBER: _ClassVar[int]
    game_id: int
    slot: int
    def __init__(self, game_id: _Optional[int] = ..., slot: _Optional[int] = ...) -> None: ...

class LoadSaveRequest(_message.Message):
    __slots__ = ("save_id",)
    SAVE_ID_FIELD_NUMBER: _ClassVar[int]
    save_id: int
    def __init__(self, save_id: _Optional[int] = ...) -> None: ...

class LoadSaveResponse(_message.Message):
    __slots__ = ("game_id", "state")
    GAME_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    game_id: int
    state: GameState
    def __init__(self, game_id: _Optional[int] = ..., state: _Optional[_Union[GameState, _Mapping]] = ...) -> None: ...

class AnalyticsEvent(_message.Message):
    __slots__ = ("game_id", "turn_no", "occurred_at", "client_request_id", "event_type", "payload")
    GAME_ID_FIELD_NUMBER: _ClassVar[int]
    TURN_NO_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    CLIENT_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    game_id: int
    turn_no: int
    occurred_at: _timestamp_pb2.Timestamp
    client_request_id: str
    event_type: AnalyticsEventType
    payload: _struct_pb2.Struct
    def __init__(self, game_id: _Optional[int] = ..., turn_no: _Optional[int] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., client_request_id: _Optional[str] = ..., event_type: _Optional[_Union[AnalyticsEventType, str]] = ..., payload: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class AnalyticsBatchRequest(_message.Message):
    __slots__ = ("events",)
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[AnalyticsEvent]
    def __init__(self, events: _Optional[_Iterable[_Union[AnalyticsEvent, _Mapping]]] = ...) -> None: ...

class AnalyticsBatchResponse(_message.Message):
    __slots__ = ("accepted",)
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    accepted: int
    def __init__(self, accepted: _Optional[int] = ...) -> None: ...
