import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from protos.combat.v1 import combat_pb2 as _combat_pb2
from protos.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SendTroopsRequest(_message.Message):
    __slots__ = ("from_village_id", "to", "mission", "units", "catapult_targets", "scout_target", "hero")
    FROM_VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    TO_FIELD_NUMBER: _ClassVar[int]
    MISSION_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    CATAPULT_TARGETS_FIELD_NUMBER: _ClassVar[int]
    SCOUT_TARGET_FIELD_NUMBER: _ClassVar[int]
    HERO_FIELD_NUMBER: _ClassVar[int]
    from_village_id: str
    to: _common_pb2.Square
    mission: _combat_pb2.MissionType
    units: _containers.RepeatedCompositeFieldContainer[_common_pb2.UnitCount]
    catapult_targets: _containers.RepeatedScalarFieldContainer[_common_pb2.BuildingType]
    scout_target: _combat_pb2.ScoutTarget
    hero: bool
    def __init__(self, from_village_id: _Optional[str] = ..., to: _Optional[_Union[_common_pb2.Square, _Mapping]] = ..., mission: _Optional[_Union[_combat_pb2.MissionType, str]] = ..., units: _Optional[_Iterable[_Union[_common_pb2.UnitCount, _Mapping]]] = ..., catapult_targets: _Optional[_Iterable[_Union[_common_pb2.BuildingType, str]]] = ..., scout_target: _Optional[_Union[_combat_pb2.ScoutTarget, str]] = ..., hero: _Optional[bool] = ...) -> None: ...

class MovementSent(_message.Message):
    __slots__ = ("id", "mission", "arrives_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    MISSION_FIELD_NUMBER: _ClassVar[int]
    ARRIVES_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    mission: _combat_pb2.MissionType
    arrives_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., mission: _Optional[_Union[_combat_pb2.MissionType, str]] = ..., arrives_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class MovementRef(_message.Message):
    __slots__ = ("movement_id",)
    MOVEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    movement_id: str
    def __init__(self, movement_id: _Optional[str] = ...) -> None: ...

class ListMovementsRequest(_message.Message):
    __slots__ = ("village_id",)
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    village_id: str
    def __init__(self, village_id: _Optional[str] = ...) -> None: ...

class MovementPlace(_message.Message):
    __slots__ = ("village_id", "name", "x", "y")
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    NAME_FIELD_NUMBER: _ClassVar[int]
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    village_id: str
    name: str
    x: int
    y: int
    def __init__(self, village_id: _Optional[str] = ..., name: _Optional[str] = ..., x: _Optional[int] = ..., y: _Optional[int] = ...) -> None: ...

class Movement(_message.Message):
    __slots__ = ("id", "mission", "state", "origin", "destination", "owner_id", "sent_at", "arrives_at", "units", "units_hidden", "loot", "recallable_until", "hero", "oasis")
    ID_FIELD_NUMBER: _ClassVar[int]
    MISSION_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ORIGIN_FIELD_NUMBER: _ClassVar[int]
    DESTINATION_FIELD_NUMBER: _ClassVar[int]
    OWNER_ID_FIELD_NUMBER: _ClassVar[int]
    SENT_AT_FIELD_NUMBER: _ClassVar[int]
    ARRIVES_AT_FIELD_NUMBER: _ClassVar[int]
    UNITS_FIELD_NUMBER: _ClassVar[int]
    UNITS_HIDDEN_FIELD_NUMBER: _ClassVar[int]
    LOOT_FIELD_NUMBER: _ClassVar[int]
    RECALLABLE_UNTIL_FIELD_NUMBER: _ClassVar[int]
    HERO_FIELD_NUMBER: _ClassVar[int]
    OASIS_FIELD_NUMBER: _ClassVar[int]
    id: str
    mission: _combat_pb2.MissionType
    state: str
    origin: MovementPlace
    destination: MovementPlace
    owner_id: str
    sent_at: _timestamp_pb2.Timestamp
    arrives_at: _timestamp_pb2.Timestamp
    units: _containers.RepeatedCompositeFieldContainer[_common_pb2.UnitCount]
    units_hidden: bool
    loot: _common_pb2.Resources
    recallable_until: _timestamp_pb2.Timestamp
    hero: bool
    oasis: bool
    def __init__(self, id: _Optional[str] = ..., mission: _Optional[_Union[_combat_pb2.MissionType, str]] = ..., state: _Optional[str] = ..., origin: _Optional[_Union[MovementPlace, _Mapping]] = ..., destination: _Optional[_Union[MovementPlace, _Mapping]] = ..., owner_id: _Optional[str] = ..., sent_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., arrives_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., units: _Optional[_Iterable[_Union[_common_pb2.UnitCount, _Mapping]]] = ..., units_hidden: _Optional[bool] = ..., loot: _Optional[_Union[_common_pb2.Resources, _Mapping]] = ..., recallable_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., hero: _Optional[bool] = ..., oasis: _Optional[bool] = ...) -> None: ...

class Movements(_message.Message):
    __slots__ = ("incoming", "outgoing", "here", "elsewhere")
    INCOMING_FIELD_NUMBER: _ClassVar[int]
    OUTGOING_FIELD_NUMBER: _ClassVar[int]
    HERE_FIELD_NUMBER: _ClassVar[int]
    ELSEWHERE_FIELD_NUMBER: _ClassVar[int]
    incoming: _containers.RepeatedCompositeFieldContainer[Movement]
    outgoing: _containers.RepeatedCompositeFieldContainer[Movement]
    here: _containers.RepeatedCompositeFieldContainer[Movement]
    elsewhere: _containers.RepeatedCompositeFieldContainer[Movement]
    def __init__(self, incoming: _Optional[_Iterable[_Union[Movement, _Mapping]]] = ..., outgoing: _Optional[_Iterable[_Union[Movement, _Mapping]]] = ..., here: _Optional[_Iterable[_Union[Movement, _Mapping]]] = ..., elsewhere: _Optional[_Iterable[_Union[Movement, _Mapping]]] = ...) -> None: ...
