"""Consent records as DPV states them: the one place that writes their statements.

A record is `dpv:Consent` with `dpv:hasDataSubject` (the person), `dpv:hasPurpose` (one of
`people.purposes.PURPOSES`), `dpv:hasConsentStatus`, `dpv:isIndicatedAtTime` (when it was
given), `dpv:hasIndicationMethod` (how: in writing, by e-mail, ...), `ag:recordedBy` (who
took it down) and, if it ends, `ag:consentExpires`. It lives in an internal graph
(`CONSENT_GRAPH`): who consented to what is personal data. `akteursgraph migrate` and the
example data write records through `record_quads`; forms and imports will too.
"""

from __future__ import annotations

import base64
import hashlib

import pyoxigraph as ox

from ..namespaces import (
    AG,
    CONSENT_EXPIRES,
    CONSENT_RECORD_CLASS,
    DPV,
    HAS_CONSENT_STATUS,
    HAS_DATA_SUBJECT,
    HAS_PURPOSE,
    RDF_TYPE,
    XSD,
)

#: The internal graph (under the store's internal prefix) that holds the consent records.
CONSENT_GRAPH = "internal/consent"


def record_iri(base_iri: str, person: str, purpose: str) -> str:
    """A stable, opaque IRI for the record of `person`'s consent to `purpose`: derived from
    both (so minting again gives the same record), without the person's name in it."""
    digest = hashlib.sha256(f"{person}\n{purpose}".encode()).digest()[:10]
    return f"{base_iri}consent/c-{base64.b32encode(digest).decode().lower()}"


def record_quads(
    record: str,
    person: str,
    purpose: str,
    status: str,
    graph: str,
    *,
    indicated_at: str | None = None,
    method: str | None = None,
    recorded_by: str | None = None,
    expires: str | None = None,
) -> list[ox.Quad]:
    """The statements of one record (times as xsd:dateTime lexical forms)."""
    node, g = ox.NamedNode(record), ox.NamedNode(graph)
    when = ox.NamedNode(XSD + "dateTime")
    facts: list[tuple[str, ox.NamedNode | ox.Literal]] = [
        (RDF_TYPE, ox.NamedNode(CONSENT_RECORD_CLASS)),
        (HAS_DATA_SUBJECT, ox.NamedNode(person)),
        (HAS_PURPOSE, ox.NamedNode(purpose)),
        (HAS_CONSENT_STATUS, ox.NamedNode(status)),
    ]
    if indicated_at:
        facts.append((DPV + "isIndicatedAtTime", ox.Literal(indicated_at, datatype=when)))
    if method:
        facts.append((DPV + "hasIndicationMethod", ox.Literal(method)))
    if recorded_by:
        facts.append((AG + "recordedBy", ox.Literal(recorded_by)))
    if expires:
        facts.append((CONSENT_EXPIRES, ox.Literal(expires, datatype=when)))
    return [ox.Quad(node, ox.NamedNode(p), o, g) for p, o in facts]
