"""POST /api/v1/combat/simulate through the real stack (gateway -> combat -> rules)."""

from __future__ import annotations

import itertools

import httpx
import pytest

TRIBE_UNITS = {
    "romans": {"legionnaire": 300, "imperian": 200, "equites_imperatoris": 50},
    "teutons": {"clubswinger": 400, "spearfighter": 100, "teutonic_knight": 40},
    "gauls": {"phalanx": 300, "swordsman": 150, "theutates_thunder": 60},
}


@pytest.mark.parametrize(("attacker", "defender"),
                         list(itertools.product(TRIBE_UNITS, TRIBE_UNITS)))
@pytest.mark.parametrize("attack_type", ["attack", "raid"])
def test_every_tribe_pair_resolves(client: httpx.Client, attacker: str, defender: str,
                                   attack_type: str) -> None:
    body = {"attacker": {"tribe": attacker, "units": TRIBE_UNITS[attacker]},
            "defender": {"tribe": defender, "units": TRIBE_UNITS[defender], "wall_level": 5},
            "attack_type": attack_type}
    resp = client.post("/api/v1/combat/simulate", json=body)
    assert resp.status_code == 200, resp.text
    out = resp.json()
    assert out["winner"] in ("attacker", "defender")
    assert set(out["attacker_losses"]) == set(TRIBE_UNITS[attacker])
    assert set(out["defender_losses"]) == set(TRIBE_UNITS[defender])
    for side, sent in (("attacker_losses", TRIBE_UNITS[attacker]),
                       ("defender_losses", TRIBE_UNITS[defender])):
        for unit, lost in out[side].items():
            assert 0 <= lost <= sent[unit]
    if attack_type == "attack":
        loser = "defender_losses" if out["winner"] == "attacker" else "attacker_losses"
        sent = TRIBE_UNITS[defender] if loser == "defender_losses" else TRIBE_UNITS[attacker]
        assert out[loser] == sent, "a normal attack wipes out the losing side"


def test_reference_worked_check_rams_against_a_roman_wall(client: httpx.Client) -> None:
    # RULES.md 1.12 check 2: O = 41,302.23; D = (3,500.21 + 10 + 200) * 1.806 = 6,700.64;
    # N = 1,120 -> K = 1.4962; x = 6.164^1.4962 = 15.20 -> attacker loses 6.58%:
    # 66 of 1000 clubswingers and 1 of 20 rams; every legionnaire dies.
    resp = client.post("/api/v1/combat/simulate", json={
        "attacker": {"tribe": "teutons", "units": {"clubswinger": 1000, "ram": 20}},
        "defender": {"tribe": "romans", "units": {"legionnaire": 100}, "wall_level": 20},
        "attack_type": "attack"})
    assert resp.status_code == 200, resp.text
    assert resp.json() == {"winner": "attacker",
                           "attacker_losses": {"clubswinger": 66, "ram": 1},
                           "defender_losses": {"legionnaire": 100}}


def test_units_may_be_named_by_id(client: httpx.Client) -> None:
    resp = client.post("/api/v1/combat/simulate", json={
        "attacker": {"tribe": 2, "units": {"11": 1000, "17": 20}},
        "defender": {"tribe": 1, "units": {"1": 100}, "wall_level": 20}})
    assert resp.status_code == 200
    assert resp.json()["attacker_losses"] == {"clubswinger": 66, "ram": 1}


def test_a_lone_weak_attacker_dies_even_against_an_empty_village(client: httpx.Client) -> None:
    # RULES.md 1.12 check 1: one imperian (70 < 84.5) dies regardless.
    resp = client.post("/api/v1/combat/simulate", json={
        "attacker": {"tribe": "romans", "units": {"imperian": 1}},
        "defender": {"tribe": "teutons", "units": {}, "wall_level": 0}})
    assert resp.status_code == 200
    assert resp.json()["attacker_losses"] == {"imperian": 1}


@pytest.mark.parametrize(("attacker_units", "wall", "field"), [
    ({"dragon": 5}, 0, "attacker.units.dragon"),
    ({"legionnaire": -1}, 0, "attacker.units"),
    ({"legionnaire": 10_000_001}, 0, "attacker.units"),
    ({"legionnaire": 10}, 21, "defender.wall_level"),
    ({"legionnaire": 10}, -1, "defender.wall_level"),
])
def test_bad_input_is_422_invalid_input(client: httpx.Client, attacker_units: dict, wall: int,
                                        field: str) -> None:
    resp = client.post("/api/v1/combat/simulate", json={
        "attacker": {"tribe": "romans", "units": attacker_units},
        "defender": {"tribe": "gauls", "units": {"phalanx": 10}, "wall_level": wall}})
    assert resp.status_code == 422, resp.text
    body = resp.json()
    assert body["code"] == "INVALID_INPUT"
    assert any(key.startswith(field) for key in body["details"]["fields"]), body


def test_attacker_units_must_belong_to_the_attacking_tribe(client: httpx.Client) -> None:
    resp = client.post("/api/v1/combat/simulate", json={
        "attacker": {"tribe": "romans", "units": {"phalanx": 10}},
        "defender": {"tribe": "gauls", "units": {"phalanx": 10}}})
    assert resp.status_code == 422 and resp.json()["code"] == "INVALID_INPUT"
