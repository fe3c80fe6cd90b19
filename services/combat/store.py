"""Combat's tables (schema "combat"): only the runtime's outbox, inbox and idempotency
until battle reports arrive (issue 10). Declared here so the migrations are checked
against it (tests/contract/test_migrations_match_store.py)."""

from __future__ import annotations

import sqlalchemy as sa

from services.runtime.tables import runtime_tables

S = "combat"
metadata = sa.MetaData(schema=S)
runtime = runtime_tables(metadata, S)
