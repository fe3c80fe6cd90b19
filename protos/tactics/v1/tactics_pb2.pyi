import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Difficulty(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DIFFICULTY_UNSPECIFIED: _ClassVar[Difficulty]
    DIFFICULTY_EASY: _ClassVar[Difficulty]
    DIFFICULTY_NORMAL: _ClassVar[Difficulty]
    DIFFICULTY_HARD: _ClassVar[Difficulty]
DIFFICULTY_UNSPECIFIED: Difficulty
DIFFICULTY_EASY: Difficulty
DIFFICULTY_NORMAL: Difficulty
DIFFICULTY_HARD: Difficulty

class Empty(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Page(_message.Message):
    __slots__ = ("page", "page_size", "sort", "order")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    page: int
    page_size: int
    sort: str
    order: str
    def __init__(self, page: _Optional[int] = ..., page_size: _Optional[int] = ..., sort: _Optional[str] = ..., order: _Optional[str] = ...) -> None: ...

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

class GetMapRequest(_message.Message):
    __slots__ = ("code",)
    CODE_FIELD_NUMBER: _ClassVar[int]
    code: str
    def __init__(self, code: _Optional[str] = ...) -> None: ...

class Map(_message.Message):
    __slots__ = ("id", "code", "schema_version", "width", "height", "topology_json", "etag", "last_modified")
    ID_FIELD_NUMBER: _ClassVar[int]
    CODE_FIELD_NUMBER: _ClassVar[int]
    SCHEMA_VERSION_FIELD_NUMBER: _ClassVar[int]
    WIDTH_FIELD_NUMBER: _ClassVar[int]
    HEIGHT_FIELD_NUMBER: _ClassVar[int]
    TOPOLOGY_JSON_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    LAST_MODIFIED_FIELD_NUMBER: _ClassVar[int]
    id: int
    code: str
    schema_version: int
    width: int
    height: int
    topology_json: str
    etag: str
    last_modified: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[int] = ..., code: _Optional[str] = ..., schema_version: _Optional[int] = ..., width: _Optional[int] = ..., height: _Optional[int] = ..., topology_json: _Optional[str] = ..., etag: _Optional[str] = ..., last_modified: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ListMapTilesRequest(_message.Message):
    __slots__ = ("code", "page")
    CODE_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    code: str
    page: Page
    def __init__(self, code: _Optional[str] = ..., page: _Optional[_Union[Page, _Mapping]] = ...) -> None: ...

class Tile(_message.Message):
    __slots__ = ("id", "row", "col", "terrain", "resource_type", "resource_amount")
    ID_FIELD_NUMBER: _ClassVar[int]
    ROW_FIELD_NUMBER: _ClassVar[int]
    COL_FIELD_NUMBER: _ClassVar[int]
    TERRAIN_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_TYPE_FIELD_NUMBER: _ClassVar[int]
    RESOURCE_AMOUNT_FIELD_NUMBER: _ClassVar[int]
    id: int
    row: int
    col: int
    terrain: str
    resource_type: str
    resource_amount: int
    def __init__(self, id: _Optional[int] = ..., row: _Optional[int] = ..., col: _Optional[int] = ..., terrain: _Optional[str] = ..., resource_type: _Optional[str] = ..., resource_amount: _Optional[int] = ...) -> None: ...

class ListMapTilesResponse(_message.Message):
    __slots__ = ("items", "page", "page_size", "total", "etag", "last_modified")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    ETAG_FIELD_NUMBER: _ClassVar[int]
    LAST_MODIFIED_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[Tile]
    page: int
    page_size: int
    total: int
    etag: str
    last_modified: _timestamp_pb2.Timestamp
    def __init__(self, items: _Optional[_Iterable[_Union[Tile, _Mapping]]] = ..., page: _Optional[int] = ..., page_size: _Optional[int] = ..., total: _Optional[int] = ..., etag: _Optional[str] = ..., last_modified: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Game(_message.Message):
    __slots__ = ("id", "user_id", "map_id", "map_schema_version", "turn_no", "active_participant_id", "turn_in_progress", "status", "started_at", "finished_at", "last_turn_at", "rng_seed", "rng_version", "settings")
    ID_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    MAP_ID_FIELD_NUMBER: _ClassVar[int]
    MAP_SCHEMA_VERSION_FIELD_NUMBER: _ClassVar[int]
    TURN_NO_FIELD_NUMBER: _ClassVar[int]
    ACTIVE_PARTICIPANT_ID_FIELD_NUMBER: _ClassVar[int]
    TURN_IN_PROGRESS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_TURN_AT_FIELD_NUMBER: _ClassVar[int]
    RNG_SEED_FIELD_NUMBER: _ClassVar[int]
    RNG_VERSION_FIELD_NUMBER: _ClassVar[int]
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    id: int
    user_id: str
    map_id: int
    map_schema_version: int
    turn_no: int
    active_participant_id: int
    turn_in_progress: bool
    status: str
    started_at: _timestamp_pb2.Timestamp
    finished_at: _timestamp_pb2.Timestamp
    last_turn_at: _timestamp_pb2.Timestamp
    rng_seed: int
    rng_version: int
    settings: GameSettings
    def __init__(self, id: _Optional[int] = ..., user_id: _Optional[str] = ..., map_id: _Optional[int] = ..., map_schema_version: _Optional[int] = ..., turn_no: _Optional[int] = ..., active_participant_id: _Optional[int] = ..., turn_in_progress: _Optional[bool] = ..., status: _Optional[str] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_turn_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., rng_seed: _Optional[int] = ..., rng_version: _Optional[int] = ..., settings: _Optional[_Union[GameSettings, _Mapping]] = ...) -> None: ...

class GameSettings(_message.Message):
    __slots__ = ("difficulty", "seed")
    DIFFICULTY_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    difficulty: Difficulty
    seed: int
    def __init__(self, difficulty: _Optional[_Union[Difficulty, str]] = ..., seed: _Optional[int] = ...) -> None: ...

class ListGamesRequest(_message.Message):
    __slots__ = ("user_id", "status", "page")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    status: str
    page: Page
    def __init__(self, user_id: _Optional[str] = ..., status: _Optional[str] = ..., page: _Optional[_Union[Page, _Mapping]] = ...) -> None: ...

class ListGamesResponse(_message.Message):
    __slots__ = ("items", "page", "page_size", "total")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[Game]
    page: int
    page_size: int
    total: int
    def __init__(self, items: _Optional[_Iterable[_Union[Game, _Mapping]]] = ..., page: _Optional[int] = ..., page_size: _Optional[int] = ..., total: _Optional[int] = ...) -> None: ...

class CreateGameRequest(_message.Message):
    __slots__ = ("user_id", "map_code", "settings")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    MAP_CODE_FIELD_NUMBER: _ClassVar[int]
    SETTINGS_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    map_code: str
    settings: GameSettings
    def __init__(self, user_id: _Optional[str] = ..., map_code: _Optional[str] = ..., settings: _Optional[_Union[GameSettings, _Mapping]] = ...) -> None: ...

class GameState(_message.Message):
    __slots__ = ("json",)
    JSON_FIELD_NUMBER: _ClassVar[int]
    json: str
    def __init__(self, json: _Optional[str] = ...) -> None: ...

class CreateGameResponse(_message.Message):
    __slots__ = ("id", "state")
    ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    id: int
    state: GameState
    def __init__(self, id: _Optional[int] = ..., state: _Optional[_Union[GameState, _Mapping]] = ...) -> None: ...

class GameRef(_message.Message):
    __slots__ = ("user_id", "game_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    GAME_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    game_id: int
    def __init__(self, user_id: _Optional[str] = ..., game_id: _Optional[int] = ...) -> None: ...

class ListTurnsRequest(_message.Message):
    __slots__ = ("user_id", "game_id", "page")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    GAME_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    game_id: int
    page: Page
    def __init__(self, user_id: _Optional[str] = ..., game_id: _Optional[int] = ..., page: _Optional[_Union[Page, _Mapping]] = ...) -> None: ...

class Turn(_message.Message):
    __slots__ = ("id", "turn_no", "participant_id", "committed_at", "duration_ms", "summary_json")
    ID_FIELD_NUMBER: _ClassVar[int]
    TURN_NO_FIELD_NUMBER: _ClassVar[int]
    PARTICIPANT_ID_FIELD_NUMBER: _ClassVar[int]
    COMMITTED_AT_FIELD_NUMBER: _ClassVar[int]
    DURATION_MS_FIELD_NUMBER: _ClassVar[int]
    SUMMARY_JSON_FIELD_NUMBER: _ClassVar[int]
    id: int
    turn_no: int
    participant_id: int
    committed_at: _timestamp_pb2.Timestamp
    duration_ms: int
    summary_json: str
    def __init__(self, id: _Optional[int] = ..., turn_no: _Optional[int] = ..., participant_id: _Optional[int] = ..., committed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., duration_ms: _Optional[int] = ..., summary_json: _Optional[str] = ...) -> None: ...

class ListTurnsResponse(_message.Message):
    __slots__ = ("items", "page", "page_size", "total")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[Turn]
    page: int
    page_size: int
    total: int
    def __init__(self, items: _Optional[_Iterable[_Union[Turn, _Mapping]]] = ..., page: _Optional[int] = ..., page_size: _Optional[int] = ..., total: _Optional[int] = ...) -> None: ...

class Coord(_message.Message):
    __slots__ = ("row", "col")
    ROW_FIELD_NUMBER: _ClassVar[int]
    COL_FIELD_NUMBER: _ClassVar[int]
    row: int
    col: int
    def __init__(self, row: _Optional[int] = ..., col: _Optional[int] = ...) -> None: ...

class MoveRequest(_message.Message):
    __slots__ = ("user_id", "game_id", "unit_id", "to")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    GAME_ID_FIELD_NUMBER: _ClassVar[int]
    UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    game_id: int
    unit_id: int
    to: Coord
    def __init__(self, user_id: _Optional[str] = ..., game_id: _Optional[int] = ..., unit_id: _Optional[int] = ..., to: _Optional[_Union[Coord, _Mapping]] = ...) -> None: ...

class AttackRequest(_message.Message):
    __slots__ = ("user_id", "game_id", "attacker_unit_id", "target_unit_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    GAME_ID_FIELD_NUMBER: _ClassVar[int]
    ATTACKER_UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_UNIT_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    game_id: int
    attacker_unit_id: int
    target_unit_id: int
    def __init__(self, user_id: _Optional[str] = ..., game_id: _Optional[int] = ..., attacker_unit_id: _Optional[int] = ..., target_unit_id: _Optional[int] = ...) -> None: ...

class ActionResponse(_message.Message):
    __slots__ = ("state",)
    STATE_FIELD_NUMBER: _ClassVar[int]
    state: GameState
    def __init__(self, state: _Optional[_Union[GameState, _Mapping]] = ...) -> None: ...

class EndTurnResponse(_message.Message):
    __slots__ = ("state", "turn_summary_json", "autosave_id")
    STATE_FIELD_NUMBER: _ClassVar[int]
    TURN_SUMMARY_JSON_FIELD_NUMBER: _ClassVar[int]
    AUTOSAVE_ID_FIELD_NUMBER: _ClassVar[int]
    state: GameState
    turn_summary_json: str
    autosave_id: int
    def __init__(self, state: _Optional[_Union[GameState, _Mapping]] = ..., turn_summary_json: _Optional[str] = ..., autosave_id: _Optional[int] = ...) -> None: ...

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
    __slots__ = ("user_id", "game_id", "slot", "name")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    GAME_ID_FIELD_NUMBER: _ClassVar[int]
    SLOT_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    game_id: int
    slot: int
    name: str
    def __init__(self, user_id: _Optional[str] = ..., game_id: _Optional[int] = ..., slot: _Optional[int] = ..., name: _Optional[str] = ...) -> None: ...

class DeleteManualSaveRequest(_message.Message):
    __slots__ = ("user_id", "game_id", "slot")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    GAME_ID_FIELD_NUMBER: _ClassVar[int]
    SLOT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    game_id: int
    slot: int
    def __init__(self, user_id: _Optional[str] = ..., game_id: _Optional[int] = ..., slot: _Optional[int] = ...) -> None: ...

class LoadSaveRequest(_message.Message):
    __slots__ = ("user_id", "save_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    SAVE_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    save_id: int
    def __init__(self, user_id: _Optional[str] = ..., save_id: _Optional[int] = ...) -> None: ...

class LoadSaveResponse(_message.Message):
    __slots__ = ("game_id", "state")
    GAME_ID_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    game_id: int
    state: GameState
    def __init__(self, game_id: _Optional[int] = ..., state: _Optional[_Union[GameState, _Mapping]] = ...) -> None: ...

class AnalyticsEvent(_message.Message):
    __slots__ = ("event_type", "game_id", "turn_no", "occurred_at", "client_request_id", "payload_json", "has_game_id", "has_turn_no")
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    GAME_ID_FIELD_NUMBER: _ClassVar[int]
    TURN_NO_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    CLIENT_REQUEST_ID_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_JSON_FIELD_NUMBER: _ClassVar[int]
    HAS_GAME_ID_FIELD_NUMBER: _ClassVar[int]
    HAS_TURN_NO_FIELD_NUMBER: _ClassVar[int]
    event_type: str
    game_id: int
    turn_no: int
    occurred_at: _timestamp_pb2.Timestamp
    client_request_id: str
    payload_json: str
    has_game_id: bool
    has_turn_no: bool
    def __init__(self, event_type: _Optional[str] = ..., game_id: _Optional[int] = ..., turn_no: _Optional[int] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., client_request_id: _Optional[str] = ..., payload_json: _Optional[str] = ..., has_game_id: _Optional[bool] = ..., has_turn_no: _Optional[bool] = ...) -> None: ...

class AnalyticsBatchRequest(_message.Message):
    __slots__ = ("user_id", "events")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    events: _containers.RepeatedCompositeFieldContainer[AnalyticsEvent]
    def __init__(self, user_id: _Optional[str] = ..., events: _Optional[_Iterable[_Union[AnalyticsEvent, _Mapping]]] = ...) -> None: ...

class AnalyticsBatchResponse(_message.Message):
    __slots__ = ("accepted",)
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    accepted: int
    def __init__(self, accepted: _Optional[int] = ...) -> None: ...
