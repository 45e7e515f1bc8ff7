"""Conflicts of a form's save: the entity moved on since the form was opened, another
person's draft about it waits, or a draft of her own was saved meanwhile (another tab). A
form carries the version of the entity it was opened on and the author's own draft it
showed (`form_version`); `check_conflict` compares them with now and raises `EditConflict`
with both versions in words, so that the person can start again from the current one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..changes.model import APPLIED, ChangeSet, parse_nquads
from ..changes.review import own_draft
from ..commit import Writer
from ..errors import AkteursgraphError, ConflictError
from ..explore.vocabulary import Labels, bindable_iri, web_address
from ..languages import language_name
from ..resources import query
from ..store import Store
from .model import Field, Form, FormModels
from .values import Current, InputProblem, Submission, input_names, parse, same_text


@dataclass
class VersionInWords:
    """One side of a conflict: the form's fields and their values, readable."""

    values: dict[str, list[str]] = field(default_factory=dict)  # field key -> value texts


class EditConflict(ConflictError):
    """The entity changed since the form was opened, or another person's draft about it waits."""

    def __init__(
        self,
        iri: str,
        based_on: str,
        now: str,
        waiting: list[tuple[str, str]],
        theirs: VersionInWords,
        yours: VersionInWords,
        own_draft: str | None = None,
        stale: bool = False,
        draft: VersionInWords | None = None,
        since: Sequence[ChangeSet] = (),
    ) -> None:
        self.iri, self.based_on, self.now, self.waiting = iri, based_on, now, waiting
        #: Her draft cannot be saved again from any version until a reviewer rejects it;
        #: `draft` is what it holds, beside the entry as it is and what she sent.
        self.stale, self.draft = stale, draft
        self.theirs, self.yours, self.own_draft = theirs, yours, own_draft
        #: The changes applied to the entry since the form's version, newest first: whose
        #: change it met is said (it said only "changed"; two-editors walk).
        self.since = list(since)
        who = ", ".join(sorted({author for _id, author in waiting}))
        if stale:
            de = (
                "Ihr Entwurf zu diesem Eintrag beruht auf einem Stand, an dem seither dieselben "
                "Angaben geändert wurden; so kann er weder korrigiert noch veröffentlicht "
                "werden. Bitten Sie eine prüfende Person, ihn abzulehnen, und beginnen Sie dann "
                "vom aktuellen Stand aus neu; Ihre Eingaben stehen unten."
            )
            en = (
                "Your draft about this entry is based on a version whose same statements have "
                "been changed since; so it can be neither corrected nor published. Ask a "
                "reviewer to reject it, then start again from the current version; your "
                "inputs are below."
            )
            super().__init__(
                de + " Nichts wurde gespeichert.", en + " Nothing was saved.", where=iri
            )
            return
        if waiting:
            # No new start helps while it waits (that led to the same refusal): the review does.
            de = f"Ein Entwurf von {who} zu diesem Eintrag wartet auf Prüfung."
            en = f"A draft by {who} about this entry is waiting for review."
            super().__init__(
                de + " Nichts wurde gespeichert.", en + " Nothing was saved.", where=iri
            )
            return
        if own_draft:
            de = (
                "Ihr eigener Entwurf zu diesem Eintrag wurde gespeichert, nachdem dieses Formular "
                "geöffnet wurde (etwa in einem anderen Tab oder Fenster); das Formular zeigte ihn "
                "nicht, und Speichern hätte ihn überschrieben."
            )
            en = (
                "Your own draft about this entry was saved after this form was opened (in "
                "another tab or window, say); the form did not show it, and saving would have "
                "overwritten it."
            )
        else:
            de = "Dieser Eintrag wurde geändert, seit das Formular geöffnet wurde."
            en = "This entry has changed since the form was opened."
            if self.since:  # when: the page lists them with their times in its words
                last = self.since[0]
                de = (
                    f"Dieser Eintrag wurde geändert, seit das Formular geöffnet wurde, zuletzt "
                    f"von {last.author} ({last.id})."
                )
                en = (
                    f"This entry has changed since the form was opened, last by {last.author} "
                    f"({last.id})."
                )
        super().__init__(
            de + " Nichts wurde gespeichert; bitte vom aktuellen Stand aus neu beginnen.",
            en + " Nothing was saved; please start again from the current version.",
            where=iri,
        )


def version_of(writer: Writer, iri: str) -> str:
    """The entity's version (its last applied change set); "" if none."""
    return writer.history.versions([iri]).get(iri, "")


def form_version(writer: Writer, iri: str, author: str) -> str:
    """What an edit form carries: the entity's version and, after a "+", the author's own
    waiting draft about it, which the form shows (`read_editing`). A save compares both: a
    draft of hers saved meanwhile in another tab was made into one draft with the new save,
    which the form never showed, so the other tab's values were removed again."""
    draft = own_draft(writer.history, iri, author)
    applied = version_of(writer, iri)
    return f"{applied}+{draft.id}" if draft is not None else applied


def others_drafts(writer: Writer, iri: str, author: str) -> list[tuple[str, str]]:
    """(id, author) of other people's drafts that touch the entity: saving its form is a
    conflict until each is published or rejected, which the form says before she types."""
    me = author.strip().casefold()
    waiting = writer.history.waiting_by_entity().get(iri, [])
    return [(i, a) for i, a in waiting if a.strip().casefold() != me]


def check_conflict(
    writer: Writer,
    models: FormModels,
    form: Form,
    iri: str,
    submission: Submission,
    author: str,
    current: Current,
    lang: str,
) -> None:
    """Raise `EditConflict` with both versions if the entity moved on, another person's draft
    waits, or the author's own draft is not the one the form was opened on."""
    now = version_of(writer, iri)
    waiting = others_drafts(writer, iri, author)
    applied, _plus, opened_on = submission.version.partition("+")
    mine = own_draft(writer.history, iri, author)
    own_moved = (mine.id if mine is not None else "") != opened_on
    if now == applied and not waiting and not own_moved:
        return
    theirs, yours = both_sides(writer, form, iri, submission, current, waiting, lang)
    raise EditConflict(
        iri,
        applied,
        now,
        waiting,
        theirs,
        yours,
        own_draft=mine.id if own_moved and mine is not None else None,
        since=changes_since(writer, iri, applied) if now != applied else (),
    )


#: At most this many of the changes since a form's version are named.
SINCE_SHOWN = 10


def changes_since(writer: Writer, iri: str, version: str) -> list[ChangeSet]:
    """The change sets applied to the entity after `version` (its change set id; "" for
    none), newest first, at most `SINCE_SHOWN`."""
    after = writer.history.get(version).seq if version else 0
    return [
        change
        for change, *_rest in reversed(writer.history.entity(iri, newest=SINCE_SHOWN))
        if change.status == APPLIED and change.seq > after
    ]


def changed_since(writer: Writer, iri: str, version: str, author: str) -> set[tuple[str, str]]:
    """What was changed of the entity since a form's `version`, by others or in her own
    other tab: (predicate, language) pairs ("" for a value without one) of its own
    statements and of those about the blank nodes hanging off it (counted by the predicate
    that links to them).

    With it a conflict's "carry my inputs over" keeps the current version of exactly these
    and her inputs elsewhere: a three-way choice by field, never a silent merge of one field
    (her re-typing everything after a conflict lost what she typed; walk)."""
    applied, _plus, opened_on = version.partition("+")
    after = writer.history.get(applied).seq if applied else 0
    quads: list[ox.Quad] = []
    for change, _base, added, removed in writer.history.entity(iri):
        if change.status == APPLIED and change.seq > after:
            quads += parse_nquads(added) + parse_nquads(removed)
    mine = own_draft(writer.history, iri, author)
    if mine is not None and mine.id != opened_on:
        # Her own draft saved meanwhile (another tab): what it changes counts as changed.
        added, removed = writer.history.payload(mine.id, "draft")
        quads += parse_nquads(added) + parse_nquads(removed)
    hanging = {q.subject for q in quads if isinstance(q.subject, ox.BlankNode)}
    changed: set[tuple[str, str]] = set()
    for q in quads:
        if q.subject.value == iri and isinstance(q.subject, ox.NamedNode):
            language = q.object.language or "" if isinstance(q.object, ox.Literal) else ""
            changed.add((q.predicate.value, language))
    for q in writer.store.quads(subject=ox.NamedNode(iri)):
        if q.object in hanging:
            changed.add((q.predicate.value, ""))
    return changed


def values_at_version(
    writer: Writer, iri: str, version: str, author: str, current: Current
) -> Current | None:
    """The entity's statements as the form opened on `version` showed them: the current ones
    with her own draft saved meanwhile (another tab) taken back to the one the form showed,
    and the changes applied since undone, newest first. None where a draft it needs is no
    longer in the history.

    A carried-over field that was changed since is named to her only where her input
    differs from this too: where she left it as it was, the current version is simply right
    (her untouched old value had been named as if she had typed it)."""
    applied, _plus, opened_on = version.partition("+")
    quads = {path: set(qs) for path, qs in current.quads.items()}

    def undo(added: bytes, removed: bytes) -> None:
        for q in parse_nquads(added):
            if q.subject.value == iri:
                quads.get(q.predicate.value, set()).discard(q)
        for q in parse_nquads(removed):
            if q.subject.value == iri:
                quads.setdefault(q.predicate.value, set()).add(q)

    mine = own_draft(writer.history, iri, author)
    if (mine.id if mine is not None else "") != opened_on:
        try:
            if mine is not None:
                undo(*writer.history.payload(mine.id, "draft"))
            if opened_on:
                added, removed = writer.history.payload(opened_on, "draft")
                undo(removed, added)  # applied again
        except (AkteursgraphError, KeyError):
            return None
    after = writer.history.get(applied).seq if applied else 0
    for change, _base, added, removed in reversed(writer.history.entity(iri)):
        if change.status == APPLIED and change.seq > after:
            undo(added, removed)
    return Current(iri, quads={path: list(qs) for path, qs in quads.items()})


def inputs_match(f: Field, typed: Sequence[str], tag: str | None, state: Current) -> bool:
    """Whether a field's inputs (of one language, for a text per language) say what `state`
    holds: compared as RDF terms, since the form takes a language by its name ("Deutsch")
    and a link by its address, where the store holds a code and an IRI."""
    terms = set()
    for text in typed:
        if not text.strip():
            continue
        try:
            terms.add(parse(f, text, tag))
        except InputProblem:
            return False
    held = {
        same_text(q.object)
        for q in state.managed(f)
        if f.widget != "lang-text"
        or (isinstance(q.object, ox.Literal) and q.object.language == tag)
    }
    return {same_text(t) for t in terms} == held


def carried_over(
    writer: Writer,
    form: Form,
    iri: str,
    version: str,
    author: str,
    current: Current,
    hers: dict[str, list[str]],
) -> tuple[set[str], list[str]]:
    """A conflict's "carry my inputs over", decided per input name (`key`, or `key@tag` for a
    text per language): the names whose current version stands because someone else changed
    the field since `version`, and those of them to name to her, where her input differs
    from the current version and from the version she opened (she changed it too). Every
    other input is hers. Never a merge within one field."""
    changed = changed_since(writer, iri, version, author)
    changed_paths = {path for path, _lang in changed}
    before = values_at_version(writer, iri, version, author, current)
    keep: set[str] = set()
    named: list[str] = []
    for f in form.fields:
        for name, tag in input_names(f):
            if not ((f.path, tag or "") in changed if tag else f.path in changed_paths):
                continue
            keep.add(name)
            typed = hers.get(name, [])
            if not inputs_match(f, typed, tag, current) and (
                before is None or not inputs_match(f, typed, tag, before)
            ):
                named.append(name)
    return keep, named


def both_sides(
    writer: Writer,
    form: Form,
    iri: str,
    submission: Submission,
    current: Current,
    waiting: list[tuple[str, str]],
    lang: str,
) -> tuple[VersionInWords, VersionInWords]:
    """A conflict's two sides in words: the entry now (with the waiting drafts of others
    applied) and what the form sent (with what a save keeps of the entry beside it)."""
    store = writer.store
    theirs_quads = {path: list(quads) for path, quads in current.quads.items()}
    history = writer.history
    for change_id, _author in waiting:
        added, removed = history.payload(change_id, "draft")
        for q in parse_nquads(removed):
            if q.subject.value == iri and q.predicate.value in theirs_quads:
                theirs_quads[q.predicate.value] = [
                    x for x in theirs_quads[q.predicate.value] if x.object != q.object
                ]
        for q in parse_nquads(added):
            if q.subject.value == iri and form.field(q.predicate.value) is not None:
                theirs_quads.setdefault(q.predicate.value, []).append(q)
    labels = _labels_for(store, current, [q.object for qs in theirs_quads.values() for q in qs])
    theirs = VersionInWords()
    for f in form.fields:
        texts = [_text(q.object, labels, lang, f) for q in theirs_quads.get(f.path, [])]
        if texts:
            theirs.values[f.key] = list(dict.fromkeys(texts))
    yours = VersionInWords()
    terms: list[object] = []
    for f in form.fields:
        for name, lang_tag in input_names(f):
            for text in submission.inputs(name):
                try:
                    terms.append(parse(f, text, lang_tag))
                except InputProblem:
                    terms.append(ox.Literal(text))
    labels = _labels_for(store, current, terms)
    for f in form.fields:
        texts = []
        for name, lang_tag in input_names(f):
            for text in submission.inputs(name):
                try:
                    texts.append(_text(parse(f, text, lang_tag), labels, lang, f))
                except InputProblem:
                    texts.append(text)
        # What the form does not show (a name in French) a save keeps: "your version" listed
        # it not, as if saving removed it.
        shown = current.managed(f)
        texts += [
            _text(q.object, labels, lang, f)
            for q in current.quads.get(f.path, [])
            if q not in shown
        ]
        if texts:
            yours.values[f.key] = list(dict.fromkeys(texts))
    return theirs, yours


def _text(term: object, labels: Labels, lang: str, f: Field | None = None) -> str:
    """A value as the conflict page shows it: a link by its name, a language by its name
    (stored as its code: "Spricht ar de en" said nothing to staff), a text with its tag, a
    web address by its host and path (by a link's name it showed only its last part)."""
    if f is not None and f.widget == "language" and isinstance(term, ox.Literal):
        return language_name(term.value, lang)
    if f is not None and f.widget == "iri" and isinstance(term, ox.NamedNode):
        return web_address(term.value)
    if isinstance(term, ox.NamedNode):
        return labels.get(term.value, lang)
    if isinstance(term, ox.Literal) and term.language:
        return f"{term.value} ({term.language})"
    return getattr(term, "value", str(term))


def _labels_for(store: Store, current: Current, terms: Sequence[object]) -> Labels:
    labels = Labels()
    for term in terms:
        if isinstance(term, ox.NamedNode):
            known = current.labels.all(term.value)
            if known:
                labels.update({term.value: known})
            else:
                for row in store.select(query("forms/labels-of"), bindings={"value": term}):
                    labels.add(term.value, row["label"])
    return labels


def labels_of(store: Store, iris: Sequence[str], lang: str) -> dict[str, str]:
    """The label of each IRI in `lang` (with fallback), for links the form shows."""
    labels = Labels()
    for iri in iris:
        for row in store.select(query("forms/labels-of"), bindings={"value": bindable_iri(iri)}):
            labels.add(iri, row["label"])
    return {iri: labels.get(iri, lang) for iri in iris}
