"""Fuzzing the whole edge.

1. schemathesis over every operation of the OpenAPI, with the headers the gateway reads
   (Authorization, Idempotency-Key, X-Request-Id, Origin, Sec-Fetch-Site, X-Forwarded-For,
   Content-Type...) and its cookies (session, XSRF-TOKEN) fuzzed too: no 5xx, no status
   outside the documented ones, errors in the contract's shape; on the routes that declare
   their response models (tests/e2e/test_fuzz_game_routes.py, CONFORMING), every body
   matches the OpenAPI's schema for its status.
2. hypothesis feeding control characters, NUL, lone surrogates, huge numbers, NaN and deep
   nesting into each string and number of a valid request of every route (body, path and
   query): never a 5xx, a refusal is in the contract's shape.

The pytest plugin of schemathesis crashes on pytest 9.2, so hypothesis is driven directly
with `operation.as_strategy()`. Example counts are small (the whole suite stays fast).
"""

from __future__ import annotations

import json
import math
from typing import Any
from urllib.parse import quote

import httpx
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import status_code_conformance

from tests.e2e.test_fuzz_game_routes import checks_for
from tests.stack import Stack

EXAMPLES = 8

HEADER_NAMES = ["Authorization", "Idempotency-Key", "X-Request-Id", "Origin", "Sec-Fetch-Site",
                "X-Forwarded-For", "Content-Type", "If-None-Match", "X-XSRF-TOKEN", "Accept"]
# Every byte HTTP/1.1 allows in a header value (RFC 9110 field-content: visible ASCII,
# obs-text 0x80-0xFF, inner SP/HTAB). Other bytes (DEL, NUL, line breaks) never reach the
# app: the HTTP server (uvicorn/h11) answers them 400 itself.
header_value = st.text(st.characters(codec="latin-1", exclude_categories=("Cc",))
                       | st.just("\t"), max_size=40).filter(lambda v: v == v.strip())
cookie_value = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7e,
                                     exclude_characters=';,"\\'), max_size=40)


def assert_contract_error(response: Any) -> None:
    if response.status_code >= 400:
        body = response.json()
        assert isinstance(body.get("code"), str) and body["code"].isupper(), body
        assert isinstance(body.get("message"), str), body
        assert "x-request-id" in response.headers and "x-content-type-options" in response.headers


def all_operations(stack: Stack) -> list[Any]:
    schema = schemathesis.openapi.from_url(f"{stack.gateway_url}/api/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 30
    return operations


def test_schemathesis_with_fuzzed_headers_and_cookies_over_every_route(
        stack: Stack, player: dict) -> None:
    token = player["headers"]["Authorization"]
    extras = st.tuples(
        st.dictionaries(st.sampled_from(HEADER_NAMES), header_value, max_size=4),
        st.dictionaries(st.sampled_from(["session", "XSRF-TOKEN"]), cookie_value, max_size=2),
        st.booleans())
    for operation in all_operations(stack):
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                      suppress_health_check=list(HealthCheck))
            @given(case=operation.as_strategy(generation_mode=mode), extra=extras)
            def fuzz(case: schemathesis.Case, extra: tuple[dict, dict, bool]) -> None:
                headers, cookies, signed_in = extra
                case.headers = {**(case.headers or {}), **headers}
                if signed_in and "Authorization" not in headers:
                    case.headers["Authorization"] = token
                case.cookies = {**(case.cookies or {}), **cookies}
                response = case.call(base_url=stack.gateway_url)
                checks = [*checks_for(case.operation.path), status_code_conformance]
                case.validate_response(response, checks=list(dict.fromkeys(checks)))
                assert_contract_error(response)

            try:
                fuzz()
            except Unsatisfiable:
                assert mode is GenerationMode.NEGATIVE


NASTY_STRINGS = ["\x00", "a\x00b", "\ud800", "x\udfff", "\x01\x1f\x7f\t\n", "²", "\u202e",
                 "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-14:00", "%00", "",
                 "a" * 5000]
NASTY_NUMBERS: list[Any] = [math.nan, math.inf, -math.inf, 2**63, -(2**63) - 1, 2**64,
                            10**400, 1e308, -0.0, 2**31, -(2**31) - 1, 2**53 + 1]
DEEP = "__DEEP__"
nasty = (st.sampled_from(NASTY_STRINGS) | st.text(st.characters(categories=["Cc", "Cs"]))
         | st.sampled_from(NASTY_NUMBERS) | st.integers() | st.floats() | st.just(DEEP))


def leaves(value: Any, path: tuple = ()) -> list[tuple]:
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in leaves(v, (*path, k))] + [path]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in leaves(v, (*path, i))] + [path]
    return [path]


def replaced(value: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = replaced(value[path[0]], path[1:], new)
    return copy


def encode(body: Any) -> bytes:
    """JSON as an attacker writes it: NaN, huge integers and lone surrogates included."""
    raw = json.dumps(body, allow_nan=True, ensure_ascii=True)
    return raw.replace(json.dumps(DEEP), "[" * 5000 + "]" * 5000).encode()


def url_text(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, allow_nan=True)
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def fuzz_nasty(operation: Any, client: httpx.Client) -> None:
    """One route: a valid request with one string/number (body, path or query) made nasty."""

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
           where=st.integers(min_value=0), value=nasty)
    def fuzz(case: schemathesis.Case, where: int, value: Any) -> None:
        params = dict(case.path_parameters or {})
        query = dict(case.query or {})
        body = case.body if isinstance(case.body, dict | list) else None
        targets = ([("path", k) for k in params] + [("query", k) for k in query]
                   + ([("body", p) for p in leaves(body)] if body is not None else []))
        if targets:
            kind, key = targets[where % len(targets)]
            if kind == "path":
                params[key] = value
            elif kind == "query":
                query[key] = value
            else:
                body = replaced(body, key, value)
        path = operation.path
        for key, val in params.items():
            path = path.replace("{" + key + "}", url_text(val))
        qs = "&".join(f"{quote(str(k))}={url_text(v)}" for k, v in query.items())
        response = client.request(
            operation.method.upper(), path + (f"?{qs}" if qs else ""),
            content=encode(body) if body is not None else None,
            headers={"Content-Type": "application/json"} if body is not None else {})
        assert response.status_code < 500, (operation.path, value, response.text)
        assert_contract_error(response)

    fuzz()


def test_nasty_values_in_every_field_of_every_route_are_never_a_5xx(
        stack: Stack, player: dict) -> None:
    with httpx.Client(base_url=stack.gateway_url, timeout=30,
                      headers=player["headers"]) as client:
        for operation in all_operations(stack):
            fuzz_nasty(operation, client)
