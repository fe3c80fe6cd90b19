"""Villages (the capital stub until the village economy lands).

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

S = "village"


def upgrade() -> None:
    # The runtime's tables as they were at this revision (frozen: services/runtime/tables.py
    # may change later, and only a new revision changes the schema).
    op.create_table(
        "outbox",
        sa.Column("seq", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("id", sa.Text, nullable=False, unique=True),
        sa.Column("subject", sa.Text, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.Column("published_at", sa.DateTime(timezone=True)),
        schema=S,
    )
    op.create_index("outbox_unpublished", "outbox", ["seq"], schema=S,
                    postgresql_where=sa.text("published_at IS NULL"))
    op.create_table(
        "inbox",
        sa.Column("consumer", sa.Text, primary_key=True),
        sa.Column("event_id", sa.Text, primary_key=True),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        schema=S,
    )
    op.create_table(
        "idempotency",
        sa.Column("user_id", sa.Text, primary_key=True),
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("method", sa.Text, nullable=False),
        sa.Column("request_hash", sa.Text, nullable=False),
        sa.Column("response", sa.LargeBinary),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        schema=S,
    )
    op.create_table(
        "villages",
        sa.Column("id", sa.Uuid, primary_key=True),
        sa.Column("owner_id", sa.Uuid, nullable=False, index=True),
        sa.Column("owner_name", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("x", sa.SmallInteger, nullable=False),
        sa.Column("y", sa.SmallInteger, nullable=False),
        sa.Column("tribe", sa.SmallInteger, nullable=False),
        sa.Column("is_capital", sa.Boolean, nullable=False),
        sa.Column("population", sa.Integer, nullable=False, server_default="2"),
        sa.Column("loyalty", sa.SmallInteger, nullable=False, server_default="100"),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.UniqueConstraint("x", "y", name="villages_square"),
        sa.CheckConstraint("x BETWEEN -400 AND 400 AND y BETWEEN -400 AND 400",
                           name="villages_on_map"),
        schema=S,
    )
    # One capital per player: makes CreateCapital idempotent.
    op.create_index("villages_one_capital", "villages", ["owner_id"], unique=True,
                    postgresql_where=sa.text("is_capital"), schema=S)


def downgrade() -> None:
    op.drop_table("villages", schema=S)
