"""Login failures (lockout), password reset tokens, revoked-session lookup.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

S = "auth"


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        # lower(username) as typed: unknown names lock exactly like real ones (no enumeration).
        sa.Column("account", sa.Text, nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        schema=S,
    )
    op.create_index("login_failures_account", "login_failures", ["account", "failed_at"],
                    schema=S)
    op.create_table(
        "reset_tokens",
        # sha256 of the token mailed to the user; the token itself is never stored.
        sa.Column("token_hash", sa.Text, primary_key=True),
        sa.Column("user_id", sa.Uuid, sa.ForeignKey(f"{S}.users.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True)),
        schema=S,
    )
    op.create_index("sessions_revoked_at", "sessions", ["revoked_at"], schema=S,
                    postgresql_where=sa.text("revoked_at IS NOT NULL"))


def downgrade() -> None:
    op.drop_index("sessions_revoked_at", table_name="sessions", schema=S)
    op.drop_table("reset_tokens", schema=S)
    op.drop_table("login_failures", schema=S)
