"""Building villages up through the gateway, the way a player does (the war test's start).

A plan is a list of lanes per village; each lane is a list of steps taken in order:

- ``("build", position, building, level)``: upgrade until the position is at ``level``;
- ``("research", unit)``: research the unit in the academy;
- ``("train", unit, count)``: queue ``count`` units (one request).

Lanes are the queues a village may run at once (Romans: fields and inner buildings; the
academy; each training building). Every tick each lane offers its next step to the
gateway; an answer the rules give while the village is still growing (not enough
resources yet, the queue busy, a prerequisite under construction) means "try again next
tick"; any other answer fails the test. No step goes around the gateway.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from rules.travian.ids import BuildingType as B
from rules.travian.ids import UnitType as U

Step = tuple
WAIT_CODES = {"INSUFFICIENT_RESOURCES", "QUEUE_FULL", "PREREQUISITES_NOT_MET",
              "BUILDING_REQUIRED", "RESEARCH_REQUIRED", "NOT_ENOUGH_EXPANSION_SLOTS"}


def build(position: int, building: B | None, level: int) -> Step:
    """``building`` None: whatever stands at the position (a field of the layout)."""
    return ("build", position, building, level)


def fields(positions: list[int], building: B | None, level: int) -> list[Step]:
    """Every field of ``positions`` one level at a time, up to ``level``."""
    return [build(p, building, lvl) for lvl in range(1, level + 1) for p in positions]


def train(unit: U, count: int, chunk: int = 5) -> list[Step]:
    """``count`` units in requests of ``chunk`` (what the early storage can pay for)."""
    return [("train", unit, min(chunk, count - done)) for done in range(0, count, chunk)]


@dataclass
class Village:
    """One village's plan, played over the gateway for ``headers``' player."""

    village_id: str
    headers: dict[str, str]
    lanes: list[list[Step]]

    def done(self) -> bool:
        return not any(self.lanes)

    def tick(self, client: httpx.Client) -> None:
        view = client.get(f"/api/v1/villages/{self.village_id}", headers=self.headers)
        assert view.status_code == 200, view.text
        buildings = view.json()["buildings"]
        levels = {b["position"]: b["level"] + int(b["is_upgrading"]) for b in buildings}
        types = {b["position"]: b["building_type"] for b in buildings}
        for lane in self.lanes:
            while lane and self._offer(client, lane[0], levels, types):
                lane.pop(0)

    def _offer(self, client: httpx.Client, step: Step, levels: dict[int, int],
               types: dict[int, str]) -> bool:
        """True when ``step`` is done (or was just accepted as the last thing it needs)."""
        kind = step[0]
        base = f"/api/v1/villages/{self.village_id}"
        if kind == "build":
            _, position, building, level = step
            if levels.get(position, 0) >= level:
                return True
            name = building.name.lower() if building else types[position]
            resp = client.post(f"{base}/buildings/{name}/upgrade",
                               params={"position": position}, headers=self.headers)
            if resp.status_code == 200:
                levels[position] = levels.get(position, 0) + 1
                return levels[position] >= level
        elif kind == "research":
            resp = client.post(f"{base}/research", json={"unit": step[1].name.lower()},
                               headers=self.headers)
        else:
            resp = client.post(f"{base}/troops/train", headers=self.headers,
                               json={"unit": step[1].name.lower(), "count": step[2]})
        if resp.status_code == 200:
            return True
        code = resp.json().get("code")
        assert resp.status_code == 400 and code in WAIT_CODES, (step, resp.status_code,
                                                                 resp.text)
        return False

    def idle(self, client: httpx.Client) -> bool:
        """Nothing under construction, in research or in training."""
        v = client.get(f"/api/v1/villages/{self.village_id}", headers=self.headers).json()
        return not (v["build_queue"] or v["training_queue"] or v["research_queue"])


def play(client: httpx.Client, villages: list[Village], timeout: float = 300.0,
         every: float = 0.1) -> None:
    """Play every plan to its end, then wait until every queue has finished."""
    deadline = time.time() + timeout
    while not all(v.done() for v in villages):
        assert time.time() < deadline, [(v.village_id, [lane[:1] for lane in v.lanes])
                                        for v in villages]
        for v in villages:
            if not v.done():
                v.tick(client)
        time.sleep(every)
    while not all(v.idle(client) for v in villages):
        assert time.time() < deadline, "queues still busy"
        time.sleep(every)


# ---- the war test's three capitals (the 4-4-4-6 capital layout) ----------------------------
CROPLANDS = [2, 8, 9, 12, 13, 15]


def attacker_romans() -> list[list[Step]]:
    """Rally point 10, academy 20, workshop 10, residence 10 (one expansion slot), a
    marketplace, storage for a senator; legionnaires, equites legati, rams, fire
    catapults and one senator."""
    inner = [build(26, B.MAIN_BUILDING, 3), build(39, B.RALLY_POINT, 1),
             build(19, B.BARRACKS, 1), build(20, B.WAREHOUSE, 3), build(21, B.GRANARY, 3),
             build(19, B.BARRACKS, 3), build(22, B.ACADEMY, 1), build(23, B.BLACKSMITH, 3),
             build(22, B.ACADEMY, 5), build(24, B.STABLE, 1), build(26, B.MAIN_BUILDING, 5),
             build(20, B.WAREHOUSE, 10), build(21, B.GRANARY, 10), build(22, B.ACADEMY, 10),
             build(25, B.WORKSHOP, 1), build(20, B.WAREHOUSE, 14), build(21, B.GRANARY, 12),
             build(22, B.ACADEMY, 15), build(25, B.WORKSHOP, 10), build(22, B.ACADEMY, 20),
             build(39, B.RALLY_POINT, 10), build(27, B.RESIDENCE, 10),
             build(20, B.WAREHOUSE, 17), build(21, B.GRANARY, 16),
             build(28, B.MARKETPLACE, 1)]
    # Croplands first (the army eats), then every other field to 3 (seven times the
    # production: the costliest levels then wait seconds, not tens of seconds).
    others = [p for p in range(1, 19) if p not in CROPLANDS]
    field_lane = [*fields(CROPLANDS, B.CROPLAND, 2), *fields(others, None, 3)]
    field_lane += [build(p, B.CROPLAND, lvl) for lvl in range(3, 8) for p in CROPLANDS]
    academy = [("research", U.EQUITES_LEGATI), ("research", U.BATTERING_RAM),
               ("research", U.FIRE_CATAPULT), ("research", U.SENATOR)]
    barracks = train(U.LEGIONNAIRE, 90)
    stable = train(U.EQUITES_LEGATI, 3)
    workshop = train(U.BATTERING_RAM, 3, 1) + train(U.FIRE_CATAPULT, 10, 2)
    residence = train(U.SENATOR, 1)
    return [inner, field_lane, academy, barracks, stable, workshop, residence]


def defender_teutons() -> list[list[Step]]:
    """An earth wall 3, a cranny 3, a residence 10 and three settlers (for a second
    village), clubswingers at home; one lane (Teutons build one thing at a time)."""
    one = [build(26, B.MAIN_BUILDING, 3), build(39, B.RALLY_POINT, 1),
           build(19, B.BARRACKS, 1), *fields(CROPLANDS, B.CROPLAND, 2),
           build(20, B.WAREHOUSE, 5), build(21, B.GRANARY, 5), build(26, B.MAIN_BUILDING, 5),
           build(20, B.WAREHOUSE, 8), build(21, B.GRANARY, 8), build(22, B.CRANNY, 3),
           build(40, B.EARTH_WALL, 3), *fields(CROPLANDS, B.CROPLAND, 4),
           build(25, B.RESIDENCE, 10)]
    barracks = train(U.CLUBSWINGER, 10)
    residence = train(U.SETTLER_TEUTON, 3, 1)
    return [one, barracks, residence]


def friend_gauls() -> list[list[Step]]:
    """A barracks and phalanxes to reinforce the defender with."""
    one = [build(26, B.MAIN_BUILDING, 3), build(39, B.RALLY_POINT, 1),
           build(19, B.BARRACKS, 1), *fields(CROPLANDS, B.CROPLAND, 3)]
    return [one, train(U.PHALANX, 20)]
