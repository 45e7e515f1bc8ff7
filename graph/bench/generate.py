"""Generate a synthetic Akteursgraph actor graph at scale factor N, for benchmarks.

Scale 1 is about 100,000 triples; the size grows linearly (10 is about 1M, 100 about 10M).
The graph is shaped like the example data (tools/make_example.py) and conforms to the shapes
in shapes/ and the privacy rules: organisations, living people (public only with
`ag:publicationConsent dpv:ConsentGiven`, contact data only internal), speaker profiles,
memberships with dates, cooperations, projects, events and training offers, historical people
and events, colonial-history sites with their naming histories, administrative areas; labels
in German and English, some alternative labels in French and Arabic. At every scale each
gallery question (graph/queries/gallery/) finds something: what the questions ask for by name
is added by `anchors`.

The output is deterministic (a seed fixed per scale) and written as N-Quads into two files,
`bench-public.nq` (graph `{base}graph/public/bench`) and `bench-internal.nq`
(`{base}graph/internal/bench`). Nothing it writes is meant to be committed.

    akteursgraph bench generate --scale 1 --output /tmp/bench-data

Exit codes: 0 written, 2 usage or I/O error.
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Sequence
from pathlib import Path

from akteursgraph.namespaces import (  # one place for the IRIs
    AG,
    AGV,
    DCTERMS,
    DPV,
    FOAF,
    ORG,
    SCHEMA,
    SKOS,
    VCARD,
    XSD,
)
from akteursgraph.naming import slugify  # one slug rule for the product (docs/model.md)

from . import anchors
from .district import (
    AR_ALT,
    AREA_WORDS,
    BASE,
    BENCH,
    COUNTS,
    FAMILY,
    FORMAL_KINDS,
    FORMATS,
    FR_ALT,
    GIVEN,
    INTERNAL_FILE,
    INTERNAL_GRAPH,
    KIND_WORDS,
    KINDS,
    LANGUAGES,
    PUBLIC_FILE,
    PUBLIC_GRAPH,
    RDF_TYPE,
    REGIONS,
    ROLES,
    SEED,
    SITE_CLASSES,
    STREET_WORDS,
    TOPIC_WORDS,
    TOPICS,
    District,
    Writer,
    day,
    entity,
    lit,
    plain,
    ref,
    vocab,
    year,
)

# What other modules (the benchmark's writes, the tests) use by this module's name.
__all__ = [
    "AG", "AGV", "BASE", "BENCH", "DCTERMS", "FOAF", "INTERNAL_GRAPH", "ORG", "PUBLIC_GRAPH",
    "RDF_TYPE", "SCHEMA", "SEED", "SKOS", "TOPICS", "XSD", "Writer", "generate", "main", "write",
]  # fmt: skip


def generate(scale: float, seed: int = SEED) -> Writer:
    """Build the whole graph in memory (lines of N-Quads), deterministically."""
    rng = random.Random(f"{seed}:{scale}")
    n = {k: max(2, round(v * scale)) for k, v in COUNTS.items()}
    n["place"] = max(anchors.MIN_PLACES, n["place"])
    d = District(rng, n)
    _places(d)
    _organisations(d)
    _people(d)
    _memberships(d)
    _projects(d)
    _cooperations(d)
    _historical(d)
    _sites(d)
    _events(d)
    anchors.add(d)
    return d.w


def _places(d: District) -> None:
    """Administrative areas: the city and its localities."""
    pub = d.w.pub
    root = entity("place", "bench-city")
    pub(root, RDF_TYPE, ref(SCHEMA + "AdministrativeArea"))
    d.labels(root, "Bench-Stadt", "Bench City")
    for i in range(d.n["place"]):
        word = AREA_WORDS[i % len(AREA_WORDS)]
        name = f"{word} {i // len(AREA_WORDS) + 1}"
        s = entity("place", slugify(f"ortsteil {name}"))
        pub(s, RDF_TYPE, ref(SCHEMA + "AdministrativeArea"))
        d.labels(s, f"Ortsteil {name}", f"Locality {name}")
        pub(s, SCHEMA + "containedInPlace", root)
        d.places.append(s)


def _organisations(d: District) -> None:
    rng, pub = d.rng, d.w.pub
    for i in range(d.n["organisation"]):
        kinds = tuple(sorted(set(rng.sample(KINDS, rng.choice((1, 1, 2))))))
        topics = tuple(rng.sample(TOPICS, rng.randint(1, 3)))
        area = rng.choice(AREA_WORDS)
        kde, ken = KIND_WORDS[kinds[0]]
        tde, ten = TOPIC_WORDS[topics[0]]
        de = f"{kde} {tde} {area} {i + 1}"
        en = f"{ten} {ken} {area} {i + 1}"
        s = entity("organisation", slugify(de))
        founded = rng.randint(1950, 2024)
        d.orgs.append(s)
        d.org_year.append(founded)
        d.org_topics.append(topics)
        pub(s, RDF_TYPE, ref(ORG + "Organization"))
        if FORMAL_KINDS & set(kinds):
            pub(s, RDF_TYPE, ref(ORG + "FormalOrganization"))
        d.labels(s, de, en)
        if rng.random() < 0.2:
            pub(s, SKOS + "altLabel", lit(f"{rng.choice(FR_ALT)} {ten} {i + 1}", "fr"))
        if rng.random() < 0.1:
            pub(s, SKOS + "altLabel", lit(f"{rng.choice(AR_ALT)} {i + 1}", "ar"))
        for kind in kinds:
            pub(s, ORG + "classification", vocab("organisation-kind", kind))
        pub(s, SCHEMA + "foundingDate", year(founded))
        located = rng.sample(d.places, rng.choice((1, 1, 2)))
        d.org_places.append(located)
        for place in located:
            pub(s, AG + "district", place)
        for lang in sorted(set(("de", *rng.sample(LANGUAGES, rng.randint(0, 2))))):
            pub(s, SCHEMA + "knowsLanguage", plain(lang))
        for topic in topics:
            pub(s, DCTERMS + "subject", vocab("topic", topic))
        if rng.random() < 0.5:
            pub(s, FOAF + "homepage", ref(f"https://example.org/bench/{slugify(de)}"))
        pub(s, DCTERMS + "description", lit(f"Fiktive Organisation für Messungen: {de}.", "de"))
        pub(s, DCTERMS + "description", lit(f"Fictional organisation for benchmarks: {en}.", "en"))
        if rng.random() < 0.3:
            d.address(s, f"{rng.choice(STREET_WORDS)}weg {i % 90 + 1}", f"{13000 + i % 999:05d}")
        if i > 10 and rng.random() < 0.05:
            pub(s, ORG + "subOrganizationOf", d.orgs[rng.randrange(i)])


def _people(d: District) -> None:
    """Living people; public only with consent, contact data always internal."""
    rng, pub, intern = d.rng, d.w.pub, d.w.intern
    for i in range(d.n["person"]):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        name = f"{given} {family} {i + 1}"
        s = entity("person", slugify(name))
        consent = rng.random() < 0.6
        write = pub if consent else intern
        d.people.append((s, consent))
        write(s, RDF_TYPE, ref(FOAF + "Person"))
        write(s, SKOS + "prefLabel", lit(name, "de"))
        write(s, SKOS + "prefLabel", lit(name, "en"))
        write(s, FOAF + "givenName", plain(given))
        write(s, FOAF + "familyName", plain(f"{family} {i + 1}"))
        if consent:
            year, month = rng.randint(2019, 2025), rng.randint(1, 12)
            pub(s, AG + "publicationConsent", ref(DPV + "ConsentGiven"))
            pub(s, AG + "consentDate", day(year, month, 1))
            purposes = ("PublicNaming", "PublicSpeakerListing")
            d.w.consent(s, purposes, "ConsentGiven", f"{year:04d}-{month:02d}-01")
        elif rng.random() < 0.5:
            intern(s, AG + "publicationConsent", ref(DPV + "ConsentRefused"))
        intern(s, VCARD + "hasEmail", ref(f"mailto:{slugify(name)}@example.org"))
        if rng.random() < 0.5:
            intern(s, VCARD + "hasTelephone", ref(f"tel:+49-30-{1000000 + i}"))
        if rng.random() < 0.3:
            _speaker_profile(d, s, name, consent)


def _speaker_profile(d: District, person: str, name: str, public: bool) -> None:
    rng = d.rng
    write = d.w.pub if public else d.w.intern
    p = entity("profile", slugify(name))
    write(person, AG + "hasSpeakerProfile", p)
    write(p, RDF_TYPE, ref(AG + "SpeakerProfile"))
    for topic in rng.sample(TOPICS, rng.randint(1, 3)):
        write(p, SCHEMA + "knowsAbout", vocab("topic", topic))
    for lang in sorted(set(("de", *rng.sample(LANGUAGES, rng.randint(0, 2))))):
        write(p, SCHEMA + "knowsLanguage", plain(lang))
    for fmt in rng.sample(FORMATS, rng.randint(1, 3)):
        write(p, AG + "offersFormat", vocab("format", fmt))
    for region in rng.sample(REGIONS, rng.randint(0, 2)):
        write(p, AG + "regionalFocus", vocab("region", region))
    write(p, DCTERMS + "description", lit(f"Referent*in {name}.", "de"))
    if public:
        d.speakers.append(person)


def _memberships(d: District) -> None:
    rng = d.rng
    for i in range(d.n["membership"]):
        o = rng.randrange(len(d.orgs))
        if rng.random() < 0.15:
            member, public = d.orgs[rng.randrange(len(d.orgs))], True
        else:
            member, public = d.people[rng.randrange(len(d.people))]
        write = d.w.pub if public else d.w.intern
        s = entity("membership", f"membership-{i + 1}")
        write(s, RDF_TYPE, ref(ORG + "Membership"))
        write(s, ORG + "member", member)
        write(s, ORG + "organization", d.orgs[o])
        write(s, ORG + "role", vocab("role", rng.choice(ROLES)))
        start, end = d.period(rng.randint(max(d.org_year[o], 1990), 2025))
        write(s, SCHEMA + "startDate", start)
        if end:
            write(s, SCHEMA + "endDate", end)


def _projects(d: District) -> None:
    rng, pub = d.rng, d.w.pub
    for i in range(d.n["project"]):
        topic = rng.choice(TOPICS)
        tde, ten = TOPIC_WORDS[topic]
        s = entity("project", slugify(f"projekt {tde} {i + 1}"))
        d.projects.append(s)
        pub(s, RDF_TYPE, ref(SCHEMA + "Project"))
        d.labels(s, f"Projekt {tde} {i + 1}", f"Project {ten} {i + 1}")
        for org in rng.sample(d.orgs, rng.randint(1, 2)):
            pub(s, SCHEMA + "organizer", org)
        if rng.random() < 0.5:
            pub(s, SCHEMA + "funder", rng.choice(d.orgs))
        start, end = d.period(rng.randint(2000, 2025))
        pub(s, SCHEMA + "startDate", start)
        if end:
            pub(s, SCHEMA + "endDate", end)
        pub(s, DCTERMS + "subject", vocab("topic", topic))
        pub(s, DCTERMS + "description", lit(f"Fiktives Projekt zu {tde}.", "de"))
        pub(s, DCTERMS + "description", lit(f"Fictional project on {ten}.", "en"))


def _cooperations(d: District) -> None:
    rng, orgs = d.rng, d.orgs
    for i in range(d.n["cooperation"]):
        first = rng.randrange(len(orgs))
        # Mostly local partners (neighbouring indices), sometimes far ones: communities + bridges.
        partners = {first}
        while len(partners) < rng.choice((2, 2, 2, 3, 4)):
            if rng.random() < 0.8:
                partners.add(max(0, min(len(orgs) - 1, first + rng.randint(-25, 25))))
            else:
                partners.add(rng.randrange(len(orgs)))
        topic = rng.choice(d.org_topics[first])
        start, end = d.period(rng.randint(max(d.org_year[p] for p in partners), 2025))
        s = d.cooperation(i + 1, topic, [orgs[p] for p in sorted(partners)], start, end)
        if rng.random() < 0.3:
            d.w.pub(s, DCTERMS + "isPartOf", rng.choice(d.projects))


def _historical(d: District) -> None:
    """Historical people (some linked to Wikidata) and historical events."""
    rng, pub = d.rng, d.w.pub
    for i in range(d.n["historical-person"]):
        name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} (historisch {i + 1})"
        s = entity("person", slugify(f"historisch {name}"))
        d.historical.append(s)
        pub(s, RDF_TYPE, ref(FOAF + "Person"))
        pub(s, RDF_TYPE, ref(AG + "HistoricalPerson"))
        d.labels(s, name, name.replace("historisch", "historical"))
        born = rng.randint(1780, 1900)
        pub(s, SCHEMA + "birthDate", year(born))
        pub(s, SCHEMA + "deathDate", year(born + rng.randint(20, 80)))
        pub(s, DCTERMS + "source", ref(f"https://example.org/bench/source/person-{i + 1}"))
        if rng.random() < 0.5:
            pub(s, "http://www.w3.org/2002/07/owl#sameAs",
                ref(f"http://www.wikidata.org/entity/Q{900000 + i}"))  # fmt: skip
        anchors.historical_description(d, s, i)
    for i in range(d.n["historical-event"]):
        s = entity("event", f"historisches-ereignis-{i + 1}")
        d.hist_events.append(s)
        pub(s, RDF_TYPE, ref(AG + "HistoricalEvent"))
        d.labels(s, f"Historisches Ereignis {i + 1}", f"Historical event {i + 1}")
        start = rng.randint(1850, 1918)
        pub(s, SCHEMA + "startDate", year(start))
        pub(s, SCHEMA + "endDate", year(start + rng.randint(0, 4)))
        pub(s, DCTERMS + "source", ref(f"https://example.org/bench/source/event-{i + 1}"))


def _sites(d: District) -> None:
    """Colonial-history streets and squares, each with its naming history."""
    rng, pub = d.rng, d.w.pub
    for i in range(d.n["site"]):
        cls, suffix, _de_word, en_word = rng.choice(SITE_CLASSES)
        honoured = d.historical[i % len(d.historical)]
        current = f"{rng.choice(STREET_WORDS)}-{rng.choice(FAMILY)}-{suffix} {i + 1}"
        s = entity("site", slugify(current))
        d.sites.append(s)
        pub(s, RDF_TYPE, ref(AG + cls))
        pub(s, SKOS + "prefLabel", lit(current, "de"))
        pub(s, SKOS + "prefLabel", lit(current.replace(suffix, f" {en_word}"), "en"))
        d.coordinates(s)
        pub(s, AG + "district", rng.choice(d.places))
        pub(s, DCTERMS + "source", ref(f"https://example.org/bench/source/site-{i + 1}"))
        pub(s, DCTERMS + "description", lit(f"Fiktiver Ort {current}.", "de"))
        years = sorted(rng.sample(range(1890, 2025), rng.randint(1, 3)))
        for k, start in enumerate(years):
            naming = entity("naming", f"{slugify(current)}-{start}")
            pub(s, AG + "hasNaming", naming)
            if k:  # a later name links the one it replaces (docs/model.md, "Successions")
                earlier = entity("naming", f"{slugify(current)}-{years[k - 1]}")
                pub(naming, DCTERMS + "replaces", earlier)
            pub(naming, RDF_TYPE, ref(AG + "SiteNaming"))
            old = current if k == len(years) - 1 else f"{rng.choice(FAMILY)}{suffix} {i + 1}-{k}"
            pub(naming, SCHEMA + "name", lit(old, "de"))
            pub(naming, SCHEMA + "startDate", year(start))
            if k + 1 < len(years):
                pub(naming, SCHEMA + "endDate", year(years[k + 1]))
                pub(naming, AG + "decisionDate", year(years[k + 1]))
                anchors.ceremony(d, naming, i + k, years[k + 1])
            pub(naming, AG + "honours", rng.choice((honoured, rng.choice(d.hist_events))))
            pub(naming, DCTERMS + "source", ref(f"https://example.org/bench/source/naming-{i}-{k}"))


def _events(d: District) -> None:
    """Events and training offers, some with speakers, some at a site."""
    rng, pub = d.rng, d.w.pub
    for i in range(d.n["event"]):
        training = rng.random() < 0.3
        topic = rng.choice(TOPICS)
        tde, ten = TOPIC_WORDS[topic]
        if training:
            de, en = f"Fortbildung {tde} {i + 1}", f"Training {ten} {i + 1}"
        else:
            de, en = f"Veranstaltung {tde} {i + 1}", f"Event {ten} {i + 1}"
        s = entity("event", slugify(de))
        pub(s, RDF_TYPE, ref(SCHEMA + "Event"))
        if training:
            pub(s, RDF_TYPE, ref(AG + "TrainingOffer"))
        d.labels(s, de, en)
        pub(s, SCHEMA + "organizer", rng.choice(d.orgs))
        y = rng.randint(2005, 2026)
        pub(s, SCHEMA + "startDate", day(y, rng.randint(1, 12), rng.randint(1, 28)))
        where = rng.choice(d.sites) if rng.random() < 0.3 else rng.choice(d.places)
        pub(s, SCHEMA + "location", where)
        if d.speakers and rng.random() < 0.6:
            for performer in rng.sample(d.speakers, min(len(d.speakers), rng.randint(1, 2))):
                pub(s, SCHEMA + "performer", performer)
        if rng.random() < 0.3:
            pub(s, DCTERMS + "isPartOf", rng.choice(d.projects))
        pub(s, DCTERMS + "subject", vocab("topic", topic))
        pub(s, SCHEMA + "inLanguage", plain(rng.choice(("de", "en", "fr", "ar"))))
        if training:
            pub(s, SCHEMA + "audience", lit("Verwaltung", "de"))
            pub(s, SCHEMA + "audience", lit("administration", "en"))


def write(scale: float, output: Path, seed: int = SEED) -> list[Path]:
    """Generate and write the two N-Quads files; returns their paths."""
    w = generate(scale, seed)
    output.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, lines in ((PUBLIC_FILE, w.public), (INTERNAL_FILE, w.internal)):
        path = output / name
        with path.open("w", encoding="utf-8") as fh:
            fh.writelines(lines)
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="1 = about 100k triples")
    parser.add_argument("--output", type=Path, required=True, help="directory to write into")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args(argv)
    if args.scale <= 0:
        print("error: --scale must be positive", file=sys.stderr)
        return 2
    try:
        paths = write(args.scale, args.output, args.seed)
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for path in paths:
        with path.open("rb") as fh:
            count = sum(1 for _ in fh)
        print(f"{count:9d} quads  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
