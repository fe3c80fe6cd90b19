import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from protos.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SimArmy(_message.Message):
    __slots__ = ("tribe", "units")
    TRIBE_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    tribe: _common_pb2.Tribe
    units: _containers.RepeatedCompositeFieldContainer[_common_pb2.UnitCount]
    def __init__(self, tribe: _Optional[_Union[_common_pb2.Tribe, str]] = ..., units: _Optional[_Iterable[_Union[_common_pb2.UnitCount, _Mapping]]] = ...) -> None: ...

class SimulateRequest(_message.Message):
    __slots__ = ("attacker", "defender", "wall_level", "attack_type")
    ATTACKER_FIELD_NUMBER: _ClassVar[int]
    DEFENDER_FIELD_NUMBER: _ClassVar[int]
    WALL_LEVEL_FIELD_NUMBER: _ClassVar[int]
    ATTACK_TYPE_FIELD_NUMBER: _ClassVar[int]
    attacker: SimArmy
    defender: SimArmy
    wall_level: int
    attack_type: str
    def __init__(self, attacker: _Optional[_Union[SimArmy, _Mapping]] = ..., defender: _Optional[_Union[SimArmy, _Mapping]] = ..., wall_level: _Optional[int] = ..., attack_type: _Optional[str] = ...) -> None: ...

class SimulateResponse(_message.Message):
    __slots__ = ("winner", "attacker_losses", "defender_losses")
    WINNER_FIELD_NUMBER: _ClassVar[int]
    ATTACKER_LOSSES_FIELD_NUMBER: _ClassVar[int]
    DEFENDER_LOSSES_FIELD_NUMBER: _ClassVar[int]
    winner: str
    attacker_losses: _containers.RepeatedCompositeFieldContainer[_common_pb2.UnitCount]
    defender_losses: _containers.RepeatedCompositeFieldContainer[_common_pb2.UnitCount]
    def __init__(self, winner: _Optional[str] = ..., attacker_losses: _Optional[_Iterable[_Union[_common_pb2.UnitCount, _Mapping]]] = ..., defender_losses: _Optional[_Iterable[_Union[_common_pb2.UnitCount, _Mapping]]] = ...) -> None: ...

class Army(_message.Message):
    __slots__ = ("owner_id", "village_id", "tribe", "units")
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    TRIBE_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    owner_id: str
    village_id: str
    tribe: _common_pb2.Tribe
    units: _containers.RepeatedCompositeFieldContainer[_common_pb2.UnitCount]
    def __init__(self, owner_id: _Optional[str] = ..., village_id: _Optional[str] = ..., tribe: _Optional[_Union[_common_pb2.Tribe, str]] = ..., units: _Optional[_Iterable[_Union[_common_pb2.UnitCount, _Mapping]]] = ...) -> None: ...

class ResolveRequest(_message.Message):
    __slots__ = ("battle_id", "attack_type", "attacker", "defenders", "wall_level", "residence_level", "attacker_population", "defender_population", "catapult_targets", "rally_point_level", "seed", "stock", "cranny_capacity", "occurred_at")
    BATTLE_ID_FIELD_NUMBER: _ClassVar[int]
    ATTACK_TYPE_FIELD_NUMBER: _ClassVar[int]
    ATTACKER_FIELD_NUMBER: _ClassVar[int]
    DEFENDERS_FIELD_NUMBER: _ClassVar[int]
    WALL_LEVEL_FIELD_NUMBER: _ClassVar[int]
    RESIDENCE_LEVEL_FIELD_NUMBER: _ClassVar[int]
    ATTACKER_POPULATION_FIELD_NUMBER: _ClassVar[int]
    DEFENDER_POPULATION_FIELD_NUMBER: _ClassVar[int]
    CATAPULT_TARGETS_FIELD_NUMBER: _ClassVar[int]
    RALLY_POINT_LEVEL_FIELD_NUMBER: _ClassVar[int]
    SEED_FIELD_NUMBER: _ClassVar[int]
    STOCK_FIELD_NUMBER: _ClassVar[int]
    CRANNY_CAPACITY_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    battle_id: str
    attack_type: str
    attacker: Army
    defenders: _containers.RepeatedCompositeFieldContainer[Army]
    wall_level: int
    residence_level: int
    attacker_population: int
    defender_population: int
    catapult_targets: _containers.RepeatedScalarFieldContainer[int]
    rally_point_level: int
    seed: int
    stock: _common_pb2.Resources
    cranny_capacity: int
    occurred_at: _timestamp_pb2.Timestamp
    def __init__(self, battle_id: _Optional[str] = ..., attack_type: _Optional[str] = ..., attacker: _Optional[_Union[Army, _Mapping]] = ..., defenders: _Optional[_Iterable[_Union[Army, _Mapping]]] = ..., wall_level: _Optional[int] = ..., residence_level: _Optional[int] = ..., attacker_population: _Optional[int] = ..., defender_population: _Optional[int] = ..., catapult_targets: _Optional[_Iterable[int]] = ..., rally_point_level: _Optional[int] = ..., seed: _Optional[int] = ..., stock: _Optional[_Union[_common_pb2.Resources, _Mapping]] = ..., cranny_capacity: _Optional[int] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class BuildingDamage(_message.Message):
    __slots__ = ("building_type", "level_before", "level_after")
    BUILDING_TYPE_FIELD_NUMBER: _ClassVar[int]
    LEVEL_BEFORE_FIELD_NUMBER: _ClassVar[int]
    LEVEL_AFTER_FIELD_NUMBER: _ClassVar[int]
    building_type: _common_pb2.BuildingType
    level_before: int
    level_after: int
    def __init__(self, building_type: _Optional[_Union[_common_pb2.BuildingType, str]] = ..., level_before: _Optional[int] = ..., level_after: _Optional[int] = ...) -> None: ...

class ResolveResponse(_message.Message):
    __slots__ = ("battle_id", "winner", "attacker_losses", "defender_losses", "wall_after", "buildings", "loot", "report_id")
    BATTLE_ID_FIELD_NUMBER: _ClassVar[int]
    WINNER_FIELD_NUMBER: _ClassVar[int]
    ATTACKER_LOSSES_FIELD_NUMBER: _ClassVar[int]
    DEFENDER_LOSSES_FIELD_NUMBER: _ClassVar[int]
    WALL_AFTER_FIELD_NUMBER: _ClassVar[int]
    BUILDINGS_FIELD_NUMBER: _ClassVar[int]
    LOOT_FIELD_NUMBER: _ClassVar[int]
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    battle_id: str
    winner: str
    attacker_losses: _containers.RepeatedCompositeFieldContainer[_common_pb2.UnitCount]
    defender_losses: _containers.RepeatedCompositeFieldContainer[ArmyLosses]
    wall_after: int
    buildings: _containers.RepeatedCompositeFieldContainer[BuildingDamage]
    loot: _common_pb2.Resources
    report_id: str
    def __init__(self, battle_id: _Optional[str] = ..., winner: _Optional[str] = ..., attacker_losses: _Optional[_Iterable[_Union[_common_pb2.UnitCount, _Mapping]]] = ..., defender_losses: _Optional[_Iterable[_Union[ArmyLosses, _Mapping]]] = ..., wall_after: _Optional[int] = ..., buildings: _Optional[_Iterable[_Union[BuildingDamage, _Mapping]]] = ..., loot: _Optional[_Union[_common_pb2.Resources, _Mapping]] = ..., report_id: _Optional[str] = ...) -> None: ...

class ArmyLosses(_message.Message):
    __slots__ = ("losses",)
    LOSSES_FIELD_NUMBER: _ClassVar[int]
    losses: _containers.RepeatedCompositeFieldContainer[_common_pb2.UnitCount]
    def __init__(self, losses: _Optional[_Iterable[_Union[_common_pb2.UnitCount, _Mapping]]] = ...) -> None: ...

class ListReportsRequest(_message.Message):
    __slots__ = ("user_id", "page", "page_size", "sort", "order")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    SORT_FIELD_NUMBER: _ClassVar[int]
    ORDER_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    page: int
    page_size: int
    sort: str
    order: str
    def __init__(self, user_id: _Optional[str] = ..., page: _Optional[int] = ..., page_size: _Optional[int] = ..., sort: _Optional[str] = ..., order: _Optional[str] = ...) -> None: ...

class Report(_message.Message):
    __slots__ = ("id", "battle_id", "attack_type", "winner", "attacker_id", "defender_id", "occurred_at", "body_json")
    ID_FIELD_NUMBER: _ClassVar[int]
    BATTLE_ID_FIELD_NUMBER: _ClassVar[int]
    ATTACK_TYPE_FIELD_NUMBER: _ClassVar[int]
    WINNER_FIELD_NUMBER: _ClassVar[int]
    ATTACKER_ID_FIELD_NUMBER: _ClassVar[int]
    DEFENDER_ID_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    BODY_JSON_FIELD_NUMBER: _ClassVar[int]
    id: str
    battle_id: str
    attack_type: str
    winner: str
    attacker_id: str
    defender_id: str
    occurred_at: _timestamp_pb2.Timestamp
    body_json: str
    def __init__(self, id: _Optional[str] = ..., battle_id: _Optional[str] = ..., attack_type: _Optional[str] = ..., winner: _Optional[str] = ..., attacker_id: _Optional[str] = ..., defender_id: _Optional[str] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., body_json: _Optional[str] = ...) -> None: ...

class ListReportsResponse(_message.Message):
    __slots__ = ("items", "page", "page_size", "total")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[Report]
    page: int
    page_size: int
    total: int
    def __init__(self, items: _Optional[_Iterable[_Union[Report, _Mapping]]] = ..., page: _Optional[int] = ..., page_size: _Optional[int] = ..., total: _Optional[int] = ...) -> None: ...

class GetReportRequest(_message.Message):
    __slots__ = ("user_id", "report_id")
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    user_id: str
    report_id: str
    def __init__(self, user_id: _Optional[str] = ..., report_id: _Optional[str] = ...) -> None: ...

class BattleResolved(_message.Message):
    __slots__ = ("battle_id", "report_id", "attacker_id", "defender_id")
    BATTLE_ID_FIELD_NUMBER: _ClassVar[int]
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    ATTACKER_ID_FIELD_NUMBER: _ClassVar[int]
    DEFENDER_ID_FIELD_NUMBER: _ClassVar[int]
    battle_id: str
    report_id: str
    attacker_id: str
    defender_id: str
    def __init__(self, battle_id: _Optional[str] = ..., report_id: _Optional[str] = ..., attacker_id: _Optional[str] = ..., defender_id: _Optional[str] = ...) -> None: ...
