"""Movement: A* with uniform cost, through friendlies only, within move points, 1UPT."""

import pytest

from rules.tactics.errors import RuleError
from rules.tactics.game import move
from rules.tactics.pathfinding import find_path, reachable
from rules.tactics.testing import AI_ID, HUMAN_ID, city, make_state, unit

OPEN = [
    ".......",
    ".......",
    ".......",
]


def _code(excinfo: pytest.ExceptionInfo[RuleError]) -> str:
    return excinfo.value.code


def test_move_within_move_points_updates_tile_and_uses_the_action() -> None:
    s = make_state(OPEN, [unit(HUMAN_ID, "warrior", 1, 0)])
    s2 = move(s, HUMAN_ID, 1, (1, 2))
    u = s2.unit(1)
    assert s2.map.row_col(u.tile_id) == (1, 2)
    assert u.has_acted
    assert s.unit(1).tile_id == s.map.tile_id(1, 0)  # the input state is untouched


def test_diagonal_steps_cost_one() -> None:
    s = make_state(OPEN, [unit(HUMAN_ID, "warrior", 0, 0)])
    s2 = move(s, HUMAN_ID, 1, {"row": 2, "col": 2})  # two diagonal steps
    assert s2.map.row_col(s2.unit(1).tile_id) == (2, 2)


def test_move_beyond_move_points_is_illegal() -> None:
    s = make_state(OPEN, [unit(HUMAN_ID, "warrior", 1, 0)])
    with pytest.raises(RuleError) as e:
        move(s, HUMAN_ID, 1, (1, 3))  # three steps, warrior has 2
    assert _code(e) == "ILLEGAL_MOVE"


def test_path_may_pass_through_a_friendly_unit() -> None:
    rows = [
        "~~~",
        "...",
        "~~~",
    ]
    s = make_state(rows, [unit(HUMAN_ID, "warrior", 1, 0), unit(HUMAN_ID, "slinger", 1, 1)])
    s2 = move(s, HUMAN_ID, 1, (1, 2))
    assert s2.map.row_col(s2.unit(1).tile_id) == (1, 2)


def test_path_may_not_pass_through_an_enemy_unit() -> None:
    rows = [
        "~~~",
        "...",
        "~~~",
    ]
    s = make_state(rows, [unit(HUMAN_ID, "warrior", 1, 0), unit(AI_ID, "slinger", 1, 1)])
    with pytest.raises(RuleError) as e:
        move(s, HUMAN_ID, 1, (1, 2))
    assert _code(e) == "ILLEGAL_MOVE"


def test_path_goes_around_an_enemy_when_it_can() -> None:
    s = make_state(OPEN, [unit(HUMAN_ID, "warrior", 1, 0), unit(AI_ID, "slinger", 1, 1)])
    s2 = move(s, HUMAN_ID, 1, (1, 2))  # via (0,1) or (2,1)
    assert s2.map.row_col(s2.unit(1).tile_id) == (1, 2)


def test_path_may_not_cross_impassable_terrain() -> None:
    rows = [
        ".~.",
        ".^.",
        ".~.",
    ]
    s = make_state(rows, [unit(HUMAN_ID, "warrior", 1, 0)])
    with pytest.raises(RuleError) as e:
        move(s, HUMAN_ID, 1, (1, 2))
    assert _code(e) == "ILLEGAL_MOVE"


@pytest.mark.parametrize("terrain", ["~", "^"])
def test_destination_on_impassable_terrain_is_illegal(terrain: str) -> None:
    s = make_state(["." + terrain + "."], [unit(HUMAN_ID, "warrior", 0, 0)])
    with pytest.raises(RuleError) as e:
        move(s, HUMAN_ID, 1, (0, 1))
    assert _code(e) == "ILLEGAL_MOVE"


def test_destination_outside_the_map_or_own_tile_is_illegal() -> None:
    s = make_state(OPEN, [unit(HUMAN_ID, "warrior", 0, 0)])
    for to in [(-1, 0), (0, 7), (3, 0), (0, 0)]:
        with pytest.raises(RuleError) as e:
            move(s, HUMAN_ID, 1, to)
        assert _code(e) == "ILLEGAL_MOVE"


def test_cannot_end_on_a_friendly_unit() -> None:
    s = make_state(OPEN, [unit(HUMAN_ID, "warrior", 1, 0), unit(HUMAN_ID, "slinger", 1, 1)])
    with pytest.raises(RuleError) as e:
        move(s, HUMAN_ID, 1, (1, 1))
    assert _code(e) == "ONE_UNIT_PER_TILE"


def test_cannot_end_on_an_enemy_unit() -> None:
    s = make_state(OPEN, [unit(HUMAN_ID, "warrior", 1, 0), unit(AI_ID, "slinger", 1, 1)])
    with pytest.raises(RuleError) as e:
        move(s, HUMAN_ID, 1, (1, 1))
    assert _code(e) == "ONE_UNIT_PER_TILE"


def test_one_action_per_unit_per_turn() -> None:
    s = make_state(OPEN, [unit(HUMAN_ID, "warrior", 1, 0)])
    s = move(s, HUMAN_ID, 1, (1, 1))
    with pytest.raises(RuleError) as e:
        move(s, HUMAN_ID, 1, (1, 2))
    assert _code(e) == "NO_ACTIONS_LEFT"


def test_moving_out_of_turn_is_rejected() -> None:
    s = make_state(OPEN, [unit(AI_ID, "warrior", 1, 0)], active=HUMAN_ID)
    with pytest.raises(RuleError) as e:
        move(s, AI_ID, 1, (1, 1))
    assert _code(e) == "NOT_PLAYER_TURN"


def test_moving_someone_elses_unit_is_invalid_input() -> None:
    s = make_state(OPEN, [unit(AI_ID, "warrior", 1, 0)])
    with pytest.raises(RuleError) as e:
        move(s, HUMAN_ID, 1, (1, 1))
    assert _code(e) == "INVALID_INPUT"
    with pytest.raises(RuleError) as e:
        move(s, HUMAN_ID, 99, (1, 1))
    assert _code(e) == "INVALID_INPUT"


def test_may_move_onto_an_empty_enemy_city_tile() -> None:
    s = make_state(OPEN, [unit(HUMAN_ID, "warrior", 1, 0)], [city(AI_ID, 1, 2)])
    s2 = move(s, HUMAN_ID, 1, (1, 2))
    assert s2.unit(1).tile_id == s2.cities[0].tile_id


def test_find_path_is_shortest_and_steps_are_neighbours() -> None:
    rows = [
        ".....",
        ".^^^.",
        ".....",
    ]
    s = make_state(rows)
    m = s.map
    path = find_path(m, m.tile_id(1, 0), m.tile_id(1, 4), blocked=set())
    assert path is not None and len(path) - 1 == 4  # up and over the ridge diagonally
    for a, b in zip(path, path[1:], strict=False):
        assert m.distance(a, b) == 1 and m.passable[b]
    assert find_path(m, m.tile_id(1, 0), m.tile_id(1, 4), blocked=set(), max_cost=3) is None


def test_reachable_respects_budget_and_blockers() -> None:
    s = make_state(["......."])
    m = s.map
    reach = reachable(m, m.tile_id(0, 0), blocked={m.tile_id(0, 2)}, max_cost=5)
    assert set(reach) == {m.tile_id(0, 0), m.tile_id(0, 1)}
    reach = reachable(m, m.tile_id(0, 3), blocked=set(), max_cost=2)
    assert {m.row_col(t)[1] for t in reach} == {1, 2, 3, 4, 5}
