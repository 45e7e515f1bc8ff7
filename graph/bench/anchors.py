"""What the gallery questions ask for by name or by rare combination, so each finds something.

An empty answer proves nothing: a question that finds nothing is fast on every engine and
checks no part of the product. Several gallery questions (graph/queries/gallery/) name IRIs of
the real or the example data, or ask for combinations the random district rarely or never
holds; this module adds them, with fictional content, in small numbers that do not grow with
the scale (memorials excepted, which are ordinary sites):

- 06: memorials (`ag:Memorial`);
- 07, 09: speakers with the languages, topic and format those questions look for;
- 17: streets renamed after 2020;
- 18: namings with a ceremony date next to the decision date (`ceremony`);
- 19, 21: historical people whose description names colonial rule in the colonies the
  questions search for (`historical_description`);
- 24, 25, 31: the coordination office `mitte/organisation/koordinationsstelle-entwicklungspolitik`
  (the IRI the questions name), a partner of one organisation in each district;
- 33: the two example organisations the question names, two cooperations apart;
- 34-38: qualified statements (competing, disputed, deprecated, approximate) on the renamed
  streets' namings, one citing the source question 35 names; the dated steps of each renaming;
  a life event of a person a new name honours (`_statements_steps_and_lives`).

`generate` calls `ceremony` and `historical_description` while it writes namings and people,
and `add` after everything else; only `add` draws from the random stream, so every random
choice of the rest of the district is the same as without them.
"""

from __future__ import annotations

from akteursgraph.namespaces import (
    AG,
    AGV,
    DCTERMS,
    DPV,
    FOAF,
    ORG,
    PROV,
    RDF,
    SCHEMA,
    SKOS,
    VCARD,
    WIKIBASE,
)
from akteursgraph.naming import slugify

from .district import (
    BASE,
    FAMILY,
    RDF_TYPE,
    TOPIC_WORDS,
    District,
    day,
    entity,
    lit,
    plain,
    ref,
    vocab,
    year,
)

#: Question 31 looks for organisations with partners in at least five districts.
MIN_PLACES = 6

#: Named by questions 24, 25 and 31 (the IRI of the real office in graph/data/mitte-facts.trig).
OFFICE = BASE + "organisation/koordinationsstelle-entwicklungspolitik"
#: Named by question 33 (IRIs of the example data, graph/data/example-fictional.trig).
CONGOLESE_HOUSE = BASE + "example/organisation/kongolesisches-haus-an-der-panke"
AFGHAN_WORKSHOP = BASE + "example/organisation/afghanische-frauenwerkstatt-tiergarten"

# (German, English) descriptions of historical people, in turn; the last names no colony, so
# that the questions' text filters still have something to leave out.
_HISTORICAL = (
    ("Fiktive Person der Kolonialherrschaft in Deutsch-Südwestafrika (heute Namibia), "
     "beteiligt am Krieg gegen Herero und Nama.",
     "Fictional person of colonial rule in German South West Africa (today Namibia), "
     "involved in the war against the Herero and Nama."),
    ("Fiktiver Kolonialbeamter in Deutsch-Ostafrika (heute Tansania) zur Zeit des "
     "Maji-Maji-Kriegs.",
     "Fictional colonial official in German East Africa (today Tanzania) at the time of the "
     "Maji Maji war."),
    ("Fiktiver Kaufmann, der am Sklavenhandel verdiente und in der Kolonie Kamerun (Duala) "
     "Handel trieb.",
     "Fictional merchant who profited from the slave trade and traded in the colony of "
     "Cameroon (Douala)."),
    ("Fiktive Person des Widerstands gegen die Kolonialherrschaft in Togo.",
     "Fictional person of the resistance against colonial rule in Togo."),
    ("Fiktive Person der Berliner Stadtgeschichte.",
     "Fictional person of Berlin's city history."),
)  # fmt: skip


def historical_description(d: District, person: str, index: int) -> None:
    """A description for historical person number `index` (19 and 21 search these)."""
    de, en = _HISTORICAL[index % len(_HISTORICAL)]
    d.w.pub(person, DCTERMS + "description", lit(de, "de"))
    d.w.pub(person, DCTERMS + "description", lit(en, "en"))


def ceremony(d: District, naming: str, index: int, decision_year: int) -> None:
    """Every third decided renaming gets a ceremony date and the deciding office (18)."""
    if index % 3 == 0:
        d.w.pub(naming, AG + "ceremonyDate", day(decision_year, 6, 15))
        d.w.pub(naming, AG + "decidedBy", ref(OFFICE))


def add(d: District) -> None:
    """Everything else the questions need, after the rest of the district is written."""
    _office_and_example_organisations(d)
    _speakers(d)
    _memorials(d)
    renamed = _renamed_streets(d)
    _statements_steps_and_lives(d, renamed)


def _organisation(d: District, iri: str, de: str, en: str, kind: str, topic: str) -> None:
    s, pub = ref(iri), d.w.pub
    pub(s, RDF_TYPE, ref(ORG + "Organization"))
    d.labels(s, de, en)
    pub(s, ORG + "classification", vocab("organisation-kind", kind))
    pub(s, AG + "district", d.places[0])
    pub(s, SCHEMA + "knowsLanguage", plain("de"))
    pub(s, DCTERMS + "subject", vocab("topic", topic))
    pub(s, DCTERMS + "description", lit(f"Fiktive Organisation für Messungen: {de}.", "de"))
    pub(s, DCTERMS + "description", lit(f"Fictional organisation for benchmarks: {en}.", "en"))


def _office_and_example_organisations(d: District) -> None:
    """The office, partner of one organisation per district; two example organisations that
    are each partners of the office, so the shortest chain between them has two steps."""
    _organisation(d, OFFICE, "Koordinationsstelle (Messdaten)", "Coordination office (bench)",
                  "public-administration", "migration-development")  # fmt: skip
    _organisation(d, CONGOLESE_HOUSE, "Kongolesisches Haus an der Panke (Messdaten)",
                  "Congolese House on the Panke (bench)", "migrant-organisation",
                  "culture-arts")  # fmt: skip
    _organisation(d, AFGHAN_WORKSHOP, "Afghanische Frauenwerkstatt Tiergarten (Messdaten)",
                  "Afghan Women's Workshop Tiergarten (bench)", "migrant-organisation",
                  "gender-equality")  # fmt: skip
    pairs = []
    for place in d.places:
        first = next((k for k, located in enumerate(d.org_places) if place in located), None)
        if first is not None:
            pairs.append((d.orgs[first], d.org_topics[first][0]))
    pairs += [(ref(CONGOLESE_HOUSE), "culture-arts"), (ref(AFGHAN_WORKSHOP), "gender-equality")]
    number = d.n["cooperation"]
    for partner, topic in pairs:
        number += 1
        start, end = d.period(d.rng.randint(2010, 2025))
        d.cooperation(number, topic, [ref(OFFICE), partner], start, end)


def _renamed_streets(d: District) -> list[tuple[str, int]]:
    """Two streets renamed in 2021 and 2023 after a historical person (17), by the office.

    Answers each new naming with the year it took effect."""
    pub = d.w.pub
    renamed_namings = []
    for k, (renamed, old_family, new_family) in enumerate(
        ((2021, "Lüderitz", "Mwangi"), (2023, "Nachtigal", "Diallo"))
    ):
        current = f"{new_family}-Straße {k + 1}"
        s = entity("site", slugify(current))
        pub(s, RDF_TYPE, ref(AG + "Street"))
        d.labels(s, current, current.replace("-Straße", " Street"))
        d.coordinates(s)
        pub(s, AG + "district", d.places[k % len(d.places)])
        pub(s, DCTERMS + "source", ref(f"https://example.org/bench/source/renamed-{k + 1}"))
        pub(s, DCTERMS + "description", lit(f"Fiktive umbenannte Straße {current}.", "de"))
        for name, start, end, honours in (
            (f"{old_family}straße {k + 1}", 1902, renamed, d.historical[k]),
            (current, renamed, None, d.historical[-1 - k]),
        ):
            naming = entity("naming", f"{slugify(current)}-{start}")
            pub(s, AG + "hasNaming", naming)
            pub(naming, RDF_TYPE, ref(AG + "SiteNaming"))
            pub(naming, SCHEMA + "name", lit(name, "de"))
            pub(naming, SCHEMA + "startDate", year(start))
            if end:
                pub(naming, SCHEMA + "endDate", year(end))
                pub(naming, AG + "decisionDate", day(end - 1, 11, 20))
                pub(naming, AG + "ceremonyDate", day(end, 5, 8))
                pub(naming, AG + "decidedBy", ref(OFFICE))
            pub(naming, AG + "honours", honours)
            pub(naming, DCTERMS + "source", ref(f"https://example.org/bench/source/{k}-{start}"))
            if not end:
                pub(naming, DCTERMS + "replaces", entity("naming", f"{slugify(current)}-1902"))
                renamed_namings.append((naming, renamed))
    return renamed_namings


#: Named by question 35 (a source of the real data, graph/data/mitte-facts.trig).
PRESS_RELEASE = (
    "https://berlin.de/ba-mitte/aktuelles/pressemitteilungen/2024/pressemitteilung.1477681.php"
)


def _statements_steps_and_lives(d: District, renamed: list[tuple[str, int]]) -> None:
    """Per renamed street: the start as a preferred statement (citing the source question
    35 names), a competing decade that an office disputes, a deprecated year; a decision
    and a ceremony step. One life event of the person the last new name honours (38)."""
    pub = d.w.pub
    statement_type = ref(RDF + "Statement")
    for k, (naming, renamed_in) in enumerate(renamed):
        slug = naming.rsplit("/", 1)[-1].rstrip(">")
        values = (
            ("preferred", year(renamed_in), "PreferredRank", PRESS_RELEASE),
            ("decade", year(renamed_in - renamed_in % 10), "NormalRank", None),
            ("deprecated", year(renamed_in - 2), "DeprecatedRank", None),
        )
        for kind, value, rank, source in values:
            st = entity("statement", f"{slug}-start-{kind}")
            pub(st, RDF_TYPE, statement_type)
            pub(st, RDF + "subject", naming)
            pub(st, RDF + "predicate", ref(SCHEMA + "startDate"))
            pub(st, RDF + "object", value)
            pub(st, WIKIBASE + "rank", ref(WIKIBASE + rank))
            pub(
                st,
                DCTERMS + "source",
                ref(source or f"https://example.org/bench/source/{kind}-{k}"),
            )
            if kind == "decade":
                pub(st, AG + "datePrecision", vocab("date-precision", "decade"))
                pub(st, AG + "earliestDate", day(renamed_in - renamed_in % 10, 1, 1))
                pub(st, AG + "latestDate", day(renamed_in - renamed_in % 10 + 9, 12, 31))
                pub(st, AG + "disputedBy", ref(OFFICE))
        for kind, when in (("assembly-decision", day(renamed_in - 1, 11, 20)),
                           ("ceremony", day(renamed_in, 5, 8))):  # fmt: skip
            step = entity("naming-step", f"{slug}-{kind}")
            pub(step, RDF_TYPE, ref(AG + "NamingStep"))
            d.labels(step, f"Schritt {kind} (Messdaten)", f"Step {kind} (bench)")
            pub(step, AG + "stepOf", naming)
            pub(step, DCTERMS + "type", vocab("naming-step", kind))
            pub(step, SCHEMA + "startDate", when)
            pub(step, PROV + "wasAssociatedWith", ref(OFFICE))
            pub(step, DCTERMS + "source", ref(f"https://example.org/bench/source/step-{k}-{kind}"))
    person = d.historical[-1]
    life = entity("event", "death-of-an-honoured-person")
    pub(life, RDF_TYPE, ref(AG + "LifeEvent"))
    d.labels(life, "Tod einer geehrten Person (Messdaten)", "Death of an honoured person (bench)")
    pub(life, AG + "lifeEventOf", person)
    pub(life, DCTERMS + "type", ref(f"{AGV}life-event/death-in-detention"))
    pub(life, SCHEMA + "startDate", year(1907))
    pub(life, SCHEMA + "location", d.places[0])
    pub(life, AG + "responsibleAuthority", ref(OFFICE))
    pub(life, DCTERMS + "source", ref("https://example.org/bench/source/life-event"))


def _speakers(d: District) -> None:
    """Two public speakers: Kiswahili and climate justice (07); Arabic and French, workshops
    on colonial history (09)."""
    profiles = (
        ("Neema", "Mwakilema", ("de", "sw", "en"), ("climate-justice",), ("talk",),
         ("east-africa",)),
        ("Aïcha", "Benali", ("de", "ar", "fr"), ("colonial-history", "anti-racism"),
         ("workshop", "city-walk"), ("north-africa", "west-africa")),
    )  # fmt: skip
    pub, intern = d.w.pub, d.w.intern
    for given, family, languages, topics, formats, regions in profiles:
        name = f"{given} {family} (Referentin)"
        s, p = entity("person", slugify(name)), entity("profile", slugify(name))
        pub(s, RDF_TYPE, ref(FOAF + "Person"))
        d.labels(s, name, name.replace("Referentin", "speaker"))
        pub(s, FOAF + "givenName", plain(given))
        pub(s, FOAF + "familyName", plain(family))
        pub(s, AG + "publicationConsent", ref(DPV + "ConsentGiven"))
        pub(s, AG + "consentDate", day(2024, 3, 1))
        d.w.consent(s, ("PublicNaming", "PublicSpeakerListing"), "ConsentGiven", "2024-03-01")
        intern(s, VCARD + "hasEmail", ref(f"mailto:{slugify(name)}@example.org"))
        pub(s, AG + "hasSpeakerProfile", p)
        pub(p, RDF_TYPE, ref(AG + "SpeakerProfile"))
        for topic in topics:
            pub(p, SCHEMA + "knowsAbout", vocab("topic", topic))
        for language in languages:
            pub(p, SCHEMA + "knowsLanguage", plain(language))
        for fmt in formats:
            pub(p, AG + "offersFormat", vocab("format", fmt))
        for region in regions:
            pub(p, AG + "regionalFocus", vocab("region", region))
        pub(p, DCTERMS + "description", lit(f"Referentin {name}.", "de"))


def _memorials(d: District) -> None:
    """Memorials (06): sites of their own kind, each remembering a historical topic."""
    rng, pub = d.rng, d.w.pub
    tde, ten = TOPIC_WORDS["remembrance-culture"]
    for i in range(d.n["memorial"]):
        family = rng.choice(FAMILY)
        s = entity("site", slugify(f"gedenktafel {family} {i + 1}"))
        pub(s, RDF_TYPE, ref(AG + "Memorial"))
        d.labels(s, f"Gedenktafel {family} {i + 1}", f"Memorial plaque {family} {i + 1}")
        pub(s, SKOS + "altLabel", lit(f"Gedenkort {family} {i + 1}", "de"))
        d.coordinates(s)
        pub(s, AG + "district", rng.choice(d.places))
        pub(s, SCHEMA + "dateCreated", year(rng.randint(1985, 2025)))
        if rng.random() < 0.5:
            d.address(s, f"{family}straße {i % 90 + 1}", f"{10000 + i % 999:05d}")
        pub(s, DCTERMS + "source", ref(f"https://example.org/bench/source/memorial-{i + 1}"))
        de = f"Fiktiver Gedenkort der {tde}: erinnert an die Opfer der Kolonialkriege."
        pub(s, DCTERMS + "description", lit(de, "de"))
        en = f"Fictional place of {ten}: remembers the victims of the colonial wars."
        pub(s, DCTERMS + "description", lit(en, "en"))
