#!/usr/bin/env python3
"""Generate the clearly fictional part of the Akteursgraph example data.

The shipped example needs enough organisations, people and relations to make the explorer, the
network views and the SPARQL examples interesting, but no real person may appear in it and no
real association may be misrepresented. So everything here is invented, every label says so
("(Beispiel)", "(Beispielperson)"), and the output is generated rather than hand-written: a fixed
seed and a sorted writer make the file byte-identical on every run, so a review diff shows only
deliberate changes.

The output follows docs/model.md: public facts go to the public example graph, contact data and
everything about people without publication consent go to the internal example graph. The script
re-reads what it wrote and checks the privacy rules and the model's cardinalities before it
reports success.

Exit codes: 0 written and checked, 1 written but a check failed, 2 usage or I/O error.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import unicodedata
import warnings
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import XSD

from akteursgraph.namespaces import (  # one place for the IRIs
    AG,
    AGV,
    DCTERMS,
    DPV,
    FOAF,
    ORG,
    PROV,
    SCHEMA,
    SKOS,
    VCARD,
)

# Changing the seed reshuffles people, memberships and cooperations; do it deliberately only.
SEED = 20_261_125
#: The last year the example data may reach; keeps "current" and "past" stable across years.
LAST_YEAR = 2026

BASE = "https://w3id.org/akteursgraph/mitte/"
EXAMPLE = BASE + "example/"
PUBLIC_GRAPH = URIRef(BASE + "graph/public/example")
INTERNAL_GRAPH = URIRef(BASE + "graph/internal/example")
DEFAULT_OUTPUT = (
    Path(__file__).resolve().parent.parent / "graph" / "data" / "example-fictional.trig"
)

RDF_TYPE = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

# Prefixes for the written TriG. The per-type prefixes only make the file readable; the
# contract (model.md) is about the full IRIs.
PREFIXES: tuple[tuple[str, str], ...] = (
    ("ag", AG),
    ("agv", AGV),
    ("dcterms", DCTERMS),
    ("dpv", DPV),
    ("excoop", EXAMPLE + "cooperation/"),
    ("exevent", EXAMPLE + "event/"),
    ("exmembership", EXAMPLE + "membership/"),
    ("exorg", EXAMPLE + "organisation/"),
    ("experson", EXAMPLE + "person/"),
    ("exprofile", EXAMPLE + "profile/"),
    ("exproject", EXAMPLE + "project/"),
    ("foaf", FOAF),
    ("format", AGV + "format/"),
    ("kind", AGV + "organisation-kind/"),
    ("org", ORG),
    ("organisation", BASE + "organisation/"),
    ("place", BASE + "place/"),
    ("prov", PROV),
    ("region", AGV + "region/"),
    ("role", AGV + "role/"),
    ("schema", SCHEMA),
    ("site", BASE + "site/"),
    ("skos", SKOS),
    ("topic", AGV + "topic/"),
    ("vcard", VCARD),
    ("xsd", str(XSD)),
)


def iri(namespace: str, local: str) -> URIRef:
    """Build an IRI; one helper so typos in namespace strings show up in one place."""
    return URIRef(namespace + local)


# Predicates and classes used below.
A = RDF_TYPE
PREF = iri(SKOS, "prefLabel")
ALT = iri(SKOS, "altLabel")
DESC = iri(DCTERMS, "description")
SUBJECT = iri(DCTERMS, "subject")
IS_PART_OF = iri(DCTERMS, "isPartOf")
S_START = iri(SCHEMA, "startDate")
S_END = iri(SCHEMA, "endDate")
S_FOUNDING = iri(SCHEMA, "foundingDate")
S_LANG = iri(SCHEMA, "knowsLanguage")
S_ABOUT = iri(SCHEMA, "knowsAbout")
S_ORGANIZER = iri(SCHEMA, "organizer")
S_FUNDER = iri(SCHEMA, "funder")
S_PERFORMER = iri(SCHEMA, "performer")
S_LOCATION = iri(SCHEMA, "location")
S_IN_LANGUAGE = iri(SCHEMA, "inLanguage")
S_AUDIENCE = iri(SCHEMA, "audience")
AG_DISTRICT = iri(AG, "district")
AG_PARTNER = iri(AG, "partner")
AG_PROFILE = iri(AG, "hasSpeakerProfile")
AG_FORMAT = iri(AG, "offersFormat")
AG_REGION = iri(AG, "regionalFocus")
AG_CONSENT = iri(AG, "publicationConsent")
AG_CONSENT_DATE = iri(AG, "consentDate")
ORG_CLASSIFICATION = iri(ORG, "classification")
ORG_MEMBER = iri(ORG, "member")
ORG_ORGANIZATION = iri(ORG, "organization")
ORG_ROLE = iri(ORG, "role")
FOAF_HOMEPAGE = iri(FOAF, "homepage")
FOAF_GIVEN = iri(FOAF, "givenName")
FOAF_FAMILY = iri(FOAF, "familyName")
VCARD_EMAIL = iri(VCARD, "hasEmail")
VCARD_TEL = iri(VCARD, "hasTelephone")

C_ORGANIZATION = iri(ORG, "Organization")
C_FORMAL = iri(ORG, "FormalOrganization")
C_PERSON = iri(FOAF, "Person")
C_PROFILE = iri(AG, "SpeakerProfile")
C_MEMBERSHIP = iri(ORG, "Membership")
C_COOPERATION = iri(AG, "Cooperation")
C_PROJECT = iri(SCHEMA, "Project")
C_EVENT = iri(SCHEMA, "Event")
C_TRAINING = iri(AG, "TrainingOffer")

CONSENT_GIVEN = iri(DPV, "ConsentGiven")
CONSENT_WITHDRAWN = iri(DPV, "ConsentWithdrawn")
CONSENT_REFUSED = iri(DPV, "ConsentRefused")

# The real coordination office, defined in graph/data/mitte-facts.trig; only referenced here.
OFFICE = URIRef(BASE + "organisation/koordinationsstelle-entwicklungspolitik")

SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# --------------------------------------------------------------------------------------------
# Vocabulary (only the concepts model.md lists)
# --------------------------------------------------------------------------------------------

TOPICS: dict[str, tuple[str, str]] = {
    "colonial-history": ("Kolonialgeschichte", "colonial history"),
    "anti-racism": ("Antirassismus", "anti-racism"),
    "global-citizenship-education": ("Globales Lernen", "global citizenship education"),
    "fair-trade": ("Fairer Handel", "fair trade"),
    "climate-justice": ("Klimagerechtigkeit", "climate justice"),
    "migration-development": ("Migration und Entwicklung", "migration and development"),
    "human-rights": ("Menschenrechte", "human rights"),
    "gender-equality": ("Geschlechtergerechtigkeit", "gender equality"),
    "health": ("Gesundheit", "health"),
    "education": ("Bildung", "education"),
    "youth": ("Jugend", "youth"),
    "culture-arts": ("Kultur und Kunst", "culture and arts"),
    "sustainable-cities": ("Nachhaltige Stadt", "sustainable cities"),
    "renewable-energy": ("Erneuerbare Energien", "renewable energy"),
    "food-sovereignty": ("Ernährungssouveränität", "food sovereignty"),
    "decent-work": ("Gute Arbeit", "decent work"),
    "peace": ("Frieden", "peace"),
    "intercultural-opening": ("Interkulturelle Öffnung", "intercultural opening"),
    "media-journalism": ("Medien und Journalismus", "media and journalism"),
    "refugee-support": ("Unterstützung Geflüchteter", "refugee support"),
    "remembrance-culture": ("Erinnerungskultur", "remembrance culture"),
    "partnerships": ("Partnerschaften", "partnerships"),
}

# Titles for cooperations, chosen by their main topic.
COOPERATION_TITLES: dict[str, tuple[str, str]] = {
    "colonial-history": ("Stadtrundgänge zur Kolonialgeschichte", "City walks on colonial history"),
    "anti-racism": ("Workshopreihe gegen Rassismus", "Workshop series against racism"),
    "global-citizenship-education": ("Globales Lernen an Schulen", "Global learning in schools"),
    "fair-trade": ("Aktionswochen Fairer Handel", "Fair trade action weeks"),
    "climate-justice": ("Klimagerechtigkeit im Kiez", "Climate justice in the neighbourhood"),
    "migration-development": ("Diaspora-Dialog Entwicklung", "Diaspora dialogue on development"),
    "human-rights": ("Menschenrechtsgespräche", "Human rights talks"),
    "gender-equality": ("Frauen stärken Frauen", "Women empowering women"),
    "health": ("Mehrsprachige Gesundheitsinformation", "Multilingual health information"),
    "education": ("Lernpatenschaften", "Learning mentorships"),
    "youth": ("Jugendbegegnungen", "Youth exchanges"),
    "culture-arts": ("Kiezkulturfest", "Neighbourhood culture festival"),
    "sustainable-cities": ("Nachhaltiger Kiez", "Sustainable neighbourhood"),
    "renewable-energy": ("Solarwerkstatt", "Solar workshop"),
    "food-sovereignty": ("Gemeinschaftsgarten Weltküche", "World kitchen community garden"),
    "decent-work": ("Beratung zu fairer Arbeit", "Counselling on decent work"),
    "peace": ("Dialogabende Frieden", "Peace dialogue evenings"),
    "intercultural-opening": (
        "Interkulturelle Öffnung im Bezirk",
        "Intercultural opening in the district",
    ),
    "media-journalism": ("Mehrsprachiges Kiezradio", "Multilingual neighbourhood radio"),
    "refugee-support": ("Ankommenspatenschaften", "Welcome mentorships"),
    "remembrance-culture": ("Gedenken und Erinnern", "Commemoration and remembrance"),
    "partnerships": ("Partnerschaftsaustausch", "Partnership exchange"),
}

KINDS: dict[str, tuple[str, str]] = {
    "migrant-organisation": ("Migrant*innenorganisation", "migrant organisation"),
    "registered-association": ("eingetragener Verein", "registered association"),
    "initiative": ("Initiative", "initiative"),
    "network": ("Netzwerk", "network"),
    "foundation": ("Stiftung", "foundation"),
    "educational-institution": ("Bildungseinrichtung", "educational institution"),
    "religious-community": ("Religionsgemeinschaft", "religious community"),
    "cultural-institution": ("Kultureinrichtung", "cultural institution"),
    "non-profit-company": ("gemeinnützige Gesellschaft", "non-profit company"),
}
#: Kinds that are registered bodies, hence also org:FormalOrganization.
FORMAL_KINDS = frozenset({"registered-association", "foundation", "non-profit-company"})

PLACES: dict[str, str] = {
    "wedding": "Wedding",
    "moabit": "Moabit",
    "gesundbrunnen": "Gesundbrunnen",
    "mitte": "Mitte",
    "tiergarten": "Tiergarten",
    "hansaviertel": "Hansaviertel",
}

FORMATS = (
    "workshop",
    "talk",
    "panel",
    "city-walk",
    "training",
    "reading",
    "project-day",
    "consultation",
)
FORMAT_WEIGHTS = (6, 5, 3, 2, 3, 2, 2, 2)

# --------------------------------------------------------------------------------------------
# Organisations (all invented; names checked not to copy known associations)
# --------------------------------------------------------------------------------------------

MO, RA, INI, NET = "migrant-organisation", "registered-association", "initiative", "network"
FOUND, EDU, REL, CUL, NPC = (
    "foundation",
    "educational-institution",
    "religious-community",
    "cultural-institution",
    "non-profit-company",
)


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
    alt: tuple[tuple[str, str], ...] = ()
    real_iri: str | None = None

    @property
    def slug(self) -> str:
        """Slug from the German name without legal form, so the IRI reads like the name."""
        return slugify(re.sub(r"\s+(e\.V\.|gGmbH)$", "", self.name_de))

    @property
    def iri(self) -> URIRef:
        """The entity IRI; real organisations keep theirs, defined in another file."""
        return URIRef(self.real_iri) if self.real_iri else iri(EXAMPLE, f"organisation/{self.slug}")

    @property
    def founded_year(self) -> int:
        """Year of founding, to keep activities after the founding."""
        return int(self.founded[:4])

    @property
    def display_de(self) -> str:
        """German name without legal form, for labels of relations."""
        return re.sub(r"\s+(e\.V\.|gGmbH)$", "", self.name_de)


ORGS: tuple[OrgSpec, ...] = (
    # --- community A: African diaspora, Wedding and Gesundbrunnen ---
    OrgSpec(
        name_de="Sahel-Brücke Wedding e.V.",
        name_en="Sahel Bridge Wedding",
        short_de="Sahel-Brücke",
        short_en="Sahel Bridge",
        kinds=(MO, RA),
        founded="2004-03-18",
        districts=("wedding",),
        languages=("de", "fr", "wo", "ff", "bm"),
        topics=("migration-development", "education", "partnerships"),
        communities="A",
        weight=3,
        alt=(("Pont du Sahel Wedding", "fr"),),
    ),
    OrgSpec(
        name_de="Initiative Straßennamen neu lesen",
        name_en="Initiative Reading Street Names Anew",
        short_de="Straßennamen neu lesen",
        short_en="Reading Street Names Anew",
        kinds=(INI,),
        founded="2011",
        districts=("wedding",),
        languages=("de", "en"),
        topics=("colonial-history", "remembrance-culture", "anti-racism"),
        communities="A",
        weight=3,
    ),
    OrgSpec(
        name_de="Kongolesisches Haus an der Panke e.V.",
        name_en="Congolese House on the Panke",
        short_de="Kongolesisches Haus",
        short_en="Congolese House",
        kinds=(MO, RA),
        founded="2008-09-02",
        districts=("gesundbrunnen",),
        languages=("de", "fr", "ln", "sw"),
        topics=("culture-arts", "peace", "human-rights"),
        communities="A",
        weight=2,
        alt=(("Maison congolaise de la Panke", "fr"), ("Ndako ya Kongo na Panke", "ln")),
    ),
    OrgSpec(
        name_de="Ostafrikanische Familienrunde Gesundbrunnen e.V.",
        name_en="East African Family Circle Gesundbrunnen",
        short_de="Ostafrikanische Familienrunde",
        short_en="East African Family Circle",
        kinds=(MO, RA),
        founded="2013",
        districts=("gesundbrunnen",),
        languages=("de", "sw", "en"),
        topics=("education", "youth", "health"),
        communities="A",
        weight=1,
        alt=(("Familia ya Afrika Mashariki Gesundbrunnen", "sw"),),
    ),
    OrgSpec(
        name_de="Frauenforum Senegambia Wedding e.V.",
        name_en="Senegambia Women's Forum Wedding",
        short_de="Frauenforum Senegambia",
        short_en="Senegambia Women's Forum",
        kinds=(MO, RA),
        founded="1998-05-09",
        districts=("wedding",),
        languages=("de", "wo", "fr", "ff", "en"),
        topics=("gender-equality", "health", "decent-work"),
        communities="A",
        weight=2,
        alt=(("Forum des femmes de Sénégambie", "fr"),),
    ),
    OrgSpec(
        name_de="Jugendstudio Pankeufer",
        name_en="Pankeufer Youth Studio",
        short_de="Jugendstudio Pankeufer",
        short_en="Pankeufer Youth Studio",
        kinds=(INI, MO),
        founded="2019",
        districts=("gesundbrunnen",),
        languages=("de", "en", "fr", "sw"),
        topics=("youth", "media-journalism", "culture-arts"),
        communities="A",
        weight=1,
    ),
    OrgSpec(
        name_de="Bildungswerk Diaspora und Entwicklung gGmbH",
        name_en="Diaspora and Development Education Works",
        short_de="Bildungswerk Diaspora",
        short_en="Diaspora Education Works",
        kinds=(MO, NPC, EDU),
        founded="2010-01-12",
        districts=("mitte", "wedding"),
        languages=("de", "en", "fr"),
        topics=("global-citizenship-education", "colonial-history", "intercultural-opening"),
        communities="AC",
        weight=3,
    ),
    OrgSpec(
        name_de="Freundeskreis Wouri e.V.",
        name_en="Friends of the Wouri",
        short_de="Freundeskreis Wouri",
        short_en="Friends of the Wouri",
        kinds=(MO, RA),
        founded="1995-11-04",
        districts=("wedding",),
        languages=("de", "fr", "dua", "en"),
        topics=("colonial-history", "remembrance-culture", "partnerships"),
        communities="A",
        weight=2,
        alt=(("Les Amis du Wouri", "fr"),),
    ),
    OrgSpec(
        name_de="Pfingstgemeinde Neues Licht Gesundbrunnen",
        name_en="New Light Pentecostal Congregation Gesundbrunnen",
        short_de="Gemeinde Neues Licht",
        short_en="New Light Congregation",
        kinds=(REL, MO),
        founded="2006",
        districts=("gesundbrunnen",),
        languages=("de", "en", "fr", "tw"),
        topics=("refugee-support", "intercultural-opening"),
        communities="A",
        weight=1,
    ),
    OrgSpec(
        name_de="Initiative Fairer Kakao Wedding",
        name_en="Fair Cocoa Initiative Wedding",
        short_de="Fairer Kakao",
        short_en="Fair Cocoa",
        kinds=(INI,),
        founded="2012",
        districts=("wedding",),
        languages=("de", "en", "tw"),
        topics=("fair-trade", "food-sovereignty"),
        communities="A",
        weight=1,
    ),
    OrgSpec(
        name_de="Westafrikanisches Elternnetzwerk Gesundbrunnen",
        name_en="West African Parents' Network Gesundbrunnen",
        short_de="Westafrikanisches Elternnetzwerk",
        short_en="West African Parents' Network",
        kinds=(INI, MO),
        founded="2016",
        districts=("gesundbrunnen",),
        languages=("de", "fr", "wo", "bm"),
        topics=("education", "youth"),
        communities="A",
        weight=1,
        alt=(("Réseau des parents ouest-africains de Gesundbrunnen", "fr"),),
    ),
    OrgSpec(
        name_de="Kora-Haus Wedding gGmbH",
        name_en="Kora House Wedding",
        short_de="Kora-Haus",
        short_en="Kora House",
        kinds=(CUL, NPC),
        founded="2014-04-01",
        districts=("wedding",),
        languages=("de", "fr", "en"),
        topics=("culture-arts", "remembrance-culture"),
        communities="A",
        weight=1,
    ),
    OrgSpec(
        name_de="Afrodeutsche Studierendeninitiative Nord",
        name_en="Afro-German Student Initiative North",
        short_de="Studierendeninitiative Nord",
        short_en="Student Initiative North",
        kinds=(INI, MO),
        founded="2021",
        districts=("wedding", "mitte"),
        languages=("de", "en"),
        topics=("anti-racism", "education"),
        communities="A",
        weight=1,
    ),
    # --- community B: Middle East, Turkey, Afghanistan; Moabit and Tiergarten ---
    OrgSpec(
        name_de="Deutsch-Arabischer Elternverein Moabit e.V.",
        name_en="German-Arab Parents' Association Moabit",
        short_de="Elternverein Moabit",
        short_en="Parents' Association Moabit",
        kinds=(MO, RA),
        founded="2007-06-21",
        districts=("moabit",),
        languages=("de", "ar", "en"),
        topics=("education", "youth", "intercultural-opening"),
        communities="B",
        weight=2,
        alt=(("جمعية أولياء الأمور الألمانية العربية في موابيت", "ar"),),
    ),
    OrgSpec(
        name_de="Maghreb-Brücke Moabit e.V.",
        name_en="Maghreb Bridge Moabit",
        short_de="Maghreb-Brücke",
        short_en="Maghreb Bridge",
        kinds=(MO, RA),
        founded="2003-10-15",
        districts=("moabit",),
        languages=("de", "ar", "fr"),
        topics=("migration-development", "colonial-history", "culture-arts"),
        communities="AB",
        weight=3,
        alt=(("Pont du Maghreb Moabit", "fr"), ("جسر المغرب العربي موابيت", "ar")),
    ),
    OrgSpec(
        name_de="Anatolisches Nachbarschaftshaus Moabit e.V.",
        name_en="Anatolian Neighbourhood House Moabit",
        short_de="Anatolisches Nachbarschaftshaus",
        short_en="Anatolian Neighbourhood House",
        kinds=(MO, RA),
        founded="1992-02-27",
        districts=("moabit",),
        languages=("de", "tr", "ku"),
        topics=("intercultural-opening", "decent-work", "youth"),
        communities="B",
        weight=3,
        alt=(("Moabit Anadolu Komşuluk Evi", "tr"),),
    ),
    OrgSpec(
        name_de="Kulturraum Levante Moabit e.V.",
        name_en="Levant Cultural Space Moabit",
        short_de="Kulturraum Levante",
        short_en="Levant Cultural Space",
        kinds=(MO, RA),
        founded="2016-08-30",
        districts=("moabit",),
        languages=("de", "ar", "en"),
        topics=("culture-arts", "refugee-support", "peace"),
        communities="B",
        weight=2,
        alt=(("فضاء المشرق الثقافي موابيت", "ar"),),
    ),
    OrgSpec(
        name_de="Afghanische Frauenwerkstatt Tiergarten e.V.",
        name_en="Afghan Women's Workshop Tiergarten",
        short_de="Afghanische Frauenwerkstatt",
        short_en="Afghan Women's Workshop",
        kinds=(MO, RA),
        founded="2012-03-08",
        districts=("tiergarten",),
        languages=("de", "fa", "ps"),
        topics=("gender-equality", "decent-work", "education"),
        communities="B",
        weight=1,
        alt=(("کارگاه زنان افغان تیرگارتن", "fa"),),
    ),
    OrgSpec(
        name_de="Persischer Lesekreis Moabit",
        name_en="Persian Reading Circle Moabit",
        short_de="Persischer Lesekreis",
        short_en="Persian Reading Circle",
        kinds=(INI, MO),
        founded="2018",
        districts=("moabit",),
        languages=("de", "fa"),
        topics=("culture-arts", "human-rights"),
        communities="B",
        weight=1,
        alt=(("حلقه کتابخوانی موابیت", "fa"),),
    ),
    OrgSpec(
        name_de="Interreligiöser Gesprächskreis Moabit",
        name_en="Interfaith Dialogue Circle Moabit",
        short_de="Interreligiöser Gesprächskreis",
        short_en="Interfaith Dialogue Circle",
        kinds=(REL, INI),
        founded="2009",
        districts=("moabit",),
        languages=("de", "ar", "tr"),
        topics=("peace", "intercultural-opening"),
        communities="B",
        weight=1,
    ),
    OrgSpec(
        name_de="Refugee-Lotsen Tiergarten",
        name_en="Refugee Guides Tiergarten",
        short_de="Refugee-Lotsen",
        short_en="Refugee Guides",
        kinds=(INI,),
        founded="2015",
        districts=("tiergarten", "moabit"),
        languages=("de", "ar", "fa", "en"),
        topics=("refugee-support", "human-rights"),
        communities="B",
        weight=2,
    ),
    OrgSpec(
        name_de="Migrantische Unternehmerinnen Moabit e.V.",
        name_en="Migrant Women Entrepreneurs Moabit",
        short_de="Migrantische Unternehmerinnen",
        short_en="Migrant Women Entrepreneurs",
        kinds=(MO, RA),
        founded="2017-11-02",
        districts=("moabit",),
        languages=("de", "tr", "ar"),
        topics=("decent-work", "gender-equality"),
        communities="B",
        weight=1,
        alt=(("Moabitli Göçmen Kadın Girişimciler", "tr"),),
    ),
    OrgSpec(
        name_de="Stiftung Kiezbrücke",
        name_en="Kiezbrücke Foundation",
        short_de="Stiftung Kiezbrücke",
        short_en="Kiezbrücke Foundation",
        kinds=(FOUND,),
        founded="2005-07-01",
        districts=("moabit", "tiergarten"),
        languages=("de", "en"),
        topics=("partnerships", "education"),
        communities="B",
        weight=1,
    ),
    OrgSpec(
        name_de="Sprachcafé Turmstraße",
        name_en="Turmstraße Language Café",
        short_de="Sprachcafé Turmstraße",
        short_en="Turmstraße Language Café",
        kinds=(INI,),
        founded="2016",
        districts=("moabit",),
        languages=("de", "ar", "tr", "fa", "uk", "en"),
        topics=("intercultural-opening", "refugee-support"),
        communities="BC",
        weight=1,
    ),
    # --- community C: Asia, Latin America, Eastern Europe, sustainability; Mitte ---
    OrgSpec(
        name_de="Vietnamesischer Kulturkreis Hansaviertel e.V.",
        name_en="Vietnamese Cultural Circle Hansaviertel",
        short_de="Vietnamesischer Kulturkreis",
        short_en="Vietnamese Cultural Circle",
        kinds=(MO, RA),
        founded="1997-09-19",
        districts=("hansaviertel",),
        languages=("de", "vi"),
        topics=("culture-arts", "decent-work", "remembrance-culture"),
        communities="C",
        weight=2,
        alt=(("Hội Văn hóa Việt Nam Hansaviertel", "vi"),),
    ),
    OrgSpec(
        name_de="Mekong-Werkstatt Mitte",
        name_en="Mekong Workshop Mitte",
        short_de="Mekong-Werkstatt",
        short_en="Mekong Workshop",
        kinds=(INI, MO),
        founded="2014",
        districts=("mitte",),
        languages=("de", "vi", "en"),
        topics=("climate-justice", "food-sovereignty"),
        communities="C",
        weight=2,
        alt=(("Xưởng Mê Kông Mitte", "vi"),),
    ),
    OrgSpec(
        name_de="Lateinamerikanisches Solidaritätsnetz Mitte e.V.",
        name_en="Latin American Solidarity Web Mitte",
        short_de="Solidaritätsnetz Lateinamerika",
        short_en="Latin American Solidarity Web",
        kinds=(MO, RA),
        founded="2002-04-25",
        districts=("mitte",),
        languages=("de", "es", "pt"),
        topics=("human-rights", "climate-justice", "food-sovereignty"),
        communities="C",
        weight=2,
        alt=(("Red Latinoamericana Solidaria Mitte", "es"),),
    ),
    OrgSpec(
        name_de="Roda Brasileira Tiergarten e.V.",
        name_en="Roda Brasileira Tiergarten",
        short_de="Roda Brasileira",
        short_en="Roda Brasileira",
        kinds=(MO, RA),
        founded="2018-02-10",
        districts=("tiergarten",),
        languages=("de", "pt"),
        topics=("culture-arts", "youth"),
        communities="C",
        weight=1,
        alt=(("Roda Brasileira de Tiergarten", "pt"),),
    ),
    OrgSpec(
        name_de="Ukrainisch-deutsche Nachbarschaftshilfe Mitte",
        name_en="Ukrainian-German Neighbourly Help Mitte",
        short_de="Nachbarschaftshilfe Mitte",
        short_en="Neighbourly Help Mitte",
        kinds=(INI, MO),
        founded="2022-03-05",
        districts=("mitte",),
        languages=("de", "uk", "ru"),
        topics=("refugee-support", "peace"),
        communities="C",
        weight=2,
        alt=(("Українсько-німецька сусідська допомога Мітте", "uk"),),
    ),
    OrgSpec(
        name_de="Initiative Klimagerechtes Mitte",
        name_en="Climate-Just Mitte Initiative",
        short_de="Klimagerechtes Mitte",
        short_en="Climate-Just Mitte",
        kinds=(INI,),
        founded="2019",
        districts=("mitte", "tiergarten"),
        languages=("de", "en", "es"),
        topics=("climate-justice", "renewable-energy", "sustainable-cities"),
        communities="C",
        weight=2,
    ),
    OrgSpec(
        name_de="Fair-Kiosk Invalidenstraße gGmbH",
        name_en="Fair Kiosk Invalidenstraße",
        short_de="Fair-Kiosk",
        short_en="Fair Kiosk",
        kinds=(NPC,),
        founded="2011-05-14",
        districts=("mitte",),
        languages=("de", "en"),
        topics=("fair-trade", "food-sovereignty", "decent-work"),
        communities="C",
        weight=1,
    ),
    OrgSpec(
        name_de="Akademie für Globales Lernen Mitte gGmbH",
        name_en="Academy for Global Learning Mitte",
        short_de="Akademie Globales Lernen",
        short_en="Academy for Global Learning",
        kinds=(EDU, NPC),
        founded="2009-09-01",
        districts=("mitte",),
        languages=("de", "en", "es", "fr"),
        topics=("global-citizenship-education", "education", "climate-justice"),
        communities="C",
        weight=3,
    ),
    OrgSpec(
        name_de="Stiftung Brückenschlag Spree",
        name_en="Brückenschlag Spree Foundation",
        short_de="Stiftung Brückenschlag",
        short_en="Brückenschlag Foundation",
        kinds=(FOUND,),
        founded="2001-12-03",
        districts=("mitte",),
        languages=("de", "en"),
        topics=("partnerships", "sustainable-cities"),
        communities="C",
        weight=1,
    ),
    OrgSpec(
        name_de="Medienkollektiv Vielstimmig",
        name_en="Polyphonic Media Collective",
        short_de="Medienkollektiv Vielstimmig",
        short_en="Polyphonic Media Collective",
        kinds=(INI,),
        founded="2017",
        districts=("mitte", "wedding"),
        languages=("de", "en", "ar", "fr"),
        topics=("media-journalism", "anti-racism"),
        communities="BC",
        weight=2,
    ),
    OrgSpec(
        name_de="Südasien-Forum Mitte e.V.",
        name_en="South Asia Forum Mitte",
        short_de="Südasien-Forum",
        short_en="South Asia Forum",
        kinds=(MO, RA),
        founded="2010-10-10",
        districts=("mitte",),
        languages=("de", "en", "hi", "ur", "bn", "ta"),
        topics=("human-rights", "decent-work", "gender-equality"),
        communities="C",
        weight=1,
        alt=(("दक्षिण एशिया फ़ोरम मिट्टे", "hi"),),
    ),
    # --- networks ---
    OrgSpec(
        name_de="Dachnetzwerk Globales Mitte e.V.",
        name_en="Global Mitte Umbrella Network",
        short_de="Dachnetzwerk",
        short_en="Umbrella Network",
        kinds=(NET, RA),
        founded="2013-06-12",
        districts=("mitte",),
        languages=("de", "en", "fr", "ar"),
        topics=("partnerships", "migration-development"),
        communities="ABC",
        weight=2,
    ),
    OrgSpec(
        name_de="Diaspora-Netzwerk Pankeufer",
        name_en="Pankeufer Diaspora Network",
        short_de="Diaspora-Netzwerk Pankeufer",
        short_en="Pankeufer Diaspora Network",
        kinds=(NET, MO),
        founded="2015",
        districts=("wedding", "gesundbrunnen"),
        languages=("de", "fr", "en", "sw"),
        topics=("migration-development", "partnerships"),
        communities="A",
        weight=1,
        alt=(("Réseau diaspora Pankeufer", "fr"),),
    ),
    OrgSpec(
        name_de="Runder Tisch Moabit International",
        name_en="Moabit International Round Table",
        short_de="Runder Tisch Moabit",
        short_en="Moabit Round Table",
        kinds=(NET,),
        founded="2017",
        districts=("moabit",),
        languages=("de", "ar", "tr"),
        topics=("intercultural-opening", "partnerships"),
        communities="B",
        weight=1,
    ),
    # --- isolated: in the data, but in no cooperation or network ---
    OrgSpec(
        name_de="Tamilischer Kulturverein Hansaviertel e.V.",
        name_en="Tamil Cultural Association Hansaviertel",
        short_de="Tamilischer Kulturverein",
        short_en="Tamil Cultural Association",
        kinds=(MO, RA),
        founded="1999-04-14",
        districts=("hansaviertel",),
        languages=("de", "ta"),
        topics=("culture-arts", "education"),
        communities="",
    ),
    OrgSpec(
        name_de="Bolivianische Tanzgruppe Tiergarten",
        name_en="Bolivian Dance Group Tiergarten",
        short_de="Tanzgruppe Tiergarten",
        short_en="Dance Group Tiergarten",
        kinds=(INI, MO),
        founded="2020",
        districts=("tiergarten",),
        languages=("de", "es", "qu"),
        topics=("culture-arts", "youth"),
        communities="",
        weight=0,
        alt=(("Grupo de Danza Boliviana Tiergarten", "es"),),
    ),
)

# The real coordination office (defined in another file): only referenced, never described here.
OFFICE_SPEC = OrgSpec(
    name_de="Koordinationsstelle für kommunale Entwicklungspolitik",
    name_en="Coordination Office for Municipal Development Policy",
    short_de="Koordinationsstelle",
    short_en="Coordination Office",
    kinds=(),
    founded="2012",
    districts=(),
    languages=(),
    topics=(),
    communities="ABC",
    weight=4,
    alt=(),
    real_iri=str(OFFICE),
)

NETWORK_MEMBERS: dict[str, tuple[str, ...]] = {
    "dachnetzwerk-globales-mitte": (
        "sahel-bruecke-wedding",
        "initiative-strassennamen-neu-lesen",
        "frauenforum-senegambia-wedding",
        "freundeskreis-wouri",
        "bildungswerk-diaspora-und-entwicklung",
        "kongolesisches-haus-an-der-panke",
        "deutsch-arabischer-elternverein-moabit",
        "maghreb-bruecke-moabit",
        "anatolisches-nachbarschaftshaus-moabit",
        "kulturraum-levante-moabit",
        "vietnamesischer-kulturkreis-hansaviertel",
        "lateinamerikanisches-solidaritaetsnetz-mitte",
        "akademie-fuer-globales-lernen-mitte",
        "suedasien-forum-mitte",
        "medienkollektiv-vielstimmig",
        "diaspora-netzwerk-pankeufer",
        "runder-tisch-moabit-international",
    ),
    "diaspora-netzwerk-pankeufer": (
        "sahel-bruecke-wedding",
        "kongolesisches-haus-an-der-panke",
        "ostafrikanische-familienrunde-gesundbrunnen",
        "frauenforum-senegambia-wedding",
        "jugendstudio-pankeufer",
        "freundeskreis-wouri",
        "pfingstgemeinde-neues-licht-gesundbrunnen",
        "westafrikanisches-elternnetzwerk-gesundbrunnen",
        "kora-haus-wedding",
        "afrodeutsche-studierendeninitiative-nord",
    ),
    "runder-tisch-moabit-international": (
        "deutsch-arabischer-elternverein-moabit",
        "maghreb-bruecke-moabit",
        "anatolisches-nachbarschaftshaus-moabit",
        "kulturraum-levante-moabit",
        "afghanische-frauenwerkstatt-tiergarten",
        "interreligioeser-gespraechskreis-moabit",
        "refugee-lotsen-tiergarten",
        "migrantische-unternehmerinnen-moabit",
        "sprachcafe-turmstrasse",
        "persischer-lesekreis-moabit",
    ),
}

# --------------------------------------------------------------------------------------------
# People: name pools by cultural background (no famous names); labels mark them as fictional
# --------------------------------------------------------------------------------------------


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


CULTURES: dict[str, Culture] = {
    "west-africa": Culture(
        count=12,
        given=(
            "Aminata",
            "Moussa",
            "Fatou",
            "Ibrahima",
            "Awa",
            "Ousmane",
            "Mariama",
            "Cheikh",
            "Khady",
            "Lamine",
            "Binta",
            "Abdoulaye",
            "Coumba",
            "Mamadou",
        ),
        family=(
            "Diallo",
            "Ndiaye",
            "Sow",
            "Diop",
            "Camara",
            "Ba",
            "Sarr",
            "Faye",
            "Barry",
            "Sy",
            "Cissé",
            "Kane",
            "Mbaye",
        ),
        core_languages=("fr",),
        extra_languages=("wo", "ff", "bm", "en"),
        regions=("west-africa",),
        topics=(
            "colonial-history",
            "anti-racism",
            "migration-development",
            "gender-equality",
            "health",
            "food-sovereignty",
            "global-citizenship-education",
        ),
        communities="A",
    ),
    "cameroon": Culture(
        count=4,
        given=("Nadège", "Blaise", "Clarisse", "Hervé", "Sandrine", "Joël"),
        family=("Ngono", "Ekambi", "Tchoumi", "Mvondo", "Essomba"),
        core_languages=("fr", "dua"),
        extra_languages=("en", "ewo"),
        regions=("central-africa",),
        topics=(
            "colonial-history",
            "remembrance-culture",
            "anti-racism",
            "global-citizenship-education",
        ),
        communities="A",
    ),
    "congo": Culture(
        count=5,
        given=("Grâce", "Serge", "Divine", "Josué", "Merveille", "Patience"),
        family=("Mbuyi", "Kabongo", "Ilunga", "Lukusa", "Mputu"),
        core_languages=("fr", "ln"),
        extra_languages=("sw", "en"),
        regions=("central-africa",),
        topics=("colonial-history", "peace", "human-rights", "culture-arts"),
        communities="A",
    ),
    "east-africa": Culture(
        count=8,
        given=("Neema", "Baraka", "Zawadi", "Juma", "Amani", "Wanjiru", "Rehema", "Faraji"),
        family=("Mwangi", "Kimaro", "Achieng", "Mushi", "Odhiambo", "Massawe", "Njeri", "Shayo"),
        core_languages=("sw", "en"),
        extra_languages=(),
        regions=("east-africa",),
        topics=(
            "colonial-history",
            "climate-justice",
            "education",
            "health",
            "renewable-energy",
            "global-citizenship-education",
        ),
        communities="A",
    ),
    "maghreb": Culture(
        count=6,
        given=("Yacine", "Soraya", "Mehdi", "Amel", "Nadia", "Rachid", "Samira"),
        family=("Benali", "Bouzid", "Cherif", "Mebarki", "Haddouch", "Zerrouki", "Lahlou"),
        core_languages=("ar", "fr"),
        extra_languages=("en",),
        regions=("north-africa",),
        topics=(
            "colonial-history",
            "migration-development",
            "anti-racism",
            "intercultural-opening",
        ),
        communities="AB",
    ),
    "levant": Culture(
        count=8,
        given=("Layla", "Karim", "Yasmin", "Omar", "Nour", "Samir", "Rania", "Tarek", "Hiba"),
        family=("Haddad", "Khalil", "Mansour", "Saleh", "Khoury", "Nassar", "Barakat", "Aziz"),
        core_languages=("ar",),
        extra_languages=("en", "fr"),
        regions=("middle-east",),
        topics=(
            "refugee-support",
            "human-rights",
            "peace",
            "culture-arts",
            "intercultural-opening",
        ),
        communities="B",
    ),
    "turkey": Culture(
        count=7,
        given=("Elif", "Deniz", "Murat", "Zeynep", "Emre", "Aylin", "Serkan", "Berfin", "Rojda"),
        family=("Yıldız", "Aydın", "Demir", "Kaya", "Öztürk", "Çelik", "Arslan"),
        core_languages=("tr",),
        extra_languages=("ku", "en"),
        regions=("middle-east",),
        topics=(
            "intercultural-opening",
            "decent-work",
            "anti-racism",
            "remembrance-culture",
            "youth",
        ),
        communities="B",
    ),
    "iran-afghanistan": Culture(
        count=5,
        given=("Farah", "Dariush", "Shirin", "Navid", "Parisa", "Zahra", "Hamid"),
        family=("Rahimi", "Karimi", "Hosseini", "Sadeghi", "Ahmadzai", "Nazari"),
        core_languages=("fa",),
        extra_languages=("ps", "en"),
        regions=("middle-east", "central-asia"),
        topics=("human-rights", "gender-equality", "refugee-support", "culture-arts"),
        communities="B",
    ),
    "vietnam": Culture(
        count=6,
        given=("Thu Hà", "Minh Anh", "Quang", "Linh", "Tuấn", "Mai", "Hoa"),
        family=("Nguyễn", "Trần", "Phạm", "Lê", "Đỗ", "Vũ", "Hoàng"),
        core_languages=("vi",),
        extra_languages=("en",),
        regions=("southeast-asia",),
        topics=("decent-work", "remembrance-culture", "climate-justice", "food-sovereignty"),
        communities="C",
    ),
    "latin-america": Culture(
        count=6,
        given=("Camila", "Mateo", "Valentina", "Diego", "Lucía", "Andrés", "Ximena"),
        family=("Rojas", "Quispe", "Mendoza", "Herrera", "Castillo", "Huamán", "Vargas"),
        core_languages=("es",),
        extra_languages=("qu", "en", "pt"),
        regions=("latin-america", "caribbean"),
        topics=("climate-justice", "human-rights", "food-sovereignty", "fair-trade"),
        communities="C",
    ),
    "brazil": Culture(
        count=3,
        given=("Thiago", "Larissa", "Juliana", "Rafael"),
        family=("Souza", "Oliveira", "Carvalho", "Ribeiro"),
        core_languages=("pt",),
        extra_languages=("es", "en"),
        regions=("latin-america",),
        topics=("culture-arts", "youth", "climate-justice", "anti-racism"),
        communities="C",
    ),
    "ukraine": Culture(
        count=5,
        given=("Olena", "Taras", "Iryna", "Dmytro", "Oksana", "Bohdan"),
        family=("Kovalenko", "Shevchuk", "Melnyk", "Bondarenko", "Tkachenko", "Hnatiuk"),
        core_languages=("uk", "ru"),
        extra_languages=("en",),
        regions=("eastern-europe",),
        topics=("peace", "refugee-support", "human-rights", "remembrance-culture"),
        communities="C",
    ),
    "south-asia": Culture(
        count=3,
        given=("Priya", "Arjun", "Tharsini", "Ravi", "Kavitha"),
        family=("Raman", "Sivakumar", "Iyer", "Krishnan", "Balasubramaniam"),
        core_languages=("ta", "en"),
        extra_languages=("hi",),
        regions=("south-asia",),
        topics=("decent-work", "fair-trade", "gender-equality", "climate-justice"),
        communities="C",
    ),
    "germany": Culture(
        count=2,
        given=("Jana", "Lukas", "Katrin", "Moritz"),
        family=("Schneider", "Becker", "Hoffmann", "Krüger"),
        core_languages=("en",),
        extra_languages=("fr", "es"),
        regions=("germany",),
        topics=(
            "global-citizenship-education",
            "fair-trade",
            "colonial-history",
            "sustainable-cities",
        ),
        communities="ABC",
    ),
}

SPEAKERS = 30
#: How many people get which consent status (None: never asked). 27 of 80 stay internal.
CONSENT_SHARES: dict[URIRef | None, int] = {
    CONSENT_GIVEN: 53,
    CONSENT_WITHDRAWN: 7,
    CONSENT_REFUSED: 4,
    None: 16,
}


@dataclass(frozen=True)
class ForcedSpeaker:
    """A speaker profile fixed by hand so a demo question has a known answer."""

    culture: str
    index: int
    consent: URIRef | None
    topics: tuple[str, ...]
    formats: tuple[str, ...]
    languages: tuple[str, ...] = ()


FORCED_SPEAKERS: tuple[ForcedSpeaker, ...] = (
    # "Who speaks Arabic and French and gives workshops on colonial history?": two public
    # answers; the third withdrew consent, so the internal answer differs from the public one.
    ForcedSpeaker(
        culture="maghreb",
        index=0,
        consent=CONSENT_GIVEN,
        topics=("colonial-history", "anti-racism"),
        formats=("workshop", "talk"),
    ),
    ForcedSpeaker(
        culture="maghreb",
        index=1,
        consent=CONSENT_GIVEN,
        topics=("colonial-history", "anti-racism"),
        formats=("workshop", "training"),
    ),
    ForcedSpeaker(
        culture="maghreb",
        index=2,
        consent=CONSENT_WITHDRAWN,
        topics=("colonial-history", "anti-racism"),
        formats=("workshop",),
    ),
    ForcedSpeaker(
        culture="maghreb",
        index=3,
        consent=CONSENT_GIVEN,
        topics=("migration-development", "partnerships"),
        formats=("training", "panel"),
        languages=("en",),
    ),
    # Researcher question 9: French plus a Cameroonian or West African language.
    ForcedSpeaker(
        culture="cameroon",
        index=0,
        consent=CONSENT_GIVEN,
        topics=("colonial-history", "remembrance-culture"),
        formats=("city-walk", "talk"),
    ),
    ForcedSpeaker(
        culture="west-africa",
        index=0,
        consent=CONSENT_GIVEN,
        topics=("anti-racism", "colonial-history"),
        formats=("training", "workshop"),
        languages=("wo",),
    ),
    ForcedSpeaker(
        culture="west-africa",
        index=1,
        consent=CONSENT_REFUSED,
        topics=("health", "gender-equality"),
        formats=("consultation", "talk"),
        languages=("wo",),
    ),
    # Researcher question 10: climate justice from a Global-South perspective.
    ForcedSpeaker(
        culture="vietnam",
        index=0,
        consent=CONSENT_GIVEN,
        topics=("climate-justice", "food-sovereignty"),
        formats=("talk", "workshop"),
    ),
    ForcedSpeaker(
        culture="east-africa",
        index=0,
        consent=CONSENT_GIVEN,
        topics=("climate-justice", "renewable-energy"),
        formats=("project-day", "workshop"),
    ),
)

ROLE_WEIGHTS: dict[str, int] = {
    "member": 30,
    "volunteer": 15,
    "board-member": 12,
    "staff": 10,
    "coordinator": 7,
    "chair": 5,
    "founder": 5,
    "speaker": 4,
}

# Cooperations per start year: the network grows over time.
COOPERATIONS_PER_YEAR: dict[int, int] = {
    2012: 1,
    2013: 1,
    2014: 2,
    2015: 2,
    2016: 2,
    2017: 3,
    2018: 3,
    2019: 3,
    2020: 3,
    2021: 4,
    2022: 4,
    2023: 5,
    2024: 5,
    2025: 6,
    2026: 6,
}

# --------------------------------------------------------------------------------------------
# Projects, events and training offers (hand-written so titles stay plausible)
# --------------------------------------------------------------------------------------------

OFFICE_KEY = "koordinationsstelle"


@dataclass(frozen=True)
class ProjectSpec:
    """A fictional project; organisers and funders are org slugs or OFFICE_KEY."""

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


PROJECTS: tuple[ProjectSpec, ...] = (
    ProjectSpec(
        name_de="Dekoloniale Kiezspaziergänge Wedding",
        name_en="Decolonial neighbourhood walks in Wedding",
        organizers=("initiative-strassennamen-neu-lesen", "freundeskreis-wouri"),
        funders=("stiftung-kiezbruecke",),
        start="2015",
        end="2018",
        topics=("colonial-history", "remembrance-culture"),
    ),
    ProjectSpec(
        name_de="Fairer Kakao macht Schule",
        name_en="Fair cocoa goes to school",
        organizers=("initiative-fairer-kakao-wedding", "akademie-fuer-globales-lernen-mitte"),
        funders=("stiftung-brueckenschlag-spree",),
        start="2013",
        end="2016",
        topics=("fair-trade", "global-citizenship-education"),
    ),
    ProjectSpec(
        name_de="Ankommen in Moabit",
        name_en="Arriving in Moabit",
        organizers=("refugee-lotsen-tiergarten", "sprachcafe-turmstrasse"),
        funders=("stiftung-kiezbruecke", OFFICE_KEY),
        start="2016-04-01",
        end="2019-03-31",
        topics=("refugee-support", "intercultural-opening"),
    ),
    ProjectSpec(
        name_de="Elternbrücken Moabit",
        name_en="Parent bridges in Moabit",
        organizers=(
            "deutsch-arabischer-elternverein-moabit",
            "anatolisches-nachbarschaftshaus-moabit",
        ),
        funders=("stiftung-kiezbruecke",),
        start="2018",
        end="2021",
        topics=("education", "youth"),
    ),
    ProjectSpec(
        name_de="Gesundheitslotsinnen Gesundbrunnen",
        name_en="Women health guides in Gesundbrunnen",
        organizers=(
            "frauenforum-senegambia-wedding",
            "ostafrikanische-familienrunde-gesundbrunnen",
        ),
        funders=("stiftung-brueckenschlag-spree",),
        start="2017",
        end="2020",
        topics=("health", "gender-equality"),
    ),
    ProjectSpec(
        name_de="Stimmen aus der Diaspora",
        name_en="Voices from the diaspora",
        organizers=("medienkollektiv-vielstimmig", "sahel-bruecke-wedding"),
        funders=(OFFICE_KEY,),
        start="2019",
        end="2021",
        topics=("media-journalism", "migration-development"),
    ),
    ProjectSpec(
        name_de="Klimawerkstatt Mekong–Spree",
        name_en="Mekong–Spree climate workshop",
        organizers=("mekong-werkstatt-mitte", "initiative-klimagerechtes-mitte"),
        funders=("stiftung-brueckenschlag-spree",),
        start="2020",
        end="2023",
        topics=("climate-justice", "renewable-energy"),
    ),
    ProjectSpec(
        name_de="Diaspora-Wissen für die Verwaltung",
        name_en="Diaspora knowledge for the administration",
        organizers=(OFFICE_KEY, "bildungswerk-diaspora-und-entwicklung"),
        funders=(),
        start="2021-01-01",
        end="2024-12-31",
        topics=("intercultural-opening", "anti-racism"),
    ),
    ProjectSpec(
        name_de="Lernort Manga-Bell-Platz",
        name_en="Learning site Manga-Bell-Platz",
        organizers=("freundeskreis-wouri", OFFICE_KEY),
        funders=("stiftung-kiezbruecke",),
        start="2022",
        end="2025",
        topics=("remembrance-culture", "colonial-history"),
    ),
    ProjectSpec(
        name_de="Jugend gestaltet globalen Wandel",
        name_en="Youth shaping global change",
        organizers=(
            "jugendstudio-pankeufer",
            "akademie-fuer-globales-lernen-mitte",
            "roda-brasileira-tiergarten",
        ),
        funders=("stiftung-brueckenschlag-spree", OFFICE_KEY),
        start="2023",
        end="2026",
        topics=("youth", "global-citizenship-education"),
    ),
    ProjectSpec(
        name_de="Nachbarschaft ohne Grenzen",
        name_en="Neighbourhood without borders",
        organizers=("ukrainisch-deutsche-nachbarschaftshilfe-mitte", "sprachcafe-turmstrasse"),
        funders=("stiftung-kiezbruecke",),
        start="2022",
        end="2024",
        topics=("refugee-support", "peace"),
    ),
)

STAFF_AUDIENCE = (
    "Mitarbeitende der Bezirksverwaltung Mitte",
    "staff of the Mitte district administration",
)


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
    audience: tuple[str, str] | None = None
    #: Only speakers who speak all of these languages (the Arabic/French demo workshop).
    speaker_languages: tuple[str, ...] = ()

    @property
    def slug(self) -> str:
        """Slug from the German title and the year, since series repeat titles."""
        return slugify(f"{self.name_de} {self.date[:4]}")


EVENTS: tuple[EventSpec, ...] = (
    EventSpec(
        name_de="Workshop: Koloniale Spuren im Afrikanischen Viertel",
        name_en="Workshop: colonial traces in the Afrikanisches Viertel",
        organizers=("initiative-strassennamen-neu-lesen",),
        date="2016-06-11",
        location="place/wedding",
        topics=("colonial-history",),
        languages=("de",),
        performers=1,
        project="dekoloniale-kiezspaziergaenge-wedding",
    ),
    EventSpec(
        name_de="Lesung: Briefe aus Douala",
        name_en="Reading: letters from Douala",
        organizers=("freundeskreis-wouri",),
        date="2017-10-20",
        location="place/wedding",
        topics=("colonial-history", "culture-arts"),
        languages=("de", "fr"),
        performers=1,
    ),
    EventSpec(
        name_de="Podium: Diaspora und Entwicklung in Mitte",
        name_en="Panel: diaspora and development in Mitte",
        organizers=("dachnetzwerk-globales-mitte", OFFICE_KEY),
        date="2018-09-27",
        location="place/mitte",
        topics=("migration-development", "partnerships"),
        languages=("de", "en"),
        performers=3,
    ),
    EventSpec(
        name_de="Kiezfest Levante",
        name_en="Levant neighbourhood festival",
        organizers=("kulturraum-levante-moabit",),
        date="2019-06-15",
        location="place/moabit",
        topics=("culture-arts",),
        languages=("ar", "de"),
        performers=0,
    ),
    EventSpec(
        name_de="Workshop auf Französisch und Arabisch: geteilte Kolonialgeschichte",
        name_en="French-Arabic workshop: shared colonial history",
        organizers=("maghreb-bruecke-moabit",),
        date="2024-03-16",
        location="place/moabit",
        topics=("colonial-history", "anti-racism"),
        languages=("fr", "ar", "de"),
        performers=3,
        speaker_languages=("ar", "fr"),
    ),
    EventSpec(
        name_de="Gedenkveranstaltung am Manga-Bell-Platz",
        name_en="Commemoration at Manga-Bell-Platz",
        organizers=("freundeskreis-wouri", OFFICE_KEY, "initiative-strassennamen-neu-lesen"),
        date="2023-12-02",
        location="site/manga-bell-platz",
        topics=("remembrance-culture", "colonial-history"),
        languages=("de", "fr", "dua"),
        performers=2,
        project="lernort-manga-bell-platz",
    ),
    EventSpec(
        name_de="Klimacafé: Stimmen aus dem Mekong-Delta",
        name_en="Climate café: voices from the Mekong delta",
        organizers=("mekong-werkstatt-mitte",),
        date="2021-05-22",
        location="place/mitte",
        topics=("climate-justice",),
        languages=("vi", "de"),
        performers=1,
        project="klimawerkstatt-mekong-spree",
    ),
    EventSpec(
        name_de="Fair-Trade-Frühstück",
        name_en="Fair trade breakfast",
        organizers=("fair-kiosk-invalidenstrasse", "initiative-fairer-kakao-wedding"),
        date="2014-05-10",
        location="place/mitte",
        topics=("fair-trade",),
        languages=("de",),
        performers=0,
        project="fairer-kakao-macht-schule",
    ),
    EventSpec(
        name_de="Filmabend: Frauen in der Arbeitswelt",
        name_en="Film evening: women at work",
        organizers=(
            "migrantische-unternehmerinnen-moabit",
            "afghanische-frauenwerkstatt-tiergarten",
        ),
        date="2020-03-08",
        location="place/moabit",
        topics=("gender-equality", "decent-work"),
        languages=("tr", "fa", "de"),
        performers=1,
    ),
    EventSpec(
        name_de="Jugendpodium: Globaler Wandel vor Ort",
        name_en="Youth panel: global change on our doorstep",
        organizers=("jugendstudio-pankeufer", "akademie-fuer-globales-lernen-mitte"),
        date="2024-11-14",
        location="place/gesundbrunnen",
        topics=("youth", "global-citizenship-education"),
        languages=("de", "en"),
        performers=2,
        project="jugend-gestaltet-globalen-wandel",
    ),
    EventSpec(
        name_de="Stadtrundgang: Tiergarten global",
        name_en="City walk: global Tiergarten",
        organizers=("akademie-fuer-globales-lernen-mitte",),
        date="2022-09-17",
        location="place/tiergarten",
        topics=("colonial-history", "sustainable-cities"),
        languages=("de", "en"),
        performers=1,
    ),
    EventSpec(
        name_de="Mehrsprachige Gesundheitssprechstunde",
        name_en="Multilingual health consultation hour",
        organizers=("frauenforum-senegambia-wedding",),
        date="2018-02-07",
        location="place/gesundbrunnen",
        topics=("health",),
        languages=("wo", "fr", "de"),
        performers=1,
        project="gesundheitslotsinnen-gesundbrunnen",
    ),
    EventSpec(
        name_de="Lange Nacht der Solidarität",
        name_en="Long night of solidarity",
        organizers=("ukrainisch-deutsche-nachbarschaftshilfe-mitte", "sprachcafe-turmstrasse"),
        date="2023-02-24",
        location="place/mitte",
        topics=("refugee-support", "peace"),
        languages=("uk", "de"),
        performers=1,
        project="nachbarschaft-ohne-grenzen",
    ),
    EventSpec(
        name_de="Lesekreis: Exilliteratur aus Iran und Afghanistan",
        name_en="Reading circle: exile literature from Iran and Afghanistan",
        organizers=("persischer-lesekreis-moabit",),
        date="2025-04-05",
        location="place/moabit",
        topics=("culture-arts", "human-rights"),
        languages=("fa", "de"),
        performers=1,
    ),
    EventSpec(
        name_de="Fachtag Migrant*innenorganisationen und Bezirk",
        name_en="Symposium: migrant organisations and the district",
        organizers=(OFFICE_KEY, "dachnetzwerk-globales-mitte"),
        date="2025-10-09",
        location="place/mitte",
        topics=("intercultural-opening", "partnerships", "migration-development"),
        languages=("de", "en"),
        performers=3,
    ),
    EventSpec(
        name_de="Konzert: Kora trifft Oud",
        name_en="Concert: kora meets oud",
        organizers=("kora-haus-wedding", "kulturraum-levante-moabit"),
        date="2026-05-30",
        location="place/wedding",
        topics=("culture-arts",),
        languages=("de",),
        performers=0,
    ),
    # --- training offers of the coordination office ---
    EventSpec(
        name_de="Fortbildung: Rassismuskritisches Verwaltungshandeln",
        name_en="Training: racism-critical practice in the administration",
        organizers=(OFFICE_KEY,),
        date="2019-11-12",
        location="place/mitte",
        topics=("anti-racism", "intercultural-opening"),
        languages=("de",),
        performers=2,
        training=True,
        audience=STAFF_AUDIENCE,
    ),
    EventSpec(
        name_de="Fortbildung: Kolonialgeschichte Berlins und des Bezirks Mitte",
        name_en="Training: colonial history of Berlin and the district of Mitte",
        organizers=(OFFICE_KEY,),
        date="2020-02-18",
        location="place/mitte",
        topics=("colonial-history", "remembrance-culture"),
        languages=("de",),
        performers=1,
        training=True,
        audience=STAFF_AUDIENCE,
    ),
    EventSpec(
        name_de="Fortbildung: Globale Abhängigkeiten und öffentliche Beschaffung",
        name_en="Training: global interdependence and public procurement",
        organizers=(OFFICE_KEY,),
        date="2021-06-08",
        location="place/mitte",
        topics=("fair-trade", "decent-work"),
        languages=("de",),
        performers=1,
        training=True,
        project="diaspora-wissen-fuer-die-verwaltung",
        audience=STAFF_AUDIENCE,
    ),
    EventSpec(
        name_de="Fortbildung: Interkulturelle Öffnung in der Bürgerberatung",
        name_en="Training: intercultural opening in citizen services",
        organizers=(OFFICE_KEY, "bildungswerk-diaspora-und-entwicklung"),
        date="2022-03-22",
        location="place/mitte",
        topics=("intercultural-opening",),
        languages=("de",),
        performers=1,
        training=True,
        project="diaspora-wissen-fuer-die-verwaltung",
        audience=STAFF_AUDIENCE,
    ),
    EventSpec(
        name_de="Fortbildung: Rundgang Afrikanisches Viertel für Verwaltungsmitarbeitende",
        name_en="Training: walk through the Afrikanisches Viertel for administration staff",
        organizers=(OFFICE_KEY,),
        date="2022-10-05",
        location="place/wedding",
        topics=("colonial-history",),
        languages=("de",),
        performers=1,
        training=True,
        audience=STAFF_AUDIENCE,
    ),
    EventSpec(
        name_de="Fortbildung: Diskriminierungssensible Sprache",
        name_en="Training: discrimination-sensitive language",
        organizers=(OFFICE_KEY, "medienkollektiv-vielstimmig"),
        date="2023-05-16",
        location="place/mitte",
        topics=("anti-racism", "media-journalism"),
        languages=("de",),
        performers=1,
        training=True,
        project="diaspora-wissen-fuer-die-verwaltung",
        audience=STAFF_AUDIENCE,
    ),
    EventSpec(
        name_de="Fortbildung: Klimagerechtigkeit und globale Verantwortung des Bezirks",
        name_en="Training: climate justice and the district's global responsibility",
        organizers=(OFFICE_KEY,),
        date="2024-09-10",
        location="place/mitte",
        topics=("climate-justice", "sustainable-cities"),
        languages=("de",),
        performers=1,
        training=True,
        audience=STAFF_AUDIENCE,
    ),
    EventSpec(
        name_de="Fortbildung: Erinnerungskultur und Straßenumbenennungen",
        name_en="Training: remembrance culture and street renamings",
        organizers=(OFFICE_KEY,),
        date="2025-02-25",
        location="site/manga-bell-platz",
        topics=("remembrance-culture", "colonial-history"),
        languages=("de",),
        performers=2,
        training=True,
        audience=STAFF_AUDIENCE,
    ),
    EventSpec(
        name_de="Qualifizierung: Förderanträge für Migrant*innenorganisationen",
        name_en="Qualification: grant applications for migrant organisations",
        organizers=(OFFICE_KEY, "akademie-fuer-globales-lernen-mitte"),
        date="2026-03-03",
        location="place/mitte",
        topics=("partnerships", "migration-development"),
        languages=("de",),
        performers=1,
        training=True,
        audience=(
            "Migrant*innenorganisationen und Initiativen",
            "migrant organisations and initiatives",
        ),
    ),
)

# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------

_TRANSLIT = str.maketrans(
    {
        "ä": "ae",
        "ö": "oe",
        "ü": "ue",
        "ß": "ss",
        "Ä": "ae",
        "Ö": "oe",
        "Ü": "ue",
        "ı": "i",
        "đ": "d",
        "Đ": "d",
        "ø": "o",
        "ł": "l",
    }
)


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by '-' (model.md: umlauts transliterated, ä->ae, ß->ss)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLIT))
    # Drop accents only; any other non-ASCII character (a dash, a letter of another script)
    # separates words, so "Mekong–Spree" becomes "mekong-spree", not "mekongspree".
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "-", bare.lower()).strip("-")


def date_literal(value: str) -> Literal:
    """Type a date by its precision, never inventing a day (model.md "Dates")."""
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=XSD.gYear)
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=XSD.gYearMonth)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=XSD.date)
    raise ValueError(f"not a date: {value!r}")


def not_before(end: str, start: str) -> bool:
    """True when `end` cannot lie before `start`, comparing at the coarser precision."""
    common = min(len(end), len(start))
    return end[:common] >= start[:common]


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


def lit(text: str, lang: str) -> Literal:
    """A language-tagged literal."""
    return Literal(text, lang=lang)


def join_de(words: Sequence[str]) -> str:
    """'a, b und c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " und " + words[-1]


def join_en(words: Sequence[str]) -> str:
    """'a, b and c'."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# --------------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------------


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
    def iri(self) -> URIRef:
        """Person IRI."""
        return iri(EXAMPLE, f"person/{self.slug}")

    @property
    def profile_iri(self) -> URIRef:
        """Speaker profile IRI, one profile per person."""
        return iri(EXAMPLE, f"profile/{self.slug}")

    @property
    def public(self) -> bool:
        """Only people with given consent may appear in the public graph (model.md)."""
        return self.consent == CONSENT_GIVEN


@dataclass
class Generator:
    """Builds both graphs as sets of triples, so the writer can sort them freely."""

    rng: random.Random
    public: set[tuple[URIRef, URIRef, URIRef | Literal]] = field(default_factory=set)
    internal: set[tuple[URIRef, URIRef, URIRef | Literal]] = field(default_factory=set)
    orgs: dict[str, OrgSpec] = field(default_factory=dict)
    people: list[Person] = field(default_factory=list)
    speakers_by_slug: dict[str, Person] = field(default_factory=dict)
    membership_slugs: set[str] = field(default_factory=set)

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
        return OFFICE_SPEC if key == OFFICE_KEY else self.orgs[key]

    # ---- organisations -----------------------------------------------------------------

    def build_organisations(self) -> None:
        """Emit every organisation into the public graph: organisations are not personal data."""
        for spec in ORGS:
            if spec.slug in self.orgs:
                raise ValueError(f"duplicate organisation slug {spec.slug}")
            self.orgs[spec.slug] = spec
            s = spec.iri
            self.add(True, s, A, C_ORGANIZATION)
            if FORMAL_KINDS.intersection(spec.kinds):
                self.add(True, s, A, C_FORMAL)
            self.labels(True, s, f"{spec.name_de} (Beispiel)", f"{spec.name_en} (example)")
            for text, lang in spec.alt:
                self.add(True, s, ALT, lit(text, lang))
            # A short form taken from the name is a real alternative name; others only serve titles.
            if spec.short_de != spec.display_de and spec.short_de in spec.name_de:
                self.add(True, s, ALT, lit(spec.short_de, "de"))
            for kind in spec.kinds:
                self.add(True, s, ORG_CLASSIFICATION, iri(AGV, f"organisation-kind/{kind}"))
            self.add(True, s, S_FOUNDING, date_literal(spec.founded))
            for district in spec.districts:
                self.add(True, s, AG_DISTRICT, iri(BASE, f"place/{district}"))
            for language in spec.languages:
                self.add(True, s, S_LANG, Literal(language))
            for topic in spec.topics:
                self.add(True, s, SUBJECT, iri(AGV, f"topic/{topic}"))
            self.add(True, s, FOAF_HOMEPAGE, URIRef(f"https://example.org/{spec.slug}"))
            kinds_de = ", ".join(KINDS[k][0] for k in spec.kinds)
            kinds_en = ", ".join(KINDS[k][1] for k in spec.kinds)
            places = join_de([PLACES[d] for d in spec.districts])
            places_en = join_en([PLACES[d] for d in spec.districts])
            topics_de = join_de([TOPICS[t][0] for t in spec.topics])
            topics_en = join_en([TOPICS[t][1] for t in spec.topics])
            self.describe(
                True,
                s,
                f"Fiktives Beispiel ({kinds_de}) in {places}; Themen: {topics_de}. "
                "Keine reale Organisation; Ähnlichkeiten mit realen Vereinen sind zufällig.",
                f"Fictional example ({kinds_en}) in {places_en}; topics: {topics_en}. "
                "Not a real organisation; any resemblance to real associations is coincidental.",
            )

    # ---- people and speaker profiles ---------------------------------------------------

    def build_people(self) -> None:
        """Draw names, consent and speaker profiles; route each person's triples by consent."""
        rng = self.rng
        seen: set[str] = set()
        for culture_key, culture in CULTURES.items():
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
                self.people.append(
                    Person(given, family, culture_key, languages=tuple(dict.fromkeys(languages)))
                )

        # Some speakers are fixed so the demo questions always have answers (see FORCED_SPEAKERS).
        forced: list[Person] = []
        for spec in FORCED_SPEAKERS:
            person = [p for p in self.people if p.culture == spec.culture][spec.index]
            person.is_speaker = True
            person.consent = spec.consent
            person.profile_topics = spec.topics
            person.formats = spec.formats
            person.regions = (CULTURES[spec.culture].regions[0],)
            person.languages = tuple(dict.fromkeys((*person.languages, *spec.languages)))
            forced.append(person)
        others = [p for p in self.people if p not in forced]
        for person in rng.sample(others, SPEAKERS - len(forced)):
            person.is_speaker = True

        # About a third of the people have no public consent (withdrawn, refused or never asked).
        left = Counter(CONSENT_SHARES)
        left.subtract(spec.consent for spec in FORCED_SPEAKERS)
        statuses = [status for status in CONSENT_SHARES for _ in range(left[status])]
        rng.shuffle(statuses)
        for person, status in zip(others, statuses, strict=True):
            person.consent = status

        for index, person in enumerate(self.people):
            culture = CULTURES[person.culture]
            if person.consent is not None:
                person.consent_date = random_day(rng, rng.randint(2021, LAST_YEAR - 1))
            if person.is_speaker and not person.profile_topics:
                person.profile_topics = tuple(sorted(rng.sample(culture.topics, rng.randint(1, 3))))
                person.formats = tuple(
                    weighted_sample(rng, FORMATS, FORMAT_WEIGHTS, rng.randint(1, 3))
                )
                regions = [rng.choice(culture.regions)]
                if "germany" not in regions and rng.random() < 0.3:
                    regions.append("germany")
                person.regions = tuple(regions)
            self.emit_person(person, index)
            if person.is_speaker:
                self.speakers_by_slug[person.slug] = person

    def emit_person(self, person: Person, index: int) -> None:
        """Name, consent and profile go where consent allows; contact data is always internal."""
        public = person.public
        s = person.iri
        self.add(public, s, A, C_PERSON)
        self.labels(public, s, f"{person.name} (Beispielperson)", f"{person.name} (example person)")
        self.add(public, s, FOAF_GIVEN, Literal(person.given))
        self.add(public, s, FOAF_FAMILY, Literal(person.family))
        self.describe(
            public,
            s,
            "Fiktive Beispielperson; Ähnlichkeiten mit realen Personen sind zufällig.",
            "Fictional example person; any resemblance to real persons is coincidental.",
        )
        if person.consent is not None:
            self.add(public, s, AG_CONSENT, person.consent)
            self.add(public, s, AG_CONSENT_DATE, date_literal(person.consent_date or ""))
        local = (
            f"{slugify(person.given).replace('-', '')}.{slugify(person.family).replace('-', '')}"
        )
        self.add(False, s, VCARD_EMAIL, URIRef(f"mailto:{local}@example.org"))
        self.add(False, s, VCARD_TEL, URIRef(f"tel:+49-30-555-{2100 + index:04d}"))
        if not person.is_speaker:
            return
        profile = person.profile_iri
        self.add(public, s, AG_PROFILE, profile)
        self.add(public, profile, A, C_PROFILE)
        self.labels(
            public,
            profile,
            f"Referent*innenprofil {person.name} (Beispiel)",
            f"Speaker profile of {person.name} (example)",
        )
        self.describe(
            public,
            profile,
            "Fiktives Beispiel eines Angebots für die Bildungsarbeit.",
            "Fictional example of an offer for educational work.",
        )
        for topic in person.profile_topics:
            self.add(public, profile, S_ABOUT, iri(AGV, f"topic/{topic}"))
        for language in person.languages:
            self.add(public, profile, S_LANG, Literal(language))
        for offered in person.formats:
            self.add(public, profile, AG_FORMAT, iri(AGV, f"format/{offered}"))
        for region in person.regions:
            self.add(public, profile, AG_REGION, iri(AGV, f"region/{region}"))

    # ---- memberships -------------------------------------------------------------------

    def membership(
        self,
        member_iri: URIRef,
        member_slug: str,
        member_de: str,
        member_en: str,
        org: OrgSpec,
        role: str,
        start: str,
        end: str | None,
        public: bool,
    ) -> None:
        """One org:Membership with exactly one member and one organisation (model.md)."""
        slug = f"{member_slug}-in-{org.slug}"
        if slug in self.membership_slugs:
            raise ValueError(f"duplicate membership {slug}")
        self.membership_slugs.add(slug)
        s = iri(EXAMPLE, f"membership/{slug}")
        self.add(public, s, A, C_MEMBERSHIP)
        self.labels(
            public,
            s,
            f"Mitgliedschaft: {member_de} in {org.display_de} (Beispiel)",
            f"Membership: {member_en} in {org.name_en} (example)",
        )
        self.add(public, s, ORG_MEMBER, member_iri)
        self.add(public, s, ORG_ORGANIZATION, org.iri)
        self.add(public, s, ORG_ROLE, iri(AGV, f"role/{role}"))
        self.add(public, s, S_START, date_literal(start))
        if end is not None:
            self.add(public, s, S_END, date_literal(end))

    def membership_dates(self, earliest: int) -> tuple[str, str | None]:
        """A start not before `earliest`; about one in five memberships has ended."""
        rng = self.rng
        start_year = rng.randint(earliest, LAST_YEAR)
        start = str(start_year) if rng.random() < 0.6 else random_day(rng, start_year)
        end = None
        if start_year < LAST_YEAR and rng.random() < 0.22:
            end_year = rng.randint(start_year + 1, LAST_YEAR)
            end = str(end_year) if rng.random() < 0.5 else random_day(rng, end_year)
        return start, end

    def build_memberships(self) -> None:
        """Organisations in networks, and people in organisations that share their languages."""
        rng = self.rng
        for network_slug, members in NETWORK_MEMBERS.items():
            network = self.orgs[network_slug]
            for member_slug in members:
                member = self.orgs[member_slug]
                earliest = max(network.founded_year, member.founded_year)
                founding_member = (
                    member.founded_year <= network.founded_year and rng.random() < 0.35
                )
                if founding_member:
                    role, start, end = "founder", network.founded, None
                else:
                    role = "member"
                    start, end = self.membership_dates(earliest)
                self.membership(
                    member.iri,
                    member.slug,
                    member.display_de,
                    member.name_en,
                    network,
                    role,
                    start,
                    end,
                    True,
                )

        chairs: set[str] = set()
        candidates = [o for o in ORGS if NET not in o.kinds]
        for person in self.people:
            culture = CULTURES[person.culture]
            matching = [
                o
                for o in candidates
                if set(o.languages) & (set(person.languages) - {"de", "en"})
                or (person.culture == "germany" and o.communities)
            ]
            if not matching:
                matching = [o for o in candidates if set(o.communities) & set(culture.communities)]
            draw = rng.random()
            count = 0 if draw < 0.18 else (1 if draw < 0.88 else 2)
            # Hubs attract more people, as they do in the cooperation network.
            chosen = weighted_sample(
                rng, [o.slug for o in matching], [o.weight + 1 for o in matching], count
            )
            for org in (self.orgs[slug] for slug in chosen):
                role = weighted_sample(rng, list(ROLE_WEIGHTS), list(ROLE_WEIGHTS.values()), 1)[0]
                if role == "speaker" and not person.is_speaker:
                    role = "member"
                if role == "chair" and org.slug in chairs:
                    role = "board-member"
                if role == "chair":
                    chairs.add(org.slug)
                if role == "founder":
                    start, end = org.founded, None
                else:
                    start, end = self.membership_dates(max(org.founded_year, 2005))
                self.membership(
                    person.iri,
                    person.slug,
                    person.name,
                    person.name,
                    org,
                    role,
                    start,
                    end,
                    person.public,
                )

        # Every network has a coordinator from its own community.
        for network_slug in NETWORK_MEMBERS:
            network = self.orgs[network_slug]
            pool = [
                p
                for p in self.people
                if set(CULTURES[p.culture].communities) & set(network.communities)
                and f"{p.slug}-in-{network.slug}" not in self.membership_slugs
            ]
            person = pool[rng.randrange(len(pool))]
            start_year = rng.randint(network.founded_year, LAST_YEAR - 2)
            self.membership(
                person.iri,
                person.slug,
                person.name,
                person.name,
                network,
                "coordinator",
                str(start_year),
                None,
                person.public,
            )

    # ---- projects ----------------------------------------------------------------------

    def build_projects(self) -> None:
        """Projects are organisations' activities: public."""
        for spec in PROJECTS:
            s = iri(EXAMPLE, f"project/{spec.slug}")
            self.add(True, s, A, C_PROJECT)
            self.labels(True, s, f"{spec.name_de} (Beispiel)", f"{spec.name_en} (example)")
            for key in spec.organizers:
                org = self.org(key)
                if org.founded_year > int(spec.start[:4]):
                    raise ValueError(f"{org.slug} organises {spec.slug} before its founding")
                self.add(True, s, S_ORGANIZER, org.iri)
            for key in spec.funders:
                self.add(True, s, S_FUNDER, self.org(key).iri)
            self.add(True, s, S_START, date_literal(spec.start))
            self.add(True, s, S_END, date_literal(spec.end))
            for topic in spec.topics:
                self.add(True, s, SUBJECT, iri(AGV, f"topic/{topic}"))
            organisers_de = join_de([self.org(k).display_de for k in spec.organizers])
            organisers_en = join_en([self.org(k).name_en for k in spec.organizers])
            self.describe(
                True,
                s,
                f"Fiktives Beispielprojekt von {organisers_de}.",
                f"Fictional example project of {organisers_en}.",
            )

    # ---- cooperations ------------------------------------------------------------------

    def pool(
        self, community: str, year: int, exclude: Iterable[str]
    ) -> tuple[list[str], list[int]]:
        """Organisations of a community that existed in `year`, with their hub weights."""
        excluded = set(exclude)
        keys = [
            o.slug
            for o in ORGS
            if community in o.communities
            and o.founded_year <= year
            and o.slug not in excluded
            and o.weight > 0
        ]
        return keys, [self.orgs[k].weight for k in keys]

    def build_cooperations(self) -> None:
        """Cooperations grow per year; partners come mostly from one community, a few bridge two."""
        rng = self.rng
        slugs: set[str] = set()
        project_uses: Counter[str] = Counter()
        for year, count in COOPERATIONS_PER_YEAR.items():
            for _ in range(count):
                # At most three cooperations per project, so no project floods one year.
                active = [
                    p
                    for p in PROJECTS
                    if int(p.start[:4]) <= year <= int(p.end[:4]) and project_uses[p.slug] < 3
                ]
                project = rng.choice(active) if active and rng.random() < 0.35 else None
                size = weighted_sample(rng, ["2", "3", "4"], [55, 30, 15], 1)[0]
                partners: list[str] = []
                if project is not None:
                    project_uses[project.slug] += 1
                    # One of the project's organisers, joined by others from its community.
                    partners = [rng.choice(project.organizers)]
                    community = rng.choice(sorted(self.org(partners[0]).communities))
                    keys, weights = self.pool(community, year, partners)
                    partners += weighted_sample(
                        rng, keys, weights, max(0, int(size) - len(partners))
                    )
                else:
                    community = weighted_sample(rng, ["A", "B", "C", "X"], [38, 27, 25, 10], 1)[0]
                    if community == "X":
                        for part in rng.sample(["A", "B", "C"], 2):
                            keys, weights = self.pool(part, year, partners)
                            partners += weighted_sample(rng, keys, weights, 1)
                    else:
                        keys, weights = self.pool(community, year, [])
                        partners = weighted_sample(rng, keys, weights, int(size))
                if OFFICE_KEY not in partners and len(partners) < 4 and rng.random() < 0.28:
                    partners.append(OFFICE_KEY)
                if len(partners) < 2:
                    keys, weights = self.pool("ABC"[rng.randrange(3)], year, partners)
                    partners += weighted_sample(rng, keys, weights, 2 - len(partners))
                self.emit_cooperation(year, partners, project, slugs)

    def emit_cooperation(
        self, year: int, partners: list[str], project: ProjectSpec | None, slugs: set[str]
    ) -> None:
        """One ag:Cooperation; the main topic is the one its partners share most."""
        rng = self.rng
        tally = Counter(t for k in partners for t in self.org(k).topics)
        if project is not None:
            tally.update({t: 3 for t in project.topics})
        ranked = sorted(tally, key=lambda t: (-tally[t], t))
        top = [t for t in ranked if tally[t] == tally[ranked[0]]]
        main = rng.choice(top)
        topics = [main]
        if len(ranked) > 1 and rng.random() < 0.5:
            topics.append(rng.choice([t for t in ranked[:4] if t != main]))
        shorts_de = [self.org(k).short_de for k in partners]
        shorts_en = [self.org(k).short_en for k in partners]
        title_de, title_en = COOPERATION_TITLES[main]
        # Name the first two partners; when that is not unique, name them all; as a last
        # resort (same topic, year and partners) count on. Slug and label stay in step.
        label_de = f"{title_de} {year}: {shorts_de[0]} & {shorts_de[1]}"
        label_en = f"{title_en} {year}: {shorts_en[0]} & {shorts_en[1]}"
        if len(partners) > 2:
            label_de += " u. a."
            label_en += " and others"
        slug = slugify(f"{main} {shorts_de[0]} {shorts_de[1]} {year}")
        if slug in slugs:
            label_de = f"{title_de} {year}: {join_de(shorts_de)}"
            label_en = f"{title_en} {year}: {join_en(shorts_en)}"
            slug = slugify(f"{main} {' '.join(shorts_de)} {year}")
        round_number = 2
        while slug in slugs:
            slug = slugify(f"{main} {' '.join(shorts_de)} {year} runde {round_number}")
            round_number += 1
        if round_number > 2:
            label_de += f", Runde {round_number - 1}"
            label_en += f", round {round_number - 1}"
        slugs.add(slug)
        s = iri(EXAMPLE, f"cooperation/{slug}")
        self.add(True, s, A, C_COOPERATION)
        self.labels(True, s, f"{label_de} (Beispiel)", f"{label_en} (example)")
        for key in partners:
            self.add(True, s, AG_PARTNER, self.org(key).iri)
        for topic in topics:
            self.add(True, s, SUBJECT, iri(AGV, f"topic/{topic}"))
        start = str(year) if rng.random() < 0.5 else random_day(rng, year)
        self.add(True, s, S_START, date_literal(start))
        last = min(LAST_YEAR, int(project.end[:4])) if project else LAST_YEAR
        if rng.random() < 0.55 and year < last:
            end_year = rng.randint(year + 1, min(last, year + 3))
            end = str(end_year) if rng.random() < 0.5 else random_day(rng, end_year)
            self.add(True, s, S_END, date_literal(end))
        if project is not None:
            self.add(True, s, IS_PART_OF, iri(EXAMPLE, f"project/{project.slug}"))
        names_de = join_de([self.org(k).display_de for k in partners])
        names_en = join_en([self.org(k).name_en for k in partners])
        self.describe(
            True,
            s,
            f"Fiktives Beispiel einer Kooperation von {names_de} zum Thema {TOPICS[main][0]}.",
            f"Fictional example of a cooperation of {names_en} on {TOPICS[main][1]}.",
        )

    # ---- events and training offers ----------------------------------------------------

    def build_events(self) -> None:
        """Events are public; a performer link is public only for consenting speakers."""
        rng = self.rng
        for spec in EVENTS:
            s = iri(EXAMPLE, f"event/{spec.slug}")
            self.add(True, s, A, C_TRAINING if spec.training else C_EVENT)
            self.labels(True, s, f"{spec.name_de} (Beispiel)", f"{spec.name_en} (example)")
            for key in spec.organizers:
                org = self.org(key)
                if org.founded_year > int(spec.date[:4]):
                    raise ValueError(f"{org.slug} organises {spec.slug} before its founding")
                self.add(True, s, S_ORGANIZER, org.iri)
            self.add(True, s, S_START, date_literal(spec.date))
            self.add(True, s, S_LOCATION, iri(BASE, spec.location))
            for topic in spec.topics:
                self.add(True, s, SUBJECT, iri(AGV, f"topic/{topic}"))
            for language in spec.languages:
                self.add(True, s, S_IN_LANGUAGE, Literal(language))
            if spec.audience:
                self.add(True, s, S_AUDIENCE, lit(spec.audience[0], "de"))
                self.add(True, s, S_AUDIENCE, lit(spec.audience[1], "en"))
            if spec.project:
                self.add(True, s, IS_PART_OF, iri(EXAMPLE, f"project/{spec.project}"))
            kind_de = "Fortbildungsangebot" if spec.training else "Veranstaltung"
            kind_en = "training offer" if spec.training else "event"
            self.describe(
                True,
                s,
                f"Fiktives Beispiel: {kind_de}, ausgedacht für die Beispieldaten.",
                f"Fictional example: {kind_en}, invented for the example data.",
            )
            for person in self.pick_performers(spec, rng):
                self.add(person.public, s, S_PERFORMER, person.iri)

    def pick_performers(self, spec: EventSpec, rng: random.Random) -> list[Person]:
        """Speakers whose topics and languages fit the event; trainings need training formats."""
        if spec.performers == 0:
            return []
        fitting = []
        for slug in sorted(self.speakers_by_slug):
            person = self.speakers_by_slug[slug]
            if not set(person.profile_topics) & set(spec.topics):
                continue
            # German alone does not qualify anyone for a French or Vietnamese event.
            wanted = set(spec.languages) - {"de"} or {"de"}
            if not set(person.languages) & wanted:
                continue
            if spec.speaker_languages and not set(spec.speaker_languages) <= set(person.languages):
                continue
            if spec.training and not {"training", "workshop"} & set(person.formats):
                continue
            fitting.append(person)
        return rng.sample(fitting, min(spec.performers, len(fitting)))

    def build(self) -> None:
        """Run every step in a fixed order; the order is part of the determinism."""
        self.build_organisations()
        self.build_people()
        self.build_memberships()
        self.build_projects()
        self.build_cooperations()
        self.build_events()


# --------------------------------------------------------------------------------------------
# Writing TriG in a stable order
# --------------------------------------------------------------------------------------------

_LOCAL_RE = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_-])?$")
_SECTION_ORDER = (
    "organisation",
    "person",
    "profile",
    "membership",
    "project",
    "cooperation",
    "event",
)
_PREDICATE_FIRST = (RDF_TYPE, PREF, ALT)


def term_text(term: URIRef | Literal) -> str:
    """Turtle text of a term; a prefixed name where the local part allows one."""
    if isinstance(term, Literal):
        escaped = (
            str(term)
            .replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
        )
        if term.language:
            return f'"{escaped}"@{term.language}'
        if term.datatype:
            return f'"{escaped}"^^{term_text(term.datatype)}'
        return f'"{escaped}"'
    value = str(term)
    best = max((ns for _, ns in PREFIXES if value.startswith(ns)), key=len, default=None)
    if best is not None:
        local = value[len(best) :]
        if _LOCAL_RE.match(local):
            prefix = next(p for p, ns in PREFIXES if ns == best)
            return f"{prefix}:{local}"
    return f"<{value}>"


def section_of(subject: URIRef) -> tuple[int, str]:
    """Sort key grouping subjects by entity type, then by IRI."""
    value = str(subject)
    if value.startswith(EXAMPLE):
        kind = value[len(EXAMPLE) :].split("/", 1)[0]
        if kind in _SECTION_ORDER:
            return _SECTION_ORDER.index(kind), value
    return len(_SECTION_ORDER), value


def predicate_key(predicate: URIRef) -> tuple[int, str]:
    """rdf:type and labels first, the rest alphabetically by prefixed name."""
    if predicate in _PREDICATE_FIRST:
        return _PREDICATE_FIRST.index(predicate), ""
    return len(_PREDICATE_FIRST), term_text(predicate)


def object_key(term: URIRef | Literal) -> tuple[int, str, str]:
    """IRIs before literals; literals by language (de before en), then text."""
    if isinstance(term, Literal):
        return 1, term.language or "", term_text(term)
    return 0, "", term_text(term)


def write_graph(
    name: URIRef, triples: set[tuple[URIRef, URIRef, URIRef | Literal]], heading: str
) -> str:
    """One graph block, subjects grouped by type, every list sorted."""
    by_subject: dict[URIRef, dict[URIRef, list[URIRef | Literal]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for s, p, o in triples:
        by_subject[s][p].append(o)
    lines = [f"# {heading}", f"<{name}> {{"]
    current_section: str | None = None
    for subject in sorted(by_subject, key=section_of):
        order, _ = section_of(subject)
        section = _SECTION_ORDER[order] if order < len(_SECTION_ORDER) else "other"
        if section != current_section:
            lines.append("")
            lines.append(f"    # --- {section} ---")
            current_section = section
        lines.append("")
        lines.append(f"    {term_text(subject)}")
        predicates = sorted(by_subject[subject], key=predicate_key)
        for index, predicate in enumerate(predicates):
            verb = "a" if predicate == RDF_TYPE else term_text(predicate)
            objects = [term_text(o) for o in sorted(by_subject[subject][predicate], key=object_key)]
            end = " ." if index == len(predicates) - 1 else " ;"
            joined = ", ".join(objects)
            if len(joined) + len(verb) + 9 <= 110:
                lines.append(f"        {verb} {joined}{end}")
            else:
                lines.append(f"        {verb}")
                for position, text in enumerate(objects):
                    lines.append(
                        f"            {text}{end if position == len(objects) - 1 else ','}"
                    )
    lines.append("}")
    return "\n".join(lines) + "\n"


def serialise(generator: Generator) -> str:
    """The whole TriG document."""
    header = [
        "# Akteursgraph: the clearly FICTIONAL part of the example data.",
        f"# Generated by tools/make_example.py (seed {SEED}); edit the script, not this file.",
        "# Every organisation, person, project, cooperation and event here is invented.",
        "# Real IRIs referenced, defined elsewhere: place/*, site/manga-bell-platz and",
        "# organisation/koordinationsstelle-entwicklungspolitik.",
        "",
    ]
    header += [f"@prefix {prefix}: <{namespace}> ." for prefix, namespace in PREFIXES]
    public = write_graph(
        PUBLIC_GRAPH,
        generator.public,
        "Public: organisations, projects, cooperations, events, consenting people.",
    )
    internal = write_graph(
        INTERNAL_GRAPH,
        generator.internal,
        "Internal: all contact data; everything about people without consent.",
    )
    return "\n".join(header) + "\n\n" + public + "\n" + internal


# --------------------------------------------------------------------------------------------
# Checks on the written file
# --------------------------------------------------------------------------------------------

CONTACT_PREDICATES = frozenset(
    {VCARD_EMAIL, VCARD_TEL, iri(SCHEMA, "email"), iri(SCHEMA, "telephone")}
)
SINGLE = {C_MEMBERSHIP: (ORG_MEMBER, ORG_ORGANIZATION), C_EVENT: (S_START,), C_TRAINING: (S_START,)}


def read_dataset(path: Path) -> Dataset:
    """Parse a TriG file into a Dataset.

    rdflib 7.6 warns about its own use of Dataset.default_context inside Dataset.parse; the
    warning is not ours to fix and would fail callers running with warnings as errors.
    """
    dataset = Dataset()
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="rdflib")
        dataset.parse(path, format="trig")
    return dataset


def check(dataset: Dataset) -> list[str]:
    """Privacy rules and the model.md cardinalities this file can break on its own."""
    problems: list[str] = []
    public = dataset.graph(PUBLIC_GRAPH)
    union = [(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))]
    person_prefix = EXAMPLE + "person/"

    consenting = set(public.subjects(AG_CONSENT, CONSENT_GIVEN))
    for s, p, o in public:
        if p in CONTACT_PREDICATES:
            problems.append(f"contact data in public graph: {s} {p}")
        for term in (s, o):
            if (
                isinstance(term, URIRef)
                and str(term).startswith(person_prefix)
                and term not in consenting
            ):
                problems.append(f"person without consent in public graph: {term}")
    public_profiles = set(public.subjects(RDF_TYPE, C_PROFILE))
    linked_profiles = {o for s, o in public.subject_objects(AG_PROFILE) if s in consenting}
    for profile in public_profiles - linked_profiles:
        problems.append(f"public profile of a non-consenting person: {profile}")
    for person in consenting:
        if public.value(person, AG_CONSENT_DATE) is None:
            problems.append(f"consent without date: {person}")

    facts: dict[URIRef, dict[URIRef, list]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in union:
        facts[s][p].append(o)
    for s, p, o in union:
        if isinstance(o, URIRef) and str(o).startswith(EXAMPLE) and o not in facts:
            problems.append(f"dangling example IRI: {s} {p} {o}")
    seen_labels: dict[tuple[str | None, str], list[URIRef]] = defaultdict(list)
    for s, props in facts.items():
        types = set(props.get(RDF_TYPE, []))
        if str(s).startswith(EXAMPLE):
            slug = str(s).rsplit("/", 1)[1]
            if not SLUG_RE.match(slug):
                problems.append(f"bad slug: {s}")
        if types:
            for label in props.get(PREF, []):
                seen_labels[(label.language, str(label))].append(s)
            langs = [o.language for o in props.get(PREF, [])]
            if "de" not in langs:
                problems.append(f"no German prefLabel: {s}")
            if len(langs) != len(set(langs)):
                problems.append(f"two prefLabels in one language: {s}")
        for cls, predicates in SINGLE.items():
            if cls in types:
                for predicate in predicates:
                    if len(props.get(predicate, [])) != 1:
                        problems.append(f"{s} needs exactly one {predicate}")
        if C_COOPERATION in types and len(props.get(AG_PARTNER, [])) < 2:
            problems.append(f"cooperation with fewer than two partners: {s}")
        if C_ORGANIZATION in types:
            labels = {o.language: str(o) for o in props.get(PREF, [])}
            if not labels.get("de", "").endswith(" (Beispiel)") or not labels.get(
                "en", ""
            ).endswith(" (example)"):
                problems.append(f"organisation label does not say it is an example: {s}")
        for start in props.get(S_START, []):
            for end in props.get(S_END, []):
                if not not_before(str(end), str(start)):
                    problems.append(f"end before start: {s}")
    for (language, label), subjects in seen_labels.items():
        if len(subjects) > 1:
            problems.append(f"label {label!r}@{language} used by {len(subjects)} entities")
    return problems


def summarise(dataset: Dataset) -> str:
    """Triples per graph and entities per class, for the log."""
    lines = []
    for name in (PUBLIC_GRAPH, INTERNAL_GRAPH):
        lines.append(f"{len(dataset.graph(name)):6d} triples in <{name}>")
    counts: Counter[str] = Counter()
    typed: set[tuple[URIRef, URIRef]] = set()
    for s, _, o, _ in dataset.quads((None, RDF_TYPE, None, None)):
        typed.add((s, o))
    for _, cls in typed:
        counts[term_text(cls)] += 1
    lines += [f"{count:6d} {cls}" for cls, count in sorted(counts.items())]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Generate, write, re-read and check."""
    parser = argparse.ArgumentParser(
        description="Write the clearly fictional Akteursgraph example data as TriG "
        "(public and internal example graphs), deterministically."
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help=f"where to write the TriG file (default: {DEFAULT_OUTPUT})",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="do not print the summary")
    args = parser.parse_args(argv)

    generator = Generator(random.Random(SEED))
    generator.build()
    text = serialise(generator)
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    except OSError as error:
        print(f"error: cannot write {args.output}: {error}", file=sys.stderr)
        return 2

    dataset = read_dataset(args.output)
    problems = []
    for name, built in ((PUBLIC_GRAPH, generator.public), (INTERNAL_GRAPH, generator.internal)):
        if set(dataset.graph(name)) != built:
            problems.append(f"re-read graph <{name}> differs from what was generated")
    problems += check(dataset)
    if not args.quiet:
        print(f"wrote {args.output}")
        print(summarise(dataset))
    for problem in problems:
        print(f"check failed: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
