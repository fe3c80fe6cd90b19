from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Tribe(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TRIBE_UNSPECIFIED: _ClassVar[Tribe]
    TRIBE_ROMANS: _ClassVar[Tribe]
    TRIBE_TEUTONS: _ClassVar[Tribe]
    TRIBE_GAULS: _ClassVar[Tribe]

class UnitType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    UNIT_TYPE_UNSPECIFIED: _ClassVar[UnitType]
    UNIT_TYPE_LEGIONNAIRE: _ClassVar[UnitType]
    UNIT_TYPE_PRAETORIAN: _ClassVar[UnitType]
    UNIT_TYPE_IMPERIAN: _ClassVar[UnitType]
    UNIT_TYPE_EQUITES_LEGATI: _ClassVar[UnitType]
    UNIT_TYPE_EQUITES_IMPERATORIS: _ClassVar[UnitType]
    UNIT_TYPE_EQUITES_CAESARIS: _ClassVar[UnitType]
    UNIT_TYPE_BATTERING_RAM: _ClassVar[UnitType]
    UNIT_TYPE_FIRE_CATAPULT: _ClassVar[UnitType]
    UNIT_TYPE_SENATOR: _ClassVar[UnitType]
    UNIT_TYPE_SETTLER: _ClassVar[UnitType]
    UNIT_TYPE_CLUBSWINGER: _ClassVar[UnitType]
    UNIT_TYPE_SPEARFIGHTER: _ClassVar[UnitType]
    UNIT_TYPE_AXEFIGHTER: _ClassVar[UnitType]
    UNIT_TYPE_SCOUT: _ClassVar[UnitType]
    UNIT_TYPE_PALADIN: _ClassVar[UnitType]
    UNIT_TYPE_TEUTONIC_KNIGHT: _ClassVar[UnitType]
    UNIT_TYPE_RAM: _ClassVar[UnitType]
    UNIT_TYPE_CATAPULT: _ClassVar[UnitType]
    UNIT_TYPE_CHIEF: _ClassVar[UnitType]
    UNIT_TYPE_SETTLER_TEUTON: _ClassVar[UnitType]
    UNIT_TYPE_PHALANX: _ClassVar[UnitType]
    UNIT_TYPE_SWORDSMAN: _ClassVar[UnitType]
    UNIT_TYPE_PATHFINDER: _ClassVar[UnitType]
    UNIT_TYPE_THEUTATES_THUNDER: _ClassVar[UnitType]
    UNIT_TYPE_DRUIDRIDER: _ClassVar[UnitType]
    UNIT_TYPE_HAEDUAN: _ClassVar[UnitType]
    UNIT_TYPE_RAM_GAUL: _ClassVar[UnitType]
    UNIT_TYPE_TREBUCHET: _ClassVar[UnitType]
    UNIT_TYPE_CHIEFTAIN: _ClassVar[UnitType]
    UNIT_TYPE_SETTLER_GAUL: _ClassVar[UnitType]
    UNIT_TYPE_RAT: _ClassVar[UnitType]
    UNIT_TYPE_SPIDER: _ClassVar[UnitType]
    UNIT_TYPE_SNAKE: _ClassVar[UnitType]
    UNIT_TYPE_BAT: _ClassVar[UnitType]
    UNIT_TYPE_WILD_BOAR: _ClassVar[UnitType]
    UNIT_TYPE_WOLF: _ClassVar[UnitType]
    UNIT_TYPE_BEAR: _ClassVar[UnitType]
    UNIT_TYPE_CROCODILE: _ClassVar[UnitType]
    UNIT_TYPE_TIGER: _ClassVar[UnitType]
    UNIT_TYPE_ELEPHANT: _ClassVar[UnitType]

class BuildingType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    BUILDING_TYPE_UNSPECIFIED: _ClassVar[BuildingType]
    BUILDING_TYPE_WOODCUTTER: _ClassVar[BuildingType]
    BUILDING_TYPE_CLAY_PIT: _ClassVar[BuildingType]
    BUILDING_TYPE_IRON_MINE: _ClassVar[BuildingType]
    BUILDING_TYPE_CROPLAND: _ClassVar[BuildingType]
    BUILDING_TYPE_SAWMILL: _ClassVar[BuildingType]
    BUILDING_TYPE_BRICKYARD: _ClassVar[BuildingType]
    BUILDING_TYPE_IRON_FOUNDRY: _ClassVar[BuildingType]
    BUILDING_TYPE_GRAIN_MILL: _ClassVar[BuildingType]
    BUILDING_TYPE_BAKERY: _ClassVar[BuildingType]
    BUILDING_TYPE_WAREHOUSE: _ClassVar[BuildingType]
    BUILDING_TYPE_GRANARY: _ClassVar[BuildingType]
    BUILDING_TYPE_CRANNY: _ClassVar[BuildingType]
    BUILDING_TYPE_MAIN_BUILDING: _ClassVar[BuildingType]
    BUILDING_TYPE_RALLY_POINT: _ClassVar[BuildingType]
    BUILDING_TYPE_MARKETPLACE: _ClassVar[BuildingType]
    BUILDING_TYPE_EMBASSY: _ClassVar[BuildingType]
    BUILDING_TYPE_RESIDENCE: _ClassVar[BuildingType]
    BUILDING_TYPE_PALACE: _ClassVar[BuildingType]
    BUILDING_TYPE_TREASURY: _ClassVar[BuildingType]
    BUILDING_TYPE_TRADE_OFFICE: _ClassVar[BuildingType]
    BUILDING_TYPE_BARRACKS: _ClassVar[BuildingType]
    BUILDING_TYPE_STABLE: _ClassVar[BuildingType]
    BUILDING_TYPE_WORKSHOP: _ClassVar[BuildingType]
    BUILDING_TYPE_BLACKSMITH: _ClassVar[BuildingType]
    BUILDING_TYPE_ARMOURY: _ClassVar[BuildingType]
    BUILDING_TYPE_ACADEMY: _ClassVar[BuildingType]
    BUILDING_TYPE_HERO_MANSION: _ClassVar[BuildingType]
    BUILDING_TYPE_GREAT_BARRACKS: _ClassVar[BuildingType]
    BUILDING_TYPE_GREAT_STABLE: _ClassVar[BuildingType]
    BUILDING_TYPE_CITY_WALL: _ClassVar[BuildingType]
    BUILDING_TYPE_EARTH_WALL: _ClassVar[BuildingType]
    BUILDING_TYPE_PALISADE: _ClassVar[BuildingType]
    BUILDING_TYPE_TOURNAMENT_SQUARE: _ClassVar[BuildingType]
    BUILDING_TYPE_STONEMASON: _ClassVar[BuildingType]
    BUILDING_TYPE_BREWERY: _ClassVar[BuildingType]
    BUILDING_TYPE_TRAPPER: _ClassVar[BuildingType]
    BUILDING_TYPE_GREAT_WAREHOUSE: _ClassVar[BuildingType]
    BUILDING_TYPE_GREAT_GRANARY: _ClassVar[BuildingType]
    BUILDING_TYPE_WONDER: _ClassVar[BuildingType]
    BUILDING_TYPE_HORSE_DRINKING: _ClassVar[BuildingType]
    BUILDING_TYPE_WATER_DITCH: _ClassVar[BuildingType]
    BUILDING_TYPE_TOWN_HALL: _ClassVar[BuildingType]
TRIBE_UNSPECIFIED: Tribe
TRIBE_ROMANS: Tribe
TRIBE_TEUTONS: Tribe
TRIBE_GAULS: Tribe
UNIT_TYPE_UNSPECIFIED: UnitType
UNIT_TYPE_LEGIONNAIRE: UnitType
UNIT_TYPE_PRAETORIAN: UnitType
UNIT_TYPE_IMPERIAN: UnitType
UNIT_TYPE_EQUITES_LEGATI: UnitType
UNIT_TYPE_EQUITES_IMPERATORIS: UnitType
UNIT_TYPE_EQUITES_CAESARIS: UnitType
UNIT_TYPE_BATTERING_RAM: UnitType
UNIT_TYPE_FIRE_CATAPULT: UnitType
UNIT_TYPE_SENATOR: UnitType
UNIT_TYPE_SETTLER: UnitType
UNIT_TYPE_CLUBSWINGER: UnitType
UNIT_TYPE_SPEARFIGHTER: UnitType
UNIT_TYPE_AXEFIGHTER: UnitType
UNIT_TYPE_SCOUT: UnitType
UNIT_TYPE_PALADIN: UnitType
UNIT_TYPE_TEUTONIC_KNIGHT: UnitType
UNIT_TYPE_RAM: UnitType
UNIT_TYPE_CATAPULT: UnitType
UNIT_TYPE_CHIEF: UnitType
UNIT_TYPE_SETTLER_TEUTON: UnitType
UNIT_TYPE_PHALANX: UnitType
UNIT_TYPE_SWORDSMAN: UnitType
UNIT_TYPE_PATHFINDER: UnitType
UNIT_TYPE_THEUTATES_THUNDER: UnitType
UNIT_TYPE_DRUIDRIDER: UnitType
UNIT_TYPE_HAEDUAN: UnitType
UNIT_TYPE_RAM_GAUL: UnitType
UNIT_TYPE_TREBUCHET: UnitType
UNIT_TYPE_CHIEFTAIN: UnitType
UNIT_TYPE_SETTLER_GAUL: UnitType
UNIT_TYPE_RAT: UnitType
UNIT_TYPE_SPIDER: UnitType
UNIT_TYPE_SNAKE: UnitType
UNIT_TYPE_BAT: UnitType
UNIT_TYPE_WILD_BOAR: UnitType
UNIT_TYPE_WOLF: UnitType
UNIT_TYPE_BEAR: UnitType
UNIT_TYPE_CROCODILE: UnitType
UNIT_TYPE_TIGER: UnitType
UNIT_TYPE_ELEPHANT: UnitType
BUILDING_TYPE_UNSPECIFIED: BuildingType
BUILDING_TYPE_WOODCUTTER: BuildingType
BUILDING_TYPE_CLAY_PIT: BuildingType
BUILDING_TYPE_IRON_MINE: BuildingType
BUILDING_TYPE_CROPLAND: BuildingType
BUILDING_TYPE_SAWMILL: BuildingType
BUILDING_TYPE_BRICKYARD: BuildingType
BUILDING_TYPE_IRON_FOUNDRY: BuildingType
BUILDING_TYPE_GRAIN_MILL: BuildingType
BUILDING_TYPE_BAKERY: BuildingType
BUILDING_TYPE_WAREHOUSE: BuildingType
BUILDING_TYPE_GRANARY: BuildingType
BUILDING_TYPE_CRANNY: BuildingType
BUILDING_TYPE_MAIN_BUILDING: BuildingType
BUILDING_TYPE_RALLY_POINT: BuildingType
BUILDING_TYPE_MARKETPLACE: BuildingType
BUILDING_TYPE_EMBASSY: BuildingType
BUILDING_TYPE_RESIDENCE: BuildingType
BUILDING_TYPE_PALACE: BuildingType
BUILDING_TYPE_TREASURY: BuildingType
BUILDING_TYPE_TRADE_OFFICE: BuildingType
BUILDING_TYPE_BARRACKS: BuildingType
BUILDING_TYPE_STABLE: BuildingType
BUILDING_TYPE_WORKSHOP: BuildingType
BUILDING_TYPE_BLACKSMITH: BuildingType
BUILDING_TYPE_ARMOURY: BuildingType
BUILDING_TYPE_ACADEMY: BuildingType
BUILDING_TYPE_HERO_MANSION: BuildingType
BUILDING_TYPE_GREAT_BARRACKS: BuildingType
BUILDING_TYPE_GREAT_STABLE: BuildingType
BUILDING_TYPE_CITY_WALL: BuildingType
BUILDING_TYPE_EARTH_WALL: BuildingType
BUILDING_TYPE_PALISADE: BuildingType
BUILDING_TYPE_TOURNAMENT_SQUARE: BuildingType
BUILDING_TYPE_STONEMASON: BuildingType
BUILDING_TYPE_BREWERY: BuildingType
BUILDING_TYPE_TRAPPER: BuildingType
BUILDING_TYPE_GREAT_WAREHOUSE: BuildingType
BUILDING_TYPE_GREAT_GRANARY: BuildingType
BUILDING_TYPE_WONDER: BuildingType
BUILDING_TYPE_HORSE_DRINKING: BuildingType
BUILDING_TYPE_WATER_DITCH: BuildingType
BUILDING_TYPE_TOWN_HALL: BuildingType

class Square(_message.Message):
    __slots__ = ("x", "y")
    X_FIELD_NUMBER: _ClassVar[int]
    Y_FIELD_NUMBER: _ClassVar[int]
    x: int
    y: int
    def __init__(self, x: _Optional[int] = ..., y: _Optional[int] = ...) -> None: ...

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
    unit: UnitType
    count: int
    def __init__(self, unit: _Optional[_Union[UnitType, str]] = ..., count: _Optional[int] = ...) -> None: ...

class PageRequest(_message.Message):
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

class PageInfo(_message.Message):
    __slots__ = ("page", "page_size", "total")
    PAGE_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FIELD_NUMBER: _ClassVar[int]
    page: int
    page_size: int
    total: int
    def __init__(self, page: _Optional[int] = ..., page_size: _Optional[int] = ..., total: _Optional[int] = ...) -> None: ...
