import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Resources(_message.Message):
    __slots__ = ("wood", "clay", "iron", "crop")
    WOOD_FIELD_NUMBER: _ClassVar[int]
    CLAY_FIELD_NUMBER: _ClassVar[int]
    IRON_FIELD_NUMBER: _ClassVar[int]
    CROP_FIELD_NUMBER: _ClassVar[int]
    wood: int
    clay: int
    iron: int
    crop: int
    def __init__(self, wood: _Optional[int] = ..., clay: _Optional[int] = ..., iron: _Optional[int] = ..., crop: _Optional[int] = ...) -> None: ...

class UnitCount(_message.Message):
    __slots__ = ("unit", "count")
    UNIT_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    unit: int
    count: int
    def __init__(self, unit: _Optional[int] = ..., count: _Optional[int] = ...) -> None: ...

class Building(_message.Message):
    __slots__ = ("id", "position", "building_type", "level", "is_upgrading", "upgrade_complete_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    BUILDING_TYPE_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    IS_UPGRADING_FIELD_NUMBER: _ClassVar[int]
    UPGRADE_COMPLETE_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    position: int
    building_type: int
    level: int
    is_upgrading: bool
    upgrade_complete_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., position: _Optional[int] = ..., building_type: _Optional[int] = ..., level: _Optional[int] = ..., is_upgrading: _Optional[bool] = ..., upgrade_complete_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class QueueItem(_message.Message):
    __slots__ = ("id", "position", "building_type", "target_level", "started_at", "complete_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    BUILDING_TYPE_FIELD_NUMBER: _ClassVar[int]
    TARGET_LEVEL_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    position: int
    building_type: int
    target_level: int
    started_at: _timestamp_pb2.Timestamp
    complete_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., position: _Optional[int] = ..., building_type: _Optional[int] = ..., target_level: _Optional[int] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., complete_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TrainingItem(_message.Message):
    __slots__ = ("id", "unit", "count", "done", "next_at", "complete_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    DONE_FIELD_NUMBER: _ClassVar[int]
    NEXT_AT_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    unit: int
    count: int
    done: int
    next_at: _timestamp_pb2.Timestamp
    complete_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., unit: _Optional[int] = ..., count: _Optional[int] = ..., done: _Optional[int] = ..., next_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., complete_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Production(_message.Message):
    __slots__ = ("wood", "clay", "iron", "crop", "crop_consumption", "net_crop")
    WOOD_FIELD_NUMBER: _ClassVar[int]
    CLAY_FIELD_NUMBER: _ClassVar[int]
    IRON_FIELD_NUMBER: _ClassVar[int]
    CROP_FIELD_NUMBER: _ClassVar[int]
    CROP_CONSUMPTION_FIELD_NUMBER: _ClassVar[int]
    NET_CROP_FIELD_NUMBER: _ClassVar[int]
    wood: int
    clay: int
    iron: int
    crop: int
    crop_consumption: int
    net_crop: int
    def __init__(self, wood: _Optional[int] = ..., clay: _Optional[int] = ..., iron: _Optional[int] = ..., crop: _Optional[int] = ..., crop_consumption: _Optional[int] = ..., net_crop: _Optional[int] = ...) -> None: ...

class Village(_message.Message):
    __slots__ = ("id", "owner_id", "name", "x", "y", "is_capital", "tribe", "population", "loyalty", "culture_points", "resources", "warehouse", "granary", "production", "buildings", "build_queue", "troops", "training_queue")
    ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    IS_CAPITAL_FIELD_NUMBER: _ClassVar[int]
    TRIBE_FIELD_NUMBER: _ClassVar[int]
    POPULATION_FIELD_NUMBER: _ClassVar[int]
    LOYALTY_FIELD_NUMBER: _ClassVar[int]
    CULTURE_POINTS_FIELD_NUMBER: _ClassVar[int]
    RESOURCES_FIELD_NUMBER: _ClassVar[int]
    WAREHOUSE_FIELD_NUMBER: _ClassVar[int]
    GRANARY_FIELD_NUMBER: _ClassVar[int]
    PRODUCTION_FIELD_NUMBER: _ClassVar[int]
    BUILDINGS_FIELD_NUMBER: _ClassVar[int]
    BUILD_QUEUE_FIELD_NUMBER: _ClassVar[int]
    TROOPS_FIELD_NUMBER: _ClassVar[int]
    TRAINING_QUEUE_FIELD_NUMBER: _ClassVar[int]
    id: str
    owner_id: str
    name: str
    x: int
    y: int
    is_capital: bool
    tribe: int
    population: int
    loyalty: int
    culture_points: int
    resources: Resources
    warehouse: int
    granary: int
    production: Production
    buildings: _containers.RepeatedCompositeFieldContainer[Building]
    build_queue: _containers.RepeatedCompositeFieldContainer[QueueItem]
    troops: _containers.RepeatedCompositeFieldContainer[UnitCount]
    training_queue: _containers.RepeatedCompositeFieldContainer[TrainingItem]
    def __init__(self, id: _Optional[str] = ..., owner_id: _Optional[str] = ..., name: _Optional[str] = ..., x: _Optional[int] = ..., y: _Optional[int] = ..., is_capital: _Optional[bool] = ..., tribe: _Optional[int] = ..., population: _Optional[int] = ..., loyalty: _Optional[int] = ..., culture_points: _Optional[int] = ..., resources: _Optional[_Union[Resources, _Mapping]] = ..., warehouse: _Optional[int] = ..., granary: _Optional[int] = ..., production: _Optional[_Union[Production, _Mapping]] = ..., buildings: _Optional[_Iterable[_Union[Building, _Mapping]]] = ..., build_queue: _Optional[_Iterable[_Union[QueueItem, _Mapping]]] = ..., troops: _Optional[_Iterable[_Union[UnitCount, _Mapping]]] = ..., training_queue: _Optional[_Iterable[_Union[TrainingItem, _Mapping]]] = ...) -> None: ...

class CreateCapitalRequest(_message.Message):
    __slots__ = ("user_id", "username", "tribe")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    TRIBE_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    username: str
    tribe: int
    def __init__(self, user_id: _Optional[str] = ..., username: _Optional[str] = ..., tribe: _Optional[int] = ...) -> None: ...

class ListVillagesRequest(_message.Message):
    __slots__ = ("user_id",)
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    def __init__(self, user_id: _Optional[str] = ...) -> None: ...

class ListVillagesResponse(_message.Message):
    __slots__ = ("villages",)
    VILLAGES_FIELD_NUMBER: _ClassVar[int]
    villages: _containers.RepeatedCompositeFieldContainer[Village]
    def __init__(self, villages: _Optional[_Iterable[_Union[Village, _Mapping]]] = ...) -> None: ...

class GetVillageRequest(_message.Message):
    __slots__ = ("user_id", "village_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    village_id: str
    def __init__(self, user_id: _Optional[str] = ..., village_id: _Optional[str] = ...) -> None: ...

class RenameVillageRequest(_message.Message):
    __slots__ = ("user_id", "village_id", "name")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    village_id: str
    name: str
    def __init__(self, user_id: _Optional[str] = ..., village_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class UpgradeBuildingRequest(_message.Message):
    __slots__ = ("user_id", "village_id", "building_type", "position")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    BUILDING_TYPE_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    village_id: str
    building_type: int
    position: int
    def __init__(self, user_id: _Optional[str] = ..., village_id: _Optional[str] = ..., building_type: _Optional[int] = ..., position: _Optional[int] = ...) -> None: ...

class UpgradeBuildingResponse(_message.Message):
    __slots__ = ("message", "complete_at")
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_AT_FIELD_NUMBER: _ClassVar[int]
    message: str
    complete_at: _timestamp_pb2.Timestamp
    def __init__(self, message: _Optional[str] = ..., complete_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CancelBuildingRequest(_message.Message):
    __slots__ = ("user_id", "village_id", "building_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    BUILDING_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    village_id: str
    building_id: str
    def __init__(self, user_id: _Optional[str] = ..., village_id: _Optional[str] = ..., building_id: _Optional[str] = ...) -> None: ...

class CancelBuildingResponse(_message.Message):
    __slots__ = ("message", "resources_refunded")
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    RESOURCES_REFUNDED_FIELD_NUMBER: _ClassVar[int]
    message: str
    resources_refunded: Resources
    def __init__(self, message: _Optional[str] = ..., resources_refunded: _Optional[_Union[Resources, _Mapping]] = ...) -> None: ...

class FoundVillageRequest(_message.Message):
    __slots__ = ("user_id", "x", "y", "from_village_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    FROM_VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    x: int
    y: int
    from_village_id: str
    def __init__(self, user_id: _Optional[str] = ..., x: _Optional[int] = ..., y: _Optional[int] = ..., from_village_id: _Optional[str] = ...) -> None: ...

class FoundVillageResponse(_message.Message):
    __slots__ = ("message", "village_id", "coordinates")
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    COORDINATES_FIELD_NUMBER: _ClassVar[int]
    message: str
    village_id: str
    coordinates: str
    def __init__(self, message: _Optional[str] = ..., village_id: _Optional[str] = ..., coordinates: _Optional[str] = ...) -> None: ...

class TrainTroopsRequest(_message.Message):
    __slots__ = ("user_id", "village_id", "unit", "count")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    village_id: str
    unit: int
    count: int
    def __init__(self, user_id: _Optional[str] = ..., village_id: _Optional[str] = ..., unit: _Optional[int] = ..., count: _Optional[int] = ...) -> None: ...

class TrainTroopsResponse(_message.Message):
    __slots__ = ("message", "item")
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ITEM_FIELD_NUMBER: _ClassVar[int]
    message: str
    item: TrainingItem
    def __init__(self, message: _Optional[str] = ..., item: _Optional[_Union[TrainingItem, _Mapping]] = ...) -> None: ...

class Reinforcement(_message.Message):
    __slots__ = ("from_village_id", "owner_id", "units")
    FROM_VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    from_village_id: str
    owner_id: str
    units: _containers.RepeatedCompositeFieldContainer[UnitCount]
    def __init__(self, from_village_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., units: _Optional[_Iterable[_Union[UnitCount, _Mapping]]] = ...) -> None: ...

class TroopsOverview(_message.Message):
    __slots__ = ("home", "reinforcements", "training_queue")
    HOME_FIELD_NUMBER: _ClassVar[int]
    REINFORCEMENTS_FIELD_NUMBER: _ClassVar[int]
    TRAINING_QUEUE_FIELD_NUMBER: _ClassVar[int]
    home: _containers.RepeatedCompositeFieldContainer[UnitCount]
    reinforcements: _containers.RepeatedCompositeFieldContainer[Reinforcement]
    training_queue: _containers.RepeatedCompositeFieldContainer[TrainingItem]
    def __init__(self, home: _Optional[_Iterable[_Union[UnitCount, _Mapping]]] = ..., reinforcements: _Optional[_Iterable[_Union[Reinforcement, _Mapping]]] = ..., training_queue: _Optional[_Iterable[_Union[TrainingItem, _Mapping]]] = ...) -> None: ...

class GetMapRequest(_message.Message):
    __slots__ = ("x", "y", "radius")
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    RADIUS_FIELD_NUMBER: _ClassVar[int]
    x: int
    y: int
    radius: int
    def __init__(self, x: _Optional[int] = ..., y: _Optional[int] = ..., radius: _Optional[int] = ...) -> None: ...

class MapSquare(_message.Message):
    __slots__ = ("x", "y", "kind", "village_id", "village_name", "owner_id", "population", "oasis_type")
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_NAME_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    POPULATION_FIELD_NUMBER: _ClassVar[int]
    OASIS_TYPE_FIELD_NUMBER: _ClassVar[int]
    x: int
    y: int
    kind: str
    village_id: str
    village_name: str
    owner_id: str
    population: int
    oasis_type: str
    def __init__(self, x: _Optional[int] = ..., y: _Optional[int] = ..., kind: _Optional[str] = ..., village_id: _Optional[str] = ..., village_name: _Optional[str] = ..., owner_id: _Optional[str] = ..., population: _Optional[int] = ..., oasis_type: _Optional[str] = ...) -> None: ...

class MapSquares(_message.Message):
    __slots__ = ("squares",)
    SQUARES_FIELD_NUMBER: _ClassVar[int]
    squares: _containers.RepeatedCompositeFieldContainer[MapSquare]
    def __init__(self, squares: _Optional[_Iterable[_Union[MapSquare, _Mapping]]] = ...) -> None: ...

class SendTroopsRequest(_message.Message):
    __slots__ = ("user_id", "from_village_id", "to_x", "to_y", "movement_type", "units", "catapult_targets")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    FROM_VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    TO_X_FIELD_NUMBER: _ClassVar[int]
    TO_Y_FIELD_NUMBER: _ClassVar[int]
    MOVEMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    CATAPULT_TARGETS_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    from_village_id: str
    to_x: int
    to_y: int
    movement_type: str
    units: _containers.RepeatedCompositeFieldContainer[UnitCount]
    catapult_targets: _containers.RepeatedScalarFieldContainer[int]
    def __init__(self, user_id: _Optional[str] = ..., from_village_id: _Optional[str] = ..., to_x: _Optional[int] = ..., to_y: _Optional[int] = ..., movement_type: _Optional[str] = ..., units: _Optional[_Iterable[_Union[UnitCount, _Mapping]]] = ..., catapult_targets: _Optional[_Iterable[int]] = ...) -> None: ...

class Movement(_message.Message):
    __slots__ = ("id", "movement_type", "from_village_id", "to_x", "to_y", "to_village_id", "units", "departed_at", "arrives_at", "direction", "state")
    ID_FIELD_NUMBER: _ClassVar[int]
    MOVEMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    FROM_VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    TO_X_FIELD_NUMBER: _ClassVar[int]
    TO_Y_FIELD_NUMBER: _ClassVar[int]
    TO_VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    DEPARTED_AT_FIELD_NUMBER: _ClassVar[int]
    ARRIVES_AT_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    id: str
    movement_type: str
    from_village_id: str
    to_x: int
    to_y: int
    to_village_id: str
    units: _containers.RepeatedCompositeFieldContainer[UnitCount]
    departed_at: _timestamp_pb2.Timestamp
    arrives_at: _timestamp_pb2.Timestamp
    direction: str
    state: str
    def __init__(self, id: _Optional[str] = ..., movement_type: _Optional[str] = ..., from_village_id: _Optional[str] = ..., to_x: _Optional[int] = ..., to_y: _Optional[int] = ..., to_village_id: _Optional[str] = ..., units: _Optional[_Iterable[_Union[UnitCount, _Mapping]]] = ..., departed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., arrives_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., direction: _Optional[str] = ..., state: _Optional[str] = ...) -> None: ...

class ListMovementsRequest(_message.Message):
    __slots__ = ("user_id", "village_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    village_id: str
    def __init__(self, user_id: _Optional[str] = ..., village_id: _Optional[str] = ...) -> None: ...

class ListMovementsResponse(_message.Message):
    __slots__ = ("incoming", "outgoing")
    INCOMING_FIELD_NUMBER: _ClassVar[int]
    OUTGOING_FIELD_NUMBER: _ClassVar[int]
    incoming: _containers.RepeatedCompositeFieldContainer[Movement]
    outgoing: _containers.RepeatedCompositeFieldContainer[Movement]
    def __init__(self, incoming: _Optional[_Iterable[_Union[Movement, _Mapping]]] = ..., outgoing: _Optional[_Iterable[_Union[Movement, _Mapping]]] = ...) -> None: ...

class ListRankingsRequest(_message.Message):
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

class RankingRow(_message.Message):
    __slots__ = ("rank", "player_id", "player", "villages", "population")
    RANK_FIELD_NUMBER: _ClassVar[int]
    PLAYER_ID_FIELD_NUMBER: _ClassVar[int]
    PLAYER_FIELD_NUMBER: _ClassVar[int]
    VILLAGES_FIELD_NUMBER: _ClassVar[int]
    POPULATION_FIELD_NUMBER: _ClassVar[int]
    rank: int
    player_id: str
    player: str
    villages: int
    population: int
    def __init__(self, rank: _Optional[int] = ..., player_id: _Optional[str] = ..., player: _Optional[str] = ..., villages: _Optional[int] = ..., population: _Optional[int] = ...) -> None: ...

class ListRankingsResponse(_message.Message):
    __slots__ = ("items", "page", "page_size", "total")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[RankingRow]
    page: int
    page_size: int
    total: int
    def __init__(self, items: _Optional[_Iterable[_Union[RankingRow, _Mapping]]] = ..., page: _Optional[int] = ..., page_size: _Optional[int] = ..., total: _Optional[int] = ...) -> None: ...

class VillageFounded(_message.Message):
    __slots__ = ("village_id", "owner_id", "x", "y")
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    village_id: str
    owner_id: str
    x: int
    y: int
    def __init__(self, village_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., x: _Optional[int] = ..., y: _Optional[int] = ...) -> None: ...

class VillageUpdate(_message.Message):
    __slots__ = ("village_id", "owner_id", "event", "data_json")
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    DATA_JSON_FIELD_NUMBER: _ClassVar[int]
    village_id: str
    owner_id: str
    event: str
    data_json: str
    def __init__(self, village_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., event: _Optional[str] = ..., data_json: _Optional[str] = ...) -> None: ...
