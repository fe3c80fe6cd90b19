"""Village's tables (schema "village")."""

from __future__ import annotations

import sqlalchemy as sa

S = "village"
metadata = sa.MetaData(schema=S)

villages = sa.Table(
    "villages", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("owner_id", sa.Uuid),
    sa.Column("owner_name", sa.Text),
    sa.Column("name", sa.Text),
    sa.Column("x", sa.SmallInteger),
    sa.Column("y", sa.SmallInteger),
    sa.Column("tribe", sa.SmallInteger),
    sa.Column("is_capital", sa.Boolean),
    sa.Column("population", sa.Integer),
    sa.Column("loyalty", sa.SmallInteger),
    sa.Column("created_at", sa.DateTime(timezone=True)),
)

rankings = sa.Table(
    "rankings", metadata,
    sa.Column("owner_id", sa.Uuid),
    sa.Column("owner_name", sa.Text),
    sa.Column("rank", sa.Integer),
    sa.Column("population", sa.BigInteger),
    sa.Column("villages", sa.Integer),
    sa.Column("computed_at", sa.DateTime(timezone=True)),
)
