"""What staff read: an entity's history, the waiting drafts, one change set in full.

These read only the history file (never the store), so they work beside a running server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..collector import collector_paused
from ..errors import UsageError, shown
from ..namespaces import expand
from .history import History
from .model import STATUSES, parse_nquads, to_nquads
from .settings import base_iri
from .wording import Recorded, entries

#: The states in the words of the workspace history's list ("Stand"), for a message about
#: its filter (STATUS_DE says them in sentences: "ein Entwurf").
_LISTED_DE = {
    "applied": "angewandt",
    "draft": "wartet auf Prüfung",
    "rejected": "abgelehnt",
    "superseded": "ersetzt",
    "failed": "fehlgeschlagen",
    "applying": "wird angewandt",
}


def entity_history(
    store_path: Path, iri: str, *, public_only: bool = False
) -> list[dict[str, Any]]:
    """Every change set that touched `iri`, oldest first: who, when, why, what (its
    statements about the entity in words and as N-Quads) and the version it was based on.

    With `public_only`, only statements in public graphs are kept, and a change set that
    changed nothing public about the entity is left out (the workspace's viewers: they read
    what happened to the published data, not the internal notes and contact data)."""
    return entity_history_page(store_path, iri, public_only=public_only, size=None).entries


#: Change sets on one page of an entity's history in the workspace.
HISTORY_PAGE = 50


@dataclass(frozen=True)
class HistoryPage:
    """One page of an entity's history: its entries, oldest first (as `entity_history`)."""

    entries: list[dict[str, Any]]
    #: The id to ask for the next older page with (`before`); None on the page of the first.
    older: str | None


#: An IRI's scheme, with which it is not relative to the store's base (RFC 3986, 3.1).
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def entity_iri(store_path: Path, text: str) -> str:
    """The entity whose history a person asks for: a full IRI; a prefixed name with one of
    the standard prefixes (`ag:...`); or an IRI relative to the store's base, as `history`
    prints them (`<example/person/...>`), so that an operator can ask for what she has just
    read. Anything else is a usage error naming the rule: the workspace's history page
    answered "not an iri" with a server error (500) in English."""
    iri = expand(text)
    if iri.startswith("_:"):  # was read as an IRI relative to the base: "<…/mitte/_:abc>"
        raise UsageError(
            f"{shown(text)} ist ein leerer Knoten; seine Änderungen stehen in der Geschichte "
            "der Entität, an der er hängt (etwa der Organisation einer Anschrift).",
            f"{shown(text)} is a blank node; its changes are in the history of the entity it "
            "hangs off (the organisation of an address, say).",
            where="IRI",
        )
    not_an_iri = UsageError(
        f"{shown(text)} ist keine IRI (voll, ag:… oder relativ zur Basis-IRI des Speichers).",
        f"{shown(text)} is not an IRI (full, ag:… or relative to the store's base IRI).",
        where="IRI",
    )
    if not iri or any(c.isspace() or c in '<>"{}|\\^`' for c in iri):
        raise not_an_iri
    if not _SCHEME.match(iri):  # after the check: "https://example.org/a b" was taken as one
        if ":" in iri.removeprefix("/").split("/", 1)[0]:  # RFC 3986 4.2: "1http://x", ":foo"
            raise not_an_iri  # are no relative references; glued to the base they were IRIs
        iri = base_iri(store_path) + iri.removeprefix("/")
    try:
        ox.NamedNode(iri)  # the engine's own reading: "https://example.org/a%zz" is none
    except ValueError:
        raise not_an_iri from None
    return iri


def entity_history_page(
    store_path: Path,
    iri: str,
    *,
    public_only: bool = False,
    size: int | None = HISTORY_PAGE,
    before: str | None = None,
) -> HistoryPage:
    """The newest `size` change sets of `iri`'s history, or the newest of those recorded
    before the change set `before` (an id: the `older` of the page before). A long history
    is read a page at a time: the workspace's page of an entity with 1,000 change sets was
    3 MB and took seconds. With `public_only`, change sets without a public part are
    skipped and the page is filled from older ones (`entity_history`). `size` None: all of
    them before `before`."""
    history = History.at(store_path)
    base = base_iri(store_path)
    below = history.get(before).seq if before else None  # an unknown id: UsageError
    if size is None:
        # 1,000 change sets make some 30,000 objects without cycles, which reference counting
        # frees: the cycle collector's passes over them were a tenth of the read (1M
        # district, alternating runs: median 50.2 -> 46.2 ms, 41.9 -> 37.6 ms).
        with collector_paused():
            recorded = history.entity(iri, before=below)
            if public_only:
                return HistoryPage(_as_shown(entries(_public(recorded, base), base)), None)
            return HistoryPage(entries(recorded, base), None)
    kept: list[Recorded] = []  # newest first; one more than a page tells there are older
    while len(kept) <= size:
        wanted = size + 1 - len(kept)
        batch = history.entity(iri, newest=wanted, before=below)
        if batch:
            below = batch[0][0].seq
        kept.extend(reversed(_public(batch, base) if public_only else batch))
        if len(batch) < wanted:
            break
    older = kept[size - 1][0].id if len(kept) > size else None
    found = entries(list(reversed(kept[:size])), base)
    return HistoryPage(_as_shown(found) if public_only else found, older)


def _as_shown(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Entries of the public part alone count what they show: a viewer's card said "2
    added" above one public statement, telling of an internal one it may not read."""
    for entry in found:
        entry["added"], entry["removed"] = len(entry["added_words"]), len(entry["removed_words"])
    return found


def _public(recorded: list[Recorded], base: str) -> list[Recorded]:
    """Only the statements in public graphs, and only the change sets that have some."""
    public = [(r, b, public_part(a, base), public_part(m, base)) for r, b, a, m in recorded]
    return [(r, b, a, m) for r, b, a, m in public if a or m]


def public_part(nquads: bytes, base: str) -> bytes:
    """The quads of N-Quads text that stand in a public graph of the store with `base`."""
    prefix = base + "graph/public/"
    return to_nquads(
        q for q in parse_nquads(nquads) if getattr(q.graph_name, "value", "").startswith(prefix)
    )


def drafts(store_path: Path) -> list[dict[str, Any]]:
    """The drafts waiting for review, oldest first (summaries, without their quads), then
    those being published (status `applying`): after a server was killed while it published
    one, the CLI sends the operator here, and the draft was in neither list until the next
    start settled it."""
    history = History.at(store_path)
    return [record.summary() for record in [*history.drafts(), *history.being_published()]]


def recent(
    store_path: Path,
    limit: int = 20,
    *,
    public_only: bool = False,
    before: str | None = None,
    author: str | None = None,
    status: str | None = None,
) -> list[dict[str, Any]]:
    """The newest change sets, newest first (summaries, without their quads); with
    `public_only`, those that touch public data (what the workspace's viewers may read);
    with `before` (an id), those recorded before that change set (a usage error for an id
    the history does not know); with `author` or `status`, that author's or those in that
    state (a usage error for a state there is not)."""
    if status is not None and status not in STATUSES:
        quoted = shown(status, 40)
        raise UsageError(
            # the codes to give, each with the words of the history page's list of states
            f"{quoted} ist kein Stand einer Änderung; es gibt: "
            + ", ".join(f"{s} ({_LISTED_DE[s]})" for s in STATUSES)
            + ".",
            f"{quoted} is no state of a change; there are: {', '.join(STATUSES)}.",
            where="status",
        )
    history = History.at(store_path)
    below = history.get(before).seq if before else None
    found = history.recent(
        limit, public_only=public_only, before=below, author=author, status=status
    )
    return [record.summary() for record in found]


def change_set(store_path: Path, change_id: str) -> dict[str, Any]:
    """One change set in full: every statement it added and removed, in words and as RDF."""
    history = History.at(store_path)
    record = history.get(change_id)
    added, removed = history.payload(change_id)
    data = entries([(record, None, added, removed)], base_iri(store_path))[0]
    data.pop("based_on")
    data["based_on"] = history.bases(change_id)
    return data
