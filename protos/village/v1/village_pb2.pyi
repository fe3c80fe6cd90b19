import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from protos.common.v1 import common_pb2 as _common_pb2
from protos.village.v1 import hero_merchants_pb2 as _hero_merchants_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

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
    building_type: _common_pb2.BuildingType
    level: int
    is_upgrading: bool
    upgrade_complete_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., position: _Optional[int] = ..., building_type: _Optional[_Union[_common_pb2.BuildingType, str]] = ..., level: _Optional[int] = ..., is_upgrading: _Optional[bool] = ..., upgrade_complete_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

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
    building_type: _common_pb2.BuildingType
    target_level: int
    started_at: _timestamp_pb2.Timestamp
    complete_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., position: _Optional[int] = ..., building_type: _Optional[_Union[_common_pb2.BuildingType, str]] = ..., target_level: _Optional[int] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., complete_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class TrainingItem(_message.Message):
    __slots__ = ("id", "unit", "count", "done", "building", "next_at", "complete_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    DONE_FIELD_NUMBER: _ClassVar[int]
    BUILDING_FIELD_NUMBER: _ClassVar[int]
    NEXT_AT_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    unit: _common_pb2.UnitType
    count: int
    done: int
    building: _common_pb2.BuildingType
    next_at: _timestamp_pb2.Timestamp
    complete_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., unit: _Optional[_Union[_common_pb2.UnitType, str]] = ..., count: _Optional[int] = ..., done: _Optional[int] = ..., building: _Optional[_Union[_common_pb2.BuildingType, str]] = ..., next_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., complete_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ResearchItem(_message.Message):
    __slots__ = ("id", "kind", "unit", "level", "started_at", "complete_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    kind: str
    unit: _common_pb2.UnitType
    level: int
    started_at: _timestamp_pb2.Timestamp
    complete_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., kind: _Optional[str] = ..., unit: _Optional[_Union[_common_pb2.UnitType, str]] = ..., level: _Optional[int] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., complete_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class SmithyLevel(_message.Message):
    __slots__ = ("unit", "weapons", "armour")
    UNIT_FIELD_NUMBER: _ClassVar[int]
    WEAPONS_FIELD_NUMBER: _ClassVar[int]
    ARMOUR_FIELD_NUMBER: _ClassVar[int]
    unit: _common_pb2.UnitType
    weapons: int
    armour: int
    def __init__(self, unit: _Optional[_Union[_common_pb2.UnitType, str]] = ..., weapons: _Optional[int] = ..., armour: _Optional[int] = ...) -> None: ...

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
    __slots__ = ("id", "owner_id", "name", "x", "y", "is_capital", "tribe", "population", "loyalty", "culture_points", "resources", "warehouse", "granary", "production", "buildings", "build_queue", "troops", "training_queue", "research_queue", "researched", "smithy", "settled_at", "inactive", "founding", "founded_at", "protection_ends_at")
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
    RESEARCH_QUEUE_FIELD_NUMBER: _ClassVar[int]
    RESEARCHED_FIELD_NUMBER: _ClassVar[int]
    SMITHY_FIELD_NUMBER: _ClassVar[int]
    SETTLED_AT_FIELD_NUMBER: _ClassVar[int]
    INACTIVE_FIELD_NUMBER: _ClassVar[int]
    FOUNDING_FIELD_NUMBER: _ClassVar[int]
    FOUNDED_AT_FIELD_NUMBER: _ClassVar[int]
    PROTECTION_ENDS_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    owner_id: str
    name: str
    x: int
    y: int
    is_capital: bool
    tribe: _common_pb2.Tribe
    population: int
    loyalty: int
    culture_points: int
    resources: _common_pb2.Resources
    warehouse: int
    granary: int
    production: Production
    buildings: _containers.RepeatedCompositeFieldContainer[Building]
    build_queue: _containers.RepeatedCompositeFieldContainer[QueueItem]
    troops: _containers.RepeatedCompositeFieldContainer[_common_pb2.UnitCount]
    training_queue: _containers.RepeatedCompositeFieldContainer[TrainingItem]
    research_queue: _containers.RepeatedCompositeFieldContainer[ResearchItem]
    researched: _containers.RepeatedScalarFieldContainer[_common_pb2.UnitType]
    smithy: _containers.RepeatedCompositeFieldContainer[SmithyLevel]
    settled_at: _timestamp_pb2.Timestamp
    inactive: bool
    founding: bool
    founded_at: _timestamp_pb2.Timestamp
    protection_ends_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., owner_id: _Optional[str] = ..., name: _Optional[str] = ..., x: _Optional[int] = ..., y: _Optional[int] = ..., is_capital: _Optional[bool] = ..., tribe: _Optional[_Union[_common_pb2.Tribe, str]] = ..., population: _Optional[int] = ..., loyalty: _Optional[int] = ..., culture_points: _Optional[int] = ..., resources: _Optional[_Union[_common_pb2.Resources, _Mapping]] = ..., warehouse: _Optional[int] = ..., granary: _Optional[int] = ..., production: _Optional[_Union[Production, _Mapping]] = ..., buildings: _Optional[_Iterable[_Union[Building, _Mapping]]] = ..., build_queue: _Optional[_Iterable[_Union[QueueItem, _Mapping]]] = ..., troops: _Optional[_Iterable[_Union[_common_pb2.UnitCount, _Mapping]]] = ..., training_queue: _Optional[_Iterable[_Union[TrainingItem, _Mapping]]] = ..., research_queue: _Optional[_Iterable[_Union[ResearchItem, _Mapping]]] = ..., researched: _Optional[_Iterable[_Union[_common_pb2.UnitType, str]]] = ..., smithy: _Optional[_Iterable[_Union[SmithyLevel, _Mapping]]] = ..., settled_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., inactive: _Optional[bool] = ..., founding: _Optional[bool] = ..., founded_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., protection_ends_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class CreateCapitalRequest(_message.Message):
    __slots__ = ("user_id", "username", "tribe")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    USERNAME_FIELD_NUMBER: _ClassVar[int]
    TRIBE_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    username: str
    tribe: _common_pb2.Tribe
    def __init__(self, user_id: _Optional[str] = ..., username: _Optional[str] = ..., tribe: _Optional[_Union[_common_pb2.Tribe, str]] = ...) -> None: ...

class ListVillagesRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListVillagesResponse(_message.Message):
    __slots__ = ("villages",)
    VILLAGES_FIELD_NUMBER: _ClassVar[int]
    villages: _containers.RepeatedCompositeFieldContainer[Village]
    def __init__(self, villages: _Optional[_Iterable[_Union[Village, _Mapping]]] = ...) -> None: ...

class VillageRef(_message.Message):
    __slots__ = ("village_id",)
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    village_id: str
    def __init__(self, village_id: _Optional[str] = ...) -> None: ...

class RenameVillageRequest(_message.Message):
    __slots__ = ("village_id", "name")
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    village_id: str
    name: str
    def __init__(self, village_id: _Optional[str] = ..., name: _Optional[str] = ...) -> None: ...

class UpgradeBuildingRequest(_message.Message):
    __slots__ = ("village_id", "building_type", "position")
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    BUILDING_TYPE_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    village_id: str
    building_type: _common_pb2.BuildingType
    position: int
    def __init__(self, village_id: _Optional[str] = ..., building_type: _Optional[_Union[_common_pb2.BuildingType, str]] = ..., position: _Optional[int] = ...) -> None: ...

class UpgradeBuildingResponse(_message.Message):
    __slots__ = ("message", "complete_at", "job_id")
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    COMPLETE_AT_FIELD_NUMBER: _ClassVar[int]
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    message: str
    complete_at: _timestamp_pb2.Timestamp
    job_id: str
    def __init__(self, message: _Optional[str] = ..., complete_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., job_id: _Optional[str] = ...) -> None: ...

class CancelBuildingRequest(_message.Message):
    __slots__ = ("village_id", "building_id")
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    BUILDING_ID_FIELD_NUMBER: _ClassVar[int]
    village_id: str
    building_id: str
    def __init__(self, village_id: _Optional[str] = ..., building_id: _Optional[str] = ...) -> None: ...

class CancelBuildingResponse(_message.Message):
    __slots__ = ("message", "resources_refunded")
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    RESOURCES_REFUNDED_FIELD_NUMBER: _ClassVar[int]
    message: str
    resources_refunded: _common_pb2.Resources
    def __init__(self, message: _Optional[str] = ..., resources_refunded: _Optional[_Union[_common_pb2.Resources, _Mapping]] = ...) -> None: ...

class TrainTroopsRequest(_message.Message):
    __slots__ = ("village_id", "unit", "count", "great")
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    GREAT_FIELD_NUMBER: _ClassVar[int]
    village_id: str
    unit: _common_pb2.UnitType
    count: int
    great: bool
    def __init__(self, village_id: _Optional[str] = ..., unit: _Optional[_Union[_common_pb2.UnitType, str]] = ..., count: _Optional[int] = ..., great: _Optional[bool] = ...) -> None: ...

class TrainTroopsResponse(_message.Message):
    __slots__ = ("message", "item")
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ITEM_FIELD_NUMBER: _ClassVar[int]
    message: str
    item: TrainingItem
    def __init__(self, message: _Optional[str] = ..., item: _Optional[_Union[TrainingItem, _Mapping]] = ...) -> None: ...

class TroopsOverview(_message.Message):
    __slots__ = ("home", "training_queue", "elsewhere", "here")
    HOME_FIELD_NUMBER: _ClassVar[int]
    TRAINING_QUEUE_FIELD_NUMBER: _ClassVar[int]
    ELSEWHERE_FIELD_NUMBER: _ClassVar[int]
    HERE_FIELD_NUMBER: _ClassVar[int]
    home: _containers.RepeatedCompositeFieldContainer[_common_pb2.UnitCount]
    training_queue: _containers.RepeatedCompositeFieldContainer[TrainingItem]
    elsewhere: _containers.RepeatedCompositeFieldContainer[TroopsAway]
    here: _containers.RepeatedCompositeFieldContainer[TroopsAway]
    def __init__(self, home: _Optional[_Iterable[_Union[_common_pb2.UnitCount, _Mapping]]] = ..., training_queue: _Optional[_Iterable[_Union[TrainingItem, _Mapping]]] = ..., elsewhere: _Optional[_Iterable[_Union[TroopsAway, _Mapping]]] = ..., here: _Optional[_Iterable[_Union[TroopsAway, _Mapping]]] = ...) -> None: ...

class TroopsAway(_message.Message):
    __slots__ = ("kind", "units", "village_id", "x", "y", "arrives_at")
    KIND_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    ARRIVES_AT_FIELD_NUMBER: _ClassVar[int]
    kind: str
    units: _containers.RepeatedCompositeFieldContainer[_common_pb2.UnitCount]
    village_id: str
    x: int
    y: int
    arrives_at: _timestamp_pb2.Timestamp
    def __init__(self, kind: _Optional[str] = ..., units: _Optional[_Iterable[_Union[_common_pb2.UnitCount, _Mapping]]] = ..., village_id: _Optional[str] = ..., x: _Optional[int] = ..., y: _Optional[int] = ..., arrives_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ResearchRequest(_message.Message):
    __slots__ = ("village_id", "unit")
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    village_id: str
    unit: _common_pb2.UnitType
    def __init__(self, village_id: _Optional[str] = ..., unit: _Optional[_Union[_common_pb2.UnitType, str]] = ...) -> None: ...

class SmithyRequest(_message.Message):
    __slots__ = ("village_id", "unit", "kind")
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    village_id: str
    unit: _common_pb2.UnitType
    kind: str
    def __init__(self, village_id: _Optional[str] = ..., unit: _Optional[_Union[_common_pb2.UnitType, str]] = ..., kind: _Optional[str] = ...) -> None: ...

class ResearchResponse(_message.Message):
    __slots__ = ("message", "item")
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    ITEM_FIELD_NUMBER: _ClassVar[int]
    message: str
    item: ResearchItem
    def __init__(self, message: _Optional[str] = ..., item: _Optional[_Union[ResearchItem, _Mapping]] = ...) -> None: ...

class FoundVillageRequest(_message.Message):
    __slots__ = ("x", "y", "from_village_id")
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    FROM_VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    x: int
    y: int
    from_village_id: str
    def __init__(self, x: _Optional[int] = ..., y: _Optional[int] = ..., from_village_id: _Optional[str] = ...) -> None: ...

class FoundVillageResponse(_message.Message):
    __slots__ = ("message", "village_id", "coordinates", "arrives_at")
    MESSAGE_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    COORDINATES_FIELD_NUMBER: _ClassVar[int]
    ARRIVES_AT_FIELD_NUMBER: _ClassVar[int]
    message: str
    village_id: str
    coordinates: str
    arrives_at: _timestamp_pb2.Timestamp
    def __init__(self, message: _Optional[str] = ..., village_id: _Optional[str] = ..., coordinates: _Optional[str] = ..., arrives_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetMapRequest(_message.Message):
    __slots__ = ("x", "y", "radius")
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    RADIUS_FIELD_NUMBER: _ClassVar[int]
    x: int
    y: int
    radius: int
    def __init__(self, x: _Optional[int] = ..., y: _Optional[int] = ..., radius: _Optional[int] = ...) -> None: ...

class MapVillage(_message.Message):
    __slots__ = ("id", "name", "owner_id", "owner_name", "tribe", "population", "inactive", "founding", "protection_ends_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_NAME_FIELD_NUMBER: _ClassVar[int]
    TRIBE_FIELD_NUMBER: _ClassVar[int]
    POPULATION_FIELD_NUMBER: _ClassVar[int]
    INACTIVE_FIELD_NUMBER: _ClassVar[int]
    FOUNDING_FIELD_NUMBER: _ClassVar[int]
    PROTECTION_ENDS_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    owner_id: str
    owner_name: str
    tribe: _common_pb2.Tribe
    population: int
    inactive: bool
    founding: bool
    protection_ends_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., owner_id: _Optional[str] = ..., owner_name: _Optional[str] = ..., tribe: _Optional[_Union[_common_pb2.Tribe, str]] = ..., population: _Optional[int] = ..., inactive: _Optional[bool] = ..., founding: _Optional[bool] = ..., protection_ends_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MapSquare(_message.Message):
    __slots__ = ("x", "y", "kind", "layout", "oasis_type", "oasis_bonus", "animals", "village", "oasis_owner_village_id")
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    LAYOUT_FIELD_NUMBER: _ClassVar[int]
    OASIS_TYPE_FIELD_NUMBER: _ClassVar[int]
    OASIS_BONUS_FIELD_NUMBER: _ClassVar[int]
    ANIMALS_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_FIELD_NUMBER: _ClassVar[int]
    OASIS_OWNER_VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    x: int
    y: int
    kind: str
    layout: str
    oasis_type: str
    oasis_bonus: _common_pb2.Resources
    animals: _containers.RepeatedCompositeFieldContainer[_common_pb2.UnitCount]
    village: MapVillage
    oasis_owner_village_id: str
    def __init__(self, x: _Optional[int] = ..., y: _Optional[int] = ..., kind: _Optional[str] = ..., layout: _Optional[str] = ..., oasis_type: _Optional[str] = ..., oasis_bonus: _Optional[_Union[_common_pb2.Resources, _Mapping]] = ..., animals: _Optional[_Iterable[_Union[_common_pb2.UnitCount, _Mapping]]] = ..., village: _Optional[_Union[MapVillage, _Mapping]] = ..., oasis_owner_village_id: _Optional[str] = ...) -> None: ...

class MapSquares(_message.Message):
    __slots__ = ("squares",)
    SQUARES_FIELD_NUMBER: _ClassVar[int]
    squares: _containers.RepeatedCompositeFieldContainer[MapSquare]
    def __init__(self, squares: _Optional[_Iterable[_Union[MapSquare, _Mapping]]] = ...) -> None: ...

class ListRankingsRequest(_message.Message):
    __slots__ = ("page",)
    PAGE_FIELD_NUMBER: _ClassVar[int]
    page: _common_pb2.PageRequest
    def __init__(self, page: _Optional[_Union[_common_pb2.PageRequest, _Mapping]] = ...) -> None: ...

class RankingRow(_message.Message):
    __slots__ = ("rank", "player_id", "player", "villages", "population", "inactive")
    RANK_FIELD_NUMBER: _ClassVar[int]
    PLAYER_ID_FIELD_NUMBER: _ClassVar[int]
    PLAYER_FIELD_NUMBER: _ClassVar[int]
    VILLAGES_FIELD_NUMBER: _ClassVar[int]
    POPULATION_FIELD_NUMBER: _ClassVar[int]
    INACTIVE_FIELD_NUMBER: _ClassVar[int]
    rank: int
    player_id: str
    player: str
    villages: int
    population: int
    inactive: bool
    def __init__(self, rank: _Optional[int] = ..., player_id: _Optional[str] = ..., player: _Optional[str] = ..., villages: _Optional[int] = ..., population: _Optional[int] = ..., inactive: _Optional[bool] = ...) -> None: ...

class ListRankingsResponse(_message.Message):
    __slots__ = ("items", "page")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[RankingRow]
    page: _common_pb2.PageInfo
    def __init__(self, items: _Optional[_Iterable[_Union[RankingRow, _Mapping]]] = ..., page: _Optional[_Union[_common_pb2.PageInfo, _Mapping]] = ...) -> None: ...
