"""The privacy rules that SHACL cannot state, because they depend on the named graph of a
statement: contact data only in internal graphs, a living person in public only with consent,
a public field only with a valid consent record for its purpose (DPV), consent records never
in public. Queries in graph/queries/validation/; run beside the shapes' checks
(`beside_privacy`).
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache

import pyoxigraph as ox

from .findings import Finding
from .namespaces import HAS_DATA_SUBJECT, PUBLICATION_CONSENT, curie
from .people.consent import now_literal
from .people.contact import EMAIL, PHONE, contact_in_text
from .people.purposes import PUBLIC_FIELDS
from .resources import query
from .shacl_checks import is_small
from .validation_context import PUBLIC_CONTEXT_GRAPH


def beside_privacy(
    data: ox.Store, public_prefix: str, shapes: Callable[[], list[Finding]]
) -> list[Finding]:
    """What `shapes()` finds, then what the privacy rules find, both on `data`.

    The privacy queries scan the data as the shapes' checks do, and Oxigraph runs both
    without the GIL: on a big change the privacy rules run on a thread beside the checks (a
    CLI load of the 1.42M district about 3 s faster, issue 11). A small change stays on one
    thread, where starting another costs more than it gains."""
    if is_small(data):
        return shapes() + privacy_findings(data, public_prefix)
    # Leaving the block waits for the privacy queries, also when the checks raised: the
    # caller may drop the staged context only when no query reads it any more.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="privacy") as side:
        privacy = side.submit(privacy_findings, data, public_prefix)
        found = shapes()
        return found + privacy.result()


def privacy_findings(data: ox.Store, public_prefix: str) -> list[Finding]:
    """Rules SHACL cannot state, because they depend on the named graph of a statement."""
    bound = {ox.Variable("public"): ox.Literal(public_prefix)}
    findings: list[Finding] = []
    # Types count from any graph (the union), the statements from the public graphs.
    contact = query("validation/contact-in-public")
    for row in data.query(contact, substitutions=bound, use_default_graph_as_union=True):
        graph = row["graph"].value
        findings.append(
            Finding(
                "violation",
                row["node"].value,
                row["property"].value,
                "https://w3id.org/akteursgraph/shapes#ContactDataNotPublic",
                "Kontaktdaten gehören nur in einen internen Graphen, nie in einen öffentlichen "
                f"({graph}).",
                f"Contact data belongs in an internal graph only, never in a public one ({graph}).",
            )
        )
    rules = ((query("validation/contact-iri-in-public"), True), (_contact_text(), True))
    for text, union in rules:
        for row in data.query(text, substitutions=bound, use_default_graph_as_union=union):
            findings.append(_personal_contact_finding(row))
    consent_bound = {**bound, ox.Variable("publicContext"): PUBLIC_CONTEXT_GRAPH}
    query_text = query("validation/person-public-without-consent")
    for row in data.query(query_text, substitutions=consent_bound, use_default_graph_as_union=True):
        findings.append(consent_finding(row["person"].value))
    findings.extend(_record_findings(data, bound))
    return findings


def _record_findings(data: ox.Store, bound: dict[ox.Variable, ox.Term]) -> list[Finding]:
    """A public field without a valid consent record for its purpose; a record in public."""
    findings: list[Finding] = []
    now = {ox.Variable("now"): now_literal()}
    for field_iri, purpose in PUBLIC_FIELDS.items():
        values = {
            **bound,
            **now,
            ox.Variable("field"): ox.NamedNode(field_iri),
            ox.Variable("purpose"): ox.NamedNode(purpose),
        }
        text = query("validation/consent-field-without-record")
        for row in data.query(text, substitutions=values, use_default_graph_as_union=True):
            findings.append(
                Finding(
                    "violation",
                    row["person"].value,
                    field_iri,
                    "https://w3id.org/akteursgraph/shapes#PublicFieldOnlyWithConsentRecord",
                    f"{curie(field_iri)} einer lebenden Person steht nur mit einer gültigen, nicht "
                    f"abgelaufenen Einwilligung (dpv:Consent, dpv:ConsentGiven) für den Zweck "
                    f"{curie(purpose)} in einem öffentlichen Graphen.",
                    f"{curie(field_iri)} of a living person stands in a public graph only with a "
                    f"valid, unexpired consent record (dpv:Consent, dpv:ConsentGiven) for the "
                    f"purpose {curie(purpose)}.",
                    value=purpose,
                )
            )
    text = query("validation/consent-record-in-public")
    for row in data.query(text, substitutions=bound, use_default_graph_as_union=False):
        findings.append(
            Finding(
                "violation",
                row["record"].value,
                HAS_DATA_SUBJECT,
                "https://w3id.org/akteursgraph/shapes#ConsentRecordNotPublic",
                "Ein Einwilligungsdatensatz ist personenbezogen und gehört nur in einen internen "
                f"Graphen ({row['graph'].value}).",
                "A consent record is personal data and belongs in an internal graph only "
                f"({row['graph'].value}).",
            )
        )
    return findings


@cache
def _contact_text() -> str:
    """The text rule with the patterns written in (see the query's header for why)."""
    text = query("validation/contact-text-about-person")
    # sparql-from: akteursgraph.people.contact.EMAIL and PHONE, as N-Triples literals (our
    # constants, never input)
    return text.replace("?email", str(ox.Literal(EMAIL))).replace("?phone", str(ox.Literal(PHONE)))


def _personal_contact_finding(row: ox.QuerySolution) -> Finding:
    value, graph = row["value"], row["graph"].value
    shown = value.value if isinstance(value, ox.NamedNode) else contact_in_text(value.value)
    return Finding(
        "violation",
        row["node"].value,
        row["property"].value,
        "https://w3id.org/akteursgraph/shapes#ContactDataNotPublic",
        f"Kontaktdaten ({shown}) gehören nur in einen internen Graphen, nie in einen "
        f"öffentlichen ({graph}); eine Funktionsadresse nur an einer Organisation.",
        f"Contact data ({shown}) belongs in an internal graph only, never in a public one "
        f"({graph}); a functional mailbox only on an organisation.",
        value=value.value,
    )


def consent_finding(person: str) -> Finding:
    return Finding(
        "violation",
        person,
        PUBLICATION_CONSENT,
        "https://w3id.org/akteursgraph/shapes#PersonPublicOnlyWithConsent",
        "Eine lebende Person darf nur mit Einwilligung (ag:publicationConsent "
        "dpv:ConsentGiven) in einem öffentlichen Graphen stehen oder dort erwähnt werden.",
        "A living person may appear or be referred to in a public graph only with "
        "consent (ag:publicationConsent dpv:ConsentGiven).",
    )
