"""Contract tests reuse the integration tests' scratch database."""

from tests.integration.conftest import scratch_db  # noqa: F401
