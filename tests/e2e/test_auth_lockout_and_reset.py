"""Login lockout and password reset through the real stack.

A second auth process (same database and NATS prefix) runs with a 2-second base lock
and sends its mail to an SMTP server in this test process; a second gateway talks to
it. So the lock can be watched expiring, and the reset mail is read as received over SMTP.
"""

from __future__ import annotations

import email
import re
import time
from collections.abc import Iterator
from datetime import timedelta
from email import policy
from pathlib import Path

import httpx
import pytest
from aiosmtpd.controller import Controller

from deploy import local
from deploy.mailsink import SaveToDir
from tests.conftest import unique_name
from tests.e2e.test_auth_sessions import eventually, login, register, sql, start_gateway, stop
from tests.stack import Stack

LOCK_BASE_S = 2
TOKEN_RE = re.compile(r"reset-password\?token=([A-Za-z0-9_\-%]+)")


@pytest.fixture(scope="module")
def mail_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    directory = tmp_path_factory.mktemp("mail")
    controller = Controller(SaveToDir(directory), hostname="127.0.0.1", port=local.free_port())
    controller.start()
    directory.joinpath("port").write_text(str(controller.port))
    yield directory
    controller.stop()


@pytest.fixture(scope="module")
def gw(stack: Stack, mail_dir: Path) -> Iterator[httpx.Client]:
    grpc_port = local.free_port()
    auth = stack.add_process("auth-mail", "services.auth", {
        "SERVICE_NAME": "auth", "GRPC_LISTEN": f"127.0.0.1:{grpc_port}",
        "SMTP_HOST": "127.0.0.1", "SMTP_PORT": mail_dir.joinpath("port").read_text(),
        "LOGIN_LOCKOUT_BASE_SECONDS": str(LOCK_BASE_S)})
    try:
        proc, url = start_gateway(stack, "gateway-mail",
                                  {"AUTH_GRPC_ADDR": f"127.0.0.1:{grpc_port}"})
    except Exception:
        stop(auth)
        raise
    with httpx.Client(base_url=url, timeout=30) as client:
        yield client
    stop(proc)
    stop(auth)


def mails_to(directory: Path, address: str) -> list[email.message.EmailMessage]:
    found = []
    for path in sorted(directory.glob("*.eml")):
        msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
        if msg["To"] == address:
            found.append(msg)
    return found


def reset_token_for(directory: Path, address: str, count: int = 1) -> str:
    assert eventually(lambda: len(mails_to(directory, address)) >= count), "no mail arrived"
    body = mails_to(directory, address)[count - 1].get_content()
    match = TOKEN_RE.search(body)
    assert match, body
    return match.group(1)


def fail_login(gw: httpx.Client, username: str) -> httpx.Response:
    return gw.post("/api/v1/auth/login", json={"username": username, "password": "wrong-pass"})


def test_five_failures_lock_the_account_until_the_lock_expires(gw: httpx.Client) -> None:
    user = register(gw)
    for _ in range(5):
        resp = fail_login(gw, user["username"])
        assert resp.status_code == 401 and resp.json()["code"] == "INVALID_CREDENTIALS"
    locked = gw.post("/api/v1/auth/login", json={"username": user["username"],
                                                  "password": user["password"]})
    assert locked.status_code == 429, locked.text
    assert locked.json()["code"] == "LOGIN_LOCKED"
    assert locked.headers["retry-after"] == str(LOCK_BASE_S)
    time.sleep(LOCK_BASE_S + 0.1)
    assert gw.post("/api/v1/auth/login", json={"username": user["username"],
                                                "password": user["password"]}).status_code == 200


def test_the_lock_grows_with_further_failures(gw: httpx.Client, stack: Stack) -> None:
    user = register(gw)
    account = user["username"].lower()
    for _ in range(5):
        fail_login(gw, user["username"])
    for lock_s in (LOCK_BASE_S, 2 * LOCK_BASE_S, 4 * LOCK_BASE_S):
        locked = fail_login(gw, user["username"])
        assert locked.status_code == 429 and locked.headers["retry-after"] == str(lock_s)
        # Let the lock run out by moving the failures back in time (not by sleeping).
        sql(stack, "UPDATE auth.login_failures SET failed_at = failed_at - $2::interval "
                   "WHERE account = $1", account, timedelta(seconds=lock_s))
        assert fail_login(gw, user["username"]).status_code == 401  # one more failure


def test_an_unknown_account_locks_exactly_like_a_real_one(gw: httpx.Client) -> None:
    real, ghost = register(gw)["username"], unique_name()
    answers = {}
    for name in (real, ghost):
        for _ in range(5):
            assert fail_login(gw, name).status_code == 401
        answers[name] = fail_login(gw, name)
    assert answers[real].status_code == answers[ghost].status_code == 429
    assert answers[real].json() == answers[ghost].json()


def test_the_lock_is_per_account(gw: httpx.Client) -> None:
    victim, bystander = register(gw), register(gw)
    for _ in range(6):
        fail_login(gw, victim["username"])
    # The victim is locked, even with the right password, from the same client ...
    locked = gw.post("/api/v1/auth/login", json={
        "username": victim["username"], "password": victim["password"]})
    assert locked.status_code == 429 and locked.json()["code"] == "LOGIN_LOCKED", locked.text
    # ... and another account from that client is not.
    assert gw.post("/api/v1/auth/login", json={
        "username": bystander["username"], "password": bystander["password"]}).status_code == 200


def test_reset_request_is_202_alike_for_known_and_unknown_addresses(
        gw: httpx.Client, mail_dir: Path) -> None:
    user = register(gw)
    ghost = f"{unique_name()}@example.com"
    known = gw.post("/api/v1/auth/password-reset-request", json={"email": user["email"]})
    unknown = gw.post("/api/v1/auth/password-reset-request", json={"email": ghost})
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    reset_token_for(mail_dir, user["email"])
    time.sleep(0.3)
    assert mails_to(mail_dir, ghost) == []


def test_reset_by_mail_sets_the_password_once_and_ends_every_session(
        gw: httpx.Client, mail_dir: Path) -> None:
    user = register(gw)
    tokens = login(gw, user)
    other_device = login(gw, user)
    assert gw.post("/api/v1/auth/password-reset-request",
                   json={"email": user["email"].upper()}).status_code == 202
    token = reset_token_for(mail_dir, user["email"])

    short = gw.post("/api/v1/auth/password-reset", json={"token": token, "new_password": "short"})
    assert short.status_code == 422 and short.json()["code"] == "INVALID_INPUT"
    done = gw.post("/api/v1/auth/password-reset", json={"token": token,
                                                         "new_password": "a brand new secret"})
    assert done.status_code == 204, done.text
    again = gw.post("/api/v1/auth/password-reset", json={"token": token,
                                                          "new_password": "yet another one"})
    assert again.status_code == 400 and again.json()["code"] == "INVALID_RESET_TOKEN"

    for session in (tokens, other_device):
        assert eventually(lambda s=session: gw.get("/api/v1/auth/me",
                                                   headers=s["bearer"]).status_code == 401)
        assert gw.get("/api/v1/auth/me", headers=session["cookie"]).status_code == 401
        assert gw.post("/api/v1/auth/refresh",
                       json={"refresh_token": session["refresh"]}).status_code == 401
    old = gw.post("/api/v1/auth/login", json={"username": user["username"],
                                               "password": user["password"]})
    assert old.status_code == 401
    new = gw.post("/api/v1/auth/login", json={"username": user["username"],
                                               "password": "a brand new secret"})
    assert new.status_code == 200


def test_reset_tokens_expire_after_an_hour(gw: httpx.Client, mail_dir: Path,
                                           stack: Stack) -> None:
    user = register(gw)
    assert gw.post("/api/v1/auth/password-reset-request",
                   json={"email": user["email"]}).status_code == 202
    token = reset_token_for(mail_dir, user["email"])
    ttl = sql(stack, "SELECT expires_at - created_at AS ttl FROM auth.reset_tokens "
                     "WHERE token_hash = encode(sha256($1::bytea), 'hex')", token.encode())
    assert abs(ttl[0]["ttl"].total_seconds() - 3600) < 5
    sql(stack, "UPDATE auth.reset_tokens SET expires_at = now() - interval '1 second' "
               "WHERE token_hash = encode(sha256($1::bytea), 'hex')", token.encode())
    resp = gw.post("/api/v1/auth/password-reset", json={"token": token,
                                                         "new_password": "a brand new secret"})
    assert resp.status_code == 400 and resp.json()["code"] == "INVALID_RESET_TOKEN"


def test_an_unknown_reset_token_is_400(gw: httpx.Client) -> None:
    resp = gw.post("/api/v1/auth/password-reset", json={"token": "nope",
                                                         "new_password": "long enough"})
    assert resp.status_code == 400 and resp.json()["code"] == "INVALID_RESET_TOKEN"
