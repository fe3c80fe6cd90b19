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
