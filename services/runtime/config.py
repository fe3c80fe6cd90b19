"""Settings: environment variables only, read once at start-up into ONE typed object.

This module is the only reader of the environment. ``serve()`` builds ``Settings`` once
and every service finds it as ``rt.settings``; a service's own tunables are fields here
too (grouped below), and a service that wants them in its own shape derives that from
``Settings`` (``AuthConfig.from_settings``, village's ``Config.from_settings``, tactics'
``Limits.from_settings``; the scheduler reads its ``scheduler_*`` fields here directly),
never from ``os.environ`` and never at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

SERVICES = ("auth", "village", "combat", "tactics", "scheduler")

# Default gRPC ports of `make run`, one per service (replicas take +100, +200, ...).
DEFAULT_GRPC_PORTS = {"auth": 50051, "village": 50052, "combat": 50053, "tactics": 50054,
                      "scheduler": 50055}


def env_int(name: str, default: int) -> int:
    """An integer environment variable; empty or unset gives the default."""
    raw = os.environ.get(name, "")
    return int(raw) if raw.strip() else default


def env_float(name: str, default: float) -> float:
    """A number environment variable; empty or unset gives the default."""
    raw = os.environ.get(name, "")
    return float(raw) if raw.strip() else default


def service_addresses(env: dict[str, str] | os._Environ[str] | None = None) -> dict[str, str]:
    """Each service's gRPC address list (`AUTH_GRPC_ADDR=host:port[,host:port...]`)."""
    env = os.environ if env is None else env
    return {
        name: env.get(f"{name.upper()}_GRPC_ADDR", f"127.0.0.1:{DEFAULT_GRPC_PORTS[name]}")
        for name in SERVICES
    }


def sqlalchemy_url(url: str) -> str:
    """Accept plain postgresql:// URLs and give SQLAlchemy the asyncpg driver."""
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix):]
    raise ValueError(f"DATABASE_URL must be a PostgreSQL URL, got {url.split(':')[0]}://...")


@dataclass(frozen=True)
class Settings:
    """Everything a process may be configured with; see the README's table."""

    service: str = "gateway"
    database_url: str = ""
    nats_url: str = "nats://127.0.0.1:4222"
    # Prefix of every NATS subject and stream, so test runs sharing a server never meet.
    nats_prefix: str = "palisade"
    # Where this process's gRPC server listens (services only).
    grpc_listen: str = ""
    # Where this process serves Prometheus text (services only; empty = off).
    metrics_listen: str = ""
    addresses: dict[str, str] = field(default_factory=service_addresses)
    gateway_host: str = "127.0.0.1"
    gateway_port: int = 8080
    game_speed: float = 1.0
    rate_limit_multiplier: float = 1.0
    log_level: str = "INFO"
    data_dir: Path = Path(".data")
    grpc_deadline_s: float = 10.0
    shutdown_grace_s: float = 10.0
    # How long a delivered timer may stay unacked before JetStream redelivers it; bounds
    # the recovery after a consumer or NATS dies (handlers take milliseconds).
    timer_ack_wait_s: float = 15.0
    # Retention (services/runtime/retention.py): published outbox rows, inbox rows (longer
    # than the events stream's 7 days, or a replay would apply an event twice); run by the
    # scheduler's hourly <service>.housekeeping job.
    outbox_retention_s: float = 24 * 3600.0
    inbox_retention_s: float = 14 * 24 * 3600.0
    retention_batch: int = 5000
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    mail_from: str = "palisade@localhost"
    public_base_url: str = "http://127.0.0.1:8080"
    cors_origins: tuple[str, ...] = ()
    # Gateway edge: proxies (CIDRs) allowed to set X-Forwarded-For; request body cap.
    trusted_proxies: tuple[str, ...] = ()
    max_body_bytes: int = 1 << 20
    tls: bool = False
    version: str = "0.1.0"
    # gateway: frames queued per WebSocket before a slow client is disconnected.
    ws_queue_frames: int = 256
    # auth: the login lock's first duration and its cap (the rest are the contract's).
    lockout_base_s: float = 60.0
    lockout_max_s: float = 3600.0
    # village: the world map's seed and the beginner protection (None: the rules' own).
    world_seed: int | None = None
    beginner_protection_hours: float | None = None
    # tactics: the AI's time budget per turn and the active games per player.
    ai_turn_budget_ms: float = 500.0
    tactics_max_active_games: int = 20
    # scheduler: claim lease, longest sleep without NOTIFY, timers per claim, how long
    # fired timers are kept, extra periodic jobs ("name:owner:kind:seconds[,...]").
    scheduler_lease_s: float = 10.0
    scheduler_poll_s: float = 1.0
    scheduler_batch: int = 500
    scheduler_retention_s: float = 7 * 24 * 3600.0
    scheduler_extra_jobs: str = ""
    # scheduler shards: the databases of shards 1..N-1 (shard 0 is DATABASE_URL), and the
    # shards this replica fires ("" = all; "0,2").
    scheduler_shards: tuple[str, ...] = ()
    scheduler_fire_shards: str = ""

    @classmethod
    def from_env(cls, service: str | None = None) -> Settings:
        env = os.environ
        name = service or env.get("SERVICE_NAME", "gateway")
        grpc_default = ""
        if name in SERVICES:
            grpc_default = service_addresses()[name].split(",")[0]
        db = env.get("DATABASE_URL", "")
        return cls(
            service=name,
            database_url=sqlalchemy_url(db) if db else "",
            nats_url=env.get("NATS_URL", "nats://127.0.0.1:4222"),
            nats_prefix=env.get("NATS_PREFIX", "palisade"),
            grpc_listen=env.get("GRPC_LISTEN", grpc_default),
            metrics_listen=env.get("METRICS_LISTEN", ""),
            addresses=service_addresses(),
            gateway_host=env.get("GATEWAY_HOST", "127.0.0.1"),
            gateway_port=env_int("GATEWAY_PORT", 8080),
            game_speed=env_float("GAME_SPEED", 1.0),
            rate_limit_multiplier=env_float("RATE_LIMIT_MULTIPLIER", 1.0),
            log_level=env.get("LOG_LEVEL", "INFO").upper(),
            data_dir=Path(env.get("DATA_DIR", ".data")),
            grpc_deadline_s=env_float("GRPC_DEADLINE_SECONDS", 10.0),
            shutdown_grace_s=env_float("SHUTDOWN_GRACE_SECONDS", 10.0),
            timer_ack_wait_s=env_float("TIMER_ACK_WAIT_SECONDS", 15.0),
            outbox_retention_s=env_float("OUTBOX_RETENTION_HOURS", 24.0) * 3600,
            inbox_retention_s=env_float("INBOX_RETENTION_DAYS", 14.0) * 24 * 3600,
            retention_batch=env_int("RETENTION_BATCH", 5000),
            smtp_host=env.get("SMTP_HOST", "127.0.0.1"),
            smtp_port=env_int("SMTP_PORT", 8025),
            mail_from=env.get("MAIL_FROM", "palisade@localhost"),
            public_base_url=env.get("PUBLIC_BASE_URL", "http://127.0.0.1:8080"),
            cors_origins=tuple(o.strip() for o in env.get("CORS_ORIGINS", "").split(",")
                               if o.strip()),
            trusted_proxies=tuple(p.strip() for p in env.get("TRUSTED_PROXIES", "").split(",")
                                  if p.strip()),
            max_body_bytes=env_int("MAX_BODY_BYTES", 1 << 20),
            tls=env.get("TLS", "").lower() in ("1", "true", "yes"),
            ws_queue_frames=env_int("WS_QUEUE_FRAMES", 256),
            lockout_base_s=env_float("LOGIN_LOCKOUT_BASE_SECONDS", 60.0),
            lockout_max_s=env_float("LOGIN_LOCKOUT_MAX_SECONDS", 3600.0),
            world_seed=env_int("WORLD_SEED", 0) if env.get("WORLD_SEED", "").strip() else None,
            beginner_protection_hours=(env_float("BEGINNER_PROTECTION_HOURS", 0.0)
                                       if env.get("BEGINNER_PROTECTION_HOURS", "").strip()
                                       else None),
            ai_turn_budget_ms=env_float("AI_TURN_BUDGET_MS", 500.0),
            tactics_max_active_games=env_int("TACTICS_MAX_ACTIVE_GAMES", 20),
            scheduler_lease_s=env_float("SCHEDULER_LEASE_SECONDS", 10.0),
            scheduler_poll_s=env_float("SCHEDULER_POLL_SECONDS", 1.0),
            scheduler_batch=int(env_float("SCHEDULER_BATCH", 500)),
            scheduler_retention_s=env_float("SCHEDULER_RETENTION_DAYS", 7.0) * 24 * 3600,
            scheduler_extra_jobs=env.get("SCHEDULER_EXTRA_JOBS", ""),
            scheduler_shards=tuple(sqlalchemy_url(u.strip())
                                   for u in env.get("SCHEDULER_SHARDS", "").split(",")
                                   if u.strip()),
            scheduler_fire_shards=env.get("SCHEDULER_FIRE_SHARDS", "").strip(),
        )
