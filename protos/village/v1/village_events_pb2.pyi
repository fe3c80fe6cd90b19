import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from protos.combat.v1 import combat_pb2 as _combat_pb2
from protos.common.v1 import common_pb2 as _common_pb2
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class VillageUpdated(_message.Message):
    __slots__ = ("village_id", "owner_id", "at", "building_complete", "training_complete", "research_complete", "village_founded", "incoming_attack", "troop_arrival", "report", "merchants_arrived")
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    BUILDING_COMPLETE_FIELD_NUMBER: _ClassVar[int]
    TRAINING_COMPLETE_FIELD_NUMBER: _ClassVar[int]
    RESEARCH_COMPLETE_FIELD_NUMBER: _ClassVar[int]
    VILLAGE_FOUNDED_FIELD_NUMBER: _ClassVar[int]
    INCOMING_ATTACK_FIELD_NUMBER: _ClassVar[int]
    TROOP_ARRIVAL_FIELD_NUMBER: _ClassVar[int]
    REPORT_FIELD_NUMBER: _ClassVar[int]
    MERCHANTS_ARRIVED_FIELD_NUMBER: _ClassVar[int]
    village_id: str
    owner_id: str
    at: _timestamp_pb2.Timestamp
    building_complete: BuildingCompleted
    training_complete: TrainingCompleted
    research_complete: ResearchCompleted
    village_founded: VillageFounded
    incoming_attack: IncomingAttack
    troop_arrival: TroopArrival
    report: ReportCreated
    merchants_arrived: MerchantsArrived
    def __init__(self, village_id: _Optional[str] = ..., owner_id: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., building_complete: _Optional[_Union[BuildingCompleted, _Mapping]] = ..., training_complete: _Optional[_Union[TrainingCompleted, _Mapping]] = ..., research_complete: _Optional[_Union[ResearchCompleted, _Mapping]] = ..., village_founded: _Optional[_Union[VillageFounded, _Mapping]] = ..., incoming_attack: _Optional[_Union[IncomingAttack, _Mapping]] = ..., troop_arrival: _Optional[_Union[TroopArrival, _Mapping]] = ..., report: _Optional[_Union[ReportCreated, _Mapping]] = ..., merchants_arrived: _Optional[_Union[MerchantsArrived, _Mapping]] = ...) -> None: ...

class IncomingAttack(_message.Message):
    __slots__ = ("movement_id", "mission", "arrives_at", "from_x", "from_y")
    MOVEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    MISSION_FIELD_NUMBER: _ClassVar[int]
    ARRIVES_AT_FIELD_NUMBER: _ClassVar[int]
    FROM_X_FIELD_NUMBER: _ClassVar[int]
    FROM_Y_FIELD_NUMBER: _ClassVar[int]
    movement_id: str
    mission: _combat_pb2.MissionType
    arrives_at: _timestamp_pb2.Timestamp
    from_x: int
    from_y: int
    def __init__(self, movement_id: _Optional[str] = ..., mission: _Optional[_Union[_combat_pb2.MissionType, str]] = ..., arrives_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., from_x: _Optional[int] = ..., from_y: _Optional[int] = ...) -> None: ...

class TroopArrival(_message.Message):
    __slots__ = ("movement_id", "mission", "destination_id", "report_id")
    MOVEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    MISSION_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_ID_FIELD_NUMBER: _ClassVar[int]
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    movement_id: str
    mission: _combat_pb2.MissionType
    destination_id: str
    report_id: str
    def __init__(self, movement_id: _Optional[str] = ..., mission: _Optional[_Union[_combat_pb2.MissionType, str]] = ..., destination_id: _Optional[str] = ..., report_id: _Optional[str] = ...) -> None: ...

class ReportCreated(_message.Message):
    __slots__ = ("report_id", "role", "mission")
    REPORT_ID_FIELD_NUMBER: _ClassVar[int]
    ROLE_FIELD_NUMBER: _ClassVar[int]
    MISSION_FIELD_NUMBER: _ClassVar[int]
    report_id: str
    role: _combat_pb2.Role
    mission: _combat_pb2.MissionType
    def __init__(self, report_id: _Optional[str] = ..., role: _Optional[_Union[_combat_pb2.Role, str]] = ..., mission: _Optional[_Union[_combat_pb2.MissionType, str]] = ...) -> None: ...

class BuildingCompleted(_message.Message):
    __slots__ = ("building_id", "position", "building_type", "level")
    BUILDING_ID_FIELD_NUMBER: _ClassVar[int]
    POSITION_FIELD_NUMBER: _ClassVar[int]
    BUILDING_TYPE_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    building_id: str
    position: int
    building_type: _common_pb2.BuildingType
    level: int
    def __init__(self, building_id: _Optional[str] = ..., position: _Optional[int] = ..., building_type: _Optional[_Union[_common_pb2.BuildingType, str]] = ..., level: _Optional[int] = ...) -> None: ...

class TrainingCompleted(_message.Message):
    __slots__ = ("job_id", "unit", "count", "remaining")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    REMAINING_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    unit: _common_pb2.UnitType
    count: int
    remaining: int
    def __init__(self, job_id: _Optional[str] = ..., unit: _Optional[_Union[_common_pb2.UnitType, str]] = ..., count: _Optional[int] = ..., remaining: _Optional[int] = ...) -> None: ...

class ResearchCompleted(_message.Message):
    __slots__ = ("job_id", "kind", "unit", "level")
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    UNIT_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    kind: str
    unit: _common_pb2.UnitType
    level: int
    def __init__(self, job_id: _Optional[str] = ..., kind: _Optional[str] = ..., unit: _Optional[_Union[_common_pb2.UnitType, str]] = ..., level: _Optional[int] = ...) -> None: ...

class VillageFounded(_message.Message):
    __slots__ = ("village_id", "x", "y")
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    village_id: str
    x: int
    y: int
    def __init__(self, village_id: _Optional[str] = ..., x: _Optional[int] = ..., y: _Optional[int] = ...) -> None: ...

class MerchantsArrived(_message.Message):
    __slots__ = ("trip_id", "wood", "clay", "iron", "crop")
    TRIP_ID_FIELD_NUMBER: _ClassVar[int]
    WOOD_FIELD_NUMBER: _ClassVar[int]
    CLAY_FIELD_NUMBER: _ClassVar[int]
    IRON_FIELD_NUMBER: _ClassVar[int]
    CROP_FIELD_NUMBER: _ClassVar[int]
    trip_id: str
    wood: int
    clay: int
    iron: int
    crop: int
    def __init__(self, trip_id: _Optional[str] = ..., wood: _Optional[int] = ..., clay: _Optional[int] = ..., iron: _Optional[int] = ..., crop: _Optional[int] = ...) -> None: ...
