"""The vocabulary of the network: the kinds of node and of link, and the check of kinds asked for.

Every other room of the package speaks these names; a caller's choice of kinds (a CLI option,
a request parameter) is checked here once, with a message that names where it came from.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import UsageError

#: Node kinds. When a resource qualifies for two (a historical event is also an event), the
#: one listed first wins.
NODE_KINDS: tuple[str, ...] = (
    "historical-persons",
    "historical-events",
    "organisations",
    "people",
    "projects",
    "events",
    "sites",
    "topics",
)
EDGE_KINDS: tuple[str, ...] = (
    "membership",
    "cooperation",
    "organiser",
    "funder",
    "performer",
    "part_of",
    "unit_of",
    "topic",
    "honours",
    "venue",
)
#: Links a path may use by default. Two actors who work on the same topic do not thereby know
#: each other, so "through whom could we reach X" does not walk through topics unless asked;
#: nor do two who held events at the same site.
PATH_EDGE_KINDS: tuple[str, ...] = tuple(k for k in EDGE_KINDS if k not in ("topic", "venue"))


def check_kinds(
    given: Iterable[str] | None, allowed: tuple[str, ...], what: str
) -> frozenset[str] | None:
    """The kinds chosen (None: no choice, so all), or a usage error at `what` (the
    parameter or option they came from, which the error names before its message: named
    in it too, it was said twice) naming the kinds allowed."""
    if given is None:
        return None
    chosen = frozenset(given)
    unknown = ", ".join(sorted(chosen - set(allowed)))
    if unknown:
        if len(unknown) > 80:  # request text: a long value must not flood the message
            unknown = unknown[:80] + "…"
        raise UsageError(
            f"Unbekannte Art {unknown}; erlaubt: {', '.join(allowed)}.",
            f"Unknown kind {unknown}; allowed: {', '.join(allowed)}.",
            where=what,
        )
    return chosen
