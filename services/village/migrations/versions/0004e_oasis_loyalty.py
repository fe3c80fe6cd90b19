"""Taking an owned oasis (RULES.md section 15).

- ``oases.loyalty`` / ``loyalty_at``: an owned oasis's loyalty (100 when annexed) as of an
  instant; it regenerates by the owner's hero's mansion level per hour (computed, never
  ticked). Qualifying attacks lower it; below the threshold it changes owner.
- ``oasis_losses``: an oasis taken from a village at ``lost_at``. The village's load
  counts the oasis's bonus until then when it was settled before that instant, so the
  old owner's production changes exactly at the battle without locking its row there.

Revision ID: 0004e
"""

from alembic import op

revision = "0004e"
down_revision = "0004d"
branch_labels = None
depends_on = None

S = "village"


def upgrade() -> None:
    op.execute(f"""
        ALTER TABLE {S}.oases
          ADD COLUMN loyalty smallint NOT NULL DEFAULT 100,
          ADD COLUMN loyalty_at timestamptz
    """)
    op.execute(f"UPDATE {S}.oases SET loyalty_at = annexed_at WHERE annexed_at IS NOT NULL")
    op.execute(f"""
        CREATE TABLE {S}.oasis_losses (
          village_id uuid NOT NULL REFERENCES {S}.villages (id) ON DELETE CASCADE,
          lost_at timestamptz NOT NULL,
          x smallint NOT NULL,
          y smallint NOT NULL,
          oasis_type text NOT NULL,
          PRIMARY KEY (village_id, lost_at, x, y)
        )
    """)


def downgrade() -> None:
    op.execute(f"DROP TABLE {S}.oasis_losses")
    op.execute(f"ALTER TABLE {S}.oases DROP COLUMN loyalty, DROP COLUMN loyalty_at")
