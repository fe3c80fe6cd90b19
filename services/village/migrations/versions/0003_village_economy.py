"""The village economy: settled stock, buildings, build/training/research jobs, units.

A village row holds the state as of ``settled_at`` (stocks and culture in integer
sub-units); jobs are rows with due times, applied by settling (rules/travian/village.py).

Revision ID: 0003
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

S = "village"
PAID = ("paid_wood bigint NOT NULL, paid_clay bigint NOT NULL, paid_iron bigint NOT NULL, "
        "paid_crop bigint NOT NULL")


def upgrade() -> None:
    op.execute(f"""
        ALTER TABLE {S}.villages
          ADD COLUMN layout text NOT NULL DEFAULT '4-4-4-6',
          ADD COLUMN stock_wood bigint NOT NULL DEFAULT 0,
          ADD COLUMN stock_clay bigint NOT NULL DEFAULT 0,
          ADD COLUMN stock_iron bigint NOT NULL DEFAULT 0,
          ADD COLUMN stock_crop bigint NOT NULL DEFAULT 0,
          ADD COLUMN settled_at timestamptz NOT NULL DEFAULT now(),
          ADD COLUMN culture bigint NOT NULL DEFAULT 0,
          ADD COLUMN inactive boolean NOT NULL DEFAULT false,
          ADD COLUMN next_seq integer NOT NULL DEFAULT 1,
          ADD COLUMN founding boolean NOT NULL DEFAULT false,
          ADD COLUMN founded_at timestamptz NOT NULL DEFAULT now(),
          ADD COLUMN founded_from uuid,
          ADD CONSTRAINT villages_stock_not_negative CHECK (
            stock_wood >= 0 AND stock_clay >= 0 AND stock_iron >= 0 AND stock_crop >= 0)
    """)
    op.execute(f"""
        CREATE TABLE {S}.buildings (
          village_id uuid NOT NULL REFERENCES {S}.villages (id) ON DELETE CASCADE,
          position smallint NOT NULL CHECK (position BETWEEN 1 AND 40),
          id uuid NOT NULL UNIQUE,
          building_type smallint NOT NULL,
          level smallint NOT NULL CHECK (level >= 0),
          PRIMARY KEY (village_id, position))
    """)
    op.execute(f"""
        CREATE TABLE {S}.build_jobs (
          id uuid PRIMARY KEY,
          village_id uuid NOT NULL REFERENCES {S}.villages (id) ON DELETE CASCADE,
          position smallint NOT NULL, building_type smallint NOT NULL,
          level smallint NOT NULL, start_at timestamptz NOT NULL,
          due_at timestamptz NOT NULL, seq integer NOT NULL, {PAID})
    """)
    op.execute(f"CREATE INDEX build_jobs_village ON {S}.build_jobs (village_id)")
    op.execute(f"""
        CREATE TABLE {S}.training_jobs (
          id uuid PRIMARY KEY,
          village_id uuid NOT NULL REFERENCES {S}.villages (id) ON DELETE CASCADE,
          building smallint NOT NULL, unit smallint NOT NULL,
          count integer NOT NULL CHECK (count > 0),
          done integer NOT NULL CHECK (done >= 0 AND done <= count),
          each_s integer NOT NULL CHECK (each_s >= 1), start_at timestamptz NOT NULL,
          seq integer NOT NULL, {PAID})
    """)
    op.execute(f"CREATE INDEX training_jobs_village ON {S}.training_jobs (village_id)")
    op.execute(f"""
        CREATE TABLE {S}.research_jobs (
          id uuid PRIMARY KEY,
          village_id uuid NOT NULL REFERENCES {S}.villages (id) ON DELETE CASCADE,
          kind text NOT NULL CHECK (kind IN ('research', 'weapons', 'armour')),
          unit smallint NOT NULL, level smallint NOT NULL,
          start_at timestamptz NOT NULL, due_at timestamptz NOT NULL,
          seq integer NOT NULL, {PAID})
    """)
    op.execute(f"CREATE INDEX research_jobs_village ON {S}.research_jobs (village_id)")
    op.execute(f"""
        CREATE TABLE {S}.units (
          village_id uuid NOT NULL REFERENCES {S}.villages (id) ON DELETE CASCADE,
          unit smallint NOT NULL,
          count bigint NOT NULL CHECK (count >= 0),
          PRIMARY KEY (village_id, unit))
    """)
    op.execute(f"""
        CREATE TABLE {S}.unit_upgrades (
          village_id uuid NOT NULL REFERENCES {S}.villages (id) ON DELETE CASCADE,
          unit smallint NOT NULL,
          researched boolean NOT NULL DEFAULT false,
          weapons smallint NOT NULL DEFAULT 0,
          armour smallint NOT NULL DEFAULT 0,
          PRIMARY KEY (village_id, unit))
    """)
    op.execute(f"ALTER TABLE {S}.rankings ADD COLUMN inactive boolean NOT NULL DEFAULT false")


def downgrade() -> None:
    op.execute(f"ALTER TABLE {S}.rankings DROP COLUMN inactive")
    for table in ("unit_upgrades", "units", "research_jobs", "training_jobs", "build_jobs",
                  "buildings"):
        op.execute(f"DROP TABLE {S}.{table}")
    op.execute(f"""
        ALTER TABLE {S}.villages DROP CONSTRAINT villages_stock_not_negative,
          DROP COLUMN layout, DROP COLUMN stock_wood, DROP COLUMN stock_clay,
          DROP COLUMN stock_iron, DROP COLUMN stock_crop, DROP COLUMN settled_at,
          DROP COLUMN culture, DROP COLUMN inactive, DROP COLUMN next_seq,
          DROP COLUMN founding, DROP COLUMN founded_at, DROP COLUMN founded_from
    """)
