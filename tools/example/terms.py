"""The IRIs and literals the example data is written in: graphs, prefixes, predicates, classes.

Namespaces come from the core (`akteursgraph.namespaces`), so the example and the product can
not disagree about a vocabulary; only the example's own namespace and graphs are defined here.
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef

from akteursgraph.namespaces import (
    AG,
    AGV,
    CONSENT_GIVEN,
    DCTERMS,
    DPV,
    FOAF,
    ORG,
    PROV,
    RDF_TYPE,
    SCHEMA,
    SKOS,
    VCARD,
    XSD,
)

BASE = "https://w3id.org/akteursgraph/mitte/"
EXAMPLE = BASE + "example/"
PUBLIC_GRAPH = URIRef(BASE + "graph/public/example")
INTERNAL_GRAPH = URIRef(BASE + "graph/internal/example")

# Prefixes for the written TriG, in the order of its header. The per-type prefixes only make
# the file readable; the contract (model.md) is about the full IRIs.
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
    ("pd", "https://w3id.org/dpv/pd#"),
    ("place", BASE + "place/"),
    ("prov", PROV),
    ("region", AGV + "region/"),
    ("role", AGV + "role/"),
    ("schema", SCHEMA),
    ("site", BASE + "site/"),
    ("skos", SKOS),
    ("topic", AGV + "topic/"),
    ("vcard", VCARD),
    ("xsd", XSD),
)


def iri(namespace: str, local: str) -> URIRef:
    """Build an IRI; one helper so typos in namespace strings show up in one place."""
    return URIRef(namespace + local)


def lit(text: str, lang: str) -> Literal:
    """A language-tagged literal."""
    return Literal(text, lang=lang)


def date_literal(value: str) -> Literal:
    """Type a date by its precision, never inventing a day (model.md "Dates")."""
    if re.fullmatch(r"\d{4}", value):
        return Literal(value, datatype=iri(XSD, "gYear"))
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return Literal(value, datatype=iri(XSD, "gYearMonth"))
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return Literal(value, datatype=iri(XSD, "date"))
    raise ValueError(f"not a date: {value!r}")


# Predicates.
A = URIRef(RDF_TYPE)
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

# Classes.
C_ORGANIZATION = iri(ORG, "Organization")
C_FORMAL = iri(ORG, "FormalOrganization")
C_PERSON = iri(FOAF, "Person")
C_PROFILE = iri(AG, "SpeakerProfile")
C_MEMBERSHIP = iri(ORG, "Membership")
C_COOPERATION = iri(AG, "Cooperation")
C_PROJECT = iri(SCHEMA, "Project")
C_EVENT = iri(SCHEMA, "Event")
C_TRAINING = iri(AG, "TrainingOffer")

# Consent states (docs/model.md, "Personal data"), by the names the data tables use.
CONSENT: dict[str, URIRef | None] = {
    "given": URIRef(CONSENT_GIVEN),
    "withdrawn": iri(DPV, "ConsentWithdrawn"),
    "refused": iri(DPV, "ConsentRefused"),
    "never_asked": None,
}
