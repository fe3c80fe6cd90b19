"""schemathesis over the game routes (tactics, villages, the combat simulator, rankings) and
the identity and operations routes, signed in: whatever the input, the answer is never a
5xx and always the contract's error shape; where the routes declare their response models
(tactics, rankings, auth, operations), every answer also matches the OpenAPI's schema for
its status, its status is a documented one and its content type the declared one."""

from __future__ import annotations

import re

import httpx
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from tests.stack import Stack

EXAMPLES = 10
ROUTES = r"^/api/v1/(games|maps|unit-definitions|saves|analytics|combat|villages|rankings)"
# Routes whose answers are declared models: their bodies are checked against the schema.
CONFORMING = re.compile(r"^(/api/v1/(games|maps|unit-definitions|saves|analytics|rankings|auth)"
                        r"|/health$|/metrics$)")
CONFORMANCE = [response_schema_conformance, status_code_conformance, content_type_conformance]
OTHER_ROUTES = r"^(/api/v1/auth/|/health$|/metrics$)"


def checks_for(path: str) -> list:
    return [not_a_server_error, *(CONFORMANCE if CONFORMING.match(path) else [])]


def real_ids(stack: Stack, headers: dict) -> dict[str, int]:
    """A game and a manual save of the player, so that cases reach answers, not just 404s."""
    with httpx.Client(base_url=stack.gateway_url, headers=headers, timeout=30) as client:
        game = client.post("/api/v1/games", json={"settings": {"seed": 5}})
        assert game.status_code == 201, game.text
        gid = game.json()["id"]
        assert client.post(f"/api/v1/games/{gid}/end-turn", json={}).status_code == 200
        save = client.post(f"/api/v1/games/{gid}/saves/manual", json={"slot": 1, "name": "f"})
        assert save.status_code == 201, save.text
    return {"game_id": gid, "save_id": save.json()["id"]}


def fuzz_operations(stack: Stack, headers: dict, path_regex: str, minimum: int,
                    ids: dict[str, int] | None = None) -> int:
    """Every operation matching path_regex, positive and negative cases; half the cases
    with a path id replaced by one of ``ids`` (a real game, save...). Returns how many
    operations had their answers checked against the response schema."""
    schema = schemathesis.openapi.from_url(f"{stack.gateway_url}/api/v1/openapi.json")
    operations = [r.ok() for r in schema.include(path_regex=path_regex).get_all_operations()]
    assert len(operations) >= minimum
    # Logout ends the session the other cases use: fuzz it last.
    operations.sort(key=lambda op: op.path.endswith("/logout"))
    conforming = 0
    for operation in operations:
        checks = checks_for(operation.path)
        conforming += len(checks) > 1
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=mode), real=st.booleans())
            def fuzz(case: schemathesis.Case, real: bool) -> None:
                if real and case.path_parameters:
                    case.path_parameters = {k: (ids or {}).get(k, v)
                                            for k, v in case.path_parameters.items()}
                response = case.call(base_url=stack.gateway_url, headers=headers)
                case.validate_response(response, checks=checks)
                if response.status_code >= 400:
                    body = response.json()
                    assert isinstance(body.get("code"), str) and body["code"].isupper(), body
                    assert isinstance(body.get("message"), str), body

            try:
                fuzz()
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE
    return conforming


def test_fuzzed_game_requests_never_get_a_5xx(stack: Stack, player: dict) -> None:
    conforming = fuzz_operations(stack, player["headers"], ROUTES, 15,
                                 real_ids(stack, player["headers"]))
    assert conforming >= 16, "every tactics route and the rankings are schema-checked"


def test_fuzzed_identity_and_operations_answers_match_their_schemas(stack: Stack,
                                                                    player: dict) -> None:
    assert fuzz_operations(stack, player["headers"], OTHER_ROUTES, 11) >= 11
