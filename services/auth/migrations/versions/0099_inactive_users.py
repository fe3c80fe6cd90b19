"""Inactive players (the scheduler's daily "auth.inactive-players" job) and job runs.

Revision ID: 0099
"""

import sqlalchemy as sa
from alembic import op

revision = "0099"
down_revision = "0002"
branch_labels = None
depends_on = None

S = "auth"
TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.add_column("users", sa.Column("is_active", sa.Boolean, nullable=False,
                                     server_default=sa.true()), schema=S)
    op.add_column("users", sa.Column("inactive_since", TS), schema=S)
    # The job's scan: active users by last activity.
    op.create_index("users_active_last_login", "users", ["last_login_at"], schema=S,
                    postgresql_where=sa.text("is_active"))
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
    op.drop_index("users_active_last_login", table_name="users", schema=S)
    op.drop_column("users", "inactive_since", schema=S)
    op.drop_column("users", "is_active", schema=S)
