"""Troop movements and stationed reinforcements; loyalty as of an instant; beginner's
protection ended early.

A movement is a row with a due time (``arrives_at``): it is applied by whichever of the
timer, a read or a write of its destination reaches that instant first, through the
conditional transition ``moving -> stationed | done`` under the destination's row lock.

Revision ID: 0004
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

S = "village"


def upgrade() -> None:
    op.execute(f"""
        CREATE TABLE {S}.movements (
          id uuid PRIMARY KEY,
          owner_id uuid NOT NULL,
          mission text NOT NULL
            CHECK (mission IN ('attack', 'raid', 'scout', 'reinforce', 'return')),
          state text NOT NULL CHECK (state IN ('moving', 'stationed', 'done', 'recalled')),
          origin_id uuid NOT NULL REFERENCES {S}.villages (id) ON DELETE CASCADE,
          destination_id uuid NOT NULL REFERENCES {S}.villages (id) ON DELETE CASCADE,
          tribe smallint NOT NULL,
          units jsonb NOT NULL,
          levels jsonb NOT NULL DEFAULT '{{}}',
          armour jsonb NOT NULL DEFAULT '{{}}',
          rally_point_level smallint NOT NULL DEFAULT 0,
          tournament_square_level smallint NOT NULL DEFAULT 0,
          catapult_targets smallint[] NOT NULL DEFAULT '{{}}',
          scout_target smallint NOT NULL DEFAULT 0,
          loot_wood bigint NOT NULL DEFAULT 0, loot_clay bigint NOT NULL DEFAULT 0,
          loot_iron bigint NOT NULL DEFAULT 0, loot_crop bigint NOT NULL DEFAULT 0,
          sent_at timestamptz NOT NULL,
          arrives_at timestamptz NOT NULL,
          parent_id uuid,
          report_id uuid)
    """)
    op.execute(f"CREATE INDEX movements_due ON {S}.movements (destination_id, arrives_at, id)"
               " WHERE state = 'moving'")
    op.execute(f"CREATE INDEX movements_stationed ON {S}.movements (destination_id)"
               " WHERE state = 'stationed'")
    op.execute(f"CREATE INDEX movements_origin ON {S}.movements (origin_id)"
               " WHERE state IN ('moving', 'stationed')")
    op.execute(f"""
        ALTER TABLE {S}.villages
          ADD COLUMN loyalty_at timestamptz NOT NULL DEFAULT now(),
          ADD COLUMN conquered_from uuid
    """)
    op.execute(f"""
        CREATE TABLE {S}.protection_ended (
          owner_id uuid PRIMARY KEY,
          ended_at timestamptz NOT NULL)
    """)


def downgrade() -> None:
    op.execute(f"DROP TABLE {S}.protection_ended")
    op.execute(f"ALTER TABLE {S}.villages DROP COLUMN loyalty_at, DROP COLUMN conquered_from")
    op.execute(f"DROP TABLE {S}.movements")
