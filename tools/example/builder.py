"""The state of one generation run, and the small helpers every step shares.

`Builder` holds the two graphs as sets of triples (so the writer can sort them freely), the
organisations and people made so far, and the seeded random source. The steps that fill it
live in `organisations.py`, `people.py` and `activities.py`; `generate.py` runs them in order.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from akteursgraph.naming import opaque_person_iri, slugify

from .tables import OrgSpec, Tables
from .terms import CONSENT, DESC, EXAMPLE, PREF, iri, lit

#: The last year the example data may reach; keeps "current" and "past" stable across years.
LAST_YEAR = 2026

Triple = tuple[URIRef, URIRef, URIRef | Literal]


@dataclass
class Person:
    """A generated person and the facts that decide where their triples go."""

    given: str
    family: str
    culture: str
    consent: URIRef | None = None
    consent_date: str | None = None
    languages: tuple[str, ...] = ()
    is_speaker: bool = False
    profile_topics: tuple[str, ...] = ()
    formats: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """Display name."""
        return f"{self.given} {self.family}"

    @property
    def slug(self) -> str:
        """Slug from the name."""
        return slugify(self.name)

    @property
    def token(self) -> str:
        """The opaque last segment of the person's IRIs (issue 13: no name in a living
        person's IRI), reproducible from the name so the example stays byte-stable."""
        entropy = hashlib.sha256(f"akteursgraph example person\n{self.name}".encode()).digest()
        return opaque_person_iri("", entropy).removeprefix("person/")

    @property
    def iri(self) -> URIRef:
        """Person IRI (opaque)."""
        return iri(EXAMPLE, f"person/{self.token}")

    @property
    def profile_iri(self) -> URIRef:
        """Speaker profile IRI, one profile per person (opaque like the person's)."""
        return iri(EXAMPLE, f"profile/{self.token}")

    @property
    def public(self) -> bool:
        """Only people with given consent may appear in the public graph (model.md)."""
        return self.consent == CONSENT["given"]


@dataclass
class Builder:
    """Both graphs of the example as they are built, and what later steps look up."""

    tables: Tables
    seed: int
    rng: random.Random = field(init=False)
    public: set[Triple] = field(default_factory=set)
    internal: set[Triple] = field(default_factory=set)
    orgs: dict[str, OrgSpec] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    speakers_by_slug: dict[str, Person] = field(default_factory=dict)
    membership_slugs: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def add(self, public: bool, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        """Route one triple to the public or the internal graph."""
        (self.public if public else self.internal).add((s, p, o))

    def labels(self, public: bool, s: URIRef, de: str, en: str) -> None:
        """skos:prefLabel in German (required) and English (recommended)."""
        self.add(public, s, PREF, lit(de, "de"))
        self.add(public, s, PREF, lit(en, "en"))

    def describe(self, public: bool, s: URIRef, de: str, en: str) -> None:
        """dcterms:description in German and English; every one says the entity is fictional."""
        self.add(public, s, DESC, lit(de, "de"))
        self.add(public, s, DESC, lit(en, "en"))

    def org(self, key: str) -> OrgSpec:
        """Look up an organisation by slug or the office key."""
        return self.tables.office if key == self.tables.office_key else self.orgs[key]


def random_day(rng: random.Random, year: int) -> str:
    """A date in `year`; day <= 28 keeps every month valid."""
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def weighted_sample(
    rng: random.Random, items: Sequence[str], weights: Sequence[int], k: int
) -> list[str]:
    """Draw k distinct items by weight; written out so the draw order never depends on hashing."""
    pool = [(item, weight) for item, weight in zip(items, weights, strict=True) if weight > 0]
    chosen: list[str] = []
    while pool and len(chosen) < k:
        total = sum(weight for _, weight in pool)
        pick = rng.random() * total
        for index, (item, weight) in enumerate(pool):
            pick -= weight
            if pick < 0 or index == len(pool) - 1:
                chosen.append(item)
                del pool[index]
                break
    return chosen


def join_de(words: Sequence[str]) -> str:
    """'a, b und c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " und " + words[-1]


def join_en(words: Sequence[str]) -> str:
    """'a, b and c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
