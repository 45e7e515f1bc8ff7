"""Paths in plain words: each step of a path as a German and an English clause, then joined.

The tense follows the link's period (over, running since a year, or undated), and the link's
own label is added where it says something (a member's role, a street's name, the cooperation
a partner takes part through). The table `_PHRASES` holds every sentence pattern.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import networkx as nx

from ..explore import is_current
from .periods import year_of

#: Node kinds that happen at one time: a link to one of them is over once its date is past.
_INSTANT_KINDS = frozenset({"events", "historical-events"})
#: The link kinds that tie something to an event (organising it, speaking at it, taking part).
_EVENT_LINKS = frozenset({"organiser", "performer", "part_of", "venue"})


def at_one_time(kind: str, end_kinds: set[str]) -> bool:
    """Whether a link of `kind` between nodes of `end_kinds` was on one day: one to an event
    is, and its one date is that day, not the start of a period ("am 11. Juni 2016", not
    "seit"): the path sentences and the ego network's table of links both ask."""
    return kind in _EVENT_LINKS and bool(end_kinds & _INSTANT_KINDS)


#: One step of a path: (a, b, forward, link data); forward when `a` is the link's source.
Step = tuple[str, str, bool, Mapping[str, str]]


def explain_steps(
    net: nx.MultiDiGraph, steps: Sequence[Step], *, today: str | None = None
) -> dict[str, str]:
    """A path in words, {"de": ..., "en": ...}: one clause per step, joined into a sentence;
    its tenses as seen on `today` (ISO date; None: the real today), the chosen `as_of`."""
    clauses: dict[str, list[str]] = {"de": [], "en": []}
    for a, b, forward, data in steps:
        de, en = _clause(net, a, b, forward, data, today)
        clauses["de"].append(de)
        clauses["en"].append(en)
    return {"de": _join(clauses["de"], "de"), "en": _join(clauses["en"], "en")}


def _join(clauses: list[str], lang: str) -> str:
    if len(clauses) == 1:
        return clauses[0] + "."
    if lang == "de":
        return ", ".join(clauses[:-1]) + " und " + clauses[-1] + "."
    if len(clauses) == 2:
        return f"{clauses[0]}, and {clauses[1]}."
    return ", ".join(clauses[:-1]) + ", and " + clauses[-1] + "."


def _tense(start: str, end: str, instant: bool, today: str | None = None) -> str:
    """'past' when the period is over, 'since' when it runs, has a start and no end, else
    'now' (running, with its end, if any, still to come or in this very year)."""
    last = end or (start if instant else "")
    if last and not is_current(last, today):
        return "past"
    return "since" if start and not end else "now"


def _when(start: str, end: str, tense: str) -> tuple[str, str]:
    """The time adverbial (German, English), with a leading space, or empty. A running link
    with a known end keeps it: "seit 2022" for a membership of 2022 to 2026 dropped the end
    that the member's page names."""
    s, e = year_of(start), year_of(end)
    if tense == "since":
        return f" seit {s}", f" since {s}"
    if tense == "now":
        if s and e and s != e:
            return f" von {s} bis {e}", f" from {s} to {e}"
        return (f" bis {e}", f" until {e}") if e else ("", "")
    if s and e and s != e:
        return f" von {s} bis {e}", f" from {s} to {e}"
    if s:
        return f" {s}", f" in {s}"
    return f" bis {e}", f" until {e}"


#: (kind, forward, via-a-cooperation) -> ((German present, German past),
#: (English present, English present perfect for "since", English past)).
#: {a} and {b} are the two nodes in walking order, {t} the time, {x} the link's label.
_PHRASES: dict[tuple[str, bool, bool], tuple[tuple[str, str], tuple[str, str, str]]] = {
    ("membership", True, False): (
        ("{a} ist{t} Mitglied von {b}{x}", "{a} war{t} Mitglied von {b}{x}"),
        (
            "{a} is a member of {b}{x}{t}",
            "{a} has been a member of {b}{x}{t}",
            "{a} was a member of {b}{x}{t}",
        ),
    ),
    ("membership", False, False): (
        ("{a} hat{t} {b} als Mitglied{x}", "{a} hatte{t} {b} als Mitglied{x}"),
        (
            "{a} has {b} as a member{x}{t}",
            "{a} has had {b} as a member{x}{t}",
            "{a} had {b} as a member{x}{t}",
        ),
    ),
    ("cooperation", True, False): (
        ("{a} kooperiert{t} mit {b}", "{a} kooperierte{t} mit {b}"),
        (
            "{a} cooperates with {b}{t}",
            "{a} has cooperated with {b}{t}",
            "{a} cooperated with {b}{t}",
        ),
    ),
    ("organiser", True, False): (
        ("{a} organisiert{t} {b}", "{a} organisierte{t} {b}"),
        ("{a} organises {b}{t}", "{a} has been organising {b}{t}", "{a} organised {b}{t}"),
    ),
    ("organiser", False, False): (
        ("{a} wird{t} von {b} organisiert", "{a} wurde{t} von {b} organisiert"),
        (
            "{a} is organised by {b}{t}",
            "{a} has been organised by {b}{t}",
            "{a} was organised by {b}{t}",
        ),
    ),
    ("funder", True, False): (
        ("{a} fördert{t} {b}", "{a} förderte{t} {b}"),
        ("{a} funds {b}{t}", "{a} has been funding {b}{t}", "{a} funded {b}{t}"),
    ),
    ("funder", False, False): (
        ("{a} wird{t} von {b} gefördert", "{a} wurde{t} von {b} gefördert"),
        ("{a} is funded by {b}{t}", "{a} has been funded by {b}{t}", "{a} was funded by {b}{t}"),
    ),
    ("performer", True, False): (
        ("{a} spricht{t} bei {b}", "{a} sprach{t} bei {b}"),
        ("{a} speaks at {b}{t}", "{a} has been speaking at {b}{t}", "{a} spoke at {b}{t}"),
    ),
    ("performer", False, False): (
        ("{a} hat{t} {b} als Referent*in", "{a} hatte{t} {b} als Referent*in"),
        (
            "{a} has {b} as a speaker{t}",
            "{a} has had {b} as a speaker{t}",
            "{a} had {b} as a speaker{t}",
        ),
    ),
    ("part_of", True, False): (
        ("{a} gehört{t} zu {b}", "{a} gehörte{t} zu {b}"),
        ("{a} is part of {b}{t}", "{a} has been part of {b}{t}", "{a} was part of {b}{t}"),
    ),
    ("part_of", False, False): (
        ("{a} umfasst{t} {b}", "{a} umfasste{t} {b}"),
        ("{a} includes {b}{t}", "{a} has included {b}{t}", "{a} included {b}{t}"),
    ),
    ("part_of", True, True): (
        ("{a} wirkt{t} an {b} mit{x}", "{a} wirkte{t} an {b} mit{x}"),
        (
            "{a} takes part in {b}{t}{x}",
            "{a} has taken part in {b}{t}{x}",
            "{a} took part in {b}{t}{x}",
        ),
    ),
    ("part_of", False, True): (
        ("{a} hat{t} {b} als Partner{x}", "{a} hatte{t} {b} als Partner{x}"),
        (
            "{a} has {b} as a partner{t}{x}",
            "{a} has had {b} as a partner{t}{x}",
            "{a} had {b} as a partner{t}{x}",
        ),
    ),
    ("unit_of", True, False): (
        ("{a} ist{t} eine Einheit von {b}", "{a} war{t} eine Einheit von {b}"),
        ("{a} is a unit of {b}{t}", "{a} has been a unit of {b}{t}", "{a} was a unit of {b}{t}"),
    ),
    ("unit_of", False, False): (
        ("{a} hat{t} die Einheit {b}", "{a} hatte{t} die Einheit {b}"),
        ("{a} has the unit {b}{t}", "{a} has had the unit {b}{t}", "{a} had the unit {b}{t}"),
    ),
    ("topic", True, False): (
        ("{a} arbeitet{t} zum Thema {b}", "{a} arbeitete{t} zum Thema {b}"),
        ("{a} works on {b}{t}", "{a} has been working on {b}{t}", "{a} worked on {b}{t}"),
    ),
    ("topic", False, False): (
        ("{a} ist{t} ein Thema von {b}", "{a} war{t} ein Thema von {b}"),
        ("{a} is a topic of {b}{t}", "{a} has been a topic of {b}{t}", "{a} was a topic of {b}{t}"),
    ),
    ("honours", True, False): (
        ("{a} ehrt{t} {b}{x}", "{a} ehrte{t} {b}{x}"),
        ("{a} honours {b}{t}{x}", "{a} has honoured {b}{t}{x}", "{a} honoured {b}{t}{x}"),
    ),
    ("venue", True, False): (
        ("{a} findet{t} am Ort {b} statt", "{a} fand{t} am Ort {b} statt"),
        ("{a} is held at {b}{t}", "{a} has been held at {b}{t}", "{a} was held at {b}{t}"),
    ),
    ("venue", False, False): (
        ("{a} ist{t} der Ort von {b}", "{a} war{t} der Ort von {b}"),
        (
            "{a} is the venue of {b}{t}",
            "{a} has been the venue of {b}{t}",
            "{a} was the venue of {b}{t}",
        ),
    ),
    ("honours", False, False): (
        ("{a} wird{t} von {b} geehrt{x}", "{a} wurde{t} von {b} geehrt{x}"),
        (
            "{a} is honoured by {b}{t}{x}",
            "{a} has been honoured by {b}{t}{x}",
            "{a} was honoured by {b}{t}{x}",
        ),
    ),
}


def _clause(
    net: nx.MultiDiGraph,
    a: str,
    b: str,
    forward: bool,
    data: Mapping[str, str],
    today: str | None = None,
) -> tuple[str, str]:
    """One step of a path in words: `a` to `b` over the link `data` (walked forward when `a`
    is the link's source)."""
    kind = data["kind"]
    if kind == "cooperation":
        forward = True  # symmetric: the stored orientation means nothing
    via_cooperation = kind == "part_of" and bool(data["via"])
    (de_now, de_past), (en_now, en_since, en_past) = _PHRASES[(kind, forward, via_cooperation)]
    instant = at_one_time(kind, {net.nodes[a]["kind"], net.nodes[b]["kind"]})
    tense = _tense(data["start"], data["end"], instant, today)
    when_de, when_en = _when(data["start"], data["end"], tense)
    extra_de = extra_en = ""
    if data["label_de"] or data["label_en"]:
        if kind == "membership":
            # Named as the member's role: "Mitglied von B (Gründer*in)" read as if B founded.
            extra_de = f" (Rolle: {data['label_de']})"
            extra_en = f" (role: {data['label_en']})"
        elif kind == "honours":
            extra_de, extra_en = f" (Name „{data['label_de']}“)", f" (name “{data['label_en']}”)"
        elif via_cooperation:
            extra_de = f" (Kooperation „{data['label_de']}“)"
            extra_en = f" (cooperation “{data['label_en']}”)"
    nodes = net.nodes
    de = (de_past if tense == "past" else de_now).format(
        a=nodes[a]["label_de"], b=nodes[b]["label_de"], t=when_de, x=extra_de
    )
    en_template = {"past": en_past, "since": en_since}.get(tense, en_now)
    en = en_template.format(a=nodes[a]["label_en"], b=nodes[b]["label_en"], t=when_en, x=extra_en)
    return de, en
