"""The runtime tables (outbox, inbox, idempotency) of scheduler.

Revision ID: 0001
"""

from alembic import op

from services.runtime.migrate import create_runtime_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_runtime_tables(op.get_bind(), "scheduler")


def downgrade() -> None:
    for table in ("outbox", "inbox", "idempotency"):
        op.drop_table(table, schema="scheduler")
