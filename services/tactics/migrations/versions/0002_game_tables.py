"""The tactics game's tables (seed 004, section 1), row-level security, seeded content.

Revision ID: 0002
"""

import json
import secrets

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

S = "tactics"
APP_ROLE = "palisade_tactics_app"
RLS_TABLES = ("games", "participants", "units", "cities", "city_tiles", "city_resources",
              "saves", "turns", "pending_actions")


# The default map (seed 004), one letter per tile, row 0 first; tile id = row * 20 + col + 1.
TERRAIN = {"p": "plains", "f": "forest", "m": "mountain", "h": "hills", "w": "water"}
MAP_WIDTH = 20
MAP_ROWS = (
    "pppffpppmmmmpppffppp", "ppfffppppmmppppfffpp", "pppppppphpphpppppppp",
    "phppffppppppppffpphp", "phhpppppppppppppphhp", "ppphppmppwwppmpphppp",
    "ppppppmppwwppmpppppp", "ppppppfppwwppfpppppp", "ppfpppmppwwppmpppfpp",
    "phppppmppwwppmpppphp", "phhpppppppppppppphhp", "phppffppppppppffpphp",
    "pppppppphpphpppppppp", "ppfffppppmmppppfffpp", "pppffpppmmmmpppffppp",
)
RESOURCES = {49: ("stone", 3), 52: ("stone", 3), 62: ("iron", 2), 79: ("iron", 2),
             104: ("iron", 3), 117: ("iron", 3), 182: ("stone", 2), 199: ("stone", 2),
             203: ("stone", 2), 218: ("stone", 2), 249: ("iron", 3), 252: ("iron", 3)}
TOPOLOGY = {"kind": "square", "neighbours": 8, "rangeMetric": "chebyshev", "moveCost": 1,
            "diagonalCornerCutting": True, "passable": ["plains", "forest", "hills"],
            "impassable": ["water", "mountain"], "tileId": "row * width + col + 1"}
UNIT_DEFINITIONS = (
    {"id": 1, "code": "warrior", "r": False, "a": 10, "d": 8, "rmin": 1, "rmax": 1, "mp": 2,
     "hp": 20},
    {"id": 2, "code": "slinger", "r": True, "a": 8, "d": 5, "rmin": 2, "rmax": 2, "mp": 2,
     "hp": 15},
)


def ts(name: str, **kw) -> sa.Column:  # noqa: ANN003
    return sa.Column(name, sa.DateTime(timezone=True), **kw)


def now_col(name: str) -> sa.Column:
    return ts(name, nullable=False, server_default=sa.func.now())


def owner() -> sa.Column:
    """Every game table carries its player, so one RLS policy fits all."""
    return sa.Column("user_id", sa.Uuid, nullable=False)


def game_fk() -> sa.Column:
    return sa.Column("game_id", sa.BigInteger, sa.ForeignKey(f"{S}.games.id", ondelete="CASCADE"),
                     nullable=False)


def upgrade() -> None:
    op.create_table(
        "maps",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.Text, nullable=False, unique=True),
        sa.Column("schema_version", sa.Integer, nullable=False),
        sa.Column("width", sa.Integer, nullable=False),
        sa.Column("height", sa.Integer, nullable=False),
        sa.Column("topology", sa.JSON, nullable=False),
        now_col("updated_at"),
        schema=S,
    )
    op.create_table(
        "map_tiles",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("map_id", sa.Integer, sa.ForeignKey(f"{S}.maps.id"), nullable=False),
        sa.Column("row", sa.Integer, nullable=False),
        sa.Column("col", sa.Integer, nullable=False),
        sa.Column("terrain", sa.Text, nullable=False),
        sa.Column("resource_type", sa.Text),
        sa.Column("resource_amount", sa.Integer, nullable=False, server_default="0"),
        sa.PrimaryKeyConstraint("map_id", "id"),
        sa.UniqueConstraint("map_id", "row", "col"),
        schema=S,
    )
    op.create_table(
        "unit_definitions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.Text, nullable=False, unique=True),
        sa.Column("is_ranged", sa.Boolean, nullable=False),
        sa.Column("attack", sa.Integer, nullable=False),
        sa.Column("defence", sa.Integer, nullable=False),
        sa.Column("range_min", sa.Integer, nullable=False),
        sa.Column("range_max", sa.Integer, nullable=False),
        sa.Column("move_points", sa.Integer, nullable=False),
        sa.Column("health", sa.Integer, nullable=False),
        now_col("updated_at"),
        schema=S,
    )
    op.create_table(
        "games",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        owner(),
        sa.Column("map_id", sa.Integer, sa.ForeignKey(f"{S}.maps.id"), nullable=False),
        sa.Column("map_schema_version", sa.Integer, nullable=False),
        sa.Column("turn_no", sa.Integer, nullable=False),
        sa.Column("active_participant_id", sa.Integer, nullable=False),
        sa.Column("turn_in_progress", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("winner_participant_id", sa.Integer),
        sa.Column("next_unit_id", sa.Integer, nullable=False),
        sa.Column("rng_seed", sa.BigInteger, nullable=False),
        sa.Column("rng_version", sa.Integer, nullable=False),
        sa.Column("settings", sa.JSON, nullable=False),
        # The initial state and every accepted human action: the game replays from these.
        sa.Column("initial_state", sa.JSON, nullable=False),
        # Turns with an id above this belong to the current replay log (a load resets it).
        sa.Column("log_start", sa.BigInteger, nullable=False, server_default="0"),
        now_col("started_at"),
        ts("finished_at"),
        ts("last_turn_at"),
        sa.CheckConstraint("status IN ('active', 'finished')", name="games_status"),
        sa.CheckConstraint("turn_no >= 1", name="games_turn_no"),
        schema=S,
    )
    op.create_index("games_user", "games", ["user_id", "status"], schema=S)
    op.create_table(
        "participants",
        game_fk(), sa.Column("id", sa.Integer, nullable=False), owner(),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("participant_user_id", sa.Text),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("is_eliminated", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.PrimaryKeyConstraint("game_id", "id"),
        sa.CheckConstraint("kind IN ('human', 'ai')", name="participants_kind"),
        schema=S,
    )
    op.create_table(
        "units",
        game_fk(), sa.Column("id", sa.Integer, nullable=False), owner(),
        sa.Column("participant_id", sa.Integer, nullable=False),
        sa.Column("type_code", sa.Text, sa.ForeignKey(f"{S}.unit_definitions.code"),
                  nullable=False),
        sa.Column("hp", sa.Integer, nullable=False),
        sa.Column("has_acted", sa.Boolean, nullable=False),
        sa.Column("tile_id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("game_id", "id"),
        # One unit per tile, enforced by the database as well as the rules.
        sa.UniqueConstraint("game_id", "tile_id", name="units_one_per_tile"),
        sa.CheckConstraint("hp > 0", name="units_alive"),
        schema=S,
    )
    op.create_table(
        "cities",
        game_fk(), sa.Column("id", sa.Integer, nullable=False), owner(),
        sa.Column("participant_id", sa.Integer, nullable=False),
        sa.Column("hp", sa.Integer, nullable=False),
        sa.Column("max_hp", sa.Integer, nullable=False),
        sa.Column("tile_id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("game_id", "id"),
        sa.CheckConstraint("hp >= 0 AND hp <= max_hp", name="cities_hp"),
        schema=S,
    )
    op.create_table(
        "city_tiles",
        game_fk(), sa.Column("city_id", sa.Integer, nullable=False), owner(),
        sa.Column("tile_id", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("game_id", "tile_id"),
        schema=S,
    )
    op.create_table(
        "city_resources",
        game_fk(), sa.Column("city_id", sa.Integer, nullable=False), owner(),
        sa.Column("resource_type", sa.Text, nullable=False),
        sa.Column("amount", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("game_id", "city_id", "resource_type"),
        sa.CheckConstraint("amount >= 0", name="city_resources_amount"),
        schema=S,
    )
    op.create_table(
        "saves",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        game_fk(), owner(),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("slot", sa.SmallInteger),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("turn_no", sa.Integer, nullable=False),
        sa.Column("schema_version", sa.Integer, nullable=False),
        sa.Column("state", sa.JSON, nullable=False),
        now_col("created_at"),
        sa.CheckConstraint("kind IN ('manual', 'autosave')", name="saves_kind"),
        sa.CheckConstraint("(kind = 'manual' AND slot BETWEEN 1 AND 3) OR "
                           "(kind = 'autosave' AND slot IS NULL)", name="saves_slot"),
        schema=S,
    )
    op.create_index("saves_manual_slot", "saves", ["game_id", "slot"], unique=True,
                    postgresql_where=sa.text("kind = 'manual'"), schema=S)
    op.create_index("saves_by_age", "saves", ["created_at"], schema=S)
    op.create_table(
        "turns",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        game_fk(), owner(),
        sa.Column("turn_no", sa.Integer, nullable=False),
        sa.Column("participant_id", sa.Integer, nullable=False),
        now_col("committed_at"),
        sa.Column("duration_ms", sa.Integer),
        sa.Column("summary", sa.JSON),
        # The actions of this turn, in order (the human's as accepted; the AI's as taken).
        sa.Column("actions", sa.JSON, nullable=False),
        schema=S,
    )
    op.create_index("turns_game", "turns", ["game_id", "id"], schema=S)
    op.create_table(
        "pending_actions",
        game_fk(), owner(),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("action", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("game_id", "seq"),
        schema=S,
    )
    op.create_table(
        "analytics_events",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("event_type", sa.Text, nullable=False),
        ts("occurred_at", nullable=False),
        now_col("received_at"),
        sa.Column("game_key", sa.BigInteger),
        sa.Column("turn_no", sa.Integer),
        sa.Column("user_key", sa.Text, nullable=False),
        sa.Column("client_request_id", sa.Text),
        sa.Column("payload", sa.JSON),
        sa.CheckConstraint("event_type IN ('game_start', 'turn_end', 'autosave', 'manual_save', "
                           "'manual_load', 'game_finish')", name="analytics_event_type"),
        schema=S,
    )
    op.create_index("analytics_dedupe", "analytics_events", ["user_key", "client_request_id"],
                    unique=True, postgresql_where=sa.text("client_request_id IS NOT NULL"),
                    schema=S)
    op.create_table(
        "secrets",
        sa.Column("name", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        schema=S,
    )

    # Content: the fixed map and the unit definitions as rules/tactics had them at this
    # revision (frozen; a later change of the rules' content is a new revision, and
    # tests/contract/test_migrations_match_store.py holds the result equal to the rules).
    bind = op.get_bind()
    bind.execute(sa.text(
        f"INSERT INTO {S}.maps (id, code, schema_version, width, height, topology) "
        "VALUES (:id, :code, :v, :w, :h, :t)"),
        {"id": 1, "code": "default", "v": 1, "w": MAP_WIDTH, "h": len(MAP_ROWS),
         "t": json.dumps(TOPOLOGY)})
    bind.execute(sa.text(
        f"INSERT INTO {S}.map_tiles (id, map_id, row, col, terrain, resource_type, "
        "resource_amount) VALUES (:id, 1, :row, :col, :terrain, :rt, :ra)"),
        [{"id": row * MAP_WIDTH + col + 1, "row": row, "col": col,
          "terrain": TERRAIN[letter],
          "rt": RESOURCES.get(row * MAP_WIDTH + col + 1, (None, 0))[0],
          "ra": RESOURCES.get(row * MAP_WIDTH + col + 1, (None, 0))[1]}
         for row, line in enumerate(MAP_ROWS) for col, letter in enumerate(line)])
    for d in UNIT_DEFINITIONS:
        bind.execute(sa.text(
            f"INSERT INTO {S}.unit_definitions (id, code, is_ranged, attack, defence, "
            "range_min, range_max, move_points, health) VALUES "
            "(:id, :code, :r, :a, :d, :rmin, :rmax, :mp, :hp)"), d)
    bind.execute(sa.text(f"INSERT INTO {S}.secrets VALUES ('analytics_salt', :v)"),
                 {"v": secrets.token_hex(32)})

    # Row-level security. The service runs game queries as a role that is neither
    # superuser nor owner (owners bypass RLS), with app.user_id set per transaction.
    op.execute(f"""DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN
            CREATE ROLE {APP_ROLE} NOLOGIN;
        END IF; END $$""")
    op.execute(f"GRANT USAGE ON SCHEMA {S} TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {S} TO {APP_ROLE}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {S} TO {APP_ROLE}")
    # Not FORCEd: the owner (migrations, the cross-player retention purge) stays exempt.
    for table in RLS_TABLES:
        op.execute(f"ALTER TABLE {S}.{table} ENABLE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY {table}_owner ON {S}.{table} "
            "USING (user_id = nullif(current_setting('app.user_id', true), '')::uuid) "
            "WITH CHECK (user_id = nullif(current_setting('app.user_id', true), '')::uuid)")


def downgrade() -> None:
    for table in ("pending_actions", "turns", "saves", "city_resources", "city_tiles", "cities",
                  "units", "participants", "games", "analytics_events", "secrets",
                  "unit_definitions", "map_tiles", "maps"):
        op.drop_table(table, schema=S)
