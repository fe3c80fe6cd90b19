"""schemathesis over the game routes (tactics, villages, the combat simulator), signed in:
whatever the input, the answer is never a 5xx and always the contract's error shape."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from tests.stack import Stack

EXAMPLES = 10
ROUTES = r"^/api/v1/(games|maps|unit-definitions|saves|analytics|combat|villages|rankings)"


def test_fuzzed_game_requests_never_get_a_5xx(stack: Stack, player: dict) -> None:
    schema = schemathesis.openapi.from_url(f"{stack.gateway_url}/api/v1/openapi.json")
    operations = [r.ok() for r in schema.include(path_regex=ROUTES).get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=mode))
            def fuzz(case: schemathesis.Case) -> None:
                response = case.call(base_url=stack.gateway_url, headers=player["headers"])
                case.validate_response(response, checks=[not_a_server_error])
                if response.status_code >= 400:
                    body = response.json()
                    assert isinstance(body.get("code"), str) and body["code"].isupper(), body
                    assert isinstance(body.get("message"), str), body

            try:
                fuzz()
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE
