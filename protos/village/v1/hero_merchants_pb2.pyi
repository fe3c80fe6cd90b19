import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from protos.common.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class SendMerchantsRequest(_message.Message):
    __slots__ = ("village_id", "to_village_id", "to_square", "resources")
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    TO_VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    TO_SQUARE_FIELD_NUMBER: _ClassVar[int]
    RESOURCES_FIELD_NUMBER: _ClassVar[int]
    village_id: str
    to_village_id: str
    to_square: _common_pb2.Square
    resources: _common_pb2.Resources
    def __init__(self, village_id: _Optional[str] = ..., to_village_id: _Optional[str] = ..., to_square: _Optional[_Union[_common_pb2.Square, _Mapping]] = ..., resources: _Optional[_Union[_common_pb2.Resources, _Mapping]] = ...) -> None: ...

class MerchantTrip(_message.Message):
    __slots__ = ("id", "from_village_id", "to_village_id", "to_x", "to_y", "merchants", "resources", "sent_at", "arrives_at", "returns_at", "state")
    ID_FIELD_NUMBER: _ClassVar[int]
    FROM_VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    TO_VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    TO_X_FIELD_NUMBER: _ClassVar[int]
    TO_Y_FIELD_NUMBER: _ClassVar[int]
    MERCHANTS_FIELD_NUMBER: _ClassVar[int]
    RESOURCES_FIELD_NUMBER: _ClassVar[int]
    SENT_AT_FIELD_NUMBER: _ClassVar[int]
    ARRIVES_AT_FIELD_NUMBER: _ClassVar[int]
    RETURNS_AT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    id: str
    from_village_id: str
    to_village_id: str
    to_x: int
    to_y: int
    merchants: int
    resources: _common_pb2.Resources
    sent_at: _timestamp_pb2.Timestamp
    arrives_at: _timestamp_pb2.Timestamp
    returns_at: _timestamp_pb2.Timestamp
    state: str
    def __init__(self, id: _Optional[str] = ..., from_village_id: _Optional[str] = ..., to_village_id: _Optional[str] = ..., to_x: _Optional[int] = ..., to_y: _Optional[int] = ..., merchants: _Optional[int] = ..., resources: _Optional[_Union[_common_pb2.Resources, _Mapping]] = ..., sent_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., arrives_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., returns_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., state: _Optional[str] = ...) -> None: ...

class MerchantsOverview(_message.Message):
    __slots__ = ("total", "at_home", "capacity", "outgoing", "incoming")
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    AT_HOME_FIELD_NUMBER: _ClassVar[int]
    CAPACITY_FIELD_NUMBER: _ClassVar[int]
    OUTGOING_FIELD_NUMBER: _ClassVar[int]
    INCOMING_FIELD_NUMBER: _ClassVar[int]
    total: int
    at_home: int
    capacity: int
    outgoing: _containers.RepeatedCompositeFieldContainer[MerchantTrip]
    incoming: _containers.RepeatedCompositeFieldContainer[MerchantTrip]
    def __init__(self, total: _Optional[int] = ..., at_home: _Optional[int] = ..., capacity: _Optional[int] = ..., outgoing: _Optional[_Iterable[_Union[MerchantTrip, _Mapping]]] = ..., incoming: _Optional[_Iterable[_Union[MerchantTrip, _Mapping]]] = ...) -> None: ...

class HeroPoints(_message.Message):
    __slots__ = ("strength", "off_bonus", "def_bonus", "resources")
    STRENGTH_FIELD_NUMBER: _ClassVar[int]
    OFF_BONUS_FIELD_NUMBER: _ClassVar[int]
    DEF_BONUS_FIELD_NUMBER: _ClassVar[int]
    RESOURCES_FIELD_NUMBER: _ClassVar[int]
    strength: int
    off_bonus: int
    def_bonus: int
    resources: int
    def __init__(self, strength: _Optional[int] = ..., off_bonus: _Optional[int] = ..., def_bonus: _Optional[int] = ..., resources: _Optional[int] = ...) -> None: ...

class Hero(_message.Message):
    __slots__ = ("home_village_id", "tribe", "level", "experience", "experience_next_level", "points", "free_points", "health", "status", "fighting_strength", "revive_at", "back_at", "revival_cost", "revival_seconds", "at", "output")
    HOME_VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    TRIBE_FIELD_NUMBER: _ClassVar[int]
    LEVEL_FIELD_NUMBER: _ClassVar[int]
    EXPERIENCE_FIELD_NUMBER: _ClassVar[int]
    EXPERIENCE_NEXT_LEVEL_FIELD_NUMBER: _ClassVar[int]
    POINTS_FIELD_NUMBER: _ClassVar[int]
    FREE_POINTS_FIELD_NUMBER: _ClassVar[int]
    HEALTH_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    FIGHTING_STRENGTH_FIELD_NUMBER: _ClassVar[int]
    REVIVE_AT_FIELD_NUMBER: _ClassVar[int]
    BACK_AT_FIELD_NUMBER: _ClassVar[int]
    REVIVAL_COST_FIELD_NUMBER: _ClassVar[int]
    REVIVAL_SECONDS_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    OUTPUT_FIELD_NUMBER: _ClassVar[int]
    home_village_id: str
    tribe: _common_pb2.Tribe
    level: int
    experience: int
    experience_next_level: int
    points: HeroPoints
    free_points: int
    health: int
    status: str
    fighting_strength: int
    revive_at: _timestamp_pb2.Timestamp
    back_at: _timestamp_pb2.Timestamp
    revival_cost: _common_pb2.Resources
    revival_seconds: int
    at: _timestamp_pb2.Timestamp
    output: _common_pb2.Resources
    def __init__(self, home_village_id: _Optional[str] = ..., tribe: _Optional[_Union[_common_pb2.Tribe, str]] = ..., level: _Optional[int] = ..., experience: _Optional[int] = ..., experience_next_level: _Optional[int] = ..., points: _Optional[_Union[HeroPoints, _Mapping]] = ..., free_points: _Optional[int] = ..., health: _Optional[int] = ..., status: _Optional[str] = ..., fighting_strength: _Optional[int] = ..., revive_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., back_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., revival_cost: _Optional[_Union[_common_pb2.Resources, _Mapping]] = ..., revival_seconds: _Optional[int] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., output: _Optional[_Union[_common_pb2.Resources, _Mapping]] = ...) -> None: ...

class GetHeroRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class HireHeroRequest(_message.Message):
    __slots__ = ("village_id",)
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    village_id: str
    def __init__(self, village_id: _Optional[str] = ...) -> None: ...

class AssignHeroPointsRequest(_message.Message):
    __slots__ = ("points",)
    POINTS_FIELD_NUMBER: _ClassVar[int]
    points: HeroPoints
    def __init__(self, points: _Optional[_Union[HeroPoints, _Mapping]] = ...) -> None: ...

class ReviveHeroRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class Adventure(_message.Message):
    __slots__ = ("id", "x", "y", "difficulty", "offered_at", "expires_at", "state", "arrives_at", "returns_at", "has_result", "experience", "health_loss", "died", "resources")
    ID_FIELD_NUMBER: _ClassVar[int]
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    DIFFICULTY_FIELD_NUMBER: _ClassVar[int]
    OFFERED_AT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    ARRIVES_AT_FIELD_NUMBER: _ClassVar[int]
    RETURNS_AT_FIELD_NUMBER: _ClassVar[int]
    HAS_RESULT_FIELD_NUMBER: _ClassVar[int]
    EXPERIENCE_FIELD_NUMBER: _ClassVar[int]
    HEALTH_LOSS_FIELD_NUMBER: _ClassVar[int]
    DIED_FIELD_NUMBER: _ClassVar[int]
    RESOURCES_FIELD_NUMBER: _ClassVar[int]
    id: str
    x: int
    y: int
    difficulty: str
    offered_at: _timestamp_pb2.Timestamp
    expires_at: _timestamp_pb2.Timestamp
    state: str
    arrives_at: _timestamp_pb2.Timestamp
    returns_at: _timestamp_pb2.Timestamp
    has_result: bool
    experience: int
    health_loss: int
    died: bool
    resources: _common_pb2.Resources
    def __init__(self, id: _Optional[str] = ..., x: _Optional[int] = ..., y: _Optional[int] = ..., difficulty: _Optional[str] = ..., offered_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., state: _Optional[str] = ..., arrives_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., returns_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., has_result: _Optional[bool] = ..., experience: _Optional[int] = ..., health_loss: _Optional[int] = ..., died: _Optional[bool] = ..., resources: _Optional[_Union[_common_pb2.Resources, _Mapping]] = ...) -> None: ...

class ListAdventuresRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class ListAdventuresResponse(_message.Message):
    __slots__ = ("adventures",)
    ADVENTURES_FIELD_NUMBER: _ClassVar[int]
    adventures: _containers.RepeatedCompositeFieldContainer[Adventure]
    def __init__(self, adventures: _Optional[_Iterable[_Union[Adventure, _Mapping]]] = ...) -> None: ...

class StartAdventureRequest(_message.Message):
    __slots__ = ("adventure_id",)
    ADVENTURE_ID_FIELD_NUMBER: _ClassVar[int]
    adventure_id: str
    def __init__(self, adventure_id: _Optional[str] = ...) -> None: ...

class AnnexOasisRequest(_message.Message):
    __slots__ = ("village_id", "x", "y")
    VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    village_id: str
    x: int
    y: int
    def __init__(self, village_id: _Optional[str] = ..., x: _Optional[int] = ..., y: _Optional[int] = ...) -> None: ...

class Oasis(_message.Message):
    __slots__ = ("x", "y", "oasis_type", "bonus", "owner_village_id", "annexed_at")
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    OASIS_TYPE_FIELD_NUMBER: _ClassVar[int]
    BONUS_FIELD_NUMBER: _ClassVar[int]
    OWNER_VILLAGE_ID_FIELD_NUMBER: _ClassVar[int]
    ANNEXED_AT_FIELD_NUMBER: _ClassVar[int]
    x: int
    y: int
    oasis_type: str
    bonus: _common_pb2.Resources
    owner_village_id: str
    annexed_at: _timestamp_pb2.Timestamp
    def __init__(self, x: _Optional[int] = ..., y: _Optional[int] = ..., oasis_type: _Optional[str] = ..., bonus: _Optional[_Union[_common_pb2.Resources, _Mapping]] = ..., owner_village_id: _Optional[str] = ..., annexed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
