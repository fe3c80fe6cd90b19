"""The hero's output for its home village (RULES.md section 14).

- ``heroes.home_since``: the instant the hero's home became its home village (hired
  there, or moved to the capital when the home was conquered). The home village yields the
  hero's output from that instant on (``rules.travian.village_model.HeroOutput``), so a
  settle that spans it is exact; existing heroes count from their creation.

Revision ID: 0004d
"""

from alembic import op

revision = "0004d"
down_revision = "0004c"
branch_labels = None
depends_on = None

S = "village"


def upgrade() -> None:
    op.execute(f"ALTER TABLE {S}.heroes ADD COLUMN home_since timestamptz")
    op.execute(f"UPDATE {S}.heroes SET home_since = created_at")
    op.execute(f"ALTER TABLE {S}.heroes ALTER COLUMN home_since SET NOT NULL")
    op.execute(f"CREATE INDEX heroes_home ON {S}.heroes (home_village_id)")


def downgrade() -> None:
    op.execute(f"DROP INDEX {S}.heroes_home")
    op.execute(f"ALTER TABLE {S}.heroes DROP COLUMN home_since")
