"""The IRIs the code relies on, in one place, so that ontology, shapes and code cannot disagree."""

from __future__ import annotations

from functools import lru_cache

AG = "https://w3id.org/akteursgraph/ontology#"
AGV = "https://w3id.org/akteursgraph/vocab/"
AGS = "https://w3id.org/akteursgraph/shapes#"
ONTOLOGY_IRI = "https://w3id.org/akteursgraph/ontology"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"
ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
SCHEMA = "https://schema.org/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
WGS = "http://www.w3.org/2003/01/geo/wgs84_pos#"
GEO = "http://www.opengis.net/ont/geosparql#"
VCARD = "http://www.w3.org/2006/vcard/ns#"
DPV = "https://w3id.org/dpv#"
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
SDG = "http://metadata.un.org/sdg/"
WD = "http://www.wikidata.org/entity/"
WIKIBASE = "http://wikiba.se/ontology#"

#: Prefixes for serialisations, queries and the CLI's table output.
PREFIXES: dict[str, str] = {
    "ag": AG,
    "ags": AGS,
    "agv": AGV,
    "rdf": RDF,
    "sh": SH,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "org": ORG,
    "foaf": FOAF,
    "schema": SCHEMA,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "wgs": WGS,
    "geo": GEO,
    "vcard": VCARD,
    "dpv": DPV,
    "dcat": DCAT,
    "void": VOID,
    "sdg": SDG,
    "wd": WD,
    "wikibase": WIKIBASE,
}

RDF_TYPE = RDF + "type"

#: Predicates that carry personal contact data; refused in any public graph.
CONTACT_PREDICATES: frozenset[str] = frozenset(
    {
        VCARD + "hasEmail",
        VCARD + "hasTelephone",
        VCARD + "email",
        VCARD + "tel",
        SCHEMA + "email",
        SCHEMA + "telephone",
        SCHEMA + "faxNumber",
        # schema.org's older http scheme names the same properties
        "http://schema.org/email",
        "http://schema.org/telephone",
        "http://schema.org/faxNumber",
        FOAF + "mbox",
        FOAF + "mbox_sha1sum",
        FOAF + "phone",
    }
)

PERSON_CLASS = FOAF + "Person"
HISTORICAL_PERSON_CLASS = AG + "HistoricalPerson"
PUBLICATION_CONSENT = AG + "publicationConsent"
CONSENT_GIVEN = DPV + "ConsentGiven"
CONSENT_RECORD_CLASS = DPV + "Consent"
HAS_DATA_SUBJECT = DPV + "hasDataSubject"
HAS_PURPOSE = DPV + "hasPurpose"
HAS_PERSONAL_DATA = DPV + "hasPersonalData"
#: DPV's personal data categories (the PD extension).
DPV_PD = "https://w3id.org/dpv/pd#"
HAS_CONSENT_STATUS = DPV + "hasConsentStatus"
CONSENT_EXPIRED = DPV + "ConsentExpired"
CONSENT_EXPIRES = AG + "consentExpires"


@lru_cache(maxsize=8192)
def curie(iri: str) -> str:
    """Shorten an IRI with the known prefixes, for messages meant for people.

    Remembered: a history of 1,000 label changes words the same few IRIs thousands of times,
    and each look walks every prefix (measured: the read took 8 % less with it)."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return f"<{iri}>"


def expand(text: str) -> str:
    """A full IRI from a prefixed name with one of the standard prefixes (`ag:...`), the
    inverse of `curie`; anything else is returned as given (without angle brackets)."""
    text = text.strip().removeprefix("<").removesuffix(">")
    prefix, colon, rest = text.partition(":")
    if colon and prefix in PREFIXES and not rest.startswith("//"):
        return PREFIXES[prefix] + rest
    return text


def sparql_prologue() -> str:
    """PREFIX lines for product queries, so the .rq files stay short."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
