"""The hand-written tables of the example (organisations, people, projects, events...) and their
reader.

The tables live in `tools/example/data/*.toml`, not in code: the people who know the district
(the coordination office's staff) can read and correct names, titles and dates there without
reading Python. TOML because it is plain text with comments (each table explains its columns),
holds the lists these tables need (languages, topics, partners) without an invented separator,
and Python reads it with the standard library's `tomllib`, so no new dependency. CSV would open
in a spreadsheet, but has neither comments nor lists; JSON has neither comments nor a friendly
syntax.

Order matters: the generator draws from these tables with a fixed seed, and TOML keeps the
order of the file, so the same tables always give the same data.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeVar

from rdflib import URIRef

from akteursgraph.naming import slugify

from .terms import CONSENT, EXAMPLE, iri

DATA_DIR = Path(__file__).resolve().parent / "data"

_LEGAL_FORM = re.compile(r"\s+(e\.V\.|gGmbH)$")
_Spec = TypeVar("_Spec")


@dataclass(frozen=True)
class Label:
    """A text in German and English."""

    de: str
    en: str


@dataclass(frozen=True)
class Kind:
    """A kind of organisation; formal kinds are registered bodies (org:FormalOrganization)."""

    de: str
    en: str
    formal: bool = False


@dataclass(frozen=True)
class OrgSpec:
    """An organisation of the example; `communities` drives who cooperates with whom.

    Communities: "A" African diaspora in Wedding/Gesundbrunnen, "B" Middle East, Turkey and
    Afghanistan in Moabit/Tiergarten, "C" Asia, Latin America, Eastern Europe and sustainability
    in Mitte/Hansaviertel. Orgs in two communities are the bridges; "" means isolated.
    """

    name_de: str
    name_en: str
    short_de: str
    short_en: str
    kinds: tuple[str, ...]
    founded: str
    districts: tuple[str, ...]
    languages: tuple[str, ...]
    topics: tuple[str, ...]
    communities: str
    weight: int = 1
    #: Other names: (text, language).
    alt: tuple[tuple[str, str], ...] = ()
    real_iri: str | None = None

    @property
    def display_de(self) -> str:
        """German name without legal form, for labels of relations."""
        return _LEGAL_FORM.sub("", self.name_de)

    @property
    def slug(self) -> str:
        """Slug from the German name without legal form, so the IRI reads like the name."""
        return slugify(self.display_de)

    @property
    def iri(self) -> URIRef:
        """The entity IRI; real organisations keep theirs, defined in another file."""
        return URIRef(self.real_iri) if self.real_iri else iri(EXAMPLE, f"organisation/{self.slug}")

    @property
    def founded_year(self) -> int:
        """Year of founding, to keep activities after the founding."""
        return int(self.founded[:4])


@dataclass(frozen=True)
class Culture:
    """A name pool with the languages, regions and topics a speaker from it plausibly offers."""

    count: int
    given: tuple[str, ...]
    family: tuple[str, ...]
    core_languages: tuple[str, ...]
    extra_languages: tuple[str, ...]
    regions: tuple[str, ...]
    topics: tuple[str, ...]
    communities: str


@dataclass(frozen=True)
class ForcedSpeaker:
    """A speaker profile fixed by hand so a demo question has a known answer."""

    culture: str
    index: int
    consent: URIRef | None
    topics: tuple[str, ...]
    formats: tuple[str, ...]
    languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProjectSpec:
    """A fictional project; organisers and funders are org slugs or the office's key."""

    name_de: str
    name_en: str
    organizers: tuple[str, ...]
    funders: tuple[str, ...]
    start: str
    end: str
    topics: tuple[str, ...]

    @property
    def slug(self) -> str:
        """Slug from the German title."""
        return slugify(self.name_de)


@dataclass(frozen=True)
class EventSpec:
    """A fictional event or training offer; performers are picked from matching speakers."""

    name_de: str
    name_en: str
    organizers: tuple[str, ...]
    date: str
    location: str
    topics: tuple[str, ...]
    languages: tuple[str, ...]
    performers: int
    training: bool = False
    project: str | None = None
    audience: Label | None = None
    #: Only speakers who speak all of these languages (the Arabic/French demo workshop).
    speaker_languages: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        """Slug from the German title and the year, since series repeat titles."""
        return slugify(f"{self.name_de} {self.date[:4]}")


@dataclass(frozen=True)
class Tables:
    """Everything `data/*.toml` holds, typed; dictionaries keep the order of the files."""

    topics: dict[str, Label]
    kinds: dict[str, Kind]
    places: dict[str, str]
    format_weights: dict[str, int]
    orgs: tuple[OrgSpec, ...]
    office_key: str
    office: OrgSpec
    network_members: dict[str, tuple[str, ...]]
    speakers: int
    consent_shares: dict[URIRef | None, int]
    role_weights: dict[str, int]
    forced_speakers: tuple[ForcedSpeaker, ...]
    cultures: dict[str, Culture]
    cooperations_per_year: dict[int, int]
    cooperation_titles: dict[str, Label]
    projects: tuple[ProjectSpec, ...]
    events: tuple[EventSpec, ...]


class TableError(ValueError):
    """A data table does not have the columns the generator reads."""


def _read(folder: Path, name: str) -> dict[str, Any]:
    path = folder / name
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise TableError(f"{path}: {error}") from error


def _row(cls: type[_Spec], row: dict[str, Any], where: str) -> _Spec:
    """One table entry as `cls`: lists become tuples; unknown or missing columns are named."""
    known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(row) - known)
    if unknown:
        raise TableError(f"{where}: unknown column(s) {', '.join(unknown)}")
    values = {k: tuple(v) if isinstance(v, list) else v for k, v in row.items()}
    try:
        return cls(**values)
    except TypeError as error:
        raise TableError(f"{where}: {error}") from error


def _consent(name: Any, where: str) -> URIRef | None:
    if name not in CONSENT:
        raise TableError(f"{where}: consent must be one of {', '.join(CONSENT)}, not {name!r}")
    return CONSENT[name]


def _labels(table: dict[str, Any], where: str) -> dict[str, Label]:
    return {k: _row(Label, v, f"{where}.{k}") for k, v in table.items()}


def _org(row: dict[str, Any], where: str) -> OrgSpec:
    alt = tuple((text, lang) for lang, text in row.get("alt", {}).items())
    return _row(OrgSpec, {**row, "alt": alt}, where)


def load_tables(folder: Path = DATA_DIR) -> Tables:
    """Read and type every table; raises `TableError` naming the file and entry at fault."""
    try:
        return _load(folder)
    except KeyError as missing:
        raise TableError(f"{folder}: table or column {missing} missing") from missing


def _load(folder: Path) -> Tables:
    vocabulary = _read(folder, "vocabulary.toml")
    organisations = _read(folder, "organisations.toml")
    people = _read(folder, "people.toml")
    cooperations = _read(folder, "cooperations.toml")
    projects = _read(folder, "projects.toml")
    events = _read(folder, "events.toml")

    office_row = dict(organisations["office"])
    office_key = office_row.pop("key")
    office_row["real_iri"] = office_row.pop("iri")
    audiences = _labels(events.get("audiences", {}), "events.toml, audiences")

    def event(row: dict[str, Any], where: str) -> EventSpec:
        audience = row.get("audience")
        if audience is not None and audience not in audiences:
            raise TableError(f"{where}: unknown audience {audience!r}")
        return _row(EventSpec, {**row, "audience": audiences.get(audience)}, where)

    def forced(row: dict[str, Any], where: str) -> ForcedSpeaker:
        return _row(ForcedSpeaker, {**row, "consent": _consent(row.get("consent"), where)}, where)

    return Tables(
        topics=_labels(vocabulary["topics"], "vocabulary.toml, topics"),
        kinds={
            k: _row(Kind, v, f"vocabulary.toml, organisation_kinds.{k}")
            for k, v in vocabulary["organisation_kinds"].items()
        },
        places=dict(vocabulary["places"]),
        format_weights=dict(vocabulary["format_weights"]),
        orgs=tuple(
            _org(row, f"organisations.toml, organisation {n + 1}")
            for n, row in enumerate(organisations["organisation"])
        ),
        office_key=office_key,
        office=_org(office_row, "organisations.toml, [office]"),
        network_members={k: tuple(v) for k, v in organisations["network_members"].items()},
        speakers=people["speakers"],
        consent_shares={
            _consent(k, "people.toml, [consent_shares]"): n
            for k, n in people["consent_shares"].items()
        },
        role_weights=dict(people["role_weights"]),
        forced_speakers=tuple(
            forced(row, f"people.toml, forced_speaker {n + 1}")
            for n, row in enumerate(people["forced_speaker"])
        ),
        cultures={
            k: _row(Culture, v, f"people.toml, cultures.{k}") for k, v in people["cultures"].items()
        },
        cooperations_per_year={int(k): n for k, n in cooperations["per_year"].items()},
        cooperation_titles=_labels(cooperations["titles"], "cooperations.toml, titles"),
        projects=tuple(
            _row(ProjectSpec, row, f"projects.toml, project {n + 1}")
            for n, row in enumerate(projects["project"])
        ),
        events=tuple(
            event(row, f"events.toml, event {n + 1}") for n, row in enumerate(events["event"])
        ),
    )
