"""The capital search resumes the world's spiral at an index without walking it from the
centre: ``spiral_from(i)`` is exactly the spiral's squares from index i on."""

from __future__ import annotations

import itertools

from rules.travian import world
from services.village.usecases_world import ring_start, spiral_from


def test_spiral_from_an_index_is_the_spiral_from_there() -> None:
    order = list(itertools.islice(world.spiral_from_centre(), 0, 12_000))
    for index in (0, 1, 8, 9, 10, 24, 25, 26, 99, 2_000, 11_000):
        got = list(itertools.islice(spiral_from(index), 50))
        assert got == list(enumerate(order[index:index + 50], start=index))


def test_ring_k_starts_after_the_squares_inside_it() -> None:
    rings = [max(abs(x), abs(y)) for x, y in itertools.islice(world.spiral_from_centre(), 625)]
    for k in range(1, 13):
        assert rings[ring_start(k)] == k and rings[ring_start(k) - 1] == k - 1
