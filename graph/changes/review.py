"""The four-eyes rule: an editor's change to public data waits, whole, for a second person.

A draft is validated when it is saved and again when it is published, against the state at
that moment, and nothing of it reaches the store before publication: so no public surface
(pages, search, `/sparql`, the network, dumps) can show it. A draft based on a version of an
entity that has changed since is a conflict: it is reported with both versions and never
merged silently. Changes that touch only internal graphs, the operator's CLI loads and
erasures apply at once; a revert follows the rule of the change it reverts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph as ox

from ..errors import ConflictError, ReviewRefused, UsageError
from ..namespaces import curie
from .comments import check_comment
from .history import History
from .model import (
    DRAFT,
    EDITOR_ORIGINS,
    OPERATOR,
    ORIGIN_ERASURE,
    ORIGIN_LOAD,
    ORIGIN_REVERT,
    STAFF,
    STATUS_DE,
    ChangeMeta,
    ChangeSet,
    Draft,
    Review,
    change_from,
    combined,
    effective_delta,
    named,
)
from .settings import review_required as stored_setting

if TYPE_CHECKING:  # the write path imports this package; only its types are needed here
    from collections.abc import Mapping

    from ..commit import Commit, Writer
    from ..store import Change, Store


def needs_review(
    history: History, meta: ChangeMeta, change: Change, touches_public: bool, required: bool
) -> bool:
    """Whether a change becomes a draft rather than applying at once."""
    if meta.draft:
        return True  # asked for explicitly (`load --draft`)
    if not required or not touches_public or meta.origin == ORIGIN_ERASURE:
        return False
    if meta.origin == ORIGIN_REVERT and meta.reverts:
        # A revert follows the rule of the change it reverts, with two exceptions. A consent
        # withdrawal applied at once (it never waits), and its revert gives the consent back
        # and republishes the person: a second person decides that, unless the operator's
        # command line reverts (which applies at once, as its load does); only an editor's
        # withdrawal counted, and an editor's revert of the operator's or the expiry sweep's
        # republished the person at once. And staff in the workspace (`revert(staff=True)`)
        # revert public data as they change it, by review: an editor's revert of the
        # operator's `init --example` applied at once and emptied the public site with one
        # click (exploratory tests).
        from ..people.consent import gives_consent

        reverted = history.get(meta.reverts)
        by = meta.detail.get("by")
        return reverted.review or by == STAFF or (by != OPERATOR and gives_consent(change))
    return meta.origin in EDITOR_ORIGINS


def will_wait(writer: Writer, change: Change, meta: ChangeMeta) -> bool:
    """Whether `submit` would save `change` as a draft for review (a page says so before it is
    sent): the import's preview promised a reviewer for a list of internal speakers, which
    then applied at once."""
    from ..commit import touches_public

    public = touches_public(writer.store, change)
    return needs_review(writer.history, meta, change, public, stored_setting(writer.store.path))


def submit(
    writer: Writer, change: Change, meta: ChangeMeta, *, review_required: bool | None = None
) -> Commit | Draft:
    """The entry for every writer that may need review: apply now, or save a draft.

    `review_required` None reads the store's setting (`akteursgraph.json`, on by default).
    A draft is validated now (a broken one is refused, nothing saved) and recorded with the
    versions of the entities it touches; the store is not touched.
    """
    from ..commit import touches_public
    from ..people.consent import with_withdrawals

    required = stored_setting(writer.store.path) if review_required is None else review_required
    with writer.lock:
        public = touches_public(writer.store, change)
        expanded = with_withdrawals(writer.store, change)
        if expanded is not change:
            # A consent withdrawal never waits for review: the person's data leaves the public
            # side at once (like an erasure). What else the change holds would go public with
            # it unreviewed: such a change is refused, the withdrawal is sent on its own.
            if needs_review(writer.history, meta, change, public, required):
                _refuse_beside_withdrawal(writer.store, change, load=meta.origin == ORIGIN_LOAD)
            return writer.commit(expanded, meta, withdrawals_added=True)
        if not needs_review(writer.history, meta, change, public, required):
            return writer.commit(change, meta, withdrawals_added=True)
        report = writer.validator.validate_change(writer.store, change)
        report.raise_for_violations()
        delta = effective_delta(writer.store.dataset, change)
        if not delta.added_count and not delta.removed_count:
            # It changes nothing (a DELETE DATA of a statement the store lacks, an INSERT DATA
            # of one it holds): nothing to review. It was an empty draft, waiting in the
            # reviewers' queue; it applies (as nothing) like an internal change.
            return writer.commit(change, meta, withdrawals_added=True)
        change_id = writer.history.begin(
            meta, delta, status=DRAFT, review=True, touches_public=public
        )
    draft = Draft(
        change_id=change_id,
        added=delta.added_count,
        removed=delta.removed_count,
        warnings=report,
        touches_public=public,
    )
    writer.drafted(draft)  # outside the lock: listeners only queue (the reviewers' mail)
    return draft


def _refuse_beside_withdrawal(store: Store, change: Change, *, load: bool) -> None:
    """Refuse a change that holds a consent withdrawal and public changes that need review,
    naming in words whose consent it withdraws and one of the other changes (staff read it:
    an editor's revert of `init --example` was refused naming "<…/load/…> prov:generated")."""
    from ..people.consent import besides_consent, withdrawing
    from .plain import entity_names, plain_words

    other = next(iter(besides_consent(store, change, load=load)), None)
    if other is None:
        return
    [(_side, said)] = plain_words(store, [other], [])
    people = [p.value for p in withdrawing(store, change)]
    whose = {
        lang: ", ".join(entity_names(store, {}, people[:3], lang).values()) for lang in ("de", "en")
    }
    if len(people) > 3:
        whose["de"] += f" und {len(people) - 3} weiteren Personen"
        whose["en"] += f" and {len(people) - 3} more people"
    of = {
        "de": f"Diese Änderung widerruft die Einwilligung von {whose['de']}. " if people else "",
        "en": f"This change withdraws the consent of {whose['en']}. " if people else "",
    }
    subject = other.subject.value if isinstance(other.subject, ox.NamedNode) else str(other.subject)
    raise ReviewRefused(
        f"{of['de']}Ein Widerruf der Einwilligung gilt sofort und wartet nie auf Prüfung; "
        "diese Änderung enthält daneben öffentliche Änderungen, die geprüft werden müssen, "
        f"etwa: {said['de']}. Den Widerruf der Einwilligung bitte getrennt senden (im "
        "Arbeitsbereich auf der Personenseite unter „Einwilligungen“).",
        f"{of['en']}A consent withdrawal applies at once and never waits for review; this "
        f"change also holds public changes that need review, such as: {said['en']}. Please "
        "send the withdrawal on its own (in the workspace, on the person page under “Consent”).",
        where=f"{curie(subject)} {curie(other.predicate.value)}",
    )


def same_person(one: str, other: str) -> bool:
    """Whether two account names name one person, as the four-eyes rule reads them (spaces
    around and letter case aside): the rule, the correction of one's own draft and the
    workspace's review page (which offers no decision on one's own change) agree."""
    return one.strip().casefold() == other.strip().casefold()


def own_draft(history: History, iri: str, author: str) -> ChangeSet | None:
    """The newest waiting draft of `author` that touches the entity `iri`, if any: what she
    is still free to correct herself before review."""
    mine = [
        d for d in history.drafts() if same_person(d.author, author) and iri in history.bases(d.id)
    ]
    return mine[-1] if mine else None


def replace(
    writer: Writer,
    change_id: str,
    change: Change,
    meta: ChangeMeta,
    *,
    seen: Mapping[str, str] | None = None,
) -> Commit | Draft:
    """An author corrects her own waiting draft: `change` (made on the state with the draft
    applied) and the draft become ONE new change against the store, submitted as usual
    (validated as one, based on the versions of now); the old draft is closed as superseded,
    naming the new one.

    Only the draft's author may do this, and only while what the draft was based on has not
    moved on (else it is a conflict, as at publication), unless she saw the entity as it is
    now: `seen` holds the versions she saw her draft applied to (the edit form's). A draft
    whose entry a colleague changed meanwhile (an internal note, applied at once) was stuck
    otherwise: only a reviewer may reject it, and every correction was refused. If the new
    change is refused, nothing changes and the old draft still waits.
    """
    with writer.lock:
        record = _draft(writer.history, change_id)
        if not same_person(record.author, meta.author):
            raise ReviewRefused(
                f"Nur {record.author} kann den eigenen Entwurf {change_id} ersetzen.",
                f"Only {record.author} can replace their own draft {change_id}.",
                where=change_id,
            )
        check_versions(writer.history, record, seen=seen)
        first = change_from(*writer.history.payload(change_id, DRAFT))
        detail = {**record.detail, **meta.detail, "replaces": change_id}
        whole = ChangeMeta.checked_before(
            author=meta.author,
            origin=meta.origin,
            comment=_joined(record.comment, meta.comment),
            detail=detail,
            draft=meta.draft,
            # A revert stays one when its author corrects it: the reviewer must see what it
            # undoes, and a second revert of the same change is refused while it waits.
            reverts=record.reverts,
        )
        result = submit(writer, combined(first, change), whole)
        writer.history.supersede(change_id, result.change_id)
    return result


def _joined(first: str, then: str) -> str:
    """The comments of a draft and its correction, each once."""
    parts = [c.strip() for c in (first, then) if c.strip()]
    return "; ".join(dict.fromkeys(parts))


def publish(writer: Writer, change_id: str, *, reviewer: str, comment: str = "") -> Commit:
    """Publish a draft: a different person, no conflict, and it validates against now."""
    with writer.lock:
        record = _draft(writer.history, change_id)
        four_eyes(record, reviewer, "veröffentlichen", "publish")
        check_versions(writer.history, record)
        added, removed = writer.history.payload(change_id, DRAFT)
        return writer.commit(
            change_from(added, removed),
            record.meta,
            review=Review(change_id, reviewer.strip(), comment),
        )


def reject(history: History, change_id: str, *, reviewer: str, comment: str) -> ChangeSet:
    """Reject a draft with a reason; it stays in the history and never reaches the store."""
    if not comment.strip():
        raise UsageError(
            "Eine Ablehnung braucht einen Kommentar (das Feld Kommentar; --comment im Terminal).",
            "A rejection needs a comment (the comment field; --comment on the command line).",
            where=change_id,
        )
    check_comment(comment)
    record = _draft(history, change_id)
    four_eyes(record, reviewer, "ablehnen", "reject")
    history.reject(change_id, reviewer.strip(), comment)
    return history.get(change_id)


def four_eyes(record: ChangeSet, reviewer: str, verb_de: str, verb_en: str) -> None:
    """The reviewer must be a different person than the author."""
    named("reviewer", reviewer)
    if same_person(reviewer, record.author):
        raise ReviewRefused(
            f"Vier-Augen-Prinzip: {record.author} hat die Änderung {record.id} selbst verfasst "
            f"und kann sie nicht {verb_de}; das muss eine andere Person tun.",
            f"Four-eyes rule: {record.author} wrote the change {record.id} and cannot "
            f"{verb_en} it; another person must.",
            where=record.id,
        )


class DraftConflict(ConflictError):
    """A draft whose entities changed since it was saved. `moved` holds each such entity
    with the version the draft was based on and the version now (a change set id), so that
    a page can say who changed what since, in words."""

    def __init__(
        self, de: str, en: str, *, where: str, moved: list[tuple[str, str | None, str | None]]
    ) -> None:
        super().__init__(de, en, where=where)
        self.moved = moved


def check_versions(
    history: History, record: ChangeSet, *, seen: Mapping[str, str] | None = None
) -> None:
    """Refuse a draft whose entities changed since it was saved, naming both versions; an
    entity the caller saw at its current version (`seen`) is not refused."""
    bases = history.bases(record.id)
    current = history.versions(bases)
    seen = seen or {}
    moved = [(iri, base, current.get(iri)) for iri, base in sorted(bases.items())]
    moved = [m for m in moved if m[1] != m[2] and seen.get(m[0], "-") != (m[2] or "")]
    if not moved:
        return
    listed = "; ".join(f"{curie(iri)}: {base or '-'} -> {now}" for iri, base, now in moved[:20])
    more = f" (+{len(moved) - 20})" if len(moved) > 20 else ""
    raise DraftConflict(
        f"Konflikt: der Entwurf {record.id} beruht auf Ständen, die sich seither geändert "
        f"haben (Entität: Grundlage -> jetzt): {listed}{more}. Nichts wurde geändert; den "
        "Entwurf ablehnen und auf dem neuen Stand neu anlegen.",
        f"Conflict: the draft {record.id} is based on versions that have changed since "
        f"(entity: based on -> now): {listed}{more}. Nothing was changed; reject the draft "
        "and make it again on the current version.",
        where=record.id,
        moved=moved,
    )


def _draft(history: History, change_id: str) -> ChangeSet:
    record = history.get(change_id)
    if record.status != DRAFT:
        raise UsageError(
            f"Die Änderung {change_id} ist kein Entwurf (Status: "
            f"{STATUS_DE.get(record.status, record.status)}).",
            f"The change {change_id} is not a draft (status: {record.status}).",
            where=change_id,
        )
    return record
