"""Undoing a change set: its exact inverse, as a new change set that is validated like any.

The inverse of an effective delta (add what it removed, remove what it added) restores the
earlier quads exactly, provided nothing since has touched those quads. If a quad it added
has since been removed, or a quad it removed has since come back, undoing it would not give
the earlier state: the revert says so, naming the entities, the quads and the later change
sets, and changes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import ConflictError, UsageError
from ..namespaces import RDF_TYPE, curie
from .model import (
    APPLIED,
    OPERATOR,
    ORIGIN_ERASURE,
    ORIGIN_REVERT,
    STAFF,
    STATUS_DE,
    STATUS_EN,
    ChangeMeta,
    Draft,
    change_from,
    entities,
    hanging,
)
from .review import submit
from .wording import term_text

if TYPE_CHECKING:
    from collections.abc import Iterator

    from ..commit import Commit, Writer
    from ..store import Change

_LISTED = 20


def revert(
    writer: Writer,
    change_id: str,
    *,
    author: str,
    comment: str,
    review_required: bool | None = None,
    operator: bool = False,
    staff: bool = False,
) -> Commit | Draft:
    """Revert an applied change set; a draft if the reverted change went through review, if
    it gives consent back and the operator's command line (`operator`) is not who asks, or
    if staff ask in the workspace (`staff`) and it changes public data
    (`review.needs_review`)."""
    if not comment.strip():
        raise UsageError(
            "Rückgängig machen braucht einen Kommentar (das Feld Kommentar; --comment im "
            "Terminal).",
            "A revert needs a comment (the comment field; --comment on the command line).",
            where=change_id,
        )
    history = writer.history
    with writer.lock:
        record = history.get(change_id)
        if record.status != APPLIED:
            raise UsageError(
                f"Nur angewandte Änderungen lassen sich rückgängig machen; {change_id} ist "
                f"{STATUS_DE.get(record.status, record.status)}.",
                f"Only applied changes can be reverted; {change_id} is "
                f"{STATUS_EN.get(record.status, record.status)}.",
                where=change_id,
            )
        if record.origin == ORIGIN_ERASURE:
            # Its record keeps no statement about the person (`people.erasure`): a revert
            # was an empty change set, reported as done, as often as asked.
            raise UsageError(
                f"{change_id} ist eine Löschung (DSGVO Art. 17) und lässt sich nicht rückgängig "
                "machen: was sie gelöscht hat, ist nirgends mehr gespeichert.",
                f"{change_id} is an erasure (GDPR Art. 17) and cannot be reverted: what it "
                "erased is stored nowhere any more.",
                where=change_id,
            )
        waiting = [d for d in history.drafts() if d.reverts == change_id]
        if waiting:
            # A second press of the button made a second draft of the same revert: the
            # reviewer published one, and the other turned into a conflict to reject by hand.
            first = waiting[0]
            raise ConflictError(  # with the waiting draft, as a conflict with later changes
                f"Ein Entwurf, der diese Änderung rückgängig macht, wartet schon auf Prüfung "
                f"(von {first.author}, {first.id}); nichts wurde gespeichert.",
                f"A draft that reverts this change is already waiting for review (by "
                f"{first.author}, {first.id}); nothing was saved.",
                where=change_id,
            )
        added, removed = history.payload(change_id)
        inverse = change_from(removed, added)  # add what it removed, remove what it added
        if not inverse.add and not inverse.remove:
            # Nothing recorded (quads that were there already), or nothing left (an erasure
            # took the statements about a person out of it): a revert recorded an empty
            # change set and said "reverted", as often as asked.
            raise UsageError(
                f"{change_id} hält keine Aussage (mehr), die sich rückgängig machen ließe "
                "(sie änderte nichts, oder eine Löschung nach DSGVO Art. 17 hat ihre Aussagen "
                "entfernt); nichts wurde gespeichert.",
                f"{change_id} holds no statement (any more) that could be reverted (it "
                "changed nothing, or an erasure under GDPR Art. 17 took its statements out); "
                "nothing was saved.",
                where=change_id,
            )
        dataset = writer.store.dataset
        gone = [q for q in inverse.remove if q not in dataset]
        back = [q for q in inverse.add if q in dataset]
        kept = [] if gone or back else _stranded(dataset, inverse)
        if gone or back or kept:
            raise _conflict(writer, change_id, gone, back, kept)
        meta = ChangeMeta(
            author=author,
            origin=ORIGIN_REVERT,
            comment=comment,
            detail={
                "reverts": change_id,
                **({"by": OPERATOR} if operator else {"by": STAFF} if staff else {}),
            },
            reverts=change_id,
        )
        return submit(writer, inverse, meta, review_required=review_required)


class RevertConflict(ConflictError):
    """A revert that later changes stand in the way of. Its message is for the command line
    (ids, IRIs, statements); a page says it in words from `later` (each entity touched, with
    the later change sets that touched it), `reverted_by` (the reverts already made) and
    `stranded` (whether later changes still describe entries the revert would leave without
    a kind)."""

    def __init__(
        self,
        de: str,
        en: str,
        *,
        where: str,
        later: dict[str, list[str]],
        reverted_by: list[str],
        stranded: bool = False,
        causes: list[str] | None = None,
        gone: list[ox.Quad] | None = None,
        back: list[ox.Quad] | None = None,
    ) -> None:
        super().__init__(de, en, where=where)
        self.later, self.reverted_by, self.stranded = later, reverted_by, stranded
        #: The statements in the way: those the revert would take out that later changes
        #: removed already, and those it would put back that later changes added again.
        self.gone, self.back = gone or [], back or []
        #: Of the later change sets, those that removed or added the very statements in the
        #: way, oldest first (empty when none was found among the newest `_CAUSES_READ`).
        self.causes = causes or []


_TYPE = ox.NamedNode(RDF_TYPE)


def _stranded(dataset: ox.Store, inverse: Change) -> list[ox.Quad]:
    """What would stay said about entries whose every kind (rdf:type) the revert takes away:
    statements later changes added about an entry the reverted change created. Reverting the
    load that created an organisation after a second load gave it a topic published a stub
    with the topic and no kind or name, which no shape (they target kinds) looked at."""
    removed = set(inverse.remove)
    typed_again = {q.subject for q in inverse.add if q.predicate == _TYPE}
    kept: list[ox.Quad] = []
    for subject in dict.fromkeys(q.subject for q in inverse.remove if q.predicate == _TYPE):
        if subject in typed_again:
            continue
        left = [q for q in dataset.quads_for_pattern(subject, None, None) if q not in removed]
        if left and not any(q.predicate == _TYPE for q in left):
            kept.extend(left)
    return kept


def _conflict(
    writer: Writer,
    change_id: str,
    gone: list[ox.Quad],
    back: list[ox.Quad],
    kept: list[ox.Quad] | None = None,
) -> ConflictError:
    base = writer.store.base_iri
    kept = kept or []
    blank = {q.subject for q in gone + back + kept if isinstance(q.subject, ox.BlankNode)}
    owners = hanging(writer.store.dataset, blank, [])
    touched = sorted(entities(gone) | entities(back) | entities(kept) | set(owners))
    later = writer.history.later(touched, change_id)
    reverted = writer.history.reverted_by(change_id)
    causes = _causes(writer, later, gone, back, kept)
    # Each entity with the later change sets in the way: every later change of the entry
    # named a load that had only added another name beside the one that changed the
    # statement (walk). All of them when none is found (beyond the newest read).
    in_way = set(causes)
    who = "; ".join(
        f"{curie(iri)} ({', '.join([i for i in later[iri] if i in in_way] or later[iri]) or '-'})"
        for iri in touched[:_LISTED]
    )

    def lines(quads: list[ox.Quad]) -> str:
        shown = [
            " ".join(term_text(t, base) for t in (q.subject, q.predicate, q.object))
            for q in quads[:_LISTED]
        ]
        return "; ".join(shown) + (f" (+{len(quads) - _LISTED})" if len(quads) > _LISTED else "")

    # Later changes touched the same statements, or (kept) other statements of the entries
    # the revert would leave without a kind.
    de_why = "betreffen dieselben Einträge" if kept else "betreffen dieselben Aussagen"
    en_why = "touch the same entries" if kept else "touch the same statements"
    de = [f"Konflikt: {change_id} lässt sich nicht rückgängig machen, spätere Änderungen "
          f"{de_why}. Entitäten (spätere Änderungen im Weg): {who}."]  # fmt: skip
    en = [f"Conflict: {change_id} cannot be reverted, later changes {en_why}. "
          f"Entities (later changes in the way): {who}."]  # fmt: skip
    if gone:
        de.append(f"Seither entfernt: {lines(gone)}.")
        en.append(f"Removed since: {lines(gone)}.")
    if back:
        de.append(f"Seither wieder hinzugefügt: {lines(back)}.")
        en.append(f"Added again since: {lines(back)}.")
    if kept:
        de.append(
            "Spätere Änderungen beschreiben Einträge weiter, die diese Änderung angelegt hat; "
            f"sie blieben ohne Art zurück: {lines(kept)}."
        )
        en.append(
            "Later changes still describe entries this change created, which would be left "
            f"without a kind: {lines(kept)}."
        )
    if reverted:
        de.append(f"Schon rückgängig gemacht durch {', '.join(reverted)}.")
        en.append(f"Already reverted by {', '.join(reverted)}.")
    de.append("Nichts wurde geändert.")
    en.append("Nothing was changed.")
    return RevertConflict(
        " ".join(de),
        " ".join(en),
        where=change_id,
        later={iri: list(later[iri]) for iri in touched},
        reverted_by=list(reverted),
        stranded=bool(kept),
        causes=causes,
        gone=gone[:_LISTED],
        back=back[:_LISTED],
    )


#: How many of the later change sets `_causes` reads (the newest): an entry changed a
#: thousand times since would cost a thousand payloads.
_CAUSES_READ = 200


def _causes(
    writer: Writer,
    later: dict[str, list[str]],
    gone: list[ox.Quad],
    back: list[ox.Quad],
    kept: list[ox.Quad],
) -> list[str]:
    """The later change sets that removed a statement in `gone`, or added one in `back` or
    `kept`: the ones in the way. The workspace named the newest change of each entry, a load
    that had only added another name, and not the one that had changed the date the revert
    would restore (walk)."""
    removed_in_way, added_in_way = set(gone), set(back) | set(kept)
    ids = sorted({i for found in later.values() for i in found})  # ids sort by their time
    causes = []
    for change_id in ids[-_CAUSES_READ:]:
        added, removed = writer.history.payload(change_id)
        took, gave = set(_quads(removed)), set(_quads(added))
        if not took.isdisjoint(removed_in_way) or not gave.isdisjoint(added_in_way):
            causes.append(change_id)
    return causes


def _quads(nquads: bytes) -> Iterator[ox.Quad]:
    return ox.parse(nquads, format=ox.RdfFormat.N_QUADS, rename_blank_nodes=False)
