"""Heroes, adventures, oases and merchants (issue 10).

- ``deliveries``: resources on their way to a village (merchants, an adventure's loot),
  applied by settling the target at ``arrives_at`` (``delivered_at`` set once, under the
  target's row lock).
- ``merchant_trips``: who sent a delivery, how many merchants, when they are home again.
- ``heroes``: one row per player (the primary key: one hero, ANCHORS R9), its state as of
  ``settled_at``; ``adventures``: offers and the one under way, with the outcome decided at
  sending and applied at ``arrives_at``.
- ``oases``: only oases that were touched (fought or annexed); the others are the world
  generator's (rules/travian/world.py).

Revision ID: 0004b
"""

from alembic import op

revision = "0004b"
down_revision = "0004"
branch_labels = None
depends_on = None

S = "village"
AMOUNTS = ("wood bigint NOT NULL CHECK (wood >= 0), clay bigint NOT NULL CHECK (clay >= 0), "
           "iron bigint NOT NULL CHECK (iron >= 0), crop bigint NOT NULL CHECK (crop >= 0)")


def upgrade() -> None:
    op.execute(f"""
        CREATE TABLE {S}.deliveries (
          id uuid PRIMARY KEY,
          village_id uuid NOT NULL REFERENCES {S}.villages (id) ON DELETE CASCADE,
          arrives_at timestamptz NOT NULL,
          {AMOUNTS},
          source text NOT NULL CHECK (source IN ('merchants', 'adventure')),
          delivered_at timestamptz)
    """)
    op.execute(f"CREATE INDEX deliveries_pending ON {S}.deliveries (village_id) "
               "WHERE delivered_at IS NULL")
    op.execute(f"""
        CREATE TABLE {S}.merchant_trips (
          id uuid PRIMARY KEY REFERENCES {S}.deliveries (id) ON DELETE CASCADE,
          from_village_id uuid NOT NULL REFERENCES {S}.villages (id) ON DELETE CASCADE,
          to_village_id uuid NOT NULL REFERENCES {S}.villages (id) ON DELETE CASCADE,
          sender_id uuid NOT NULL,
          merchants integer NOT NULL CHECK (merchants > 0),
          {AMOUNTS},
          sent_at timestamptz NOT NULL,
          arrives_at timestamptz NOT NULL,
          returns_at timestamptz NOT NULL,
          CHECK (sent_at < arrives_at AND arrives_at < returns_at))
    """)
    op.execute(f"CREATE INDEX merchant_trips_from ON {S}.merchant_trips "
               "(from_village_id, returns_at)")
    op.execute(f"CREATE INDEX merchant_trips_to ON {S}.merchant_trips (to_village_id, arrives_at)")
    op.execute(f"""
        CREATE TABLE {S}.heroes (
          owner_id uuid PRIMARY KEY,
          home_village_id uuid NOT NULL REFERENCES {S}.villages (id) ON DELETE CASCADE,
          tribe smallint NOT NULL CHECK (tribe BETWEEN 1 AND 3),
          xp bigint NOT NULL CHECK (xp >= 0),
          strength smallint NOT NULL CHECK (strength BETWEEN 0 AND 100),
          off_bonus smallint NOT NULL CHECK (off_bonus BETWEEN 0 AND 100),
          def_bonus smallint NOT NULL CHECK (def_bonus BETWEEN 0 AND 100),
          resources smallint NOT NULL CHECK (resources BETWEEN 0 AND 100),
          health integer NOT NULL CHECK (health >= 0),
          settled_at timestamptz NOT NULL,
          alive boolean NOT NULL,
          revive_at timestamptz,
          adventures_offered integer NOT NULL DEFAULT 0,
          created_at timestamptz NOT NULL DEFAULT now(),
          CHECK (alive OR health = 0))
    """)
    op.execute(f"""
        CREATE TABLE {S}.adventures (
          id uuid PRIMARY KEY,
          owner_id uuid NOT NULL REFERENCES {S}.heroes (owner_id) ON DELETE CASCADE,
          seed bigint NOT NULL,
          x smallint NOT NULL, y smallint NOT NULL,
          difficulty text NOT NULL CHECK (difficulty IN ('normal', 'hard')),
          offered_at timestamptz NOT NULL,
          expires_at timestamptz NOT NULL,
          sent_at timestamptz, arrives_at timestamptz, returns_at timestamptz,
          xp integer, health_loss integer, died boolean,
          applied_at timestamptz,
          UNIQUE (owner_id, seed))
    """)
    op.execute(f"CREATE INDEX adventures_owner ON {S}.adventures (owner_id, expires_at)")
    op.execute(f"""
        CREATE TABLE {S}.oases (
          x smallint NOT NULL, y smallint NOT NULL,
          oasis_type text NOT NULL,
          animals jsonb NOT NULL,
          state_at timestamptz NOT NULL,
          fought_at timestamptz,
          owner_village_id uuid REFERENCES {S}.villages (id) ON DELETE SET NULL,
          annexed_at timestamptz,
          PRIMARY KEY (x, y),
          CHECK (x BETWEEN -400 AND 400 AND y BETWEEN -400 AND 400))
    """)
    op.execute(f"CREATE INDEX oases_owner ON {S}.oases (owner_village_id) "
               "WHERE owner_village_id IS NOT NULL")


def downgrade() -> None:
    for table in ("oases", "adventures", "heroes", "merchant_trips", "deliveries"):
        op.execute(f"DROP TABLE {S}.{table}")
