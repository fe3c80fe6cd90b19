"""Rankings (recomputed hourly by the scheduler's "village.rankings" job) and job runs.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

S = "village"
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "rankings",
        sa.Column("owner_id", sa.Uuid, primary_key=True),
        sa.Column("owner_name", sa.Text, nullable=False),
        sa.Column("rank", sa.Integer, nullable=False),
        sa.Column("population", sa.BigInteger, nullable=False),
        sa.Column("villages", sa.Integer, nullable=False),
        sa.Column("computed_at", TS, nullable=False),
        schema=S,
    )
    op.create_index("rankings_rank", "rankings", ["rank"], schema=S)
    # One row per periodic job period applied here (the handlers' own idempotency record).
    op.create_table(
        "job_runs",
        sa.Column("job", sa.Text, primary_key=True),
        sa.Column("period_start", TS, primary_key=True),
        sa.Column("handled_at", TS, nullable=False, server_default=sa.func.now()),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
        schema=S,
    )


def downgrade() -> None:
    op.drop_table("job_runs", schema=S)
    op.drop_table("rankings", schema=S)
