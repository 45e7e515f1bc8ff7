"""Time in the network: partial dates as days, the point in time `as_of`, and link filters.

Dates are recorded as a year, a year-month or a date (xsd:gYear, xsd:gYearMonth, xsd:date);
a period overlaps the chosen year, month or day when it may have run then. Ego networks, paths
and the GEXF timeline all read dates through these functions, so they agree on what a partial
date means.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Mapping

import networkx as nx

from ..errors import UsageError, shown

_AS_OF = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$", re.ASCII)  # "２０１９" is no year here
_DATE_PART = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def _day_part(date: str) -> str:
    """The year, year-month or date at the start of an xsd date value (no time zone)."""
    found = _DATE_PART.match(date)
    return found.group(0) if found else date


def year_of(date: str) -> str:
    """The year of a recorded date, as written ("" for an empty date)."""
    return date[:4]


def first_day(date: str) -> str:
    """The first day a (possibly partial) ISO date can mean."""
    date = _day_part(date)
    return date if len(date) >= 10 else date + "-01-01"[len(date) - 4 :]


def _high(date: str) -> str:
    """The last day a (possibly partial) ISO date can mean (months taken as 31 days, which
    compares correctly with every real date)."""
    date = _day_part(date)
    return date if len(date) >= 10 else date + "-12-31"[len(date) - 4 :]


def last_day(date: str) -> str:
    """The real last day a partial date can mean (GEXF's timeline wants whole dates)."""
    date = _day_part(date)
    if len(date) >= 10:
        return date[:10]
    if len(date) == 4:
        return date + "-12-31"
    year, month = int(date[:4]), int(date[5:7])
    if month == 2:
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return f"{date[:7]}-{29 if leap else 28}"
    return f"{date[:7]}-{30 if month in (4, 6, 9, 11) else 31}"


def check_as_of(as_of: str | None) -> str | None:
    """The point in time as given (trimmed), None when none is given, or a usage error: the
    web layer checks a request's `as_of` with this before it reaches an ego network."""
    if as_of is None or str(as_of).strip() == "":
        return None
    text = str(as_of).strip()
    if "." in text:
        # As an office writes a date, and as its forms take one: 31.05.2019, 05.2019.
        from ..forms.values import InputProblem, parse_date

        with contextlib.suppress(InputProblem):
            text = parse_date(text).value
    if not _AS_OF.match(text) or not _on_the_calendar(text):
        quoted = shown(str(as_of).strip())
        raise UsageError(
            f"Ungültiger Zeitpunkt {quoted}: ein Jahr (2019), ein Monat (2019-05 oder "
            "05.2019) oder ein Datum (2019-05-31 oder 31.05.2019).",
            f"Invalid point in time {quoted}: a year (2019), a month (2019-05 or "
            "05.2019) or a date (2019-05-31 or 31.05.2019).",
            where="as_of",
        )
    return text


def _on_the_calendar(text: str) -> bool:
    """Whether a year, year-month or date of the right shape names a real month or day
    (2019-13 and 2019-02-30 do not: they would filter by a time that never was, and no
    calendar has a year 0000)."""
    if text[:4] == "0000":
        return False
    if len(text) == 4:
        return True
    month = int(text[5:7])
    if not 1 <= month <= 12:
        return False
    return len(text) == 7 or "01" <= text[8:10] <= last_day(text[:7])[8:10]


def as_of_bounds(as_of: str | None) -> tuple[str, str] | None:
    """The first and last day `as_of` can mean (None: no point in time chosen)."""
    text = check_as_of(as_of)
    return None if text is None else (first_day(text), _high(text))


def _in_period(data: Mapping[str, str], bounds: tuple[str, str] | None) -> bool:
    """Whether a link's period overlaps the chosen year, month or day. Undated links stay."""
    if bounds is None:
        return True
    lo, hi = bounds
    start, end = data.get("start", ""), data.get("end", "")
    return (not start or first_day(start) <= hi) and (not end or _high(end) >= lo)


def edge_filter(
    edge_kinds: frozenset[str] | None, bounds: tuple[str, str] | None
) -> Callable[[Mapping[str, str]], bool]:
    """Which links count: those of the chosen kinds (None: all) whose period overlaps
    `bounds` (None: any time)."""

    def keep(data: Mapping[str, str]) -> bool:
        return (edge_kinds is None or data["kind"] in edge_kinds) and _in_period(data, bounds)

    return keep


#: Node kinds whose dates are when they were there: an organisation from its founding to its
#: dissolution, a project from its start to its end, an event on its day (or days). A
#: person's dates are a life, not a presence in the network (an honoured person who died in
#: 1900 is still honoured), and a historical event is remembered, not held.
_DATED_KINDS = frozenset({"organisations", "projects", "events"})


def presence(data: Mapping[str, str]) -> tuple[str, str]:
    """When a node was in the network, (start, end) as recorded ("": open): an
    organisation from its founding to its dissolution, a project while it ran, an event on
    its day (one date: that day, not since it); every other kind always ("", ""). `existed`
    reads it, and so does the GEXF export's timeline, which gave an honoured person their
    life and a one-day event every year after it, so Gephi showed no link of a colonial
    name and a 2019 training in 2022 (exploratory walk)."""
    kind = data.get("kind")
    if kind not in _DATED_KINDS:
        return "", ""
    start, end = data.get("start", ""), data.get("end", "")
    if kind == "events" and start and not end:
        return start, start  # its day
    return start, end


def existed(data: Mapping[str, str], bounds: tuple[str, str] | None) -> bool:
    """Whether a node was there at `bounds` (`presence`; undated ones stay; see
    `as_of_network`). Projects and events counted always, so a project of 2022 and its
    undated topic links came into the network as of 2015, and an event of 2014 stood on a
    path as of 2018 (exploratory test)."""
    start, end = presence(data)
    return _in_period({"start": start, "end": end}, bounds)


def as_of_network(net: nx.MultiDiGraph, as_of: str | None) -> nx.MultiDiGraph:
    """The network as of a point in time: the organisations, projects and events that were
    there then (`existed`; undated ones stay), every other node, and the links whose
    period overlaps `as_of` (undated links stay) between the nodes kept, as in ego networks
    and paths. The network itself when no point in time is given; otherwise a copy, so the
    figures of the whole network (structure, growth, exports) can be computed on it as they
    are on the whole. (A person's or an event's dates are not its existence in the network:
    an honoured person who died in 1900 is still honoured.)"""
    bounds = as_of_bounds(as_of)
    if bounds is None:
        return net
    keep = edge_filter(None, bounds)
    then = nx.MultiDiGraph(**net.graph)
    then.add_nodes_from((n, data) for n, data in net.nodes(data=True) if existed(data, bounds))
    then.add_edges_from(
        (a, b, key, data)
        for a, b, key, data in net.edges(keys=True, data=True)
        if keep(data) and a in then and b in then
    )
    return then


def as_of_view(net: nx.MultiDiGraph, as_of: str | None) -> nx.MultiDiGraph:
    """The network of `as_of_network`, as a read-only view of `net` instead of a copy: for a
    reader that walks it once (an export), where a copy of the whole network per request
    would cost hundreds of MB at the 1M district. Nodes and links come in the order of the
    copy's."""
    bounds = as_of_bounds(as_of)
    if bounds is None:
        return net
    keep = edge_filter(None, bounds)
    nodes = net.nodes

    def node_then(n: str) -> bool:
        return existed(nodes[n], bounds)

    def edge_then(a: str, b: str, key: object) -> bool:
        return keep(net[a][b][key])

    return nx.subgraph_view(net, filter_node=node_then, filter_edge=edge_then)
