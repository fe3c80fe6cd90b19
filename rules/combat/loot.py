"""Loot: what survivors can carry out of what the crannies do not hide.

The reference does not say how the total is split; like TravianZ it is split evenly
over the four resources, and what a short resource cannot fill is re-offered to the
others ("water filling").  Remainders smaller than the number of open resources go one
by one in wood, clay, iron, crop order.  All integers.
"""

from __future__ import annotations

from rules.travian.resources import Resources


def lootable(stock: Resources, cranny_protection: int) -> Resources:
    """Per resource: max(0, stock - cranny)."""
    return Resources(*(max(0, value - cranny_protection) for value in stock.as_tuple()))


def split_loot(available: Resources, carry: int) -> Resources:
    """Take up to ``carry`` resources from ``available``, as evenly as possible."""
    left = list(available.as_tuple())
    taken = [0, 0, 0, 0]
    remaining = max(carry, 0)
    open_slots = [i for i in range(4) if left[i] > 0]
    while remaining > 0 and open_slots:
        share = remaining // len(open_slots)
        if share == 0:
            for i in open_slots[:remaining]:
                taken[i] += 1
                left[i] -= 1
            remaining = 0
            break
        for i in open_slots:
            take = min(share, left[i])
            taken[i] += take
            left[i] -= take
            remaining -= take
        open_slots = [i for i in open_slots if left[i] > 0]
    return Resources(*taken)
