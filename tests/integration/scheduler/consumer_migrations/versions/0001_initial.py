"""The test consumer's tables: what it handled, and every anomaly it saw.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

from services.runtime.migrate import create_runtime_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

S = "timertest"
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    create_runtime_tables(op.get_bind(), S)
    op.create_table(
        "handled",
        sa.Column("n", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("timer_id", sa.Text, nullable=False, unique=True),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("ordering_key", sa.Text, nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),
        sa.Column("due_at", TS, nullable=False),
        sa.Column("payload", sa.LargeBinary, nullable=False),
        sa.Column("handled_at", TS, nullable=False, server_default=sa.text("clock_timestamp()")),
        sa.Column("replica", sa.Text, nullable=False),
        schema=S,
    )
    op.create_table(
        "key_state",
        sa.Column("ordering_key", sa.Text, primary_key=True),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
        sa.Column("last_due_at", TS, nullable=False),
        schema=S,
    )
    op.create_table(
        "anomalies",
        sa.Column("n", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("what", sa.Text, nullable=False),
        sa.Column("timer_id", sa.Text, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        schema=S,
    )


def downgrade() -> None:
    for table in ("anomalies", "key_state", "handled"):
        op.drop_table(table, schema=S)
