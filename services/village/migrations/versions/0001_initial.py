"""Villages (the capital stub until the village economy lands).

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

from services.runtime.migrate import create_runtime_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

S = "village"


def upgrade() -> None:
    create_runtime_tables(op.get_bind(), S)
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
