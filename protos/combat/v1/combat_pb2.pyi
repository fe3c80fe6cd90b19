import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from protos.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class MissionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    MISSION_TYPE_UNSPECIFIED: _ClassVar[MissionType]
    MISSION_TYPE_ATTACK: _ClassVar[MissionType]
    MISSION_TYPE_RAID: _ClassVar[MissionType]
    MISSION_TYPE_SCOUT: _ClassVar[MissionType]
    MISSION_TYPE_REINFORCE: _ClassVar[MissionType]
    MISSION_TYPE_RETURN: _ClassVar[MissionType]

class ScoutTarget(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SCOUT_TARGET_UNSPECIFIED: _ClassVar[ScoutTarget]
    SCOUT_TARGET_RESOURCES: _ClassVar[ScoutTarget]
    SCOUT_TARGET_DEFENCES: _ClassVar[ScoutTarget]

class Role(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ROLE_UNSPECIFIED: _ClassVar[Role]
    ROLE_ATTACKER: _ClassVar[Role]
    ROLE_DEFENDER: _ClassVar[Role]
    ROLE_REINFORCEMENT: _ClassVar[Role]
MISSION_TYPE_UNSPECIFIED: MissionType
MISSION_TYPE_ATTACK: MissionType
MISSION_TYPE_RAID: MissionType
MISSION_TYPE_SCOUT: MissionType
MISSION_TYPE_REINFORCE: MissionType
MISSION_TYPE_RETURN: MissionType
SCOUT_TARGET_UNSPECIFIED: ScoutTarget
SCOUT_TARGET_RESOURCES: ScoutTarget
SCOUT_TARGET_DEFENCES: ScoutTarget
ROLE_UNSPECIFIED: Role
ROLE_ATTACKER: Role
ROLE_DEFENDER: Role
ROLE_REINFORCEMENT: Role

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

class UnitLevel(_message.Message):
    __slots__ = ("unit", "level")
    UNIT_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    unit: _common_pb2.UnitType
    level: int
    def __init__(self, unit: _Optional[_Union[_common_pb2.UnitType, str]] = ..., level: _Optional[int] = ...) -> None: ...

class BattleArmy(_message.Message):
    __slots__ = ("owner_id", "village_id", "tribe", "units", "levels", "hero")
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    TRIBE_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    LEVELS_FIELD_NUMBER: _ClassVar[int]
    HERO_FIELD_NUMBER: _ClassVar[int]
    owner_id: str
    village_id: str
    tribe: _common_pb2.Tribe
    units: _containers.RepeatedCompositeFieldContainer[_common_pb2.UnitCount]
    levels: _containers.RepeatedCompositeFieldContainer[UnitLevel]
    hero: BattleHero
    def __init__(self, owner_id: _Optional[str] = ..., village_id: _Optional[str] = ..., tribe: _Optional[_Union[_common_pb2.Tribe, str]] = ..., units: _Optional[_Iterable[_Union[_common_pb2.UnitCount, _Mapping]]] = ..., levels: _Optional[_Iterable[_Union[UnitLevel, _Mapping]]] = ..., hero: _Optional[_Union[BattleHero, _Mapping]] = ...) -> None: ...

class BattleHero(_message.Message):
    __slots__ = ("strength_points", "off_bonus_points", "def_bonus_points", "health")
    STRENGTH_POINTS_FIELD_NUMBER: _ClassVar[int]
    OFF_BONUS_POINTS_FIELD_NUMBER: _ClassVar[int]
    DEF_BONUS_POINTS_FIELD_NUMBER: _ClassVar[int]
    HEALTH_FIELD_NUMBER: _ClassVar[int]
    strength_points: int
    off_bonus_points: int
    def_bonus_points: int
    health: int
    def __init__(self, strength_points: _Optional[int] = ..., off_bonus_points: _Optional[int] = ..., def_bonus_points: _Optional[int] = ..., health: _Optional[int] = ...) -> None: ...

class HeroResult(_message.Message):
    __slots__ = ("health_before", "health_after", "experience", "died")
    HEALTH_BEFORE_FIELD_NUMBER: _ClassVar[int]
    HEALTH_AFTER_FIELD_NUMBER: _ClassVar[int]
    EXPERIENCE_FIELD_NUMBER: _ClassVar[int]
    DIED_FIELD_NUMBER: _ClassVar[int]
    health_before: int
    health_after: int
    experience: int
    died: bool
    def __init__(self, health_before: _Optional[int] = ..., health_after: _Optional[int] = ..., experience: _Optional[int] = ..., died: _Optional[bool] = ...) -> None: ...

class BuildingLevel(_message.Message):
    __slots__ = ("position", "building_type", "level")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    BUILDING_TYPE_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    position: int
    building_type: _common_pb2.BuildingType
    level: int
    def __init__(self, position: _Optional[int] = ..., building_type: _Optional[_Union[_common_pb2.BuildingType, str]] = ..., level: _Optional[int] = ...) -> None: ...

class VillagePlace(_message.Message):
    __slots__ = ("id", "name", "x", "y", "owner_id")
    ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    name: str
    x: int
    y: int
    owner_id: str
    def __init__(self, id: _Optional[str] = ..., name: _Optional[str] = ..., x: _Optional[int] = ..., y: _Optional[int] = ..., owner_id: _Optional[str] = ...) -> None: ...

class ResolveRequest(_message.Message):
    __slots__ = ("battle_id", "mission", "at", "attacker", "defenders", "attacker_village", "defender_village", "defender_tribe", "buildings", "stock", "pop_attacker", "pop_defender", "rally_point_level", "catapult_targets", "scout_target", "loyalty_before", "conquest_allowed", "defender_is_capital", "oasis", "oasis_owner_oases")
    BATTLE_ID_FIELD_NUMBER: _ClassVar[int]
    MISSION_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    ATTACKER_FIELD_NUMBER: _ClassVar[int]
    DEFENDERS_FIELD_NUMBER: _ClassVar[int]
    ATTACKER_VILLAGE_FIELD_NUMBER: _ClassVar[int]
    DEFENDER_VILLAGE_FIELD_NUMBER: _ClassVar[int]
    DEFENDER_TRIBE_FIELD_NUMBER: _ClassVar[int]
    BUILDINGS_FIELD_NUMBER: _ClassVar[int]
    STOCK_FIELD_NUMBER: _ClassVar[int]
    POP_ATTACKER_FIELD_NUMBER: _ClassVar[int]
    POP_DEFENDER_FIELD_NUMBER: _ClassVar[int]
    RALLY_POINT_LEVEL_FIELD_NUMBER: _ClassVar[int]
    CATAPULT_TARGETS_FIELD_NUMBER: _ClassVar[int]
    SCOUT_TARGET_FIELD_NUMBER: _ClassVar[int]
    LOYALTY_BEFORE_FIELD_NUMBER: _ClassVar[int]
    CONQUEST_ALLOWED_FIELD_NUMBER: _ClassVar[int]
    DEFENDER_IS_CAPITAL_FIELD_NUMBER: _ClassVar[int]
    OASIS_FIELD_NUMBER: _ClassVar[int]
    OASIS_OWNER_OASES_FIELD_NUMBER: _ClassVar[int]
    battle_id: str
    mission: MissionType
    at: _timestamp_pb2.Timestamp
    attacker: BattleArmy
    defenders: _containers.RepeatedCompositeFieldContainer[BattleArmy]
    attacker_village: VillagePlace
    defender_village: VillagePlace
    defender_tribe: _common_pb2.Tribe
    buildings: _containers.RepeatedCompositeFieldContainer[BuildingLevel]
    stock: _common_pb2.Resources
    pop_attacker: int
    pop_defender: int
    rally_point_level: int
    catapult_targets: _containers.RepeatedScalarFieldContainer[_common_pb2.BuildingType]
    scout_target: ScoutTarget
    loyalty_before: int
    conquest_allowed: bool
    defender_is_capital: bool
    oasis: bool
    oasis_owner_oases: int
    def __init__(self, battle_id: _Optional[str] = ..., mission: _Optional[_Union[MissionType, str]] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., attacker: _Optional[_Union[BattleArmy, _Mapping]] = ..., defenders: _Optional[_Iterable[_Union[BattleArmy, _Mapping]]] = ..., attacker_village: _Optional[_Union[VillagePlace, _Mapping]] = ..., defender_village: _Optional[_Union[VillagePlace, _Mapping]] = ..., defender_tribe: _Optional[_Union[_common_pb2.Tribe, str]] = ..., buildings: _Optional[_Iterable[_Union[BuildingLevel, _Mapping]]] = ..., stock: _Optional[_Union[_common_pb2.Resources, _Mapping]] = ..., pop_attacker: _Optional[int] = ..., pop_defender: _Optional[int] = ..., rally_point_level: _Optional[int] = ..., catapult_targets: _Optional[_Iterable[_Union[_common_pb2.BuildingType, str]]] = ..., scout_target: _Optional[_Union[ScoutTarget, str]] = ..., loyalty_before: _Optional[int] = ..., conquest_allowed: _Optional[bool] = ..., defender_is_capital: _Optional[bool] = ..., oasis: _Optional[bool] = ..., oasis_owner_oases: _Optional[int] = ...) -> None: ...

class ResolveBatchRequest(_message.Message):
    __slots__ = ("battles",)
    BATTLES_FIELD_NUMBER: _ClassVar[int]
    battles: _containers.RepeatedCompositeFieldContainer[ResolveRequest]
    def __init__(self, battles: _Optional[_Iterable[_Union[ResolveRequest, _Mapping]]] = ...) -> None: ...

class ResolveBatchResponse(_message.Message):
    __slots__ = ("reports",)
    REPORTS_FIELD_NUMBER: _ClassVar[int]
    reports: _containers.RepeatedCompositeFieldContainer[Report]
    def __init__(self, reports: _Optional[_Iterable[_Union[Report, _Mapping]]] = ...) -> None: ...

class ArmyResult(_message.Message):
    __slots__ = ("owner_id", "village_id", "tribe", "sent", "lost", "role", "hero")
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    TRIBE_FIELD_NUMBER: _ClassVar[int]
    SENT_FIELD_NUMBER: _ClassVar[int]
    LOST_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    HERO_FIELD_NUMBER: _ClassVar[int]
    owner_id: str
    village_id: str
    tribe: _common_pb2.Tribe
    sent: _containers.RepeatedCompositeFieldContainer[_common_pb2.UnitCount]
    lost: _containers.RepeatedCompositeFieldContainer[_common_pb2.UnitCount]
    role: Role
    hero: HeroResult
    def __init__(self, owner_id: _Optional[str] = ..., village_id: _Optional[str] = ..., tribe: _Optional[_Union[_common_pb2.Tribe, str]] = ..., sent: _Optional[_Iterable[_Union[_common_pb2.UnitCount, _Mapping]]] = ..., lost: _Optional[_Iterable[_Union[_common_pb2.UnitCount, _Mapping]]] = ..., role: _Optional[_Union[Role, str]] = ..., hero: _Optional[_Union[HeroResult, _Mapping]] = ...) -> None: ...

class BuildingChange(_message.Message):
    __slots__ = ("position", "building_type", "level_before", "level_after")
    POSITION_FIELD_NUMBER: _ClassVar[int]
    BUILDING_TYPE_FIELD_NUMBER: _ClassVar[int]
    LEVEL_BEFORE_FIELD_NUMBER: _ClassVar[int]
    LEVEL_AFTER_FIELD_NUMBER: _ClassVar[int]
    position: int
    building_type: _common_pb2.BuildingType
    level_before: int
    level_after: int
    def __init__(self, position: _Optional[int] = ..., building_type: _Optional[_Union[_common_pb2.BuildingType, str]] = ..., level_before: _Optional[int] = ..., level_after: _Optional[int] = ...) -> None: ...

class ScoutingResult(_message.Message):
    __slots__ = ("target", "succeeded", "resources", "troops", "defences")
    TARGET_FIELD_NUMBER: _ClassVar[int]
    SUCCEEDED_FIELD_NUMBER: _ClassVar[int]
    RESOURCES_FIELD_NUMBER: _ClassVar[int]
    TROOPS_FIELD_NUMBER: _ClassVar[int]
    DEFENCES_FIELD_NUMBER: _ClassVar[int]
    target: ScoutTarget
    succeeded: bool
    resources: _common_pb2.Resources
    troops: _containers.RepeatedCompositeFieldContainer[_common_pb2.UnitCount]
    defences: _containers.RepeatedCompositeFieldContainer[BuildingLevel]
    def __init__(self, target: _Optional[_Union[ScoutTarget, str]] = ..., succeeded: _Optional[bool] = ..., resources: _Optional[_Union[_common_pb2.Resources, _Mapping]] = ..., troops: _Optional[_Iterable[_Union[_common_pb2.UnitCount, _Mapping]]] = ..., defences: _Optional[_Iterable[_Union[BuildingLevel, _Mapping]]] = ...) -> None: ...

class Report(_message.Message):
    __slots__ = ("id", "mission", "at", "winner", "attacker", "defenders", "attacker_village", "defender_village", "loot", "carry_capacity", "buildings", "loyalty_before", "loyalty_after", "conquered", "scouting", "offence", "defence", "morale")
    ID_FIELD_NUMBER: _ClassVar[int]
    MISSION_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    WINNER_FIELD_NUMBER: _ClassVar[int]
    ATTACKER_FIELD_NUMBER: _ClassVar[int]
    DEFENDERS_FIELD_NUMBER: _ClassVar[int]
    ATTACKER_VILLAGE_FIELD_NUMBER: _ClassVar[int]
    DEFENDER_VILLAGE_FIELD_NUMBER: _ClassVar[int]
    LOOT_FIELD_NUMBER: _ClassVar[int]
    CARRY_CAPACITY_FIELD_NUMBER: _ClassVar[int]
    BUILDINGS_FIELD_NUMBER: _ClassVar[int]
    LOYALTY_BEFORE_FIELD_NUMBER: _ClassVar[int]
    LOYALTY_AFTER_FIELD_NUMBER: _ClassVar[int]
    CONQUERED_FIELD_NUMBER: _ClassVar[int]
    SCOUTING_FIELD_NUMBER: _ClassVar[int]
    OFFENCE_FIELD_NUMBER: _ClassVar[int]
    DEFENCE_FIELD_NUMBER: _ClassVar[int]
    MORALE_FIELD_NUMBER: _ClassVar[int]
    id: str
    mission: MissionType
    at: _timestamp_pb2.Timestamp
    winner: str
    attacker: ArmyResult
    defenders: _containers.RepeatedCompositeFieldContainer[ArmyResult]
    attacker_village: VillagePlace
    defender_village: VillagePlace
    loot: _common_pb2.Resources
    carry_capacity: int
    buildings: _containers.RepeatedCompositeFieldContainer[BuildingChange]
    loyalty_before: int
    loyalty_after: int
    conquered: bool
    scouting: ScoutingResult
    offence: float
    defence: float
    morale: float
    def __init__(self, id: _Optional[str] = ..., mission: _Optional[_Union[MissionType, str]] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., winner: _Optional[str] = ..., attacker: _Optional[_Union[ArmyResult, _Mapping]] = ..., defenders: _Optional[_Iterable[_Union[ArmyResult, _Mapping]]] = ..., attacker_village: _Optional[_Union[VillagePlace, _Mapping]] = ..., defender_village: _Optional[_Union[VillagePlace, _Mapping]] = ..., loot: _Optional[_Union[_common_pb2.Resources, _Mapping]] = ..., carry_capacity: _Optional[int] = ..., buildings: _Optional[_Iterable[_Union[BuildingChange, _Mapping]]] = ..., loyalty_before: _Optional[int] = ..., loyalty_after: _Optional[int] = ..., conquered: _Optional[bool] = ..., scouting: _Optional[_Union[ScoutingResult, _Mapping]] = ..., offence: _Optional[float] = ..., defence: _Optional[float] = ..., morale: _Optional[float] = ...) -> None: ...

class ReportView(_message.Message):
    __slots__ = ("report", "role", "read")
    REPORT_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    READ_FIELD_NUMBER: _ClassVar[int]
    report: Report
    role: Role
    read: bool
    def __init__(self, report: _Optional[_Union[Report, _Mapping]] = ..., role: _Optional[_Union[Role, str]] = ..., read: _Optional[bool] = ...) -> None: ...

class ListReportsRequest(_message.Message):
    __slots__ = ("page", "unread_first")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    UNREAD_FIRST_FIELD_NUMBER: _ClassVar[int]
    page: _common_pb2.PageRequest
    unread_first: bool
    def __init__(self, page: _Optional[_Union[_common_pb2.PageRequest, _Mapping]] = ..., unread_first: _Optional[bool] = ...) -> None: ...

class ListReportsResponse(_message.Message):
    __slots__ = ("items", "page")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    PAGE_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[ReportView]
    page: _common_pb2.PageInfo
    def __init__(self, items: _Optional[_Iterable[_Union[ReportView, _Mapping]]] = ..., page: _Optional[_Union[_common_pb2.PageInfo, _Mapping]] = ...) -> None: ...

class ReportRef(_message.Message):
    __slots__ = ("report_id",)
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    def __init__(self, report_id: _Optional[str] = ...) -> None: ...

class DeleteReportResponse(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...
