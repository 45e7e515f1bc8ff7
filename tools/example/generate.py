"""One generation run: the steps in their fixed order, from the tables to both graphs."""

from __future__ import annotations

from .activities import build_cooperations, build_events, build_projects
from .builder import Builder
from .organisations import build_memberships, build_organisations
from .people import build_people
from .tables import Tables

# Changing the seed reshuffles people, memberships and cooperations; do it deliberately only.
SEED = 20_261_125


def generate(tables: Tables, seed: int = SEED) -> Builder:
    """Build the example; the order of the steps is part of the determinism."""
    builder = Builder(tables, seed)
    build_organisations(builder)
    build_people(builder)
    build_memberships(builder)
    build_projects(builder)
    build_cooperations(builder)
    build_events(builder)
    return builder
