"""The service side of a periodic job (the scheduler fires them: services/scheduler/periodic.py).

A periodic job's firing is a timer like any other (``timers.<service>.<kind>``, payload
``PeriodicRun``), applied by the service's one timer consumer with its inbox row. A job
whose effect must not repeat even if the scheduler ever fired one period twice records
the period in its schema's ``job_runs`` (PRIMARY KEY job, period_start) with
:func:`record_run`, in the handler's transaction; an idempotent job (a purge of old rows)
needs no record. This module is the one place that writes ``job_runs``.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from protos.scheduler.v1 import scheduler_pb2
from services.runtime.timers import periodic_run

TS = sa.DateTime(timezone=True)


def job_runs_table(metadata: sa.MetaData, schema: str) -> sa.Table:
    """The declaration of a schema's ``job_runs`` (for its store.py)."""
    return sa.Table(
        "job_runs", metadata,
        sa.Column("job", sa.Text, primary_key=True),
        sa.Column("period_start", TS, primary_key=True),
        sa.Column("handled_at", TS, nullable=False, server_default=sa.func.now()),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
        schema=schema,
    )


def _job_runs(schema: str) -> sa.TableClause:
    return sa.table("job_runs", sa.column("job"), sa.column("period_start"),
                    sa.column("detail"), schema=schema)


async def record_run(conn: AsyncConnection, schema: str, fired: scheduler_pb2.TimerFired,
                     detail: str = "") -> bool:
    """True the first time this period of the job is applied in ``schema``, False after."""
    job, start = periodic_run(fired)
    runs = _job_runs(schema)
    row = (await conn.execute(insert(runs).values(job=job, period_start=start, detail=detail)
                              .on_conflict_do_nothing().returning(runs.c.job))).first()
    return row is not None


async def set_detail(conn: AsyncConnection, schema: str, fired: scheduler_pb2.TimerFired,
                     detail: str) -> None:
    """What the run did, once it knows (e.g. "12 users marked inactive")."""
    job, start = periodic_run(fired)
    runs = _job_runs(schema)
    await conn.execute(runs.update().where(runs.c.job == job, runs.c.period_start == start)
                       .values(detail=detail))
