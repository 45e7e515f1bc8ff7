"""Steps that make people and speaker profiles, and route each person's triples by consent.

Names, consent and profiles go to the public graph only for people who gave consent;
contact data and the consent records always go to the internal graph (docs/model.md,
"Personal data" and "Consent"). Living persons' IRIs are opaque (`Person.token`).
"""

from __future__ import annotations

from collections import Counter

from rdflib import Literal, URIRef

from akteursgraph.namespaces import AGV
from akteursgraph.naming import slugify
from akteursgraph.people.purposes import OFFICE_PLACEMENT, PUBLIC_NAMING, PUBLIC_SPEAKER_LISTING
from akteursgraph.people.records import record_iri, record_quads

from .builder import LAST_YEAR, Builder, Person, random_day, weighted_sample
from .terms import (
    AG_CONSENT,
    AG_CONSENT_DATE,
    AG_FORMAT,
    AG_PROFILE,
    AG_REGION,
    C_PERSON,
    C_PROFILE,
    EXAMPLE,
    FOAF_FAMILY,
    FOAF_GIVEN,
    INTERNAL_GRAPH,
    S_ABOUT,
    S_LANG,
    VCARD_EMAIL,
    VCARD_TEL,
    A,
    date_literal,
    iri,
)


def build_people(builder: Builder) -> None:
    """Draw names, consent and speaker profiles; route each person's triples by consent."""
    draw_names(builder)
    others = fix_forced_speakers(builder)
    draw_consent(builder, others)
    rng = builder.rng
    formats = builder.tables.format_weights
    for index, person in enumerate(builder.people):
        culture = builder.tables.cultures[person.culture]
        if person.consent is not None:
            person.consent_date = random_day(rng, rng.randint(2021, LAST_YEAR - 1))
        if person.is_speaker and not person.profile_topics:
            person.profile_topics = tuple(sorted(rng.sample(culture.topics, rng.randint(1, 3))))
            person.formats = tuple(
                weighted_sample(rng, list(formats), list(formats.values()), rng.randint(1, 3))
            )
            regions = [rng.choice(culture.regions)]
            if "germany" not in regions and rng.random() < 0.3:
                regions.append("germany")
            person.regions = tuple(regions)
        emit_person(builder, person, index)
        if person.is_speaker:
            builder.speakers_by_slug[person.slug] = person


def draw_names(builder: Builder) -> None:
    """Each name pool gives its count of people, with the languages they speak."""
    rng = builder.rng
    seen: set[str] = set()
    for culture_key, culture in builder.tables.cultures.items():
        # Distinct given and family names within a culture keep the list visibly varied.
        if min(len(culture.given), len(culture.family)) < culture.count:
            raise ValueError(f"name pool of {culture_key} too small")
        given_names = rng.sample(culture.given, culture.count)
        family_names = rng.sample(culture.family, culture.count)
        for given, family in zip(given_names, family_names, strict=True):
            slug = slugify(f"{given} {family}")
            if slug in seen:
                raise ValueError(f"two people would share the slug {slug}")
            seen.add(slug)
            extra = tuple(lang for lang in culture.extra_languages if rng.random() < 0.45)
            languages = ("de", *culture.core_languages, *extra)
            builder.people.append(
                Person(given, family, culture_key, languages=tuple(dict.fromkeys(languages)))
            )


def fix_forced_speakers(builder: Builder) -> list[Person]:
    """Fix the speakers the demo questions need, draw the other speakers; return the others."""
    tables = builder.tables
    forced: list[Person] = []
    for spec in tables.forced_speakers:
        person = [p for p in builder.people if p.culture == spec.culture][spec.index]
        person.is_speaker = True
        person.consent = spec.consent
        person.profile_topics = spec.topics
        person.formats = spec.formats
        person.regions = (tables.cultures[spec.culture].regions[0],)
        person.languages = tuple(dict.fromkeys((*person.languages, *spec.languages)))
        forced.append(person)
    others = [p for p in builder.people if p not in forced]
    for person in builder.rng.sample(others, tables.speakers - len(forced)):
        person.is_speaker = True
    return others


def draw_consent(builder: Builder, others: list[Person]) -> None:
    """Consent for everyone not fixed by hand, so the shares in people.toml hold overall."""
    shares = builder.tables.consent_shares
    left: Counter[URIRef | None] = Counter(shares)
    left.subtract(spec.consent for spec in builder.tables.forced_speakers)
    statuses = [status for status in shares for _ in range(left[status])]
    builder.rng.shuffle(statuses)
    for person, status in zip(others, statuses, strict=True):
        person.consent = status


def emit_person(builder: Builder, person: Person, index: int) -> None:
    """Name, consent and profile go where consent allows; contact data is always internal."""
    public = person.public
    s = person.iri
    builder.add(public, s, A, C_PERSON)
    builder.labels(public, s, f"{person.name} (Beispielperson)", f"{person.name} (example person)")
    builder.add(public, s, FOAF_GIVEN, Literal(person.given))
    builder.add(public, s, FOAF_FAMILY, Literal(person.family))
    builder.describe(
        public,
        s,
        "Fiktive Beispielperson; Ähnlichkeiten mit realen Personen sind zufällig.",
        "Fictional example person; any resemblance to real persons is coincidental.",
    )
    if person.consent is not None:
        builder.add(public, s, AG_CONSENT, person.consent)
        builder.add(public, s, AG_CONSENT_DATE, date_literal(person.consent_date or ""))
        emit_consent_records(builder, person)
    local = f"{slugify(person.given).replace('-', '')}.{slugify(person.family).replace('-', '')}"
    builder.add(False, s, VCARD_EMAIL, URIRef(f"mailto:{local}@example.org"))
    builder.add(False, s, VCARD_TEL, URIRef(f"tel:+49-30-555-{2100 + index:04d}"))
    if person.is_speaker:
        emit_profile(builder, person)


def emit_consent_records(builder: Builder, person: Person) -> None:
    """The person's DPV consent records, internal: public naming with the person's status,
    and for speakers the speaker listing and placement by the office (the same status)."""
    assert person.consent is not None
    purposes = [PUBLIC_NAMING]
    if person.is_speaker:
        purposes += [PUBLIC_SPEAKER_LISTING, OFFICE_PLACEMENT]
    for purpose in purposes:
        record = record_iri(str(EXAMPLE), str(person.iri), purpose)
        for q in record_quads(
            record,
            str(person.iri),
            purpose,
            str(person.consent),
            str(INTERNAL_GRAPH),
            indicated_at=f"{person.consent_date}T10:00:00Z",
            method="schriftlich / in writing",
            recorded_by="Koordinationsstelle (Beispiel)",
        ):
            obj = q.object
            value: URIRef | Literal
            if hasattr(obj, "datatype"):  # a literal: plain text stays plain
                kind = obj.datatype.value
                plain = kind.endswith("#string")
                value = Literal(obj.value) if plain else Literal(obj.value, datatype=URIRef(kind))
            else:
                value = URIRef(obj.value)
            builder.add(False, URIRef(q.subject.value), URIRef(q.predicate.value), value)


def emit_profile(builder: Builder, person: Person) -> None:
    """The speaker profile: public exactly when its person is (its label names them)."""
    public = person.public
    profile = person.profile_iri
    builder.add(public, person.iri, AG_PROFILE, profile)
    builder.add(public, profile, A, C_PROFILE)
    builder.labels(
        public,
        profile,
        f"Referent*innenprofil {person.name} (Beispiel)",
        f"Speaker profile of {person.name} (example)",
    )
    builder.describe(
        public,
        profile,
        "Fiktives Beispiel eines Angebots für die Bildungsarbeit.",
        "Fictional example of an offer for educational work.",
    )
    for topic in person.profile_topics:
        builder.add(public, profile, S_ABOUT, iri(AGV, f"topic/{topic}"))
    for language in person.languages:
        builder.add(public, profile, S_LANG, Literal(language))
    for offered in person.formats:
        builder.add(public, profile, AG_FORMAT, iri(AGV, f"format/{offered}"))
    for region in person.regions:
        builder.add(public, profile, AG_REGION, iri(AGV, f"region/{region}"))
