"""Links outward: `owl:sameAs` to Wikidata, the GND or any other reconciliation service.

Wikidata's reconciliation service (https://wikidata.reconci.link/en/api) and lobid-gnd's
(https://lobid.org/gnd/reconcile) speak the protocol our own `/reconcile` speaks, so one
client serves them all: `suggest_links` asks a service for candidates for our public
entities that have no `owl:sameAs` yet, and returns a suggestions document (written as JSON
by `akteursgraph link-suggest`). Nothing is written to the store then: a person confirms
each link (`akteursgraph link-confirm`), and the confirmed links become one change set
through the one write path (`same_as_change`, then `changes.review.submit`).

Only public data leaves the house: the names sent are those of the public graphs (a person
appears there only with consent), read with a fixed query (`reconcile/without-same-as.rq`).
A candidate's id becomes an IRI by the service's identifier space ("Q42" ->
http://www.wikidata.org/entity/Q42), unless it is one already.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..errors import AkteursgraphError, InvalidDataError, UsageError
from ..explore import KINDS, pick_label
from ..namespaces import OWL, SKOS, expand
from ..resources import query
from ..store import Change, Store

#: Names sent to a service in one request (Wikidata's service answers batches of 50 well).
BATCH = 25
TIMEOUT_S = 60.0
SAME_AS = OWL + "sameAs"
#: The suggestions file's format, for readers of older files.
FORMAT = "akteursgraph-link-suggestions/1"
#: The services the workspace offers unless the operator names others
#: (`AKTEURSGRAPH_LINK_ENDPOINTS`, docs/configuration.md).
DEFAULT_ENDPOINTS = {
    "Wikidata": "https://wikidata.reconci.link/de/api",
    "GND (lobid-gnd)": "https://lobid.org/gnd/reconcile",
}


def parse_endpoints(text: str | None) -> dict[str, str]:
    """The services of the setting `NAME=URL;NAME=URL` (the defaults when unset or empty).
    Only these are asked from the workspace: a staff member picks one by name and never
    types an address the server would then fetch."""
    if not text or not text.strip():
        return dict(DEFAULT_ENDPOINTS)
    found = {}
    for part in text.split(";"):
        name, equals, url = part.partition("=")
        if not equals or urllib.parse.urlsplit(url.strip()).scheme not in ("http", "https"):
            raise UsageError(
                f"Ungültiger Abgleichsdienst {part!r}: erwartet NAME=https://...",
                f"Invalid reconciliation service {part!r}: expected NAME=https://...",
                where="AKTEURSGRAPH_LINK_ENDPOINTS",
            )
        found[name.strip()] = url.strip()
    return found


class RemoteError(AkteursgraphError):
    """A reconciliation service did not answer as the protocol says."""


def _fetch(url: str, data: bytes | None = None) -> Any:
    request = urllib.request.Request(
        url,
        data=data,
        headers={"Accept": "application/json", "User-Agent": "akteursgraph link-suggest"},
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        raise RemoteError(
            f"Der Dienst {url} antwortet mit HTTP {exc.code}.",
            f"The service {url} answered HTTP {exc.code}.",
            where=url,
        ) from exc
    except (OSError, ValueError) as exc:
        raise RemoteError(
            f"Der Dienst {url} ist nicht erreichbar oder antwortet kein JSON: {exc}",
            f"The service {url} cannot be reached or does not answer JSON: {exc}",
            where=url,
        ) from exc


def remote_manifest(endpoint: str) -> dict[str, Any]:
    """The service's manifest (its name and identifier space)."""
    if urllib.parse.urlsplit(endpoint).scheme not in ("http", "https"):
        raise UsageError(
            f"Der Dienst muss eine http(s)-Adresse sein: {endpoint}",
            f"The service must be an http(s) address: {endpoint}",
            where="--endpoint",
        )
    found = _fetch(endpoint)
    if not isinstance(found, dict) or not isinstance(found.get("identifierSpace"), str):
        raise RemoteError(
            f"{endpoint} ist kein Abgleichsdienst (kein Manifest mit identifierSpace).",
            f"{endpoint} is no reconciliation service (no manifest with identifierSpace).",
            where=endpoint,
        )
    return found


def ask(endpoint: str, batch: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One batch of reconciliation queries, sent as the protocol's form field."""
    body = urllib.parse.urlencode({"queries": json.dumps(batch)}).encode()
    found = _fetch(endpoint, body)
    if not isinstance(found, dict):
        raise RemoteError(
            f"{endpoint} antwortet nicht mit einem Objekt von Ergebnissen.",
            f"{endpoint} does not answer with an object of results.",
            where=endpoint,
        )
    return found


def unlinked(store: Store, class_iri: str) -> list[tuple[str, str]]:
    """(IRI, label) of the public entities of a class (or subclass) without owl:sameAs; the
    German label where there is one."""
    rows = store.select(
        query("reconcile/without-same-as"),
        bindings={"class": ox.NamedNode(class_iri)},
        public_only=True,
    )
    labels: dict[str, dict[str, str]] = {}
    for row in rows:
        label = row["label"]
        if isinstance(label, ox.Literal):
            labels.setdefault(row["entity"].value, {}).setdefault(label.language or "", label.value)
    return [(iri, pick_label(found, "de", iri)) for iri, found in sorted(labels.items())]


def class_of_kind(kind: str) -> str:
    """A kind of the explorer's lists ("organisations") or a class IRI, as a class IRI."""
    if kind in KINDS:
        return KINDS[kind]
    iri = expand(kind)
    if "://" not in iri:
        raise UsageError(
            f"Unbekannte Art {kind!r}: eine von {', '.join(KINDS)} oder eine Klassen-IRI.",
            f"Unknown kind {kind!r}: one of {', '.join(KINDS)} or a class IRI.",
            where="--type",
        )
    return iri


def suggest_links(
    store: Store,
    endpoint: str,
    kinds: Iterable[str],
    *,
    remote_type: str | None = None,
    limit: int = 3,
    min_score: float = 0.0,
    start: int = 0,
    count: int | None = None,
) -> dict[str, Any]:
    """The suggestions document: per public entity without owl:sameAs, the service's best
    candidates (at most `limit`, scoring at least `min_score`), none chosen yet. `start` and
    `count` ask about a part of the entities only (the workspace's pages); `unasked` says how
    many come after it."""
    service = remote_manifest(endpoint)
    space = service["identifierSpace"]
    entities = [
        (iri, label, cls) for kind in kinds for cls in [class_of_kind(kind)]
        for iri, label in unlinked(store, cls)
    ]  # fmt: skip
    end = len(entities) if count is None else start + count
    unasked = max(0, len(entities) - end)
    entities = entities[start:end]
    suggestions = []
    for chunk in _chunks(entities, BATCH):
        batch: dict[str, dict[str, Any]] = {}
        for i, (_iri, label, _cls) in enumerate(chunk):
            batch[f"q{i}"] = {"query": label, "limit": limit}
            if remote_type:
                batch[f"q{i}"]["type"] = remote_type
        answer = ask(endpoint, batch)
        for i, (iri, label, cls) in enumerate(chunk):
            found = answer.get(f"q{i}", {}).get("result", [])
            candidates = [
                _candidate(c, space) for c in found
                if isinstance(c, dict) and isinstance(c.get("id"), str)
                and float(c.get("score") or 0) >= min_score
            ]  # fmt: skip
            # Only web IRIs become links (a service's "javascript:..." is no candidate).
            candidates = [c for c in candidates if c["iri"].startswith(("http://", "https://"))]
            candidates = candidates[:limit]
            if candidates:
                suggestions.append(
                    {
                        "entity": iri,
                        "label": label,
                        "type": cls,
                        "candidates": candidates,
                        "chosen": None,
                    }
                )
    return {
        "format": FORMAT,
        "endpoint": endpoint,
        "service": service.get("name", endpoint),
        "identifierSpace": space,
        "made": datetime.now(UTC).isoformat(timespec="seconds"),
        "asked": len(entities),
        "unasked": unasked,
        "suggestions": suggestions,
    }


def _candidate(found: dict[str, Any], space: str) -> dict[str, Any]:
    ident = found["id"]
    iri = ident if "://" in ident else space + ident
    entry = {
        "id": ident,
        "iri": iri,
        "name": str(found.get("name", "")),
        "score": float(found.get("score") or 0),
        "match": bool(found.get("match", False)),
    }
    if found.get("description"):
        entry["description"] = str(found["description"])
    return entry


def _chunks(items: list[Any], size: int) -> Iterator[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def read_suggestions(path: Path) -> dict[str, Any]:
    try:
        found = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(
            f"Die Vorschlagsdatei ist nicht lesbar: {exc}",
            f"The suggestions file cannot be read: {exc}",
            where=str(path),
        ) from exc
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        raise UsageError(
            "Keine Vorschlagsdatei von akteursgraph link-suggest.",
            "Not a suggestions file of akteursgraph link-suggest.",
            where=str(path),
        )
    return found


def same_as_change(store: Store, links: Iterable[tuple[str, str]]) -> Change:
    """The change that adds `entity owl:sameAs target` for each confirmed link, in the public
    graph that holds the entity's label (its own graph). A link already there is left out."""
    add: list[ox.Quad] = []
    for entity, target in links:
        try:
            subject, obj = ox.NamedNode(entity), ox.NamedNode(target)
        except ValueError as exc:
            raise InvalidDataError(
                f"Keine gültige IRI: {exc}", f"Not a valid IRI: {exc}", where=entity
            ) from exc
        graphs = sorted(
            q.graph_name.value
            for q in store.quads(subject, ox.NamedNode(SKOS + "prefLabel"))
            if store.is_public_graph(q.graph_name)
        )
        if not graphs:
            raise InvalidDataError(
                "Kein öffentlicher Eintrag mit dieser IRI.",
                "No public entity with this IRI.",
                where=entity,
            )
        graph = ox.NamedNode(graphs[0])
        quad = ox.Quad(subject, ox.NamedNode(SAME_AS), obj, graph)
        if (
            not any(True for _ in store.quads(subject, quad.predicate, obj, graph))
            and quad not in add
        ):
            add.append(quad)
    return Change(add=add)
