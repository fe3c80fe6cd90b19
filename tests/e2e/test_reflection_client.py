"""A client that knows the services only through gRPC server reflection plays by RPC alone.

``grpc_requests`` asks each service's reflection for its file descriptors and builds the
message classes in a fresh descriptor pool: none of the project's generated code (nor
its descriptors in the default pool) is used. Identity travels as the gateway sends it,
in the ``x-user-id`` metadata. Against the real stack: a tactics game of a few turns
(new game, moves, an attack, end turns, the state and the turn log) and a village turn
(the capital, a field upgrade).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import grpc
import pytest
from google.protobuf import descriptor_pool
from google.rpc import error_details_pb2
from grpc_requests import Client
from grpc_status import rpc_status

from tests.stack import Stack

TACTICS = "palisade.tactics.v1.TacticsService"
AUTH = "palisade.auth.v1.AuthService"
VILLAGE = "palisade.village.v1.VillageService"
TURNS = 8


def reflected(stack: Stack, service: str) -> Client:
    address = stack.env[f"{service.upper()}_GRPC_ADDR"].split(",")[0]
    return Client(address, descriptor_pool=descriptor_pool.DescriptorPool())


@pytest.fixture
def clients(stack: Stack) -> Iterator[dict[str, Client]]:
    made = {name: reflected(stack, name) for name in ("auth", "village", "tactics")}
    yield made
    for client in made.values():
        client.channel.close()


def metadata(user_id: str) -> list[tuple[str, str]]:
    return [("x-user-id", user_id), ("x-request-id", uuid.uuid4().hex)]


def call(client: Client, service: str, method: str, request: dict, user_id: str) -> Any:
    """One unary call; the answer is a message of the reflected (dynamic) class."""
    return client.request(service, method, request, raw_output=True,
                          metadata=metadata(user_id), timeout=10)


def reason(err: grpc.RpcError) -> str:
    """The contract code of a refused call (its google.rpc.ErrorInfo)."""
    status = rpc_status.from_call(err)
    for detail in status.details:
        info = error_details_pb2.ErrorInfo()
        if detail.Unpack(info):
            return info.reason
    return ""


def enum_number(message: Any, field: str, name: str) -> int:
    """A value of a reflected enum, by name (the client has no generated constants)."""
    return message.DESCRIPTOR.fields_by_name[field].enum_type.values_by_name[name].number


def chebyshev(a: Any, b: Any) -> int:
    return max(abs(a.row - b.row), abs(a.col - b.col))


def register(auth: Client) -> str:
    name = f"r{uuid.uuid4().hex[:10]}"
    user = auth.request(AUTH, "Register", {"username": name, "email": f"{name}@x.io",
                                           "password": "password1", "tribe": 3},
                        raw_output=True, timeout=10)
    return user.id


def test_the_services_serve_reflection_and_no_generated_code_is_used(
        clients: dict[str, Client]) -> None:
    tactics = clients["tactics"]
    assert TACTICS in tactics.service_names
    request_class = type(tactics.get_method_meta(TACTICS, "CreateGame").input_type())
    assert request_class.DESCRIPTOR.file.pool is not descriptor_pool.Default()
    fields = set(request_class.DESCRIPTOR.fields_by_name)
    assert "user_id" not in fields, "identity travels in metadata, not in the request"
    for name, service in (("auth", AUTH), ("village", VILLAGE)):
        assert service in clients[name].service_names


def test_a_reflection_client_plays_a_tactics_game_by_rpc_alone(
        clients: dict[str, Client]) -> None:
    user = register(clients["auth"])
    tactics = clients["tactics"]
    created = call(tactics, TACTICS, "CreateGame",
                   {"map_code": "default", "settings": {"difficulty": "DIFFICULTY_NORMAL",
                                                        "seed": 11}}, user)
    game_id, state = created.id, created.state
    assert state.game.turn_no == 1 and state.map.code == "default"
    human_kind = enum_number(state.participants[0], "kind", "PARTICIPANT_KIND_HUMAN")
    active = enum_number(state.game, "status", "GAME_STATUS_ACTIVE")
    human = next(p.id for p in state.participants if p.kind == human_kind)
    attacks = moves = 0
    for turn in range(1, TURNS + 1):
        assert state.game.turn_no == turn
        for unit in [u for u in state.units if u.participant_id == human]:
            state, acted = attack_or_move(tactics, user, game_id, state, unit)
            attacks += acted == "attack"
            moves += acted == "move"
        ended = call(tactics, TACTICS, "EndTurn", {"game_id": game_id}, user)
        assert ended.autosave_id > 0 and ended.turn_summary.turn_no == turn
        assert ended.turn_summary.human.participant_id == human
        state = ended.state
        if state.game.status != active:
            break
    assert moves > 0 and attacks > 0, (moves, attacks)

    fetched = call(tactics, TACTICS, "GetGameState", {"game_id": game_id}, user)
    assert not fetched.HasField("turn_summary")
    state.ClearField("turn_summary")
    assert fetched == state
    log = call(tactics, TACTICS, "ListTurns",
               {"game_id": game_id, "page": {"page": 1, "page_size": 100}}, user)
    assert log.page.total == 2 * (state.game.turn_no - 1)
    kinds = [a.WhichOneof("kind") for t in log.items if t.participant_id == human
             for a in t.actions]
    assert kinds.count("attack") == attacks and kinds.count("move") == moves
    assert kinds.count("end_turn") == state.game.turn_no - 1

    # A refusal names its contract code, and another player does not see the game.
    with pytest.raises(grpc.RpcError) as refused:
        call(tactics, TACTICS, "Move", {"game_id": game_id, "unit_id": state.units[0].id,
                                        "to": {"row": 0, "col": 0}}, user)
    assert reason(refused.value) in {"ILLEGAL_MOVE", "NO_ACTIONS_LEFT", "ONE_UNIT_PER_TILE",
                                     "INVALID_INPUT"}
    with pytest.raises(grpc.RpcError) as hidden:
        call(tactics, TACTICS, "GetGameState", {"game_id": game_id},
             register(clients["auth"]))
    assert reason(hidden.value) == "GAME_NOT_FOUND"


def attack_or_move(tactics: Client, user: str, game_id: int, state: Any,
                   unit: Any) -> tuple[Any, str]:
    """Attack an enemy in range, else step towards the enemy city; a refused step is
    tried elsewhere (terrain, other units). Returns the new state and what was done."""
    spec = next(d for d in state.unit_definitions if d.code == unit.type_code)
    enemies = [u for u in state.units if u.participant_id != unit.participant_id]
    for enemy in sorted(enemies, key=lambda e: (chebyshev(unit, e), e.id)):
        if spec.range_min <= chebyshev(unit, enemy) <= spec.range_max:
            reply = call(tactics, TACTICS, "Attack", {
                "game_id": game_id, "attacker_unit_id": unit.id,
                "target_unit_id": enemy.id}, user)
            after = next((u for u in reply.state.units if u.id == enemy.id), None)
            assert after is None or after.hp < enemy.hp
            return reply.state, "attack"
    target = next(c for c in state.cities if c.participant_id != unit.participant_id)
    for steps in range(spec.move_points, 0, -1):
        for dr in (0, -1, 1):
            row = unit.row + dr * steps
            col = unit.col + (steps if target.col > unit.col else -steps)
            try:
                reply = call(tactics, TACTICS, "Move", {
                    "game_id": game_id, "unit_id": unit.id, "to": {"row": row, "col": col}},
                    user)
            except grpc.RpcError as err:
                assert reason(err) in {"ILLEGAL_MOVE", "ONE_UNIT_PER_TILE"}, reason(err)
                continue
            moved = next(u for u in reply.state.units if u.id == unit.id)
            assert (moved.row, moved.col, moved.has_acted) == (row, col, True)
            return reply.state, "move"
    return state, "none"


def test_a_reflection_client_plays_a_village_turn_by_rpc_alone(
        clients: dict[str, Client]) -> None:
    user = register(clients["auth"])
    village = clients["village"]
    listed = call(village, VILLAGE, "ListVillages", {}, user)
    assert len(listed.villages) == 1 and listed.villages[0].is_capital
    capital = call(village, VILLAGE, "GetVillage", {"village_id": listed.villages[0].id}, user)
    woodcutter = next(b for b in capital.buildings if b.position == 1)
    reply = call(village, VILLAGE, "UpgradeBuilding", {
        "village_id": capital.id, "building_type": "BUILDING_TYPE_WOODCUTTER",
        "position": 1}, user)
    assert reply.job_id and reply.HasField("complete_at")
    after = call(village, VILLAGE, "GetVillage", {"village_id": capital.id}, user)
    assert [(q.position, q.target_level) for q in after.build_queue] == \
        [(1, woodcutter.level + 1)]
    assert after.resources.wood < capital.resources.wood
    with pytest.raises(grpc.RpcError) as hidden:
        call(village, VILLAGE, "GetVillage", {"village_id": capital.id},
             register(clients["auth"]))
    assert reason(hidden.value) == "VILLAGE_NOT_FOUND"
