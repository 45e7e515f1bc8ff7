"""The dataset description: DCAT-AP.de 3.0 for data portals (`/catalog`) and VoID for linked-data
tools (`/.well-known/void`).

- DCAT-AP.de 3.0: https://www.dcat-ap.de/def/dcatde/3.0/spec/ (on DCAT-AP 3.0.0,
  https://semiceu.github.io/DCAT-AP/releases/3.0.0/). A catalogue, the dataset of the public
  data, a distribution per dump file and one for the SPARQL endpoint, the endpoint as a
  `dcat:DataService`. The values of controlled vocabularies carry their `skos:inScheme`, which
  the DCAT-AP.de shapes check in the description itself.
- VoID: https://www.w3.org/TR/void/ (section 6 for `/.well-known/void`). Counts, class and
  property partitions, linksets to Wikidata and the GND, endpoint, dumps, vocabularies, licence.

Both describe one dataset node, `{base}catalog#dataset`: under the base IRI, so it stays the
same when the data moves host (docs/persistent-iris.md); the URLs to fetch things (pages,
endpoint, dumps) are the site's, which the web layer passes in.

The counts come from fixed queries (`graph/queries/description/*.rq`) over the public graphs
only, and are kept per publication version (`DescriptionCache`): one set of scans per version
of the public data, never per request.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..errors import InvalidDataError, NotAcceptable
from ..memory import give_back
from ..namespaces import AGV, DCAT, DCTERMS, FOAF, ONTOLOGY_IRI, PREFIXES, RDFS, SKOS, VCARD
from ..namespaces import VOID as VOID_NS
from ..resources import query
from ..snapshot import write_atomically
from ..store import Store
from .distributions import DOWNLOAD_ROOT, DUMP_FILES, FILE_TYPE, MEDIA_TYPE
from .settings import (
    FREQUENCY_SCHEME,
    GEOCODING_LEVEL_SCHEME,
    LICENCE_SCHEME,
    LICENCES,
    PUBLISHER_TYPE_SCHEME,
    THEME_SCHEME,
    PublicationSettings,
)

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCATDE = "http://dcat-ap.de/def/dcatde/"
DCATAP = "http://data.europa.eu/r5r#"
SD = "http://www.w3.org/ns/sparql-service-description#"
EU = "http://publications.europa.eu/resource/authority/"
LANGUAGE_SCHEME = EU + "language"
ACCESS_RIGHT_SCHEME = EU + "access-right"
FILE_TYPE_SCHEME = EU + "file-type"

#: The paths of the two descriptions on a site (the web layer serves them there).
CATALOG_PATH = "/catalog"
VOID_PATH = "/.well-known/void"
SPARQL_PATH = "/sparql"

#: The datasets the linksets point at, by the keys of `void-links.rq` (which lists their
#: IRI spaces): IRI, title, IRI space.
LINK_TARGETS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "wikidata": ("https://www.wikidata.org/", "Wikidata", ("http://www.wikidata.org/entity/",)),
    "gnd": (
        "https://d-nb.info/gnd/",
        "Gemeinsame Normdatei (GND)",
        ("https://d-nb.info/gnd/", "http://d-nb.info/gnd/"),
    ),
}

#: The formats the descriptions speak: key -> (media type, engine format).
FORMATS: dict[str, tuple[str, ox.RdfFormat]] = {
    "ttl": ("text/turtle", ox.RdfFormat.TURTLE),
    "rdf": ("application/rdf+xml", ox.RdfFormat.RDF_XML),
    "jsonld": ("application/ld+json", ox.RdfFormat.JSON_LD),
}
_PREFIXES = {
    **PREFIXES,
    "dcatde": DCATDE,
    "dcatap": DCATAP,
    "sd": SD,
    "lang": EU + "language/",
    "filetype": FILE_TYPE,
    "theme": EU + "data-theme/",
    "freq": EU + "frequency/",
}

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Statistics:
    """The counts of one version of the public data (what VoID states)."""

    triples: int
    entities: int
    distinct_subjects: int
    properties: int
    distinct_objects: int
    classes: dict[str, int]  # class IRI -> distinct instances
    property_triples: dict[str, int]  # property IRI -> distinct triples
    links: dict[tuple[str, str], int]  # (target key, link property) -> distinct triples
    temporal: tuple[str | None, str | None]  # earliest and latest date, as text
    seconds: float = 0.0  # what the scans cost

    def as_json(self) -> dict[str, object]:
        """The counts as JSON (a linkset's key as a list: JSON has no pairs)."""
        data = asdict(self)
        data["links"] = [[*key, n] for key, n in self.links.items()]
        return data

    @classmethod
    def from_json(cls, data: dict[str, object]) -> Statistics:
        """The counts `as_json` wrote; KeyError, TypeError or ValueError if they are not."""
        values = dict(data)
        links = values.pop("links")
        temporal = values.pop("temporal")
        stats = cls(
            **values,  # type: ignore[arg-type]
            links={(t, p): int(n) for t, p, n in links},  # type: ignore[attr-defined]
            temporal=tuple(temporal),  # type: ignore[arg-type]
        )
        if not isinstance(stats.triples, int) or not isinstance(stats.classes, dict):
            raise TypeError("not the counts of a description")
        return stats

    @property
    def vocabularies(self) -> list[str]:
        """The namespaces (of the known prefixes) whose classes or properties the data uses."""
        used = [*self.classes, *self.property_triples]
        return sorted({ns for ns in PREFIXES.values() if any(t.startswith(ns) for t in used)})


def statistics(store: Store) -> Statistics:
    """Count the public data: a handful of scans (see the module's note on their cost).

    No scan holds every triple at once: the triples are counted per graph and the copies of
    a triple held in several graphs taken off (`_repeats`), where a DISTINCT over all triples
    held 389 MiB at the 1M district (990,004 triples) while the catalogue's counts were made
    after each publication, a third of what `serve` may hold with its workers (issue 11)."""
    from ..operations import VOCABULARY_GRAPH

    began = time.perf_counter()
    scan = Store.SCAN_ROWS
    sizes = {
        r["g"].value: int(r["triples"].value)
        for r in store.select(query("description/void-graph-triples"), public_only=True)
    }
    repeats = _repeats(store, sizes)
    distinct = store.select(query("description/void-distinct"), public_only=True)[0]
    entities = store.select(
        query("description/void-entities"),
        bindings={"base": ox.Literal(store.base_iri)},
        public_only=True,
    )[0]
    classes = {
        r["class"].value: int(r["entities"].value)
        for r in store.select(query("description/void-classes"), public_only=True, max_rows=scan)
    }
    properties = {
        r["property"].value: int(r["triples"].value) - repeats.get(r["property"].value, 0)
        for r in store.select(query("description/void-properties"), public_only=True, max_rows=scan)
    }
    links = {
        (r["target"].value, r["predicate"].value): int(r["triples"].value)
        for r in store.select(query("description/void-links"), public_only=True)
    }
    dates = store.select(
        query("description/temporal"),
        bindings={"vocabulary": ox.NamedNode(store.graph_iri(VOCABULARY_GRAPH))},
        public_only=True,
    )
    row = dates[0] if dates else {}
    return Statistics(
        triples=sum(sizes.values()) - sum(repeats.values()),
        entities=int(entities["entities"].value),
        distinct_subjects=int(distinct["subjects"].value),
        properties=int(distinct["properties"].value),
        distinct_objects=int(distinct["objects"].value),
        classes=classes,
        property_triples=properties,
        links=links,
        temporal=(
            row["start"].value if "start" in row else None,
            row["end"].value if "end" in row else None,
        ),
        seconds=time.perf_counter() - began,
    )


#: The file beside the store that keeps the last counts across restarts, and its form (a
#: file of another form is not read: the counts are made anew).
KEPT_FILE = "catalogue-counts.json"
KEPT_FORMAT = 1


@dataclass
class DescriptionCache:
    """The statistics of the current publication version, counted once per version, and
    never while a reader waits, once there is anything to show.

    The web layer passes the publisher's version with each request. A new version (a commit
    that changed the public data) starts one count in a thread, and readers get the counts
    of the version before until it is done: the scans took 17 s at the 1M district (24 s
    after a restart), and the catalogue is linked from every page's footer and read by
    harvesters, so the first of them after every publication waited that long. The counts
    are also kept in a file beside the store (`kept`): after a restart they are those of
    the version published (read at once), or those of before while a thread counts again;
    only a first start, with nothing kept, makes its first reader wait for a count (29.7 s
    at the 1M district after a restart, before the counts were kept). `wait` makes any
    reader wait. One count runs at a time.
    """

    kept: Path | None = None
    _kept_read: bool = False
    _version: int | None = None
    _stats: Statistics | None = None
    _counting: int | None = None  # the version a thread is counting
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _one_count: threading.Lock = field(default_factory=threading.Lock)

    def statistics(self, store: Store, version: int, *, wait: bool = False) -> Statistics:
        self._read_kept()
        with self._lock:
            if self._stats is not None and (self._version == version or not wait):
                if self._version != version and self._counting != version:
                    self._counting = version
                    threading.Thread(
                        target=self._count_quietly, args=(store, version),
                        name="catalogue-counts", daemon=True,
                    ).start()  # fmt: skip
                return self._stats
        return self._count(store, version)

    def current(self, version: int) -> bool:
        """Whether the counts kept are those of `version` (else a count is under way)."""
        return self._version == version

    def _count(self, store: Store, version: int) -> Statistics:
        with self._one_count:
            with self._lock:
                if self._stats is not None and self._version == version:
                    return self._stats
            stats = statistics(store)
            give_back()  # the scans' sets of terms, in this thread's own arena
            with self._lock:
                newest = self._version is None or version >= self._version
                if newest:
                    self._stats, self._version = stats, version
                if self._counting == version:
                    self._counting = None
            if newest:
                self._save(stats, version)
            return stats

    def _read_kept(self) -> None:
        """Once: the counts of the last run, as the current ones if they are of `version`
        published now, else as those of before; nothing if the file is missing, damaged or
        of another form."""
        if self._kept_read or self.kept is None:
            return
        with self._lock:
            if self._kept_read:
                return
            self._kept_read = True
            try:
                data = json.loads(self.kept.read_text(encoding="utf-8"))
                if data.get("format") != KEPT_FORMAT:
                    return
                kept_version = int(data["version"])
                stats = Statistics.from_json(data["statistics"])
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                return
            if self._stats is None:
                self._stats, self._version = stats, kept_version

    def _save(self, stats: Statistics, version: int) -> None:
        """Keep the counts of `version` in the file; a failure to write only logs."""
        if self.kept is None:
            return
        data = {"format": KEPT_FORMAT, "version": version, "statistics": stats.as_json()}
        try:
            write_atomically(self.kept, json.dumps(data, ensure_ascii=False))
        except OSError:
            _log.warning("Katalog-Zählungen nicht gespeichert / catalogue counts not kept",
                         exc_info=True)  # fmt: skip

    def _count_quietly(self, store: Store, version: int) -> None:
        try:
            self._count(store, version)
        except Exception:  # a store closed under it at shutdown; the next reader counts again
            with self._lock:
                self._counting = None
            _log.warning("counting the public data for the catalogue failed", exc_info=True)


def _repeats(store: Store, sizes: dict[str, int]) -> dict[str, int]:
    """Per property, the copies of triples held in more than one public graph: each
    graph's triples that a graph before it holds too, the graphs taken largest first, so
    that the largest (nearly all the data, at the 1M district 987,966 of 990,004 triples)
    is never read and the others are looked up triple by triple in the index (`in`)."""
    dataset = store.dataset
    found: dict[str, int] = {}
    before: list[ox.NamedNode] = []
    for name in sorted(sizes, key=lambda g: (-sizes[g], g)):
        graph = ox.NamedNode(name)
        if before:
            for q in dataset.quads_for_pattern(None, None, None, graph):
                if any(ox.Quad(q.subject, q.predicate, q.object, g) in dataset for g in before):
                    found[q.predicate.value] = found.get(q.predicate.value, 0) + 1
        before.append(graph)
    return found


# ---- the two descriptions ---------------------------------------------------------------


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


class _Triples(list[ox.Triple]):
    def add(self, s: ox.NamedNode | ox.BlankNode, p: str, o: object) -> None:
        self.append(ox.Triple(s, _n(p), o))  # type: ignore[arg-type]

    def texts(self, s: ox.NamedNode | ox.BlankNode, p: str, texts: dict[str, str]) -> None:
        for lang, text in texts.items():
            self.add(s, p, ox.Literal(text, language=lang))

    def concept(self, iri: str, scheme: str) -> ox.NamedNode:
        """A value of a controlled vocabulary, with its scheme (which the shapes check)."""
        node = _n(iri)
        self.add(node, SKOS + "inScheme", _n(scheme))
        return node


def _count(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=_n(XSD + "integer"))


def dataset_iri(store: Store) -> str:
    return store.base_iri + "catalog#dataset"


def _date(text: str) -> ox.Literal:
    """A date of the data as DCAT's start or end date: a year stays a year, and a year
    before the common era keeps its sign and all of its digits (the first ten characters
    of "-0044-03-15" had been published as an xsd:date; re-check walk)."""
    sign = "-" if text.startswith("-") else ""
    text = sign + text[len(sign) :][:10]
    kind = {4: "gYear", 7: "gYearMonth"}.get(len(text) - len(sign), "date")
    return ox.Literal(text, datatype=_n(XSD + kind))


def _publisher(t: _Triples, settings: PublicationSettings) -> ox.NamedNode | ox.BlankNode:
    node: ox.NamedNode | ox.BlankNode = (
        _n(settings.publisher_iri) if settings.publisher_iri else ox.BlankNode()
    )
    t.add(node, RDF_TYPE, _n(FOAF + "Agent"))
    t.add(node, RDF_TYPE, _n(FOAF + "Organization"))
    t.add(node, FOAF + "name", ox.Literal(settings.publisher_name))
    if settings.publisher_type:
        kind = t.concept(
            "http://purl.org/adms/publishertype/" + settings.publisher_type, PUBLISHER_TYPE_SCHEME
        )
        t.add(node, DCTERMS + "type", kind)
    return node


def office_mailbox(store: Store, settings: PublicationSettings) -> str | None:
    """The contact address the descriptions (RDF and page) publish, refused when it is a
    person's: people's data reaches no public surface without their consent."""
    if not settings.contact_email:
        return None
    mailbox = _n("mailto:" + settings.contact_email)
    if store.select(query("description/contact-person"), bindings={"mailbox": mailbox}):
        raise InvalidDataError(
            "Die Kontaktadresse des Katalogs (publication.contact.email) ist die einer "
            "Person; sie muss ein Funktionspostfach der Stelle sein.",
            "The catalogue's contact address (publication.contact.email) is a person's; "
            "it must be a functional mailbox of the office.",
            where="akteursgraph.json",
        )
    return settings.contact_email


def _contact(t: _Triples, store: Store, settings: PublicationSettings) -> ox.BlankNode | None:
    if not (settings.contact_email or settings.contact_url):
        return None
    node = ox.BlankNode()
    t.add(node, RDF_TYPE, _n(VCARD + "Kind"))
    t.add(node, RDF_TYPE, _n(VCARD + "Organization"))
    t.add(node, VCARD + "fn", ox.Literal(settings.contact_name or settings.publisher_name))
    mailbox = office_mailbox(store, settings)
    if mailbox:
        t.add(node, VCARD + "hasEmail", _n("mailto:" + mailbox))
    if settings.contact_url:
        t.add(node, VCARD + "hasURL", _n(settings.contact_url))
    return node


def catalog(
    store: Store, settings: PublicationSettings, stats: Statistics, site: str
) -> list[ox.Triple]:
    """The DCAT-AP.de description. `site`: the root URL the data is served at (ends in /)."""
    t = _Triples()
    root = site.rstrip("/")
    cat, ds = _n(store.base_iri + "catalog"), _n(dataset_iri(store))
    service = _n(store.base_iri + "catalog#sparql")
    publisher = _publisher(t, settings)
    contact = _contact(t, store, settings)
    licence = t.concept(settings.licence, LICENCE_SCHEME)
    t.add(licence, RDF_TYPE, _n(DCTERMS + "LicenseDocument"))
    name_de, name_en = LICENCES[settings.licence]
    t.texts(licence, RDFS + "label", {"de": name_de, "en": name_en})
    languages = [t.concept(EU + "language/" + code, LANGUAGE_SCHEME) for code in ("DEU", "ENG")]
    public = t.concept(EU + "access-right/PUBLIC", ACCESS_RIGHT_SCHEME)
    attribution = ox.Literal(settings.attribution_text)

    t.add(cat, RDF_TYPE, _n(DCAT + "Catalog"))
    t.texts(cat, DCTERMS + "title", dict(settings.title))
    t.texts(cat, DCTERMS + "description", dict(settings.description))
    t.add(cat, DCTERMS + "publisher", publisher)
    t.add(cat, FOAF + "homepage", _n(root + "/"))
    t.add(cat, DCTERMS + "license", licence)
    for lang in languages:
        t.add(cat, DCTERMS + "language", lang)
    t.add(cat, DCAT + "dataset", ds)
    t.add(cat, DCAT + "service", service)
    t.add(cat, RDFS + "seeAlso", _n(root + VOID_PATH))
    for node in settings.spatial:
        t.add(cat, DCTERMS + "spatial", _n(node))

    t.add(ds, RDF_TYPE, _n(DCAT + "Dataset"))
    t.texts(ds, DCTERMS + "title", dict(settings.title))
    t.texts(ds, DCTERMS + "description", dict(settings.description))
    t.add(ds, DCTERMS + "identifier", ox.Literal(ds.value))
    t.add(ds, DCTERMS + "publisher", publisher)
    if contact is not None:
        t.add(ds, DCAT + "contactPoint", contact)
    t.add(ds, DCTERMS + "accessRights", public)
    for lang in languages:
        t.add(ds, DCTERMS + "language", lang)
    for theme in settings.themes:
        t.add(ds, DCAT + "theme", t.concept(EU + "data-theme/" + theme, THEME_SCHEME))
    freq = t.concept(EU + "frequency/" + settings.frequency, FREQUENCY_SCHEME)
    t.add(ds, DCTERMS + "accrualPeriodicity", freq)
    for node in settings.spatial:
        t.add(ds, DCTERMS + "spatial", _n(node))
        t.add(_n(node), RDF_TYPE, _n(DCTERMS + "Location"))
    if settings.geocoding_level:
        level = GEOCODING_LEVEL_SCHEME + "/" + settings.geocoding_level
        t.add(ds, DCATDE + "politicalGeocodingLevelURI", t.concept(level, GEOCODING_LEVEL_SCHEME))
    start = settings.temporal_start or stats.temporal[0]
    end = settings.temporal_end or stats.temporal[1]
    if start or end:
        period = ox.BlankNode()
        t.add(ds, DCTERMS + "temporal", period)
        t.add(period, RDF_TYPE, _n(DCTERMS + "PeriodOfTime"))
        if start:
            t.add(period, DCAT + "startDate", _date(start))
        if end:
            t.add(period, DCAT + "endDate", _date(end))
    t.add(ds, DCTERMS + "conformsTo", _n(ONTOLOGY_IRI))
    t.add(ds, DCAT + "landingPage", _n(root + "/"))
    t.add(ds, RDFS + "seeAlso", _n(root + VOID_PATH))

    for dump in DUMP_FILES:
        dist = _n(f"{store.base_iri}catalog#dump-{dump.suffix.replace('.', '-')}")
        t.add(ds, DCAT + "distribution", dist)
        t.add(dist, RDF_TYPE, _n(DCAT + "Distribution"))
        t.texts(dist, DCTERMS + "title", {"de": dump.title_de, "en": dump.title_en})
        t.add(dist, DCAT + "accessURL", _n(root + DOWNLOAD_ROOT))
        t.add(dist, DCAT + "downloadURL", _n(root + dump.latest_path))
        t.add(dist, DCAT + "mediaType", _n(MEDIA_TYPE + dump.media_type))
        t.add(dist, DCTERMS + "format", t.concept(FILE_TYPE + dump.file_type, FILE_TYPE_SCHEME))
        if dump.compressed:
            t.add(dist, DCAT + "compressFormat", _n(MEDIA_TYPE + "application/gzip"))
        t.add(dist, DCTERMS + "license", licence)
        t.add(dist, DCATDE + "licenseAttributionByText", attribution)

    endpoint = _n(root + SPARQL_PATH)
    dist = _n(store.base_iri + "catalog#sparql-endpoint")
    t.add(ds, DCAT + "distribution", dist)
    t.add(dist, RDF_TYPE, _n(DCAT + "Distribution"))
    t.texts(dist, DCTERMS + "title", {"de": "SPARQL-Endpunkt", "en": "SPARQL endpoint"})
    t.add(dist, DCAT + "accessURL", endpoint)
    t.add(dist, DCAT + "accessService", service)
    t.add(dist, DCTERMS + "format", t.concept(FILE_TYPE + "SPARQLQ", FILE_TYPE_SCHEME))
    t.add(dist, DCTERMS + "license", licence)
    t.add(dist, DCATDE + "licenseAttributionByText", attribution)

    t.add(service, RDF_TYPE, _n(DCAT + "DataService"))
    t.texts(
        service,
        DCTERMS + "title",
        {"de": "Öffentlicher SPARQL-Endpunkt", "en": "Public SPARQL endpoint"},
    )
    t.add(service, DCAT + "endpointURL", endpoint)
    t.add(service, DCAT + "endpointDescription", endpoint)
    t.add(service, DCAT + "servesDataset", ds)
    t.add(service, DCTERMS + "conformsTo", _n("https://www.w3.org/TR/sparql11-protocol/"))
    t.add(service, DCTERMS + "publisher", publisher)
    t.add(service, DCTERMS + "license", licence)
    t.add(service, DCTERMS + "accessRights", public)
    return list(dict.fromkeys(t))


def void(
    store: Store, settings: PublicationSettings, stats: Statistics, site: str
) -> list[ox.Triple]:
    """The VoID description of the same dataset, with the counts of `stats`."""
    t = _Triples()
    root = site.rstrip("/")
    doc, ds = _n(root + VOID_PATH), _n(dataset_iri(store))
    t.add(doc, RDF_TYPE, _n(VOID_NS + "DatasetDescription"))
    t.texts(doc, DCTERMS + "title", {k: f"VoID: {v}" for k, v in settings.title.items()})
    t.add(doc, FOAF + "primaryTopic", ds)
    t.add(doc, RDFS + "seeAlso", _n(root + CATALOG_PATH))

    t.add(ds, RDF_TYPE, _n(VOID_NS + "Dataset"))
    t.texts(ds, DCTERMS + "title", dict(settings.title))
    t.texts(ds, DCTERMS + "description", dict(settings.description))
    t.add(ds, DCTERMS + "license", _n(settings.licence))
    publisher = _publisher(t, settings)
    t.add(ds, DCTERMS + "publisher", publisher)
    t.add(ds, FOAF + "homepage", _n(root + "/"))
    t.add(ds, FOAF + "page", _n(root + CATALOG_PATH))
    t.add(ds, RDFS + "seeAlso", _n(root + CATALOG_PATH))
    t.add(ds, VOID_NS + "sparqlEndpoint", _n(root + SPARQL_PATH))
    for dump in DUMP_FILES:
        t.add(ds, VOID_NS + "dataDump", _n(root + dump.latest_path))
    t.add(ds, VOID_NS + "uriSpace", ox.Literal(store.base_iri))
    for ns in sorted({ONTOLOGY_IRI + "#", AGV, *stats.vocabularies}):
        t.add(ds, VOID_NS + "vocabulary", _n(ns))
    t.add(ds, VOID_NS + "triples", _count(stats.triples))
    t.add(ds, VOID_NS + "entities", _count(stats.entities))
    t.add(ds, VOID_NS + "classes", _count(len(stats.classes)))
    t.add(ds, VOID_NS + "properties", _count(stats.properties))
    t.add(ds, VOID_NS + "distinctSubjects", _count(stats.distinct_subjects))
    t.add(ds, VOID_NS + "distinctObjects", _count(stats.distinct_objects))
    for cls, n in stats.classes.items():
        part = ox.BlankNode()
        t.add(ds, VOID_NS + "classPartition", part)
        t.add(part, VOID_NS + "class", _n(cls))
        t.add(part, VOID_NS + "entities", _count(n))
    for prop, n in stats.property_triples.items():
        part = ox.BlankNode()
        t.add(ds, VOID_NS + "propertyPartition", part)
        t.add(part, VOID_NS + "property", _n(prop))
        t.add(part, VOID_NS + "triples", _count(n))
    for (key, predicate), n in sorted(stats.links.items()):
        iri, title, spaces = LINK_TARGETS[key]
        target = _n(iri)
        t.add(target, RDF_TYPE, _n(VOID_NS + "Dataset"))
        t.add(target, DCTERMS + "title", ox.Literal(title))
        for space in spaces:
            t.add(target, VOID_NS + "uriSpace", ox.Literal(space))
        linkset = ox.BlankNode()
        t.add(ds, VOID_NS + "subset", linkset)
        t.add(linkset, RDF_TYPE, _n(VOID_NS + "Linkset"))
        t.add(linkset, VOID_NS + "subjectsTarget", ds)
        t.add(linkset, VOID_NS + "objectsTarget", target)
        t.add(linkset, VOID_NS + "linkPredicate", _n(predicate))
        t.add(linkset, VOID_NS + "triples", _count(n))
    return list(dict.fromkeys(t))


def media_type(fmt: str) -> str:
    return FORMATS[fmt][0]


def negotiate(accept: list[tuple[str, float]]) -> str:
    """The format for an Accept header (as (media type, quality) pairs, best first): Turtle
    when the client takes anything; NotAcceptable (406) when it takes none of the three."""
    if not accept:
        return "ttl"
    by_media = {media: key for key, (media, _) in FORMATS.items()}
    by_media["application/x-turtle"] = "ttl"
    by_media["application/json"] = "jsonld"
    by_media["application/xml"] = "rdf"
    best: tuple[float, int, str] | None = None
    for rank, (media, quality) in enumerate(accept):
        if quality <= 0:
            continue
        if media in ("*/*", "text/*") or media in by_media:
            key = "ttl" if media in ("*/*", "text/*") else by_media[media]
            if best is None or (quality, -rank) > (best[0], best[1]):
                best = (quality, -rank, key)
    if best is None:
        raise NotAcceptable(
            "Keines der verlangten Formate; diese Beschreibung gibt es als text/turtle, "
            "application/rdf+xml und application/ld+json.",
            "None of the formats asked for; this description is available as text/turtle, "
            "application/rdf+xml and application/ld+json.",
        )
    return best[2]


def serialize(triples: list[ox.Triple], fmt: str) -> bytes:
    """The description in one of `FORMATS`; Turtle grouped by subject, with the prefixes it
    uses, so that a person can read it."""
    rdf_format = FORMATS[fmt][1]
    ordered = sorted(triples, key=lambda t: (isinstance(t.subject, ox.BlankNode), str(t.subject)))
    prefixes = None
    if rdf_format == ox.RdfFormat.TURTLE:
        terms = {str(x.value) for t in triples for x in (t.predicate, t.object, t.subject)}
        prefixes = {
            name: ns for name, ns in _PREFIXES.items() if any(v.startswith(ns) for v in terms)
        }
    return ox.serialize(ordered, format=rdf_format, prefixes=prefixes) or b""


__all__ = [
    "CATALOG_PATH",
    "FORMATS",
    "LINK_TARGETS",
    "VOID_PATH",
    "DescriptionCache",
    "Statistics",
    "catalog",
    "dataset_iri",
    "negotiate",
    "office_mailbox",
    "serialize",
    "statistics",
    "void",
]
