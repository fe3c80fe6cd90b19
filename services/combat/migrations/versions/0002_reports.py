"""Battle reports: one row per battle (idempotent by battle id) holding the typed report
(serialized palisade.combat.v1.Report), and one row per recipient (read, deleted).

Revision ID: 0002
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

S = "combat"


def upgrade() -> None:
    op.execute(f"""
        CREATE TABLE {S}.reports (
          id uuid PRIMARY KEY,
          at timestamptz NOT NULL,
          body bytea NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now())
    """)
    op.execute(f"""
        CREATE TABLE {S}.report_recipients (
          report_id uuid NOT NULL REFERENCES {S}.reports (id) ON DELETE CASCADE,
          player_id uuid NOT NULL,
          role smallint NOT NULL,
          at timestamptz NOT NULL,
          read boolean NOT NULL DEFAULT false,
          deleted boolean NOT NULL DEFAULT false,
          PRIMARY KEY (report_id, player_id))
    """)
    op.execute(f"CREATE INDEX report_recipients_player ON {S}.report_recipients "
               "(player_id, at DESC, report_id) WHERE NOT deleted")


def downgrade() -> None:
    op.execute(f"DROP TABLE {S}.report_recipients")
    op.execute(f"DROP TABLE {S}.reports")
