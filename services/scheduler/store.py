"""The scheduler's statements on its schema "scheduler" (SQLAlchemy Core text, asyncpg).

A timer's life: ``pending`` -> ``claimed`` (by one replica, under a lease) -> ``fired``
(published to JetStream), or ``pending`` -> ``cancelled``. A claimed timer whose lease ran
out is claimable again, so a replica killed with -9 loses nothing.

Per-key order (procrastinate's ``lock``, done with row locks instead of PL/pgSQL): one
replica at a time claims a key (SKIP LOCKED on its ``timer_keys`` row), takes the key's
due timers in (due_at, seq) order, and gives each the next number of the key
(``key_seq``) and the id of the timer fired before it (``prev_timer_id``). Both are kept
if the timer is claimed again after a crash, so the key's chain never changes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime

import asyncpg
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from services.runtime.tables import required, runtime_tables

S = "scheduler"
CHANNEL = "scheduler_timers"
TS = sa.DateTime(timezone=True)

# The schema as the migrations build it (tests/contract checks the two agree); the
# statements below are text, these declarations are the schema's record.
metadata = sa.MetaData(schema=S)
runtime = runtime_tables(metadata, S)  # outbox, inbox, idempotency
timers = sa.Table(
    "timers", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    # Insertion order: the tie-break between timers due at the same instant.
    required("seq", sa.BigInteger, sa.Identity(), unique=True),
    required("owner", sa.Text), required("kind", sa.Text), required("due_at", TS),
    required("payload", sa.LargeBinary, server_default=sa.text("'\\x'::bytea")),
    sa.Column("dedupe_key", sa.Text),
    required("ordering_key", sa.Text, server_default=""),
    required("state", sa.Text, server_default="pending"),
    sa.Column("claimed_by", sa.Text), sa.Column("lease_until", TS),
    required("attempts", sa.Integer, server_default="0"),
    sa.Column("key_seq", sa.BigInteger), sa.Column("prev_timer_id", sa.Text),
    required("created_at", TS, server_default=sa.func.now()),
    sa.Column("fired_at", TS), sa.Column("finished_at", TS),
    sa.UniqueConstraint("owner", "dedupe_key", name="timers_dedupe"),
    sa.Index("timers_queue", "due_at", "seq",
             postgresql_where=sa.text("state IN ('pending', 'claimed')")),
    sa.Index("timers_key_queue", "owner", "ordering_key", "due_at", "seq",
             postgresql_where=sa.text("state IN ('pending', 'claimed') AND ordering_key <> ''")),
    sa.Index("timers_leases", "lease_until", postgresql_where=sa.text("state = 'claimed'")),
    sa.Index("timers_finished", "finished_at",
             postgresql_where=sa.text("finished_at IS NOT NULL")),
)
timer_keys = sa.Table(
    "timer_keys", metadata,
    sa.Column("owner", sa.Text, primary_key=True),
    sa.Column("ordering_key", sa.Text, primary_key=True),
    required("last_seq", sa.BigInteger, server_default="0"),
    sa.Column("last_timer_id", sa.Text),
)
periodic_runs = sa.Table(
    "periodic_runs", metadata,
    sa.Column("job", sa.Text, primary_key=True),
    sa.Column("period_start", TS, primary_key=True),
    required("timer_id", sa.Text),
    required("created_at", TS, server_default=sa.func.now()),
)

TIMER_COLUMNS = ("id, owner, kind, due_at, payload, dedupe_key, ordering_key, state, "
                 "fired_at, seq, key_seq, prev_timer_id")


@dataclass
class Claimed:
    """A timer this replica holds under its lease, ready to publish."""

    id: str
    owner: str
    kind: str
    due_at: datetime
    payload: bytes
    ordering_key: str
    seq: int
    key_seq: int | None
    prev_timer_id: str | None


async def notify(conn: AsyncConnection, due_at: datetime) -> None:
    """Wake the firing loops at commit; the payload is the due time (epoch seconds)."""
    await conn.execute(sa.text("SELECT pg_notify(:ch, :due)"),
                       {"ch": CHANNEL, "due": f"{due_at.timestamp():.6f}"})


@dataclass
class NewTimer:
    owner: str
    kind: str
    due_at: datetime
    payload: bytes = b""
    dedupe_key: str | None = None
    ordering_key: str = ""
    id: str = field(default_factory=lambda: uuid.uuid4().hex)


async def insert_timers(conn: AsyncConnection, timers: list[NewTimer]) -> list[sa.Row]:
    """Insert pending timers in one statement; a timer whose (owner, dedupe_key) is taken
    comes back as the existing one. Rows are returned in the order of ``timers``."""
    if not timers:
        return []
    inserted = (await conn.execute(sa.text(
        f"INSERT INTO {S}.timers (id, owner, kind, due_at, payload, dedupe_key, ordering_key) "
        "SELECT * FROM unnest(CAST(:ids AS text[]), CAST(:owners AS text[]), "
        "CAST(:kinds AS text[]), CAST(:dues AS timestamptz[]), CAST(:payloads AS bytea[]), "
        "CAST(:dedupes AS text[]), CAST(:keys AS text[])) "
        f"ON CONFLICT (owner, dedupe_key) DO NOTHING RETURNING {TIMER_COLUMNS}"),
        {"ids": [t.id for t in timers], "owners": [t.owner for t in timers],
         "kinds": [t.kind for t in timers], "dues": [t.due_at for t in timers],
         "payloads": [t.payload for t in timers], "dedupes": [t.dedupe_key for t in timers],
         "keys": [t.ordering_key for t in timers]})).all()
    by_id = {r.id: r for r in inserted}
    if inserted:
        keyed = sorted({(r.owner, r.ordering_key) for r in inserted if r.ordering_key})
        if keyed:  # the row a claim locks to serialise the key (see _claim_keyed)
            await conn.execute(sa.text(
                f"INSERT INTO {S}.timer_keys (owner, ordering_key) SELECT * FROM "
                "unnest(CAST(:owners AS text[]), CAST(:keys AS text[])) "
                "ON CONFLICT DO NOTHING"),
                {"owners": [k[0] for k in keyed], "keys": [k[1] for k in keyed]})
        await notify(conn, min(r.due_at for r in inserted))
    taken = [t for t in timers if t.id not in by_id]
    by_dedupe: dict[tuple[str, str], sa.Row] = {}
    if taken:
        existing = (await conn.execute(sa.text(
            f"SELECT {TIMER_COLUMNS} FROM {S}.timers WHERE (owner, dedupe_key) IN ("
            "SELECT * FROM unnest(CAST(:owners AS text[]), CAST(:dedupes AS text[])))"),
            {"owners": [t.owner for t in taken],
             "dedupes": [t.dedupe_key for t in taken]})).all()
        by_dedupe = {(r.owner, r.dedupe_key): r for r in existing}
    return [by_id.get(t.id) or by_dedupe[(t.owner, t.dedupe_key)] for t in timers]


def _where_timer(timer_id: str, owner: str, dedupe_key: str) -> tuple[str, dict]:
    if timer_id:
        return "id = :id", {"id": timer_id}
    return "owner = :owner AND dedupe_key = :key", {"owner": owner, "key": dedupe_key}


async def get_timer(conn: AsyncConnection, timer_id: str, owner: str = "",
                    dedupe_key: str = "") -> sa.Row | None:
    where, params = _where_timer(timer_id, owner, dedupe_key)
    return (await conn.execute(sa.text(
        f"SELECT {TIMER_COLUMNS} FROM {S}.timers WHERE {where}"), params)).first()


async def cancel_timer(conn: AsyncConnection, timer_id: str, owner: str,
                       dedupe_key: str) -> bool:
    """Cancel a pending timer that was never claimed (a claimed one has its place in its
    key's chain, so it must fire)."""
    where, params = _where_timer(timer_id, owner, dedupe_key)
    row = (await conn.execute(sa.text(
        f"UPDATE {S}.timers SET state = 'cancelled', finished_at = now() "
        f"WHERE {where} AND state = 'pending' AND key_seq IS NULL RETURNING id"),
        params)).first()
    return row is not None


async def reschedule_timer(conn: AsyncConnection, timer_id: str, owner: str,
                           dedupe_key: str, due_at: datetime) -> sa.Row | None:
    """Move a pending, never-claimed timer; None when there is no such timer."""
    where, params = _where_timer(timer_id, owner, dedupe_key)
    row = (await conn.execute(sa.text(
        f"UPDATE {S}.timers SET due_at = :due_at "
        f"WHERE {where} AND state = 'pending' AND key_seq IS NULL RETURNING {TIMER_COLUMNS}"),
        {**params, "due_at": due_at})).first()
    if row is not None:
        await notify(conn, due_at)
    return row


DUE = ("state IN ('pending', 'claimed') AND due_at <= now() "
       "AND (state = 'pending' OR lease_until < now())")
CLAIM_COLUMNS = "id, owner, kind, due_at, payload, ordering_key, seq, key_seq, prev_timer_id"
CLAIM_FIELDS = [c.strip() for c in CLAIM_COLUMNS.split(",")]


# The firing loop's hot path: plain asyncpg on the loop's own connection (the one that
# LISTENs), autocommit, one round trip per statement, like the bench's bare SKIP LOCKED
# loop. Through the pool each was a checkout with its ping, BEGIN, the statements and
# COMMIT: five round trips, each a wait for a core on a busy box.
CLAIM_FREE = f"""
WITH c AS (
  UPDATE {S}.timers t SET state = 'claimed', claimed_by = $1,
         lease_until = now() + make_interval(secs => $2::float8), attempts = t.attempts + 1
  FROM (SELECT id FROM {S}.timers WHERE {DUE} AND ordering_key = ''
        ORDER BY due_at, seq LIMIT $3 FOR UPDATE SKIP LOCKED) s
  WHERE t.id = s.id
  RETURNING {", ".join(f"t.{c.strip()}" for c in CLAIM_COLUMNS.split(","))}),
m AS (
  SELECT EXISTS (SELECT 1 FROM {S}.timers WHERE {DUE} AND ordering_key <> '') AS keyed_due,
         EXTRACT(EPOCH FROM LEAST(
           (SELECT min(due_at) FROM {S}.timers
            WHERE state = 'pending' AND id NOT IN (SELECT id FROM c)),
           (SELECT min(lease_until) FROM {S}.timers WHERE state = 'claimed'))
           - clock_timestamp())::float8 AS wait)
SELECT m.keyed_due, m.wait, c.* FROM m LEFT JOIN c ON true"""

MARK = f"""
WITH f AS (
  UPDATE {S}.timers SET state = 'fired', fired_at = now(), finished_at = now(),
         lease_until = NULL
  WHERE id = ANY($1::text[]) AND state = 'claimed' RETURNING id),
r AS (
  UPDATE {S}.timers SET state = 'pending', claimed_by = NULL, lease_until = NULL
  WHERE id = ANY($2::text[]) AND state = 'claimed' AND claimed_by = $3 RETURNING id)
SELECT (SELECT count(*) FROM f) AS fired, (SELECT count(*) FROM r) AS released,
       EXTRACT(EPOCH FROM LEAST(
         (SELECT min(due_at) FROM {S}.timers WHERE state = 'pending'),
         (SELECT min(lease_until) FROM {S}.timers WHERE state = 'claimed'
          AND id <> ALL($1::text[]) AND id <> ALL($2::text[])),
         CASE WHEN cardinality($2::text[]) > 0 THEN clock_timestamp() END)
         - clock_timestamp())::float8 AS wait"""


async def claim_free(conn: asyncpg.Connection, worker: str, lease_s: float, limit: int
                     ) -> tuple[list[Claimed], bool, float | None]:
    """Claim due timers without an ordering key (or whose lease ran out) until now() +
    lease, in one autocommit statement: ``UPDATE ... FROM (SELECT ... ORDER BY due_at,
    seq LIMIT n FOR UPDATE SKIP LOCKED) RETURNING``.

    The same statement says whether keyed timers are due (then :func:`claim_keyed`) and
    the seconds until the next due time or lease expiry (the rows it claimed do not
    count; negative: due timers it could not take, e.g. held by another replica)."""
    rows = await conn.fetch(CLAIM_FREE, worker, lease_s, limit)
    claimed = [Claimed(**{k: r[k] for k in CLAIM_FIELDS}) for r in rows if r["id"] is not None]
    return claimed, bool(rows[0]["keyed_due"]), rows[0]["wait"]


async def mark_and_release(conn: asyncpg.Connection, worker: str, fired: list[str],
                           failed: list[str]) -> float | None:
    """Mark published timers fired and release the others for a retry at once (they keep
    their key_seq), in one autocommit statement; returns the seconds until the next due
    time or lease expiry (negative: something is due now, e.g. a released timer)."""
    row = await conn.fetchrow(MARK, fired, failed, worker)
    return row["wait"]


async def claim_keyed(conn: AsyncConnection, worker: str, lease_s: float,
                      limit: int) -> list[Claimed]:
    """Claim due timers with an ordering key, key by key (:func:`_claim_keyed`), in the
    caller's transaction: one ``UPDATE ... FROM unnest(...)`` claims them and sets the
    numbers the key gave them."""
    keyed = await _claim_keyed(conn, max_keys=max(1, limit // 5), per_key=50)
    if keyed:
        await conn.execute(sa.text(
            f"UPDATE {S}.timers t SET state = 'claimed', claimed_by = :worker, "
            "lease_until = now() + make_interval(secs => :lease), attempts = t.attempts + 1, "
            "key_seq = v.key_seq, prev_timer_id = v.prev_timer_id "
            "FROM unnest(CAST(:ids AS text[]), CAST(:key_seqs AS bigint[]), "
            "CAST(:prevs AS text[])) AS v(id, key_seq, prev_timer_id) WHERE t.id = v.id"),
            {"worker": worker, "lease": lease_s, "ids": [c.id for c in keyed],
             "key_seqs": [c.key_seq for c in keyed], "prevs": [c.prev_timer_id for c in keyed]})
    return keyed


async def _claim_keyed(conn: AsyncConnection, max_keys: int, per_key: int) -> list[Claimed]:
    """Per-key serial claiming (procrastinate's ``lock``, with row locks):

    1. Lock the ``timer_keys`` rows of keys that have due timers, earliest first,
       ``FOR UPDATE SKIP LOCKED``: each key is claimed by one replica at a time.
    2. Skip keys with a timer in flight (claimed under a live lease, being published):
       a key's firings leave in chain order. Lock the other keys' due timers in
       (due_at, seq) order.
    3. Number the new ones after the key's last numbered timer: ``key_seq`` and
       ``prev_timer_id``. A re-claim after a crash keeps its number, and a numbered timer
       can no longer be cancelled, so a key's chain has no gaps. (Publication order can
       still differ from the chain when one publish of a batch fails; the owner follows
       the chain.)
    """
    keys = (await conn.execute(sa.text(
        "SELECT k.owner, k.ordering_key, k.last_seq, k.last_timer_id FROM ("
        f" SELECT owner, ordering_key, min(due_at) AS first_due FROM {S}.timers"
        f" WHERE {DUE} AND ordering_key <> '' GROUP BY owner, ordering_key"
        " ORDER BY first_due LIMIT :candidates) d "
        f"JOIN {S}.timer_keys k ON k.owner = d.owner AND k.ordering_key = d.ordering_key "
        "ORDER BY d.first_due LIMIT :n FOR UPDATE OF k SKIP LOCKED"),
        {"candidates": 4 * max_keys, "n": max_keys})).all()
    if not keys:
        return []
    # A key with a timer in flight (claimed under a live lease, being published) waits
    # for it, so a key's firings reach JetStream in chain order (the owner would wait
    # for the missing one anyway, and piles of early arrivals only clog its consumer).
    busy = {(b.owner, b.ordering_key) for b in (await conn.execute(sa.text(
        f"SELECT DISTINCT owner, ordering_key FROM {S}.timers WHERE state = 'claimed' "
        "AND lease_until >= now() AND (owner, ordering_key) IN (SELECT * FROM "
        "unnest(CAST(:owners AS text[]), CAST(:keys AS text[])))"),
        {"owners": [k.owner for k in keys], "keys": [k.ordering_key for k in keys]})).all()}
    keys = [k for k in keys if (k.owner, k.ordering_key) not in busy]
    if not keys:
        return []
    rows = (await conn.execute(sa.text(
        "SELECT t.* FROM unnest(CAST(:owners AS text[]), CAST(:keys AS text[])) "
        "AS k(owner, ordering_key) "
        f"CROSS JOIN LATERAL (SELECT {CLAIM_COLUMNS} FROM {S}.timers t "
        "  WHERE t.owner = k.owner AND t.ordering_key = k.ordering_key "
        "  AND t.ordering_key <> '' AND t.state IN ('pending', 'claimed') "
        "  AND t.due_at <= now() AND (t.state = 'pending' OR t.lease_until < now()) "
        "  ORDER BY t.due_at, t.seq LIMIT :per_key FOR UPDATE) t"),
        {"owners": [k.owner for k in keys], "keys": [k.ordering_key for k in keys],
         "per_key": per_key})).all()
    by_key: dict[tuple[str, str], list[sa.Row]] = {}
    for r in rows:
        by_key.setdefault((r.owner, r.ordering_key), []).append(r)
    out: list[Claimed] = []
    marks: list[tuple[str, str, int, str | None]] = []
    for key in keys:
        last_seq, last_id = key.last_seq, key.last_timer_id
        numbered = False
        for r in sorted(by_key.get((key.owner, key.ordering_key), []),
                        key=lambda r: (r.due_at, r.seq)):
            c = Claimed(**r._mapping)
            if c.key_seq is None:
                last_seq += 1
                c.key_seq, c.prev_timer_id = last_seq, last_id
                last_id = c.id
                numbered = True
            out.append(c)
        if numbered:
            marks.append((key.owner, key.ordering_key, last_seq, last_id))
    if marks:
        await conn.execute(sa.text(
            f"UPDATE {S}.timer_keys k SET last_seq = v.last_seq, last_timer_id = v.last_id "
            "FROM unnest(CAST(:owners AS text[]), CAST(:keys AS text[]), "
            "CAST(:seqs AS bigint[]), CAST(:ids AS text[])) "
            "AS v(owner, ordering_key, last_seq, last_id) "
            "WHERE k.owner = v.owner AND k.ordering_key = v.ordering_key"),
            {"owners": [m[0] for m in marks], "keys": [m[1] for m in marks],
             "seqs": [m[2] for m in marks], "ids": [m[3] for m in marks]})
    return out


async def count_pending(conn: AsyncConnection) -> int:
    return (await conn.execute(sa.text(
        f"SELECT count(*) FROM {S}.timers WHERE state IN ('pending', 'claimed')"))).scalar_one()


async def purge_finished(conn: AsyncConnection, older_than_s: float, limit: int = 5000) -> int:
    """Delete fired and cancelled timers after the retention (their dedupe keys go too)."""
    rows = (await conn.execute(sa.text(
        f"DELETE FROM {S}.timers WHERE id IN (SELECT id FROM {S}.timers "
        "WHERE finished_at < now() - make_interval(secs => :age) LIMIT :n) RETURNING id"),
        {"age": older_than_s, "n": limit})).all()
    return len(rows)


async def record_period(conn: AsyncConnection, job: str, period_start: datetime,
                        timer_id: str) -> bool:
    """Claim one period of a periodic job; False when another replica already did."""
    row = (await conn.execute(sa.text(
        f"INSERT INTO {S}.periodic_runs (job, period_start, timer_id) "
        "VALUES (:job, :start, :timer) ON CONFLICT DO NOTHING RETURNING job"),
        {"job": job, "start": period_start, "timer": timer_id})).first()
    return row is not None
