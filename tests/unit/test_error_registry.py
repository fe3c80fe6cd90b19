"""The one error table holds every `NNN CODE` pair the contract documents, and gives each
code the gRPC status its kind of failure calls for."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import grpc
import pytest
from google.rpc import error_details_pb2, status_pb2

from rules.tactics import errors as tactics_errors
from rules.travian.errors import RULE_ERROR_CODES
from services.runtime.errors import (
    ERRORS,
    FALLBACK_CODE,
    HTTP_STATUS,
    STATUS_DETAILS_KEY,
    DomainError,
    from_rpc_error,
)

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "tests" / "reference"  # copies of ../shared (tests/reference/README.md)
PAIR = re.compile(r"\b([1-5]\d\d) ([A-Z][A-Z_]{2,})\b")
Code = grpc.StatusCode


def documented_pairs() -> set[tuple[int, str]]:
    docs = [DOCS / "API.md", *sorted((DOCS / "seeds").glob("*.txt"))]
    pairs: set[tuple[int, str]] = set()
    for doc in docs:
        pairs |= {(int(s), c) for s, c in PAIR.findall(doc.read_text())}
    return pairs


def prose_rule_codes() -> set[str]:
    api = (DOCS / "API.md").read_text()
    section = api[api.index("Rule failures are `400`"):][:300]
    return set(re.findall(r"`([A-Z_]{4,})`", section))


def test_registry_matches_every_documented_status_and_code() -> None:
    pairs = documented_pairs()
    assert len(pairs) > 30
    wrong = {(s, c): HTTP_STATUS.get(c) for s, c in pairs if HTTP_STATUS.get(c) != s}
    assert not wrong, f"registry disagrees with the contract: {wrong}"


def test_rule_codes_named_in_prose_are_registered() -> None:
    codes = prose_rule_codes()
    assert len(codes) >= 6
    for code in codes:
        assert HTTP_STATUS[code] == 400, code


def raised_codes() -> set[str]:
    """Every literal code a DomainError is raised with anywhere in the code base."""
    codes = set()
    for root in ("services", "gateway", "rules"):
        for path in (REPO / root).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text())):
                if (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "DomainError"
                        and node.args and isinstance(node.args[0], ast.Constant)):
                    codes.add(node.args[0].value)
    return codes


def test_every_code_the_house_raises_is_in_the_table() -> None:
    raised = raised_codes()
    assert len(raised) > 20
    assert raised - set(ERRORS) == set()
    assert set(RULE_ERROR_CODES) - set(ERRORS) == set()


def rule_codes() -> set[str]:
    """Business-rule failures, gathered from the documents and the rules, not the table:
    API.md's 400s of the village game, the travian rules' codes, the tactics rules' codes
    (seed 004's 409/422 rule failures) and the tactics game limit."""
    village_400 = {c for s, c in documented_pairs() if s == 400} - {"INVALID_RESET_TOKEN"}
    tactics = {v for k, v in vars(tactics_errors).items() if k.isupper() and isinstance(v, str)}
    malformed = {"INVALID_INPUT", "SCHEMA_MISMATCH"}  # wrong requests, not refused moves
    return (village_400 | prose_rule_codes() | set(RULE_ERROR_CODES) | tactics
            | {"GAME_LIMIT_REACHED"}) - malformed


def test_business_rules_travel_as_failed_precondition() -> None:
    codes = rule_codes()
    assert {"INSUFFICIENT_RESOURCES", "ILLEGAL_MOVE", "NOT_PLAYER_TURN", "QUEUE_FULL",
            "NOT_ENOUGH_UNITS", "COORDINATES_OCCUPIED"} <= codes and len(codes) >= 20
    wrong = {c: DomainError(c, "x").grpc_code.name for c in codes
             if DomainError(c, "x").grpc_code != Code.FAILED_PRECONDITION}
    assert not wrong, f"rule failures that do not travel as FAILED_PRECONDITION: {wrong}"


@pytest.mark.parametrize(("code", "expected"), [
    ("INVALID_INPUT", Code.INVALID_ARGUMENT),
    ("SCHEMA_MISMATCH", Code.INVALID_ARGUMENT),
    ("SAVE_CONFLICT", Code.ABORTED),
    ("TURN_IN_PROGRESS", Code.ABORTED),
    ("USERNAME_TAKEN", Code.ALREADY_EXISTS),
    ("EMAIL_TAKEN", Code.ALREADY_EXISTS),
    # a slow AI turn is not "server down, retry" (UNAVAILABLE); its HTTP stays 503
    ("AI_TIMEOUT", Code.DEADLINE_EXCEEDED),
    ("SERVICE_UNAVAILABLE", Code.UNAVAILABLE),
    ("LOGIN_LOCKED", Code.RESOURCE_EXHAUSTED),
    ("GAME_NOT_FOUND", Code.NOT_FOUND),
])
def test_other_failures_travel_as_their_kind(code: str, expected: grpc.StatusCode) -> None:
    assert DomainError(code, "x").grpc_code == expected


def test_only_unavailable_codes_travel_as_unavailable() -> None:
    assert {c for c, k in ERRORS.items() if k.grpc == Code.UNAVAILABLE} == {
        "SERVICE_UNAVAILABLE"}


class FakeRpcError(grpc.RpcError):
    def __init__(self, code: grpc.StatusCode, details: str, trailing: tuple = ()) -> None:
        self._code, self._details, self._trailing = code, details, trailing

    def code(self) -> grpc.StatusCode:
        return self._code

    def details(self) -> str:
        return self._details

    def trailing_metadata(self) -> tuple:
        return self._trailing


def over_the_wire(err: DomainError) -> DomainError:
    status = err.to_grpc_status()
    return from_rpc_error(FakeRpcError(status.code, status.details, status.trailing_metadata))


def test_domain_error_survives_the_grpc_round_trip() -> None:
    err = DomainError("LOGIN_LOCKED", "Too many failures.", {"attempts": 6, "retry_after": 60})
    back = over_the_wire(err)
    assert (back.code, back.message, back.details) == (
        "LOGIN_LOCKED", "Too many failures.", {"attempts": 6, "retry_after": 60})
    assert isinstance(back.details["attempts"], int) and back.retry_after == 60
    assert err.grpc_code == grpc.StatusCode.RESOURCE_EXHAUSTED


def test_details_travel_as_typed_messages_not_json() -> None:
    err = DomainError("INVALID_INPUT", "Bad.", {"fields": {"name": "1 to 30 characters"},
                                                "retry_after": 1.5, "field": "settings"})
    (key, raw), = err.to_grpc_status().trailing_metadata
    assert key == STATUS_DETAILS_KEY
    status = status_pb2.Status.FromString(raw)
    assert status.code == grpc.StatusCode.INVALID_ARGUMENT.value[0]
    info, bad, retry = (error_details_pb2.ErrorInfo(), error_details_pb2.BadRequest(),
                        error_details_pb2.RetryInfo())
    kinds = [d.type_url.rsplit("/", 1)[1] for d in status.details]
    assert kinds == ["google.rpc.ErrorInfo", "google.rpc.BadRequest", "google.rpc.RetryInfo",
                     "google.protobuf.Struct"]
    status.details[0].Unpack(info)
    status.details[1].Unpack(bad)
    status.details[2].Unpack(retry)
    assert (info.reason, info.domain, dict(info.metadata)) == ("INVALID_INPUT", "palisade", {})
    assert [(v.field, v.description) for v in bad.field_violations] == [
        ("name", "1 to 30 characters")]
    assert retry.retry_delay.ToNanoseconds() == 1_500_000_000
    assert over_the_wire(err).details == err.details


@pytest.mark.parametrize(("code", "status", "expected"), [
    (grpc.StatusCode.UNAVAILABLE, 503, "SERVICE_UNAVAILABLE"),
    (grpc.StatusCode.DEADLINE_EXCEEDED, 504, "DEADLINE_EXCEEDED"),
    (grpc.StatusCode.INVALID_ARGUMENT, 422, "INVALID_INPUT"),
    (grpc.StatusCode.UNIMPLEMENTED, 501, "NOT_IMPLEMENTED"),
    (grpc.StatusCode.INTERNAL, 500, "INTERNAL_ERROR"),
])
def test_plain_grpc_failures_fall_back_to_grpc_gateway_table(code: grpc.StatusCode, status: int,
                                                             expected: str) -> None:
    err = from_rpc_error(FakeRpcError(code, "boom: SELECT * FROM secrets"))
    assert err.code == expected and HTTP_STATUS[err.code] == status
    if status == 500:
        assert "SELECT" not in err.message


def test_every_fallback_code_is_in_the_table() -> None:
    assert set(FALLBACK_CODE.values()) <= set(ERRORS)
