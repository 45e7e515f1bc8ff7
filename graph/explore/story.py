"""The story of a colonial-history site, told from its namings: what it was called and after
whom, why and by whom it was renamed, each dated step with its source, and who the honoured
persons were.

The facts are the same ones the statements table lists (ag:hasNaming, ag:NamingStep,
ag:honours ...), gathered so that a reader does not have to follow "hat Benennung" from row
to row. Dates are worded here, in German and English ("am 11. Juni 2016", "on 11 June 2016"),
because a recorded date may be a year, a month or a day, and the words differ for each; every
page that shows a date in words (entity pages, lists) uses these functions.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from ..languages import check_lang, language_name
from ..namespaces import XSD
from ..resources import query
from ..store import Store
from .vocabulary import LANGUAGE_CODED, is_current, lang_of, pick_label, sort_key, term_value

_MONTHS = {
    "de": (
        "Januar", "Februar", "März", "April", "Mai", "Juni",
        "Juli", "August", "September", "Oktober", "November", "Dezember",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip


def spoken_date(date: str | None, lang: str) -> str:
    """A recorded date (a year, a year-month or a day; xsd) as people write it: "11. Juni 2016"
    or "11 June 2016", "Oktober 2018" or "October 2018", "2018". Anything else as given. The
    German day is written out like the month ("11. Juni 2016", as the Duden's long form), so
    "am 11. Juni 2016" and "im Oktober 2018" read alike."""
    check_lang(lang)
    text = (date or "")[:10]
    parts = text.split("-")
    if not all(p.isdigit() for p in parts) or len(parts[0]) != 4 or len(parts) > 3:
        return date or ""
    if len(parts) == 1:
        return parts[0]
    month = int(parts[1])
    if not 1 <= month <= 12:
        return date or ""
    if len(parts) == 2:
        return f"{_MONTHS[lang][month - 1]} {parts[0]}"
    if lang == "de":
        return f"{int(parts[2])}. {_MONTHS[lang][month - 1]} {parts[0]}"
    return f"{int(parts[2])} {_MONTHS[lang][month - 1]} {parts[0]}"


def spoken_moment(moment: str | None, lang: str, *, unzoned: str = "") -> str:
    """A recorded moment (xsd:dateTime) in words: "1. Dezember 2026, 16:44 UTC", not
    „2026-12-01T16:44:11.009Z“ (staff pages: a change's time, a load's start). A moment
    with an offset keeps it ("…, 16:44 +01:00"); one without a zone gets `unzoned` (the
    product's own records are in UTC, a literal's local time is unknown). Midnight UTC to
    the second is a day written as a moment, and said as the day."""
    if not moment:
        return "–"
    day, clock = spoken_date(moment[:10], lang), moment[11:16]
    if len(clock) != 5 or clock[2] != ":" or moment[10:11] not in ("T", " "):
        return day
    zone = moment[16:].lstrip(":0123456789.")
    seconds = moment[16 : len(moment) - len(zone)]
    if clock == "00:00" and not seconds.strip(":0.") and zone in ("", "Z", "+00:00", "-00:00"):
        # A day recorded as a moment (a consent given "on 12 May 2024"): the day alone,
        # not "…, 00:00 UTC", a time nobody gave (staff walk).
        return day
    if zone in ("Z", "+00:00", "-00:00"):
        return f"{day}, {clock} UTC"
    zone = zone or unzoned
    return f"{day}, {clock} {zone}" if zone else f"{day}, {clock}"


def spoken_number(text: str, lang: str) -> str:
    """A number as the language writes it: "52,5573" and "3.181" in German, "52.5573" and
    "3,181" in English, every digit kept; anything that is not a number as given."""
    return number_words(text, lang) or text


def number_words(text: str, lang: str) -> str | None:
    """`spoken_number`, or None for a text that is no finite number (a change's review
    quotes it as text then)."""
    check_lang(lang)
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    from babel.numbers import format_decimal  # Babel's data costs time only when asked

    return format_decimal(value, locale=lang, decimal_quantization=False)


def _precision(date: str) -> str:
    return {4: "year", 7: "month"}.get(len(date[:10]), "day")


#: The dates a page reads out in words (a moment, xsd:dateTime: `spoken_moment`).
_DATE_TYPES = frozenset(XSD + t for t in ("date", "gYearMonth", "gYear"))
#: Numbers, written as the reader's language writes them ("52,5561" in German).
_NUMBER_TYPES = frozenset(
    XSD + t
    for t in ("decimal", "double", "float", "integer", "int", "long", "short",
              "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
              "unsignedInt", "unsignedLong", "unsignedShort")
)  # fmt: skip


def spoken_literal(value: ox.Literal, predicate: str, lang: str) -> str:
    """A statement's literal value as a page shows it: a date or a moment in words ("März
    1995", not "1995-03"), a number as `lang` writes it ("52,5561"), a language code by
    the language's name ("Persisch", not "fa"); any other as written. The statements table
    and the sources per statement both read it (the latter said "Beginn: 2022-12-02")."""
    datatype = value.datatype.value
    if datatype in _DATE_TYPES:
        return spoken_date(value.value, lang)
    if datatype == XSD + "dateTime":
        return spoken_moment(value.value, lang)
    if datatype in _NUMBER_TYPES:
        return spoken_number(value.value, lang)
    if predicate in LANGUAGE_CODED:
        return language_name(value.value, lang)
    return value.value


def spoken_period(start: str | None, end: str | None, lang: str, *, instant: bool = False) -> str:
    """When something was, in words: "am 11. Juni 2016" for a one-day event (`instant`, or a
    period that starts and ends on the same date), "seit 2018", "bis Mai 2020",
    "12. Mai 1910 – 2. Dezember 2022" (and the English of each). Empty when no date is known."""
    check_lang(lang)
    start, end = start or "", end or ""
    if start and ((instant and not end) or start == end):
        at = {
            ("de", "day"): "am {}",
            ("de", "month"): "im {}",
            ("de", "year"): "im Jahr {}",
            ("en", "day"): "on {}",
            ("en", "month"): "in {}",
            ("en", "year"): "in {}",
        }[(lang, _precision(start))]
        return at.format(spoken_date(start, lang))
    if start and end:
        return f"{spoken_date(start, lang)} – {spoken_date(end, lang)}"
    if start:
        return ("seit {}" if lang == "de" else "since {}").format(spoken_date(start, lang))
    if end:
        return ("bis {}" if lang == "de" else "until {}").format(spoken_date(end, lang))
    return ""


def spoken_life(
    birth: str | None,
    death: str | None,
    lang: str,
    *,
    lived: bool = True,
    about: tuple[bool, bool] = (False, False),
) -> str:
    """A life (`lived`) or a past event in words: "1873 – 8. August 1914" like any period,
    but with one date known, "geboren 1703" or "gestorben am 8. August 1914" ("born in 1703",
    "died on 8 August 1914"); an event "begann 1904" ("began in 1904"). What is over has not
    lasted "seit 1703", which `spoken_period` says of what goes on (a cooperation). A date
    the data gives as approximate (`about`: birth, death) says so: "geboren um 1703" ("born
    about 1703"); it read "geboren 1703" beside a page text of "um 1703"."""
    check_lang(lang)
    circa = "um " if lang == "de" else "about "
    if bool(birth) == bool(death):
        if not any(about) or not birth:
            return spoken_period(birth, death, lang)
        first = (circa if about[0] else "") + spoken_date(birth, lang)
        last = (circa if about[1] else "") + spoken_date(death or "", lang)
        return f"{first} – {last}"
    date = birth or death or ""
    word = {
        ("de", True, True): "geboren", ("de", True, False): "gestorben",
        ("en", True, True): "born", ("en", True, False): "died",
        ("de", False, True): "begann", ("de", False, False): "endete",
        ("en", False, True): "began", ("en", False, False): "ended",
    }[(lang, lived, bool(birth))]  # fmt: skip
    at = spoken_period(date, None, lang, instant=True)
    # "geboren 1703", not "geboren im Jahr 1703"; "born in 1703" reads well as it is.
    if lang == "de" and _precision(date) == "year":
        at = spoken_date(date, lang)
    if about[0 if birth else 1]:
        at = circa + spoken_date(date, lang)
    return f"{word} {at}"


def _sources(iris: Iterable[str]) -> list[dict[str, str]]:
    """Sources with the site each is on ("tagesspiegel.de"): a link text that tells a reader
    where it leads. Told apart across the whole story by `_named_apart`."""
    found = []
    for iri in dict.fromkeys(iris):
        host = urllib.parse.urlsplit(iri).hostname or iri
        site = host.removeprefix("www.")
        found.append({"iri": iri, "site": site, "host": site})
    return found


def _named_apart(story: dict[str, Any]) -> None:
    """Number the sources of one site across the story, in the order they first appear:
    two on one site read "berlin.de, berlin.de", and two steps' single sources both read
    "berlin.de" while leading to two articles (numbered within each list, they stayed
    alike on the page). One address keeps one text wherever it stands."""
    refs: list[dict[str, str]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "sources" and isinstance(value, list):
                    refs.extend(v for v in value if isinstance(v, dict) and "host" in v)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(story)
    addresses: dict[str, list[str]] = {}
    for ref in refs:
        seen = addresses.setdefault(ref["host"], [])
        if ref["iri"] not in seen:
            seen.append(ref["iri"])
    for ref in refs:
        seen = addresses[ref["host"]]
        ref["site"] = (
            ref["host"] if len(seen) == 1 else f"{ref['host']} ({seen.index(ref['iri']) + 1})"
        )


def _texts(store: Store, site: str, lang: str) -> dict[str, dict[str, Any]]:
    """Per naming, step and honoured person or event: its description in `lang` (with
    fallback), its dates (life or period) and sources."""
    found: dict[str, dict[str, Any]] = {}
    for row in store.select(
        query("explore/site-story-texts"),
        bindings={"entity": ox.NamedNode(site)},
        public_only=True,
    ):
        subject = row["subject"].value
        entry = found.setdefault(
            subject,
            {
                "descriptions": {},
                "start": term_value(row.get("start")),
                "end": term_value(row.get("end")),
                "lived": term_value(row.get("lived")) == "true",
                "about": (
                    term_value(row.get("startAbout")) == "true",
                    term_value(row.get("endAbout")) == "true",
                ),
                "sources": set(),
            },
        )
        if "description" in row:
            entry["descriptions"].setdefault(lang_of(row["description"]), row["description"].value)
        if "source" in row:
            entry["sources"].add(row["source"].value)
    return {
        subject: {
            "description": pick_label(entry["descriptions"], lang) or None,
            "start": entry["start"],
            "end": entry["end"],
            "lived": entry["lived"],
            "about": entry["about"],
            "sources": sorted(entry["sources"]),
        }
        for subject, entry in found.items()
    }


def _deciders(chapter: Mapping[str, Any]) -> list[dict[str, str]]:
    """Who decided a naming: its ag:decidedBy, then whoever acted in one of its steps."""
    bodies = [chapter["decided_by"]] if chapter.get("decided_by") else []
    bodies += [s["by"] for s in chapter.get("steps", []) if s.get("by")]
    seen: dict[str, dict[str, str]] = {}
    for body in bodies:
        seen.setdefault(body["iri"], {"iri": body["iri"], "label": body["label"]})
    return list(seen.values())


def _events(
    naming: Mapping[str, Any], texts: Mapping[str, Mapping[str, Any]], lang: str
) -> list[dict[str, Any]]:
    """The dated steps of a naming; a naming recorded without steps tells its decision and
    ceremony dates as two steps without a source of their own."""
    events = []
    for step in naming.get("steps") or []:
        text = texts.get(step["iri"], {})
        events.append(
            {
                "iri": step["iri"],
                "label": step["label"],
                "kind": step.get("kind"),
                "type": step.get("type"),
                "date": step["date"],
                "when": spoken_period(step["date"], None, lang, instant=True),
                "by": step.get("by"),
                "description": text.get("description"),
                "sources": _sources(step.get("sources", [])),
            }
        )
    if events:
        return events
    dates = (("decision", naming.get("decision_date")), ("ceremony", naming.get("ceremony_date")))
    for kind, date in dates:
        if date:
            events.append(
                {
                    "iri": None,
                    "label": None,
                    "kind": None,
                    "type": kind,
                    "date": date,
                    "when": spoken_period(date, None, lang, instant=True),
                    "by": naming.get("decided_by") if kind == "decision" else None,
                    "description": None,
                    "sources": [],
                }
            )
    return events


def site_story(
    store: Store, site: str, lang: str, namings: Iterable[Mapping[str, Any]]
) -> dict[str, Any] | None:
    """The story of one site from its namings (as `entity` groups them, oldest first): one
    chapter per name with when it held, whom it honoured, why and by whom it was given (the
    naming's description, the deciding body), each dated step with its source; and the
    honoured persons and events once each, with their life or period and who they were.

    None when the site has no naming. `renamed` says whether any name replaced another."""
    check_lang(lang)
    namings = list(namings)
    if not namings:
        return None
    texts = _texts(store, site, lang)
    chapters = []
    honoured: dict[str, dict[str, Any]] = {}
    for naming in namings:
        chapter = {
            "iri": naming["iri"],
            "name": naming["name"],
            "start": naming["start"],
            "end": naming["end"],
            "when": spoken_period(naming["start"], naming["end"], lang),
            # Its end as recorded, but denied by someone (a re-dedication never in effect)
            "end_disputed": bool(naming.get("end_disputed")),
            "current": is_current(naming["end"]),
            "replaces": naming.get("replaces"),
            # The name kept for someone else (Petersallee, 1986: Hans Peters, not Carl
            # Peters): "replaces the name Petersallee" said the name replaced itself.
            "rededicated": (naming.get("replaces") or {}).get("name") == naming["name"],
            "why": texts.get(naming["iri"], {}).get("description"),
            "decided_by": naming.get("decided_by"),
            "steps": naming.get("steps") or [],
            "honours": naming.get("honours", []),
            "sources": _sources(naming.get("sources", [])),
        }
        chapter["deciders"] = _deciders(chapter)
        chapter["events"] = _events(naming, texts, lang)
        del chapter["steps"]
        chapters.append(chapter)
        for h in chapter["honours"]:
            text = texts.get(h["iri"], {})
            person = honoured.setdefault(
                h["iri"],
                {
                    "iri": h["iri"],
                    "label": h["label"],
                    # A person's life ("geboren 1703"), an event's period ("1905 – 1907",
                    # "begann 1904"): both are over, never "seit".
                    "life": spoken_life(
                        text.get("start"),
                        text.get("end"),
                        lang,
                        lived=bool(text.get("lived")),
                        about=text.get("about", (False, False)),
                    ),
                    "about": text.get("description"),
                    "sources": _sources(text.get("sources", [])),
                    "names": [],
                    "honoured_now": False,
                },
            )
            person["names"].append(naming["name"])
            person["honoured_now"] = person["honoured_now"] or chapter["current"]
    current = [c for c in chapters if c["current"]]
    story = {
        "site": site,
        "current": current[-1] if current else None,
        "former": [c for c in chapters if not c["current"]],
        "renamed": any(c["replaces"] for c in chapters),
        "chapters": chapters,
        # Those honoured now first, then by name: whom the site remembers today, then whom
        # it no longer does.
        "honoured": sorted(
            honoured.values(), key=lambda p: (not p["honoured_now"], sort_key(p["label"]))
        ),
    }
    _named_apart(story)
    return story
