"""Consent records as DPV states them: the one place that writes their statements.

A record is `dpv:Consent` with `dpv:hasDataSubject` (the person), `dpv:hasPurpose` (one of
`people.purposes.PURPOSES`), `dpv:hasPersonalData` (the purpose's categories,
`people.purposes.PERSONAL_DATA`), `dpv:hasConsentStatus`, `dpv:isIndicatedAtTime` (when it was
given), `dpv:hasIndicationMethod` (how: in writing, by e-mail, ...), `ag:recordedBy` (who
took it down) and, if it ends, `ag:consentExpires`. It lives in an internal graph
(`CONSENT_GRAPH`): who consented to what is personal data. `akteursgraph migrate` and the
example data write records through `record_quads`; forms and imports will too.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime
from typing import Any

import pyoxigraph as ox

from ..errors import UsageError
from ..namespaces import (
    AG,
    CONSENT_EXPIRES,
    CONSENT_GIVEN,
    CONSENT_RECORD_CLASS,
    DPV,
    HAS_CONSENT_STATUS,
    HAS_DATA_SUBJECT,
    HAS_PERSONAL_DATA,
    HAS_PURPOSE,
    PERSON_CLASS,
    RDF_TYPE,
    XSD,
)
from ..resources import query
from ..store import Change, Store, Term
from .consent import now_literal
from .contact import contact_value
from .purposes import PERSONAL_DATA, PUBLIC_FIELDS, PURPOSES

CONSENT_WITHDRAWN = DPV + "ConsentWithdrawn"
CONSENT_REFUSED = DPV + "ConsentRefused"

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
        *((HAS_PERSONAL_DATA, ox.NamedNode(c)) for c in PERSONAL_DATA.get(purpose, ())),
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


# ---- the staff workspace: a person's records per purpose, and recording a new word ---------

#: The statuses an editor may record (expiry is the sweep's: `people.expiry`).
RECORDABLE = {
    "given": CONSENT_GIVEN,
    "withdrawn": CONSENT_WITHDRAWN,
    "refused": CONSENT_REFUSED,
}


def person_consents(store: Store, person: str) -> dict[str, Any]:
    """A person's name, whether they are a person at all, and per purpose (`PURPOSES`, in
    that order) their records: status, when given, how, by whom, until when, since when,
    and whether the record is valid now (given, not expired)."""
    node = _person_node(person)
    names: dict[str, str] = {}
    types: set[str] = set()
    for row in store.select(query("consent/person-name"), bindings={"person": node}):
        if "name" in row and isinstance(row["name"], ox.Literal):
            names.setdefault(row["name"].language or "", row["name"].value)
        if "type" in row:
            types.add(row["type"].value)
    now = now_literal().value
    records: dict[str, list[dict[str, Any]]] = {purpose: [] for purpose in PURPOSES}
    for row in store.select(query("consent/person-records"), bindings={"person": node}):

        def text(key: str, row: dict[str, Term] = row) -> str | None:
            return row[key].value if key in row else None

        status = text("status")
        expires = text("expires")
        records.setdefault(row["purpose"].value, []).append(
            {
                "record": row["record"].value,
                "graph": row["graph"].value,
                "status": status,
                "indicated_at": text("indicated"),
                "method": text("method"),
                "recorded_by": text("recordedBy"),
                "expires": expires,
                "since": text("since"),
                "valid": status == CONSENT_GIVEN and not (expires and expires <= now),
            }
        )
    contacts = [
        _contact(row["property"].value, row["value"])
        for row in store.select(query("consent/person-contacts"), bindings={"person": node})
    ]
    return {
        "iri": person,
        "names": names,
        "is_person": PERSON_CLASS in types,
        "contacts": contacts,
        "purposes": [{"purpose": p, "records": r} for p, r in records.items()],
        "public_fields": [
            {"property": field, "purpose": purpose} for field, purpose in PUBLIC_FIELDS.items()
        ],
    }


def people_named(store: Store, text: str, lang: str, limit: int = 20) -> list[dict[str, str]]:
    """People named in the internal graphs whose name holds `text` (case aside), each once,
    by their name in `lang` where they have one: for the staff, who find a person who is
    not public (an imported speaker) by name, not by address. One bound query per internal
    graph (`people/named-inside`, its cost there)."""
    if not text.strip():
        return []
    names: dict[str, dict[str, str]] = {}
    for graph in store.named_graphs():
        if not graph.startswith(store.internal_prefix):
            continue
        bound = {"text": ox.Literal(text.strip().lower()), "graph": ox.NamedNode(graph)}
        for row in store.select(query("people/named-inside"), bindings=bound):
            name = row["name"]
            tag = (name.language or "") if isinstance(name, ox.Literal) else ""
            names.setdefault(row["person"].value, {}).setdefault(tag, name.value)
    found = [
        {"iri": iri, "label": by.get(lang) or by.get("de") or next(iter(by.values()))}
        for iri, by in names.items()
    ]
    return sorted(found, key=lambda p: p["label"].casefold())[:limit]


def _contact(prop: str, value: Term) -> dict[str, str]:
    """A contact value as staff read and use it: its kind, the text ("amani@example.org",
    not "mailto:amani@example.org") and the link that writes or calls."""
    kind = "phone" if prop.endswith(("hasTelephone", "telephone")) else "email"
    text = contact_value(value.value)
    href = ("tel:" if kind == "phone" else "mailto:") + text.replace(" ", "")
    return {"kind": kind, "text": text, "href": href}


def consent_change(
    store: Store,
    person: str,
    purpose: str,
    status: str,
    *,
    recorded_by: str,
    indicated_at: str | None = None,
    method: str | None = None,
    expires: str | None = None,
) -> Change:
    """The change that records `status` (a key of `RECORDABLE`) for `person` and `purpose`.

    The person's records for the purpose are restated with the new status (a new record,
    at `record_iri`, in `CONSENT_GRAPH` when there is none). A withdrawal or refusal ends
    every record of the purpose and keeps what they said about when and how consent was
    given, adding since when the new status holds; the write path then unpublishes what
    that consent covered, in the same change (`people.consent.with_withdrawals`).
    Times are xsd:dateTime lexical forms; `indicated_at` defaults to now for consent given.
    """
    if status not in RECORDABLE:
        raise UsageError(
            f"Unbekannter Einwilligungsstatus {status!r}; erlaubt: {', '.join(RECORDABLE)}.",
            f"Unknown consent status {status!r}; allowed: {', '.join(RECORDABLE)}.",
            where="status",
        )
    if purpose not in PURPOSES:
        raise UsageError(
            f"Unbekannter Zweck {purpose!r}.", f"Unknown purpose {purpose!r}.", where="purpose"
        )
    for name, value in (("indicated_at", indicated_at), ("expires", expires)):
        if value:
            _check_time(name, value)
    _check_order(indicated_at, expires)
    node = _person_node(person)
    current = next(
        r["records"] for r in person_consents(store, person)["purposes"] if r["purpose"] == purpose
    )
    now = now_literal().value
    remove: list[ox.Quad] = []
    add: list[ox.Quad] = []
    if not current:
        current = [
            {
                "record": record_iri(store.base_iri, person, purpose),
                "graph": store.graph_iri(CONSENT_GRAPH),
                "indicated_at": None,
                "method": None,
                "expires": None,
            }
        ]
    giving = RECORDABLE[status] == CONSENT_GIVEN
    targets = current[:1] if giving else current
    for old in targets:
        record = ox.NamedNode(old["record"])
        graph = ox.NamedNode(old["graph"])
        remove += list(store.quads(record, graph=graph))
        add += record_quads(
            old["record"],
            node.value,
            purpose,
            RECORDABLE[status],
            old["graph"],
            indicated_at=(indicated_at or now) if giving else old["indicated_at"],
            method=method if giving else (method or old["method"]),
            recorded_by=recorded_by,
            expires=expires if giving else old["expires"],
        )
        if not giving:
            add.append(
                ox.Quad(
                    record,
                    ox.NamedNode(AG + "consentStatusSince"),
                    ox.Literal(now, datatype=ox.NamedNode(XSD + "dateTime")),
                    ox.NamedNode(old["graph"]),
                )
            )
    return Change(add=add, remove=remove)


def _person_node(person: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(person)
    except ValueError as exc:
        raise UsageError(
            f"Keine gültige IRI: {person!r}.", f"Not a valid IRI: {person!r}.", where="iri"
        ) from exc


#: The times of a consent record by the names the person page gives them (German, English).
_TIME_NAMES = {
    "indicated_at": ("Einwilligung erteilt am", "Consent given on"),
    "expires": ("Läuft ab am", "Expires on"),
}


def _check_time(name: str, value: str) -> None:
    """A date (YYYY-MM-DD) or date and time, as xsd:dateTime wants it."""
    de, en = _TIME_NAMES[name]
    day = value.split("T", 1)[0]
    try:
        datetime.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(
            f"{de}: {day!r} ist kein gültiges Datum.",
            f"{en}: {day!r} is not a valid date.",
            where=name,
        ) from exc
    if "T" not in value:
        raise UsageError(
            f"{de}: bitte mit Uhrzeit angeben ({value}T00:00:00).",
            f"{en}: please give a time too ({value}T00:00:00).",
            where=name,
        )


def _check_order(indicated_at: str | None, expires: str | None) -> None:
    """Consent is given by now (a record of the future is a mistake), and it expires after
    it was given: a record that has expired when it is made would stand as "given"."""
    now = now_literal().value
    if indicated_at and _instant(indicated_at) > _instant(now):
        de, en = _TIME_NAMES["indicated_at"]
        raise UsageError(
            f"{de}: das Datum liegt in der Zukunft; eine Einwilligung wird erfasst, wenn sie "
            "gegeben ist.",
            f"{en}: the date is in the future; consent is recorded once it is given.",
            where="indicated_at",
        )
    if expires and _instant(expires) <= max(_instant(now), _instant(indicated_at or now)):
        de, en = _TIME_NAMES["expires"]
        raise UsageError(
            f"{de}: muss nach dem Tag der Einwilligung liegen (und nach heute).",
            f"{en}: must be after the day consent was given (and after today).",
            where="expires",
        )


def _instant(value: str) -> datetime:
    """An xsd:dateTime (a time zone or none, taken as UTC) as an aware datetime."""
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
