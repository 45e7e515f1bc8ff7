"""Generate a synthetic Akteursgraph actor graph at scale factor N, for benchmarks.

Scale 1 is about 100,000 triples; the size grows linearly (10 is about 1M, 100 about 10M).
The graph is shaped like the example data (tools/make_example.py) and conforms to the shapes
in shapes/ and the privacy rules: organisations, living people (public only with
`ag:publicationConsent dpv:ConsentGiven`, contact data only internal), speaker profiles,
memberships with dates, cooperations, projects, events and training offers, historical people
and events, colonial-history sites with their naming histories, administrative areas; labels
in German and English, some alternative labels in French and Arabic.

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
    WGS,
    XSD,
)

SEED = 20_260_313
BASE = "https://w3id.org/akteursgraph/mitte/"
BENCH = BASE + "bench/"
PUBLIC_GRAPH = BASE + "graph/public/bench"
INTERNAL_GRAPH = BASE + "graph/internal/bench"
PUBLIC_FILE = "bench-public.nq"
INTERNAL_FILE = "bench-internal.nq"

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# Entities per scale 1 (about 100k triples in all).
COUNTS = {
    "place": 40,
    "organisation": 2200,
    "person": 2400,
    "membership": 5200,
    "cooperation": 1400,
    "project": 350,
    "event": 900,
    "historical-person": 150,
    "historical-event": 30,
    "site": 220,
}

TOPICS = (
    "colonial-history", "anti-racism", "global-citizenship-education", "fair-trade",
    "climate-justice", "migration-development", "human-rights", "gender-equality", "health",
    "education", "youth", "culture-arts", "sustainable-cities", "renewable-energy",
    "food-sovereignty", "decent-work", "peace", "intercultural-opening", "media-journalism",
    "refugee-support", "remembrance-culture", "partnerships",
)  # fmt: skip
TOPIC_WORDS = {
    "colonial-history": ("Kolonialgeschichte", "Colonial History"),
    "anti-racism": ("Antirassismus", "Anti-Racism"),
    "global-citizenship-education": ("Globales Lernen", "Global Learning"),
    "fair-trade": ("Fairer Handel", "Fair Trade"),
    "climate-justice": ("Klimagerechtigkeit", "Climate Justice"),
    "migration-development": ("Migration und Entwicklung", "Migration and Development"),
    "human-rights": ("Menschenrechte", "Human Rights"),
    "gender-equality": ("Geschlechtergerechtigkeit", "Gender Equality"),
    "health": ("Gesundheit", "Health"),
    "education": ("Bildung", "Education"),
    "youth": ("Jugend", "Youth"),
    "culture-arts": ("Kultur und Kunst", "Culture and Arts"),
    "sustainable-cities": ("Nachhaltige Stadt", "Sustainable City"),
    "renewable-energy": ("Erneuerbare Energien", "Renewable Energy"),
    "food-sovereignty": ("Ernährungssouveränität", "Food Sovereignty"),
    "decent-work": ("Gute Arbeit", "Decent Work"),
    "peace": ("Frieden", "Peace"),
    "intercultural-opening": ("Interkulturelle Öffnung", "Intercultural Opening"),
    "media-journalism": ("Medien", "Media"),
    "refugee-support": ("Geflüchtetenhilfe", "Refugee Support"),
    "remembrance-culture": ("Erinnerungskultur", "Remembrance Culture"),
    "partnerships": ("Partnerschaften", "Partnerships"),
}
KINDS = (
    "migrant-organisation", "registered-association", "initiative", "network", "foundation",
    "educational-institution", "religious-community", "cultural-institution",
    "non-profit-company",
)  # fmt: skip
FORMAL_KINDS = frozenset({"registered-association", "foundation", "non-profit-company"})
KIND_WORDS = {
    "migrant-organisation": ("Verein", "Association"),
    "registered-association": ("Verein", "Association"),
    "initiative": ("Initiative", "Initiative"),
    "network": ("Netzwerk", "Network"),
    "foundation": ("Stiftung", "Foundation"),
    "educational-institution": ("Bildungswerk", "Education Centre"),
    "religious-community": ("Gemeinde", "Community"),
    "cultural-institution": ("Kulturhaus", "Culture House"),
    "non-profit-company": ("Werkstatt", "Workshop"),
}
FORMATS = ("workshop", "talk", "panel", "city-walk", "training", "reading", "project-day",
           "consultation")  # fmt: skip
REGIONS = (
    "west-africa", "central-africa", "east-africa", "southern-africa", "north-africa",
    "middle-east", "south-asia", "southeast-asia", "east-asia", "latin-america", "caribbean",
    "eastern-europe", "central-asia", "pacific", "north-america", "western-europe", "germany",
)  # fmt: skip
ROLES = ("member", "chair", "board-member", "staff", "volunteer", "founder", "coordinator",
         "speaker")  # fmt: skip
LANGUAGES = ("de", "en", "fr", "ar", "tr", "sw", "fa", "es", "pt", "ru", "vi", "wo", "ln", "ti")
GIVEN = (
    "Amina", "Jonas", "Fatou", "Lukas", "Leyla", "Mehmet", "Chidi", "Sofia", "Kwame", "Mira",
    "Yusuf", "Hanna", "Thi", "Carlos", "Nadia", "Emre", "Awa", "Felix", "Rania", "Oleksandr",
    "Ayse", "Moussa", "Lena", "Samir", "Ngozi", "Paul", "Zeynep", "Ibrahim", "Marta", "Kofi",
)  # fmt: skip
FAMILY = (
    "Diallo", "Schmidt", "Yilmaz", "Okafor", "Nguyen", "Hoffmann", "Haddad", "Mensah", "Weber",
    "Kaya", "Traore", "Becker", "Rahimi", "Koch", "Ndiaye", "Silva", "Wagner", "Mwangi",
    "Petrenko", "Demir", "Ba", "Richter", "Osei", "Fischer", "Sarr", "Tran", "Yousef", "Klein",
)  # fmt: skip
AREA_WORDS = (
    "Wedding", "Moabit", "Gesundbrunnen", "Mitte", "Tiergarten", "Hansaviertel", "Kreuzberg",
    "Neukölln", "Pankow", "Lichtenberg", "Schöneberg", "Friedrichshain", "Spandau", "Steglitz",
)  # fmt: skip
STREET_WORDS = (
    "Linden", "Eichen", "Birken", "Ahorn", "Kastanien", "Ulmen", "Weiden", "Pappel", "Erlen",
    "Buchen", "Tannen", "Fichten", "Kiefern", "Eschen", "Holunder", "Flieder", "Rosen", "Nelken",
)  # fmt: skip
SITE_CLASSES = (("Street", "straße", "Straße", "Street"), ("Square", "platz", "Platz", "Square"))
FR_ALT = ("Association", "Initiative", "Réseau", "Maison", "Collectif")
AR_ALT = ("جمعية", "مبادرة", "شبكة", "بيت", "مجموعة")


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by '-' (umlauts transliterated), as docs/model.md says."""
    table = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "ç": "c"}
    out = []
    word = []
    for ch in text.lower():
        ch = table.get(ch, ch)
        if ch.isascii() and ch.isalnum():
            word.append(ch)
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return "-".join(out)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def lit(text: str, lang: str) -> str:
    return f'"{_escape(text)}"@{lang}'


def plain(text: str) -> str:
    return f'"{_escape(text)}"'


def typed(text: str, datatype: str) -> str:
    return f'"{_escape(text)}"^^<{XSD}{datatype}>'


def year(value: int) -> str:
    return typed(f"{value:04d}", "gYear")


def day(y: int, m: int, d: int) -> str:
    return typed(f"{y:04d}-{m:02d}-{d:02d}", "date")


def ref(iri: str) -> str:
    return f"<{iri}>"


class Writer:
    """Collects N-Quads lines for the public and the internal graph."""

    def __init__(self) -> None:
        self.public: list[str] = []
        self.internal: list[str] = []
        self._blank = 0

    def pub(self, s: str, p: str, o: str) -> None:
        self.public.append(f"{s} <{p}> {o} <{PUBLIC_GRAPH}> .\n")

    def intern(self, s: str, p: str, o: str) -> None:
        self.internal.append(f"{s} <{p}> {o} <{INTERNAL_GRAPH}> .\n")

    def blank(self) -> str:
        self._blank += 1
        return f"_:b{self._blank}"


def entity(kind: str, slug: str) -> str:
    return ref(f"{BENCH}{kind}/{slug}")


def vocab(scheme: str, slug: str) -> str:
    return ref(f"{AGV}{scheme}/{slug}")


def generate(scale: float, seed: int = SEED) -> Writer:
    """Build the whole graph in memory (lines of N-Quads), deterministically."""
    rng = random.Random(f"{seed}:{scale}")
    n = {k: max(2 if k != "place" else 3, round(v * scale)) for k, v in COUNTS.items()}
    w = Writer()
    pub, intern = w.pub, w.intern

    def labels(s: str, de: str, en: str, write: object = pub) -> None:
        write(s, SKOS + "prefLabel", lit(de, "de"))  # type: ignore[operator]
        write(s, SKOS + "prefLabel", lit(en, "en"))  # type: ignore[operator]

    def period(start_year: int) -> tuple[str, str | None]:
        start_m = rng.randint(1, 12)
        start = typed(f"{start_year:04d}-{start_m:02d}", "gYearMonth")
        if rng.random() < 0.4:
            return start, None
        end_year = min(2026, start_year + rng.randint(0, 6))
        return start, typed(f"{end_year:04d}-{max(start_m, rng.randint(1, 12)):02d}", "gYearMonth")

    # ---- administrative areas -------------------------------------------------------------
    places = []
    root = entity("place", "bench-city")
    pub(root, RDF_TYPE, ref(SCHEMA + "AdministrativeArea"))
    labels(root, "Bench-Stadt", "Bench City")
    for i in range(n["place"]):
        word = AREA_WORDS[i % len(AREA_WORDS)]
        name = f"{word} {i // len(AREA_WORDS) + 1}"
        s = entity("place", slugify(f"ortsteil {name}"))
        pub(s, RDF_TYPE, ref(SCHEMA + "AdministrativeArea"))
        labels(s, f"Ortsteil {name}", f"Locality {name}")
        pub(s, SCHEMA + "containedInPlace", root)
        places.append(s)

    # ---- organisations --------------------------------------------------------------------
    orgs: list[str] = []
    org_year: list[int] = []
    org_topics: list[tuple[str, ...]] = []
    for i in range(n["organisation"]):
        kinds = tuple(sorted(set(rng.sample(KINDS, rng.choice((1, 1, 2))))))
        topics = tuple(rng.sample(TOPICS, rng.randint(1, 3)))
        area = rng.choice(AREA_WORDS)
        kde, ken = KIND_WORDS[kinds[0]]
        tde, ten = TOPIC_WORDS[topics[0]]
        de = f"{kde} {tde} {area} {i + 1}"
        en = f"{ten} {ken} {area} {i + 1}"
        s = entity("organisation", slugify(de))
        founded = rng.randint(1950, 2024)
        orgs.append(s)
        org_year.append(founded)
        org_topics.append(topics)
        pub(s, RDF_TYPE, ref(ORG + "Organization"))
        if FORMAL_KINDS & set(kinds):
            pub(s, RDF_TYPE, ref(ORG + "FormalOrganization"))
        labels(s, de, en)
        if rng.random() < 0.2:
            pub(s, SKOS + "altLabel", lit(f"{rng.choice(FR_ALT)} {ten} {i + 1}", "fr"))
        if rng.random() < 0.1:
            pub(s, SKOS + "altLabel", lit(f"{rng.choice(AR_ALT)} {i + 1}", "ar"))
        for kind in kinds:
            pub(s, ORG + "classification", vocab("organisation-kind", kind))
        pub(s, SCHEMA + "foundingDate", year(founded))
        for place in rng.sample(places, rng.choice((1, 1, 2))):
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
            b = w.blank()
            pub(s, SCHEMA + "address", b)
            pub(b, RDF_TYPE, ref(SCHEMA + "PostalAddress"))
            pub(b, SCHEMA + "streetAddress", plain(f"{rng.choice(STREET_WORDS)}weg {i % 90 + 1}"))
            pub(b, SCHEMA + "postalCode", plain(f"{13000 + i % 999:05d}"))
            pub(b, SCHEMA + "addressLocality", plain("Berlin"))
        if i > 10 and rng.random() < 0.05:
            pub(s, ORG + "subOrganizationOf", orgs[rng.randrange(i)])

    # ---- people (living), profiles, contact data -----------------------------------------
    people: list[tuple[str, bool]] = []  # (iri, public)
    speakers: list[str] = []
    for i in range(n["person"]):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        name = f"{given} {family} {i + 1}"
        s = entity("person", slugify(name))
        consent = rng.random() < 0.6
        write = pub if consent else intern
        people.append((s, consent))
        write(s, RDF_TYPE, ref(FOAF + "Person"))
        write(s, SKOS + "prefLabel", lit(name, "de"))
        write(s, SKOS + "prefLabel", lit(name, "en"))
        write(s, FOAF + "givenName", plain(given))
        write(s, FOAF + "familyName", plain(f"{family} {i + 1}"))
        if consent:
            pub(s, AG + "publicationConsent", ref(DPV + "ConsentGiven"))
            pub(s, AG + "consentDate", day(rng.randint(2019, 2025), rng.randint(1, 12), 1))
        elif rng.random() < 0.5:
            intern(s, AG + "publicationConsent", ref(DPV + "ConsentRefused"))
        intern(s, VCARD + "hasEmail", ref(f"mailto:{slugify(name)}@example.org"))
        if rng.random() < 0.5:
            intern(s, VCARD + "hasTelephone", ref(f"tel:+49-30-{1000000 + i}"))
        if rng.random() < 0.3:
            p = entity("profile", slugify(name))
            write(s, AG + "hasSpeakerProfile", p)
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
            if consent:
                speakers.append(s)

    # ---- memberships ----------------------------------------------------------------------
    for i in range(n["membership"]):
        o = rng.randrange(len(orgs))
        if rng.random() < 0.15:
            member, public = orgs[rng.randrange(len(orgs))], True
        else:
            member, public = people[rng.randrange(len(people))]
        write = pub if public else intern
        s = entity("membership", f"membership-{i + 1}")
        write(s, RDF_TYPE, ref(ORG + "Membership"))
        write(s, ORG + "member", member)
        write(s, ORG + "organization", orgs[o])
        write(s, ORG + "role", vocab("role", rng.choice(ROLES)))
        start, end = period(rng.randint(max(org_year[o], 1990), 2025))
        write(s, SCHEMA + "startDate", start)
        if end:
            write(s, SCHEMA + "endDate", end)

    # ---- projects -------------------------------------------------------------------------
    projects: list[str] = []
    for i in range(n["project"]):
        topic = rng.choice(TOPICS)
        tde, ten = TOPIC_WORDS[topic]
        s = entity("project", slugify(f"projekt {tde} {i + 1}"))
        projects.append(s)
        pub(s, RDF_TYPE, ref(SCHEMA + "Project"))
        labels(s, f"Projekt {tde} {i + 1}", f"Project {ten} {i + 1}")
        for org in rng.sample(orgs, rng.randint(1, 2)):
            pub(s, SCHEMA + "organizer", org)
        if rng.random() < 0.5:
            pub(s, SCHEMA + "funder", rng.choice(orgs))
        start, end = period(rng.randint(2000, 2025))
        pub(s, SCHEMA + "startDate", start)
        if end:
            pub(s, SCHEMA + "endDate", end)
        pub(s, DCTERMS + "subject", vocab("topic", topic))
        pub(s, DCTERMS + "description", lit(f"Fiktives Projekt zu {tde}.", "de"))
        pub(s, DCTERMS + "description", lit(f"Fictional project on {ten}.", "en"))

    # ---- cooperations ---------------------------------------------------------------------
    for i in range(n["cooperation"]):
        first = rng.randrange(len(orgs))
        # Mostly local partners (neighbouring indices), sometimes far ones: communities + bridges.
        partners = {first}
        while len(partners) < rng.choice((2, 2, 2, 3, 4)):
            if rng.random() < 0.8:
                partners.add(max(0, min(len(orgs) - 1, first + rng.randint(-25, 25))))
            else:
                partners.add(rng.randrange(len(orgs)))
        topic = rng.choice(org_topics[first])
        tde, ten = TOPIC_WORDS[topic]
        s = entity("cooperation", slugify(f"kooperation {tde} {i + 1}"))
        pub(s, RDF_TYPE, ref(AG + "Cooperation"))
        labels(s, f"Kooperation {tde} {i + 1}", f"Cooperation {ten} {i + 1}")
        for p in sorted(partners):
            pub(s, AG + "partner", orgs[p])
        start, end = period(rng.randint(max(org_year[p] for p in partners), 2025))
        pub(s, SCHEMA + "startDate", start)
        if end:
            pub(s, SCHEMA + "endDate", end)
        pub(s, DCTERMS + "subject", vocab("topic", topic))
        if rng.random() < 0.3:
            pub(s, DCTERMS + "isPartOf", rng.choice(projects))

    # ---- historical people and events -----------------------------------------------------
    historical: list[str] = []
    for i in range(n["historical-person"]):
        name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} (historisch {i + 1})"
        s = entity("person", slugify(f"historisch {name}"))
        historical.append(s)
        pub(s, RDF_TYPE, ref(FOAF + "Person"))
        pub(s, RDF_TYPE, ref(AG + "HistoricalPerson"))
        labels(s, name, name.replace("historisch", "historical"))
        born = rng.randint(1780, 1900)
        pub(s, SCHEMA + "birthDate", year(born))
        pub(s, SCHEMA + "deathDate", year(born + rng.randint(20, 80)))
        pub(s, DCTERMS + "source", ref(f"https://example.org/bench/source/person-{i + 1}"))
        if rng.random() < 0.5:
            pub(s, "http://www.w3.org/2002/07/owl#sameAs",
                ref(f"http://www.wikidata.org/entity/Q{900000 + i}"))  # fmt: skip
    hist_events: list[str] = []
    for i in range(n["historical-event"]):
        s = entity("event", f"historisches-ereignis-{i + 1}")
        hist_events.append(s)
        pub(s, RDF_TYPE, ref(AG + "HistoricalEvent"))
        labels(s, f"Historisches Ereignis {i + 1}", f"Historical event {i + 1}")
        start = rng.randint(1850, 1918)
        pub(s, SCHEMA + "startDate", year(start))
        pub(s, SCHEMA + "endDate", year(start + rng.randint(0, 4)))
        pub(s, DCTERMS + "source", ref(f"https://example.org/bench/source/event-{i + 1}"))

    # ---- colonial-history sites and their naming histories --------------------------------
    sites: list[str] = []
    for i in range(n["site"]):
        cls, suffix, _de_word, en_word = rng.choice(SITE_CLASSES)
        honoured = historical[i % len(historical)]
        current = f"{rng.choice(STREET_WORDS)}-{rng.choice(FAMILY)}-{suffix} {i + 1}"
        s = entity("site", slugify(current))
        sites.append(s)
        pub(s, RDF_TYPE, ref(AG + cls))
        pub(s, SKOS + "prefLabel", lit(current, "de"))
        pub(s, SKOS + "prefLabel", lit(current.replace(suffix, f" {en_word}"), "en"))
        pub(s, WGS + "lat", typed(f"{52.45 + rng.random() * 0.15:.5f}", "decimal"))
        pub(s, WGS + "long", typed(f"{13.25 + rng.random() * 0.25:.5f}", "decimal"))
        pub(s, AG + "district", rng.choice(places))
        pub(s, DCTERMS + "source", ref(f"https://example.org/bench/source/site-{i + 1}"))
        pub(s, DCTERMS + "description", lit(f"Fiktiver Ort {current}.", "de"))
        years = sorted(rng.sample(range(1890, 2025), rng.randint(1, 3)))
        for k, start in enumerate(years):
            naming = entity("naming", f"{slugify(current)}-{start}")
            pub(s, AG + "hasNaming", naming)
            pub(naming, RDF_TYPE, ref(AG + "SiteNaming"))
            old = current if k == len(years) - 1 else f"{rng.choice(FAMILY)}{suffix} {i + 1}-{k}"
            pub(naming, SCHEMA + "name", lit(old, "de"))
            pub(naming, SCHEMA + "startDate", year(start))
            if k + 1 < len(years):
                pub(naming, SCHEMA + "endDate", year(years[k + 1]))
                pub(naming, AG + "decisionDate", year(years[k + 1]))
            pub(naming, AG + "honours", rng.choice((honoured, rng.choice(hist_events))))
            pub(naming, DCTERMS + "source", ref(f"https://example.org/bench/source/naming-{i}-{k}"))

    # ---- events and training offers -------------------------------------------------------
    for i in range(n["event"]):
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
        labels(s, de, en)
        pub(s, SCHEMA + "organizer", rng.choice(orgs))
        y = rng.randint(2005, 2026)
        pub(s, SCHEMA + "startDate", day(y, rng.randint(1, 12), rng.randint(1, 28)))
        pub(s, SCHEMA + "location", rng.choice(sites) if rng.random() < 0.3 else rng.choice(places))
        if speakers and rng.random() < 0.6:
            for performer in rng.sample(speakers, min(len(speakers), rng.randint(1, 2))):
                pub(s, SCHEMA + "performer", performer)
        if rng.random() < 0.3:
            pub(s, DCTERMS + "isPartOf", rng.choice(projects))
        pub(s, DCTERMS + "subject", vocab("topic", topic))
        pub(s, SCHEMA + "inLanguage", plain(rng.choice(("de", "en", "fr", "ar"))))
        if training:
            pub(s, SCHEMA + "audience", lit("Verwaltung", "de"))
            pub(s, SCHEMA + "audience", lit("administration", "en"))
    return w


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
