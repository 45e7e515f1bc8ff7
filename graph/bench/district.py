"""The building blocks of the synthetic district: its IRIs, its words, and an N-Quads writer.

`generate` builds the district section by section from these; `anchors` adds what the gallery
questions ask for by name. Everything here is data or a one-line term writer, so that a
section reads as a list of facts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from akteursgraph.namespaces import AG, AGV, DCTERMS, DPV, RDF, SCHEMA, SKOS, WGS, XSD
from akteursgraph.naming import slugify
from akteursgraph.people.purposes import PERSONAL_DATA
from akteursgraph.people.records import record_iri

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
    "memorial": 20,
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

    def consent(self, person: str, purposes: tuple[str, ...], status: str, when: str) -> None:
        """DPV consent records of `person` (an N-Triples IRI) in the internal graph, one per
        purpose (docs/model.md, "Consent"); `when` is an xsd:date lexical form."""
        for purpose in purposes:
            record = ref(record_iri(BASE, person[1:-1], AG + purpose))
            self.intern(record, RDF + "type", ref(DPV + "Consent"))
            self.intern(record, DPV + "hasDataSubject", person)
            self.intern(record, DPV + "hasPurpose", ref(AG + purpose))
            self.intern(record, DPV + "hasConsentStatus", ref(DPV + status))
            for category in PERSONAL_DATA[AG + purpose]:
                self.intern(record, DPV + "hasPersonalData", ref(category))
            self.intern(record, DPV + "isIndicatedAtTime", f'"{when}T00:00:00Z"^^<{XSD}dateTime>')

    def blank(self) -> str:
        self._blank += 1
        return f"_:b{self._blank}"


def entity(kind: str, slug: str) -> str:
    return ref(f"{BENCH}{kind}/{slug}")


def vocab(scheme: str, slug: str) -> str:
    return ref(f"{AGV}{scheme}/{slug}")


@dataclass
class District:
    """The district while it is built: the random stream, the writer, and what later sections
    link to (places, organisations, people, ...), in the order they were made."""

    rng: random.Random
    n: dict[str, int]
    w: Writer = field(default_factory=Writer)
    places: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    org_year: list[int] = field(default_factory=list)
    org_topics: list[tuple[str, ...]] = field(default_factory=list)
    org_places: list[list[str]] = field(default_factory=list)
    people: list[tuple[str, bool]] = field(default_factory=list)  # (iri, public)
    speakers: list[str] = field(default_factory=list)  # public people with a speaker profile
    projects: list[str] = field(default_factory=list)
    historical: list[str] = field(default_factory=list)
    hist_events: list[str] = field(default_factory=list)
    sites: list[str] = field(default_factory=list)

    def labels(self, s: str, de: str, en: str, *, public: bool = True) -> None:
        write = self.w.pub if public else self.w.intern
        write(s, SKOS + "prefLabel", lit(de, "de"))
        write(s, SKOS + "prefLabel", lit(en, "en"))

    def period(self, start_year: int) -> tuple[str, str | None]:
        """A start month and, six times in ten, an end month up to six years later."""
        rng = self.rng
        start_m = rng.randint(1, 12)
        start = typed(f"{start_year:04d}-{start_m:02d}", "gYearMonth")
        if rng.random() < 0.4:
            return start, None
        end_year = min(2026, start_year + rng.randint(0, 6))
        end = typed(f"{end_year:04d}-{max(start_m, rng.randint(1, 12)):02d}", "gYearMonth")
        return start, end

    def coordinates(self, s: str) -> None:
        """A latitude and longitude inside the city."""
        rng = self.rng
        self.w.pub(s, WGS + "lat", typed(f"{52.45 + rng.random() * 0.15:.5f}", "decimal"))
        self.w.pub(s, WGS + "long", typed(f"{13.25 + rng.random() * 0.25:.5f}", "decimal"))

    def address(self, s: str, street: str, postal_code: str) -> None:
        b = self.w.blank()
        self.w.pub(s, SCHEMA + "address", b)
        self.w.pub(b, RDF_TYPE, ref(SCHEMA + "PostalAddress"))
        self.w.pub(b, SCHEMA + "streetAddress", plain(street))
        self.w.pub(b, SCHEMA + "postalCode", plain(postal_code))
        self.w.pub(b, SCHEMA + "addressLocality", plain("Berlin"))

    def cooperation(
        self, number: int, topic: str, partners: list[str], start: str, end: str | None
    ) -> str:
        """One cooperation of `partners` on `topic`; returns its IRI."""
        pub = self.w.pub
        tde, ten = TOPIC_WORDS[topic]
        s = entity("cooperation", slugify(f"kooperation {tde} {number}"))
        pub(s, RDF_TYPE, ref(AG + "Cooperation"))
        self.labels(s, f"Kooperation {tde} {number}", f"Cooperation {ten} {number}")
        for partner in partners:
            pub(s, AG + "partner", partner)
        pub(s, SCHEMA + "startDate", start)
        if end:
            pub(s, SCHEMA + "endDate", end)
        pub(s, DCTERMS + "subject", vocab("topic", topic))
        return s
