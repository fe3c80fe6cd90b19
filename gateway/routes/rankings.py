"""GET /api/v1/rankings/players: the ranking the village service's hourly job computed."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from gateway.backends import call
from gateway.identity import current_user
from protos.common.v1 import common_pb2
from protos.village.v1 import village_pb2

router = APIRouter(prefix="/api/v1/rankings", tags=["village"])


class RankingOut(BaseModel):
    rank: int = Field(description="1 = the largest population.")
    player_id: str
    player: str
    villages: int
    population: int
    inactive: bool = Field(description="No sign-in for 7 days (auth's daily job).")

    @classmethod
    def of(cls, r: village_pb2.RankingRow) -> RankingOut:
        return cls(rank=r.rank, player_id=r.player_id, player=r.player, villages=r.villages,
                   population=r.population, inactive=r.inactive)


class RankingsPage(BaseModel):
    """Items in snake_case (the village game's casing); the paging keys as API.md names
    them for every paged answer."""

    model_config = ConfigDict(populate_by_name=True)
    items: list[RankingOut]
    page: int
    page_size: int = Field(alias="pageSize")
    total: int


@router.get("/players")
async def players(request: Request, user_id: Annotated[str, Depends(current_user)],
                  page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
                  size: Annotated[int, Query(alias="pageSize", ge=1, le=100)] = 20,
                  sort: Literal["rank", "population", "villages", "player"] = "rank",
                  order: Literal["asc", "desc"] = "asc") -> RankingsPage:
    """Players by population (rank 1 = most), recomputed hourly by the scheduler's job;
    ``inactive`` marks players auth's daily job found idle for 7 days."""
    reply = (await call(request, request.app.state.backends.village.ListRankings,
                        village_pb2.ListRankingsRequest(page=common_pb2.PageRequest(
                            page=page, page_size=size, sort=sort, order=order)))).message
    return RankingsPage(items=[RankingOut.of(r) for r in reply.items], page=reply.page.page,
                        page_size=reply.page.page_size, total=reply.page.total)
