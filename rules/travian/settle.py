"""Settling: bring a village from its settled instant to any later instant, exactly.

Every due job (a building level, one trained unit, a research or smithy level) is applied
in (due, seq) order; between two such instants the stock moves linearly at the rates in
force, clipped into [0, capacity].  Starvation is one more kind of instant: when the
granary is empty, the crop balance is negative and units stand at home, units die in the
reference's order (movement.json: hosted reinforcements first, the largest army first,
then the units at home; within an army the most numerous type first, ties to the lower
unit id), each giving back its training crop, until the balance is >= 0 or the granary holds at
least one second of the deficit.  Merchants' arrivals (``VillageState.arrivals``) add their
resources at their instant, after the village's own jobs due then, clipped to the storage.
The village's armies on the road (``VillageState.away``) eat from it until their arrival
instant, which is one more instant here (before the jobs due then); they never starve
here (the reference's last group, "troops on the way": crop stays at 0, like population).
Everything is integer arithmetic, so settling to t1 and then to t2 gives exactly what
settling to t2 does.
"""

from __future__ import annotations

from dataclasses import replace

from rules.travian.fields import SUBUNITS, accrue
from rules.travian.ids import UnitType
from rules.travian.resources import Resources
from rules.travian.rounding import ceil_div
from rules.travian.units import unit_spec
from rules.travian.village_model import (
    Arrival,
    BuildJob,
    Completion,
    ResearchJob,
    TrainingJob,
    VillageState,
    eaten_by,
    figures,
    hero_gross,
    rates,
)

_STARVE = "starvation"
_ARRIVAL_SEQ = 1 << 62  # after every job of the village due at the same instant
_AWAY_SEQ = -1  # an army's arrival ends its upkeep before the jobs of that instant
_RATE_CHANGE = object()  # the hero's output starts or an oasis is taken (same rank)


def rate_changes(state: VillageState, after: int) -> list[int]:
    """Instants after ``after`` at which the production changes by something other than a
    job: the hero's output starting, an oasis taken from the village."""
    changes = [at for at, _ in state.oasis_changes if at > after]
    if state.hero is not None and state.hero.start > after:
        changes.append(state.hero.start)
    return sorted(changes)


def _starve_after(crop: int, net_crop: int, has_units: bool) -> int | None:
    """Seconds until the granary is empty with a negative balance (None: never)."""
    if net_crop >= 0 or not has_units:
        return None
    return ceil_div(max(crop, 0), -net_crop)


def starvation_due(state: VillageState, speed: float) -> int | None:
    """The instant units would start to starve if nothing else happened first."""
    eaters = bool(state.units) or any(state.guests.values())
    wait = _starve_after(state.stock.crop, rates(state, speed).net_crop, eaters)
    return None if wait is None else state.at + wait


def _victim(units: dict[UnitType, int]) -> UnitType:
    """Next unit to starve: the most numerous type, ties to the lower unit id."""
    return min(units, key=lambda u: (-units[u], int(u)))


class _Run:
    """Mutable working copy of one settle call (never escapes the module)."""

    def __init__(self, state: VillageState, speed: float) -> None:
        self.state = state
        self.speed = speed
        self.t = state.at
        self.stock = state.stock
        self.culture = state.culture
        self.buildings = dict(state.buildings)
        self.units = dict(state.units)
        self.guests = {key: dict(army) for key, army in state.guests.items()}
        self.researched = set(state.researched)
        self.weapons = dict(state.weapons)
        self.armour = dict(state.armour)
        self.builds = list(state.builds)
        self.trainings = list(state.trainings)
        self.researches = list(state.researches)
        self.arrivals = sorted(state.arrivals, key=lambda a: (a.at, a.id))
        self.away = sorted(state.away)
        self.bonus = state.oasis_bonus
        self.bonus_changes = [c for c in state.oasis_changes if c[0] > state.at]
        self.completions: list[Completion] = []
        self._refresh_buildings()

    def _refresh_buildings(self) -> None:
        found = figures(self.buildings, self.bonus, self.speed)
        self.gross = found.gross + hero_gross(self.state.hero, self.t, self.speed)
        self.cap, self.cp_day = found.capacity, found.culture_per_day
        self.eaten = eaten_by(found.population, replace(
            self.state, units=self.units, guests=self.guests, at=self.t,
            away=tuple(self.away)))

    def net(self) -> Resources:
        g = self.gross
        return Resources(g.wood, g.clay, g.iron, g.crop - self.eaten)

    def advance(self, to: int) -> None:
        if to > self.t:
            self.stock = accrue(self.stock, self.net(), self.cap, to - self.t).stock
            self.culture += self.cp_day * (to - self.t)
            self.t = to

    def next_job(self) -> tuple[int, int, str, object] | None:
        """(due, seq, kind, job) of the earliest pending job."""
        best: tuple[int, int, str, object] | None = None
        for kind, jobs in (("b", self.builds), ("t", self.trainings), ("r", self.researches)):
            for job in jobs:
                due = job.next_due if isinstance(job, TrainingJob) else job.due
                if best is None or (due, job.seq) < best[:2]:
                    best = (due, job.seq, kind, job)
        if self.arrivals and (best is None or (self.arrivals[0].at, _ARRIVAL_SEQ) < best[:2]):
            best = (self.arrivals[0].at, _ARRIVAL_SEQ, "a", self.arrivals[0])
        if self.away and (best is None or (self.away[0][0], _AWAY_SEQ) < best[:2]):
            best = (self.away[0][0], _AWAY_SEQ, "e", self.away[0])
        changes = rate_changes(self.state, self.t)
        if changes and (best is None or (changes[0], _AWAY_SEQ) < best[:2]):
            best = (changes[0], _AWAY_SEQ, "p", _RATE_CHANGE)
        return best

    def apply(self, job: object) -> None:
        if isinstance(job, BuildJob):
            self._finish_build(job)
        elif isinstance(job, TrainingJob):
            self._finish_unit(job)
        elif isinstance(job, Arrival):
            self._deliver(job)
        elif job is _RATE_CHANGE:  # the hero's output starts or an oasis was taken now
            while self.bonus_changes and self.bonus_changes[0][0] <= self.t:
                self.bonus = self.bonus_changes.pop(0)[1]
            self._refresh_buildings()
        elif isinstance(job, tuple):  # an army on the road arrived: home stops feeding it
            self.away.remove(job)
            self._refresh_buildings()
        else:
            assert isinstance(job, ResearchJob)
            self._finish_research(job)

    def _finish_build(self, job: BuildJob) -> None:
        self.builds.remove(job)
        self.buildings[job.position] = (job.building, job.level)
        self._refresh_buildings()
        self.completions.append(Completion(
            kind="building", at=self.t, job_id=job.id,
            detail={"position": job.position, "building": int(job.building),
                    "level": job.level},
        ))  # fmt: skip

    def _deliver(self, arrival: Arrival) -> None:
        """Merchants unload: each resource grows by what they carry, up to the storage (the
        rest is lost, as in Travian).  The completion tells what was carried and kept."""
        self.arrivals.remove(arrival)
        limit = self.cap.times(SUBUNITS).as_tuple()
        carried = arrival.resources.times(SUBUNITS).as_tuple()
        before = self.stock.as_tuple()
        after = tuple(max(b, min(b + a, c))
                      for b, a, c in zip(before, carried, limit, strict=True))  # fmt: skip
        self.stock = Resources(*after)
        kept = Resources(*(x - b for x, b in zip(after, before, strict=True)))
        self.completions.append(Completion(
            kind="merchants", at=self.t, job_id=arrival.id,
            detail={**arrival.resources.as_dict(),
                    **{f"kept_{name}": v // SUBUNITS for name, v in kept.as_dict().items()}},
        ))  # fmt: skip

    def train_batch(self, job: TrainingJob, until: int) -> bool:
        """Apply the next units of ``job`` up to the next other event in one step, when the
        crop provably touches neither 0 nor the granary's top in between (exact shortcut of
        applying them one by one).  False: not worth it or not provable; nothing changed."""
        limit = until
        for other in (*self.builds, *self.researches, *self.trainings):
            if other is job:
                continue
            due = other.next_due if isinstance(other, TrainingJob) else other.due
            limit = min(limit, due if other.seq > job.seq else due - 1)
        for arrival in self.arrivals:  # a delivery changes the crop: the run stops there
            limit = min(limit, arrival.at)
        for until, _ in self.away:  # so does an army's arrival (before the units then)
            limit = min(limit, until - 1)
        for change in rate_changes(self.state, self.t):  # so does a change of production
            limit = min(limit, change - 1)
        k = min(job.count - job.done, (limit - job.start) // job.each_s - job.done)
        if k < 2:
            return False
        first = job.next_due
        upkeep = max(unit_spec(job.unit).upkeep, 1)
        net = self.net()
        r0 = net.crop
        cap = self.cap.crop * SUBUNITS
        c0 = min(max(self.stock.crop, 0), cap)

        def change(n: int) -> int:  # crop moved from self.t until unit n of the run
            return r0 * (first - self.t) + job.each_s * ((n - 1) * r0 - upkeep * n * (n - 1) // 2)

        if r0 >= 0:  # while every rate stays >= 0 the crop never falls: only the top clips
            k = min(k, r0 // upkeep + 1)
            crop = min(cap, c0 + change(k))
        else:  # always falling: take the units before the granary would be empty
            low, high = 0, k
            while low < high:
                mid = (low + high + 1) // 2
                low, high = (mid, high) if c0 + change(mid) > 0 else (low, mid - 1)
            k = low
            crop = c0 + change(k)
        if k < 2:
            return False
        last = first + (k - 1) * job.each_s
        goods = accrue(self.stock, net, self.cap, last - self.t).stock
        self.stock = Resources(goods.wood, goods.clay, goods.iron, crop)
        self.culture += self.cp_day * (last - self.t)
        self.t = last
        self._finish_unit(job, k)
        return True

    def _finish_unit(self, job: TrainingJob, k: int = 1) -> None:
        """The next ``k`` units of ``job`` are done (the last one at ``self.t``)."""
        index = self.trainings.index(job)
        done = replace(job, done=job.done + k)
        if done.done == done.count:
            del self.trainings[index]
        else:
            self.trainings[index] = done
        self.units[job.unit] = self.units.get(job.unit, 0) + k
        self.eaten += k * unit_spec(job.unit).upkeep
        last = self.completions[-1] if self.completions else None
        count = k
        if last is not None and last.kind == "training" and last.job_id == job.id:
            count += int(last.detail["count"])
            self.completions.pop()
        self.completions.append(Completion(
            kind="training", at=self.t, job_id=job.id,
            detail={"unit": int(job.unit), "count": count, "remaining": done.count - done.done},
        ))  # fmt: skip

    def _finish_research(self, job: ResearchJob) -> None:
        self.researches.remove(job)
        if job.kind == "research":
            self.researched.add(job.unit)
        elif job.kind == "weapons":
            self.weapons[job.unit] = job.level
        else:
            self.armour[job.unit] = job.level
        self.completions.append(Completion(
            kind="research" if job.kind == "research" else "smithy", at=self.t, job_id=job.id,
            detail={"unit": int(job.unit), "level": job.level, "kind": job.kind},
        ))  # fmt: skip

    def has_eaters(self) -> bool:
        return bool(self.units) or any(self.guests.values())

    def victim_army(self) -> dict[UnitType, int]:
        """Who starves next: the largest hosted army (ties: lower movement id), else home."""
        hosted = [(-sum(a.values()), key) for key, a in self.guests.items() if a]
        return self.guests[min(hosted)[1]] if hosted else self.units

    def starve_in(self) -> int | None:
        wait = _starve_after(self.stock.crop, self.net().crop, self.has_eaters())
        return None if wait is None else self.t + wait

    def starve(self) -> None:
        """The granary is empty at ``self.t``: units die until the balance holds a second."""
        dead: dict[UnitType, int] = {}
        crop_cap = self.cap.crop * SUBUNITS
        crop = self.stock.crop
        net = self.net().crop
        while self.has_eaters() and net < 0 and crop < -net:
            army = self.victim_army()
            unit = _victim(army)
            spec = unit_spec(unit)
            army[unit] -= 1
            if not army[unit]:
                del army[unit]
            dead[unit] = dead.get(unit, 0) + 1
            crop = min(crop + spec.cost.crop * SUBUNITS, crop_cap)
            net += spec.upkeep
        s = self.stock
        self.stock = Resources(s.wood, s.clay, s.iron, crop)
        self.eaten = self.gross.crop - net
        self.completions.append(Completion(
            kind="starvation", at=self.t, job_id=f"{_STARVE}:{self.t}",
            detail={u.name.lower(): n for u, n in sorted(dead.items())},
        ))  # fmt: skip

    def result(self) -> VillageState:
        by_seq = lambda job: job.seq  # noqa: E731
        limit = self.cap.times(SUBUNITS)  # also when nothing elapsed (e.g. loot beyond storage)
        stock = Resources(*(min(max(x, 0), c) for x, c in
                            zip(self.stock.as_tuple(), limit.as_tuple(), strict=True)))  # fmt: skip
        return replace(
            self.state, at=self.t, stock=stock, culture=self.culture,
            buildings=self.buildings, units=self.units, guests=self.guests,
            researched=frozenset(self.researched), weapons=self.weapons, armour=self.armour,
            builds=tuple(sorted(self.builds, key=by_seq)),
            trainings=tuple(sorted(self.trainings, key=by_seq)),
            researches=tuple(sorted(self.researches, key=by_seq)),
            arrivals=tuple(self.arrivals), away=tuple(self.away),
            oasis_bonus=self.bonus, oasis_changes=tuple(self.bonus_changes),
        )  # fmt: skip


def settle(
    state: VillageState, until: int, speed: float, *, batch: bool = True
) -> tuple[VillageState, list[Completion]]:
    """The village at ``until`` and what completed on the way, in (instant, seq) order.

    ``until < state.at`` changes nothing (a late or reordered timer is harmless); jobs due
    at ``until`` are applied.  Starvation at an instant comes after the jobs due then.
    ``batch=False`` applies trained units one by one (the definition the batched shortcut
    is tested against).
    """
    if until < state.at:
        return state, []
    run = _Run(state, speed)
    while True:
        job = run.next_job()
        starve_at = run.starve_in()
        if starve_at is not None and starve_at <= until and (job is None or starve_at < job[0]):
            run.advance(starve_at)
            run.starve()
            continue
        if job is None or job[0] > until:
            break
        if not (batch and isinstance(job[3], TrainingJob) and run.train_batch(job[3], until)):
            run.advance(job[0])
            run.apply(job[3])
    run.advance(until)
    return run.result(), run.completions


def next_due(state: VillageState, speed: float | None = None) -> int | None:
    """Earliest pending completion instant (for the wake-up timer).

    With ``speed`` the instant units would start to starve counts too.
    """
    dues = [job.due for job in state.builds] + [job.due for job in state.researches]
    dues += [job.next_due for job in state.trainings]
    dues += [arrival.at for arrival in state.arrivals]
    if speed is not None:
        starving = starvation_due(state, speed)
        if starving is not None:
            dues.append(starving)
        dues += rate_changes(state, state.at)  # the crop's slope changes then
    return min(dues, default=None)
