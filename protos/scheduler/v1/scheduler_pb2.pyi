import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Timer(_message.Message):
    __slots__ = ("id", "owner", "kind", "due_at", "payload", "dedupe_key", "ordering_key", "state", "fired_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    DEDUPE_KEY_FIELD_NUMBER: _ClassVar[int]
    ORDERING_KEY_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    FIRED_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    owner: str
    kind: str
    due_at: _timestamp_pb2.Timestamp
    payload: bytes
    dedupe_key: str
    ordering_key: str
    state: str
    fired_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., owner: _Optional[str] = ..., kind: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., payload: _Optional[bytes] = ..., dedupe_key: _Optional[str] = ..., ordering_key: _Optional[str] = ..., state: _Optional[str] = ..., fired_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ScheduleRequest(_message.Message):
    __slots__ = ("owner", "kind", "due_at", "payload", "dedupe_key", "ordering_key")
    OWNER_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    DEDUPE_KEY_FIELD_NUMBER: _ClassVar[int]
    ORDERING_KEY_FIELD_NUMBER: _ClassVar[int]
    owner: str
    kind: str
    due_at: _timestamp_pb2.Timestamp
    payload: bytes
    dedupe_key: str
    ordering_key: str
    def __init__(self, owner: _Optional[str] = ..., kind: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., payload: _Optional[bytes] = ..., dedupe_key: _Optional[str] = ..., ordering_key: _Optional[str] = ...) -> None: ...

class ScheduleBatchRequest(_message.Message):
    __slots__ = ("timers",)
    TIMERS_FIELD_NUMBER: _ClassVar[int]
    timers: _containers.RepeatedCompositeFieldContainer[ScheduleRequest]
    def __init__(self, timers: _Optional[_Iterable[_Union[ScheduleRequest, _Mapping]]] = ...) -> None: ...

class ScheduleBatchResponse(_message.Message):
    __slots__ = ("timers",)
    TIMERS_FIELD_NUMBER: _ClassVar[int]
    timers: _containers.RepeatedCompositeFieldContainer[Timer]
    def __init__(self, timers: _Optional[_Iterable[_Union[Timer, _Mapping]]] = ...) -> None: ...

class CancelRequest(_message.Message):
    __slots__ = ("id", "owner", "dedupe_key")
    ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    DEDUPE_KEY_FIELD_NUMBER: _ClassVar[int]
    id: str
    owner: str
    dedupe_key: str
    def __init__(self, id: _Optional[str] = ..., owner: _Optional[str] = ..., dedupe_key: _Optional[str] = ...) -> None: ...

class CancelResponse(_message.Message):
    __slots__ = ("cancelled",)
    CANCELLED_FIELD_NUMBER: _ClassVar[int]
    cancelled: bool
    def __init__(self, cancelled: _Optional[bool] = ...) -> None: ...

class RescheduleRequest(_message.Message):
    __slots__ = ("id", "owner", "dedupe_key", "due_at")
    ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    DEDUPE_KEY_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    id: str
    owner: str
    dedupe_key: str
    due_at: _timestamp_pb2.Timestamp
    def __init__(self, id: _Optional[str] = ..., owner: _Optional[str] = ..., dedupe_key: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class GetTimerRequest(_message.Message):
    __slots__ = ("id",)
    ID_FIELD_NUMBER: _ClassVar[int]
    id: str
    def __init__(self, id: _Optional[str] = ...) -> None: ...

class TimerFired(_message.Message):
    __slots__ = ("timer_id", "owner", "kind", "due_at", "fired_at", "payload", "ordering_key", "seq", "prev_timer_id")
    TIMER_ID_FIELD_NUMBER: _ClassVar[int]
    OWNER_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    FIRED_AT_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    ORDERING_KEY_FIELD_NUMBER: _ClassVar[int]
    SEQ_FIELD_NUMBER: _ClassVar[int]
    PREV_TIMER_ID_FIELD_NUMBER: _ClassVar[int]
    timer_id: str
    owner: str
    kind: str
    due_at: _timestamp_pb2.Timestamp
    fired_at: _timestamp_pb2.Timestamp
    payload: bytes
    ordering_key: str
    seq: int
    prev_timer_id: str
    def __init__(self, timer_id: _Optional[str] = ..., owner: _Optional[str] = ..., kind: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., fired_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., payload: _Optional[bytes] = ..., ordering_key: _Optional[str] = ..., seq: _Optional[int] = ..., prev_timer_id: _Optional[str] = ...) -> None: ...

class TimerFiredBatch(_message.Message):
    __slots__ = ("firings",)
    FIRINGS_FIELD_NUMBER: _ClassVar[int]
    firings: _containers.RepeatedCompositeFieldContainer[TimerFired]
    def __init__(self, firings: _Optional[_Iterable[_Union[TimerFired, _Mapping]]] = ...) -> None: ...

class TimerRequested(_message.Message):
    __slots__ = ("kind", "due_at", "payload", "dedupe_key", "ordering_key")
    KIND_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    PAYLOAD_FIELD_NUMBER: _ClassVar[int]
    DEDUPE_KEY_FIELD_NUMBER: _ClassVar[int]
    ORDERING_KEY_FIELD_NUMBER: _ClassVar[int]
    kind: str
    due_at: _timestamp_pb2.Timestamp
    payload: bytes
    dedupe_key: str
    ordering_key: str
    def __init__(self, kind: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., payload: _Optional[bytes] = ..., dedupe_key: _Optional[str] = ..., ordering_key: _Optional[str] = ...) -> None: ...

class TimerCancelRequested(_message.Message):
    __slots__ = ("dedupe_key",)
    DEDUPE_KEY_FIELD_NUMBER: _ClassVar[int]
    dedupe_key: str
    def __init__(self, dedupe_key: _Optional[str] = ...) -> None: ...

class TimerRescheduleRequested(_message.Message):
    __slots__ = ("dedupe_key", "due_at")
    DEDUPE_KEY_FIELD_NUMBER: _ClassVar[int]
    DUE_AT_FIELD_NUMBER: _ClassVar[int]
    dedupe_key: str
    due_at: _timestamp_pb2.Timestamp
    def __init__(self, dedupe_key: _Optional[str] = ..., due_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class PeriodicRun(_message.Message):
    __slots__ = ("job", "period_start")
    JOB_FIELD_NUMBER: _ClassVar[int]
    PERIOD_START_FIELD_NUMBER: _ClassVar[int]
    job: str
    period_start: _timestamp_pb2.Timestamp
    def __init__(self, job: _Optional[str] = ..., period_start: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...
