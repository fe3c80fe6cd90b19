"""schemathesis over the game routes (tactics, villages, the combat simulator, rankings) and
the identity and operations routes, signed in: whatever the input, the answer is never a
5xx and always the contract's error shape; where the routes declare their response models
(tactics, rankings, auth, operations), every answer also matches the OpenAPI's schema for
its status, its status is a documented one and its content type the declared one."""

from __future__ import annotations

import re
from typing import Any

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
ROUTES = r"^/api/v1/(games|maps|map|unit-definitions|saves|analytics|combat|villages|hero|rankings)"
# Routes whose answers are declared models: their bodies are checked against the schema.
CONFORMING = re.compile(r"^(/api/v1/(games|maps|map|unit-definitions|saves|analytics|rankings|auth"
                        r"|villages|combat|hero)|/health$|/metrics$)")
CONFORMANCE = [response_schema_conformance, status_code_conformance, content_type_conformance]
OTHER_ROUTES = r"^(/api/v1/auth/|/health$|/metrics$)"
# Answers that must have been seen (and schema-checked) at least once, not only refusals.
GAME_READS = ["/api/v1/unit-definitions", "/api/v1/maps/{code}", "/api/v1/maps/{code}/tiles",
              "/api/v1/games", "/api/v1/games/{game_id}", "/api/v1/games/{game_id}/state",
              "/api/v1/games/{game_id}/turns", "/api/v1/games/{game_id}/saves",
              "/api/v1/rankings/players"]


def checks_for(path: str) -> list:
    return [not_a_server_error, *(CONFORMANCE if CONFORMING.match(path) else [])]


def real_ids(stack: Stack, headers: dict) -> dict[str, int]:
    """A game and a manual save of the player and the map's code, so that cases reach
    answers, not just 404s."""
    with httpx.Client(base_url=stack.gateway_url, headers=headers, timeout=30) as client:
        game = client.post("/api/v1/games", json={"settings": {"seed": 5}})
        assert game.status_code == 201, game.text
        gid = game.json()["id"]
        assert client.post(f"/api/v1/games/{gid}/end-turn", json={}).status_code == 200
        save = client.post(f"/api/v1/games/{gid}/saves/manual", json={"slot": 1, "name": "f"})
        assert save.status_code == 201, save.text
    return {"game_id": gid, "save_id": save.json()["id"], "code": "default"}


def fuzz_operation(stack: Stack, headers: dict, operation: Any, ids: dict[str, int | str],
                   answered: set[str]) -> None:
    """Positive and negative cases of one operation; half of them with a path parameter
    replaced by one of ``ids`` (a real game, save...). A schema-checked operation that
    answered a 2xx is added to ``answered``."""
    checks = checks_for(operation.path)
    name = f"{operation.method.upper()} {operation.path}"
    for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=mode), real=st.booleans())
        def fuzz(case: schemathesis.Case, real: bool) -> None:
            if real and case.path_parameters:
                case.path_parameters = {k: ids.get(k, v) for k, v in case.path_parameters.items()}
            response = case.call(base_url=stack.gateway_url, headers=headers)
            case.validate_response(response, checks=checks)
            if response.status_code < 300 and len(checks) > 1:
                answered.add(name)
            if response.status_code >= 400:
                body = response.json()
                assert isinstance(body.get("code"), str) and body["code"].isupper(), body
                assert isinstance(body.get("message"), str), body

        try:
            fuzz()
        except Unsatisfiable:
            assert mode is GenerationMode.NEGATIVE


def fuzz_operations(stack: Stack, headers: dict, path_regex: str, minimum: int,
                    ids: dict[str, int | str] | None = None) -> tuple[int, set[str]]:
    """Every operation matching path_regex. Returns how many had their answers checked
    against the response schema, and those of them that answered a 2xx at least once."""
    schema = schemathesis.openapi.from_url(f"{stack.gateway_url}/api/v1/openapi.json")
    operations = [r.ok() for r in schema.include(path_regex=path_regex).get_all_operations()]
    assert len(operations) >= minimum
    # Deletes and logout end what the other cases use: fuzz them last.
    operations.sort(key=lambda op: (op.path.endswith("/logout"), op.method.upper() == "DELETE"))
    answered: set[str] = set()
    for operation in operations:
        fuzz_operation(stack, headers, operation, ids or {}, answered)
    return sum(len(checks_for(op.path)) > 1 for op in operations), answered


def test_fuzzed_game_requests_never_get_a_5xx(stack: Stack, player: dict) -> None:
    conforming, answered = fuzz_operations(stack, player["headers"], ROUTES, 15,
                                           real_ids(stack, player["headers"]))
    assert conforming >= 16, "every tactics route and the rankings are schema-checked"
    assert {f"GET {p}" for p in GAME_READS} <= answered, sorted(answered)


def test_fuzzed_identity_and_operations_answers_match_their_schemas(stack: Stack,
                                                                    player: dict) -> None:
    conforming, answered = fuzz_operations(stack, player["headers"], OTHER_ROUTES, 11)
    assert conforming >= 11
    assert {"GET /health", "GET /metrics", "GET /api/v1/auth/me"} <= answered, sorted(answered)
