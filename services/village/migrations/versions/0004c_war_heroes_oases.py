"""Heroes travelling with armies and attacks on oases (issue 10, war10).

- ``movements.hero``: the owner's hero walks with this army (it fights, takes damage and
  gains experience at the battle, and comes home with the survivors). Whether a hero is
  away is derived from these rows (a live movement with ``hero``), never stored twice.
- ``movements.oasis_x/oasis_y``: the target is the oasis on that square, not a village.
  Such a movement's ``destination_id`` is its origin: its arrival is one more due event of
  the sending village (an oasis has no row lock of its own to serialise arrivals on).

Revision ID: 0004c
"""

from alembic import op

revision = "0004c"
down_revision = "0004b"
branch_labels = None
depends_on = None

S = "village"


def upgrade() -> None:
    op.execute(f"""
        ALTER TABLE {S}.movements
          ADD COLUMN hero boolean NOT NULL DEFAULT false,
          ADD COLUMN oasis_x smallint,
          ADD COLUMN oasis_y smallint,
          ADD CONSTRAINT movements_oasis_square CHECK ((oasis_x IS NULL) = (oasis_y IS NULL))
    """)
    op.execute(f"CREATE INDEX movements_hero ON {S}.movements (owner_id)"
               " WHERE hero AND state IN ('moving', 'stationed')")


def downgrade() -> None:
    op.execute(f"DROP INDEX {S}.movements_hero")
    op.execute(f"ALTER TABLE {S}.movements DROP COLUMN hero, DROP COLUMN oasis_x,"
               " DROP COLUMN oasis_y")
