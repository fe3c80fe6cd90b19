"""Combat use cases. Simulate is pure; Resolve stores the report of a battle once (by its
id); the report use cases answer only a report's recipients (others: REPORT_NOT_FOUND). Each
use case but the pure Simulate is called with the unit of work and runs in one
transaction of it (``@use_case``)."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncConnection

from protos.combat.v1 import combat_pb2
from protos.common.v1 import common_pb2
from rules.combat.simulate import simulate as simulate_battle
from rules.travian.errors import RuleError
from services.combat import battles, store
from services.runtime.db import use_case
from services.runtime.errors import DomainError

MAX_COUNT = 10_000_000
MAX_WALL = 20
MAX_PAGE_SIZE = 100


def _counts(units: list[common_pb2.UnitCount], side: str) -> dict[int, int]:
    counts: dict[int, int] = {}
    for item in units:
        if not 0 <= item.count <= MAX_COUNT:
            raise DomainError("INVALID_INPUT", f"{side} unit counts are 0..{MAX_COUNT}.",
                              {"fields": {f"{side}.units": f"count {item.count} out of range"}})
        counts[item.unit] = counts.get(item.unit, 0) + item.count
    return counts


def simulate(request: combat_pb2.SimulateRequest) -> combat_pb2.SimulateResponse:
    """The players' combat simulator: the real battle formula, no state change."""
    if not 0 <= request.wall_level <= MAX_WALL:
        raise DomainError("INVALID_INPUT", f"wall_level is 0..{MAX_WALL}.",
                          {"fields": {"defender.wall_level": "0..20"}})
    attacker = _counts(list(request.attacker.units), "attacker")
    defender = _counts(list(request.defender.units), "defender")
    try:
        winner, attacker_losses, defender_losses = simulate_battle(
            request.attacker.tribe, attacker, request.defender.tribe, defender,
            wall_level=request.wall_level, attack_type=request.attack_type or "attack")
    except RuleError as err:
        raise DomainError("INVALID_INPUT", err.message) from None
    return combat_pb2.SimulateResponse(
        winner=winner,
        attacker_losses=[common_pb2.UnitCount(unit=u, count=attacker_losses.get(u, 0))
                         for u in sorted(attacker)],
        defender_losses=[common_pb2.UnitCount(unit=u, count=defender_losses.get(u, 0))
                         for u in sorted(defender)])


def _uuid(value: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except (ValueError, TypeError):
        raise DomainError("INVALID_INPUT", f"{what} is not an id.",
                          {"fields": {what: "an id"}}) from None


def preview(request: combat_pb2.ResolveRequest) -> combat_pb2.Report:
    """The report these inputs give: computed only (pure), nothing stored or looked up."""
    _uuid(request.battle_id, "battle_id")
    try:
        return battles.report_of(request)
    except (RuleError, ValueError) as err:
        raise DomainError("INVALID_INPUT", f"Not a battle: {err}") from None


async def _resolve(conn: AsyncConnection, request: combat_pb2.ResolveRequest
                   ) -> combat_pb2.Report:
    """The battle's report: computed and stored the first time, the stored one after (the
    computation is pure and cheap, so it comes first and the store is one statement)."""
    battle_id = _uuid(request.battle_id, "battle_id")
    try:
        report = preview(request)
    except DomainError:
        stored = await store.report_body(conn, battle_id)  # stored before: that one stands
        if stored is None:
            raise
        return combat_pb2.Report.FromString(stored)
    readers = {uuid.UUID(p): r for p, r in battles.recipients(report).items()}
    body = report.SerializeToString()
    stored = await store.store_once(conn, battle_id, request.at.ToDatetime(tzinfo=store.UTC),
                                    body, readers)
    return report if stored == body else combat_pb2.Report.FromString(stored)


resolve = use_case(_resolve)
MAX_BATCH = 1000


@use_case
async def resolve_batch(conn: AsyncConnection, request: combat_pb2.ResolveBatchRequest
                        ) -> combat_pb2.ResolveBatchResponse:
    """Many battles in the caller's one transaction, each exactly as ``resolve``."""
    if len(request.battles) > MAX_BATCH:
        raise DomainError("INVALID_INPUT", f"At most {MAX_BATCH} battles per batch.",
                          {"fields": {"battles": f"at most {MAX_BATCH}"}})
    return combat_pb2.ResolveBatchResponse(
        reports=[await _resolve(conn, battle) for battle in request.battles])


def _view(row) -> combat_pb2.ReportView:  # noqa: ANN001 - (role, read, body)
    report = battles.view_for(combat_pb2.Report.FromString(row.body), row.role)
    return combat_pb2.ReportView(report=report, role=row.role, read=row.read)


def _not_found() -> DomainError:
    return DomainError("REPORT_NOT_FOUND", "Report not found.")


def _ids(user_id: str, report_id: str) -> tuple[uuid.UUID, uuid.UUID]:
    try:
        return uuid.UUID(user_id), uuid.UUID(report_id)
    except (ValueError, TypeError):
        raise _not_found() from None


async def _report(conn: AsyncConnection, user_id: str, report_id: str
                  ) -> combat_pb2.ReportView:
    player, rid = _ids(user_id, report_id)
    row = await store.recipient(conn, rid, player)
    if row is None:
        raise _not_found()
    return _view(row)


get_report = use_case(_report)


@use_case
async def mark_read(conn: AsyncConnection, user_id: str, report_id: str
                    ) -> combat_pb2.ReportView:
    player, rid = _ids(user_id, report_id)
    if not await store.mark(conn, rid, player, read=True):
        raise _not_found()
    return await _report(conn, user_id, report_id)


@use_case
async def delete_report(conn: AsyncConnection, user_id: str, report_id: str) -> None:
    player, rid = _ids(user_id, report_id)
    if not await store.mark(conn, rid, player, deleted=True):
        raise _not_found()


@use_case
async def list_reports(conn: AsyncConnection, user_id: str,
                       request: combat_pb2.ListReportsRequest) -> combat_pb2.ListReportsResponse:
    page = request.page.page or 1
    size = request.page.page_size or 20
    if page < 1 or not 1 <= size <= MAX_PAGE_SIZE:
        raise DomainError("INVALID_INPUT", f"page >= 1, pageSize 1..{MAX_PAGE_SIZE}.",
                          {"fields": {"pageSize": f"1..{MAX_PAGE_SIZE}"}})
    try:
        player = uuid.UUID(user_id)
    except (ValueError, TypeError):
        raise DomainError("UNAUTHENTICATED", "Not signed in.") from None
    rows, total = await store.page(conn, player, page, size, request.unread_first)
    return combat_pb2.ListReportsResponse(
        items=[_view(r) for r in rows],
        page=common_pb2.PageInfo(page=page, page_size=size, total=total))
