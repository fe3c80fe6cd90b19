"""Timers, per-key firing order and periodic runs.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

S = "scheduler"
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "timers",
        sa.Column("id", sa.Text, primary_key=True),
        # Insertion order: the tie-break between timers due at the same instant.
        sa.Column("seq", sa.BigInteger, sa.Identity(), nullable=False, unique=True),
        sa.Column("owner", sa.Text, nullable=False),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("due_at", TS, nullable=False),
        sa.Column("payload", sa.LargeBinary, nullable=False, server_default=sa.text("''::bytea")),
        sa.Column("dedupe_key", sa.Text),
        sa.Column("ordering_key", sa.Text, nullable=False, server_default=""),
        sa.Column("state", sa.Text, nullable=False, server_default="pending"),
        sa.Column("claimed_by", sa.Text),
        sa.Column("lease_until", TS),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        # Given at the first claim and kept on every re-claim (see store.claim).
        sa.Column("key_seq", sa.BigInteger),
        sa.Column("prev_timer_id", sa.Text),
        sa.Column("created_at", TS, nullable=False, server_default=sa.func.now()),
        sa.Column("fired_at", TS),
        sa.Column("finished_at", TS),
        sa.CheckConstraint("state IN ('pending', 'claimed', 'fired', 'cancelled')",
                           name="timers_state"),
        # NULL dedupe keys are distinct, so only keyed requests are deduplicated.
        sa.UniqueConstraint("owner", "dedupe_key", name="timers_dedupe"),
        schema=S,
    )
    # The queue: every timer not yet fired, in firing order.
    op.create_index("timers_queue", "timers", ["due_at", "seq"], schema=S,
                    postgresql_where=sa.text("state IN ('pending', 'claimed')"))
    # One key's unfired timers in order (the per-key prefix check of a claim).
    op.create_index("timers_key_queue", "timers", ["owner", "ordering_key", "due_at", "seq"],
                    schema=S,
                    postgresql_where=sa.text("state IN ('pending', 'claimed') "
                                             "AND ordering_key <> ''"))
    # When the next lease runs out (the wake-up of a replica that waits for a dead one).
    op.create_index("timers_leases", "timers", ["lease_until"], schema=S,
                    postgresql_where=sa.text("state = 'claimed'"))
    op.create_index("timers_finished", "timers", ["finished_at"], schema=S,
                    postgresql_where=sa.text("finished_at IS NOT NULL"))
    op.create_table(
        "timer_keys",
        sa.Column("owner", sa.Text, primary_key=True),
        sa.Column("ordering_key", sa.Text, primary_key=True),
        sa.Column("last_seq", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("last_timer_id", sa.Text),
        schema=S,
    )
    op.create_table(
        "periodic_runs",
        sa.Column("job", sa.Text, primary_key=True),
        sa.Column("period_start", TS, primary_key=True),
        sa.Column("timer_id", sa.Text, nullable=False),
        sa.Column("created_at", TS, nullable=False, server_default=sa.func.now()),
        schema=S,
    )


def downgrade() -> None:
    for table in ("periodic_runs", "timer_keys", "timers"):
        op.drop_table(table, schema=S)
