"""Saving a form: the submitted inputs become one `Change`, reviewed like every editor's write.

Saving replaces the entity's values of the form's fields, and only of those: a value that
stays is not touched (in whichever graph it stands), a value that goes is removed from the
graph it stands in, a new value goes into the entity's own graph (where its type stands), or,
where it replaces an internal value, into that value's graph (`_graph_of_replaced`). A
new entity gets its IRI by the documented rule (`akteursgraph.naming`: a readable slug of
its German name, an opaque IRI for a person) and its type from the form's class; it goes
into `public/workspace`, a living person into `internal/workspace` (public only once their
consent is recorded, on the person page of the workspace).

The change goes through `akteursgraph.changes.review.submit` with origin `form`: an
editor's change to public data becomes a draft for review; the shapes and privacy rules run
there, and nothing is saved unless the whole change conforms. Their messages come back next
to their fields (`messages.from_report`).

An editor's own waiting draft is hers to correct before review (`read_editing`): the form
shows the entity with the draft applied (an entity that exists only in the draft, with the
draft's values), and saving makes ONE new draft of the whole change against the store (the
draft's delta and the correction, validated as one; `changes.review.replace`) and closes the
old one as superseded. Another person's waiting draft stays a conflict.

A save that meets a conflict (the entity moved on, another person's draft waits, a draft of
hers was saved in another tab) saves nothing: `conflicts.check_conflict`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

import pyoxigraph as ox

from ..changes.model import APPLIED, DRAFT, ORIGIN_FORM, ChangeMeta, ChangeSet, Draft, parse_nquads
from ..changes.review import DraftConflict, own_draft, replace, submit
from ..commit import Writer
from ..errors import ConflictError, InvalidDataError, UsageError
from ..findings import ValidationFailed
from ..namespaces import AG, AGV, ORG, RDF_TYPE, SKOS
from ..store import Change
from .conflicts import EditConflict, both_sides, check_conflict, labels_of, version_of
from .messages import Problems, from_report, from_report_warnings
from .model import Form, FormModels
from .new_entities import home_graph, new_iri
from .values import (
    Current,
    InputProblem,
    Problem,
    Submission,
    input_names,
    parse,
    read_current,
    same_text,
    types_of,
)

#: The "cooperates with" field of the organisation form: each organisation named there that
#: is not a partner yet gets a new cooperation (`ag:Cooperation`, the two as `ag:partner`).
COOPERATES_WITH = "cooperates-with"
_PARTNER = AG + "partner"
_COOPERATION = AG + "Cooperation"
_ORGANISATION = ORG + "Organization"
_PREF_LABEL = SKOS + "prefLabel"

#: Values a new entity of a class always has (a new topic is in the topics scheme).
FIXED: dict[str, dict[str, list[str]]] = {
    SKOS + "Concept": {SKOS + "inScheme": [AGV + "topics"]},
}


@dataclass(frozen=True)
class Saved:
    iri: str
    change_id: str | None
    #: A draft waits for review; otherwise the change is published (or nothing changed).
    draft: bool
    unchanged: bool = False
    #: What the shapes only warn about (an English name missing), in plain words.
    warnings: tuple[Problem, ...] = ()
    #: The author's own draft this save replaced (closed as superseded), if any.
    replaced: str | None = None


@dataclass(frozen=True)
class Editing:
    """What an edit form opens on: the entity's form, its values (with the editor's own
    waiting draft applied, if she has one about it) and that draft."""

    form: Form
    current: Current
    draft: ChangeSet | None = None


class FormRejected(InvalidDataError):
    """The inputs or the change they make break a rule; nothing was saved."""

    def __init__(self, problems: Problems) -> None:
        self.problems = problems
        n = sum(len(v) for v in problems.fields.values()) + len(problems.top)
        super().__init__(
            f"{n} Angabe(n) bitte korrigieren; nichts wurde gespeichert.",
            f"{n} input(s) to correct; nothing was saved.",
        )


# ---- the editor's own draft ------------------------------------------------------------


def _apart_since(writer: Writer, draft: ChangeSet, iri: str) -> dict[str, str] | None:
    """{iri: its version now} when the entry changed since her draft was saved, but in other
    statements than the draft's (a colleague's internal note beside her founding date): the
    form showed both, and her correction makes one draft on the current version. A draft
    stuck otherwise: every correction was refused, and only a reviewer may reject it.

    None (a conflict at `replace`) when a later change touched the same property of the
    entry as the draft, since a field of one value shows only one of the two and saving
    would drop the other; or when the draft is about other entries too."""
    bases = writer.history.bases(draft.id)
    base = bases.get(iri)
    if set(bases) != {iri} or not base:
        return None
    now = version_of(writer, iri)
    if now == base:  # nothing since: the usual case, without reading the entry's history
        return None
    since = writer.history.get(base).seq
    # The entry's slices of the later change sets (a bulk load's is its part, not all of it)
    later = [
        (added, removed)
        for record, _base, added, removed in writer.history.entity(iri)
        if record.seq > since and record.status == APPLIED
    ]
    if not later:
        return None
    mine = _predicates_about(iri, *writer.history.payload(draft.id, DRAFT))
    if any(mine & _predicates_about(iri, added, removed) for added, removed in later):
        return None
    return {iri: now}


def _predicates_about(iri: str, added: bytes, removed: bytes) -> set[str]:
    return {
        q.predicate.value
        for q in parse_nquads(added) + parse_nquads(removed)
        if getattr(q.subject, "value", None) == iri
    }


def read_editing(writer: Writer, models: FormModels, iri: str, author: str) -> Editing | None:
    """The entity as `author` edits it: the store's state, with her own waiting draft about
    it applied (None if no form edits it, e.g. an unknown IRI; a `ConflictError` where her
    draft removes it, `_removed_by`)."""
    store = writer.store
    draft = own_draft(writer.history, iri, author)
    added: list[ox.Quad] = []
    removed: list[ox.Quad] = []
    if draft is not None:
        plus, minus = writer.history.payload(draft.id, DRAFT)
        added, removed = parse_nquads(plus), parse_nquads(minus)
    types = types_of(store, iri)
    for q in removed:
        if q.subject.value == iri and q.predicate.value == RDF_TYPE:
            graphs = [g for g in types.get(q.object.value, []) if g != q.graph_name.value]
            types[q.object.value] = graphs
    for q in added:
        if q.subject.value == iri and q.predicate.value == RDF_TYPE:
            types.setdefault(q.object.value, []).append(q.graph_name.value)
    form = models.form_for_types({t: gs for t, gs in types.items() if gs})
    if form is None:
        if draft is not None and models.form_for_types(types_of(store, iri)) is not None:
            raise _removed_by(draft, iri)
        return None
    current = read_current(store, form, iri)
    if draft is not None:
        _apply(current, form, added, removed)
    return Editing(form, current, draft)


def _removed_by(draft: ChangeSet, iri: str) -> ConflictError:
    """The entry is there, but her own waiting draft removes it (a revert of its creation):
    its form had answered "it does not exist" while its public page stood, and said nothing
    of the draft, nor of how to keep the entry (workspace walk)."""
    return ConflictError(
        f"Ihr Entwurf, der auf Prüfung wartet, entfernt diesen Eintrag (Änderung {draft.id}): "
        "bis eine prüfende Person ihn veröffentlicht oder ablehnt, bearbeitet ihn kein "
        "Formular. Soll der Eintrag bleiben, bitten Sie darum, den Entwurf abzulehnen.",
        f"Your draft waiting for review removes this entry (change {draft.id}): until a "
        "reviewer publishes or rejects it, no form edits the entry. If the entry is to "
        "stay, ask for the draft to be rejected.",
        where=iri,
    )


def _apply(current: Current, form: Form, added: list[ox.Quad], removed: list[ox.Quad]) -> None:
    """Put a draft's statements about the entity into what the form shows."""
    iri = current.iri
    paths = {f.path for f in form.fields}
    gone = set(removed)
    for path, quads in current.quads.items():
        current.quads[path] = [q for q in quads if q not in gone]
    for q in removed:
        if q.subject.value == iri and q.predicate.value == RDF_TYPE:
            graphs = current.types.get(q.object.value, [])
            current.types[q.object.value] = [g for g in graphs if g != q.graph_name.value]
    current.types = {t: gs for t, gs in current.types.items() if gs}
    for q in added:
        if q.subject.value != iri:
            continue
        if q.predicate.value in paths and q not in current.quads.get(q.predicate.value, []):
            current.quads.setdefault(q.predicate.value, []).append(q)
        if q.predicate.value == RDF_TYPE:
            current.types.setdefault(q.object.value, []).append(q.graph_name.value)
    # Cooperations the draft adds: their other partners join the "cooperates with" field.
    partners: dict[str, list[str]] = {}
    for q in added:
        if q.predicate.value == _PARTNER:
            partners.setdefault(q.subject.value, []).append(q.object.value)
    for cooperation, members in partners.items():
        if iri in members:
            for partner in members:
                if partner != iri:
                    current.partners.setdefault(partner, []).append(cooperation)


# ---- building the change -----------------------------------------------------------------


def _graph_of_replaced(
    term: ox.NamedNode | ox.Literal,
    gone: list[ox.Quad],
    graph: ox.NamedNode,
    is_public: Callable[[ox.NamedNode], bool],
) -> ox.NamedNode:
    """Where a new value goes: where an internal value it replaces stood, else `graph`, the
    entry's own. A typo fixed in an internal note went into the entry's public graph, so a
    correction published it. The value it replaces is the gone value of its kind (a literal
    of its language, or a link) most like it; each gone value is taken once (`gone` is
    consumed), so a public and an internal value changed together each keep their side."""
    same = [
        q for q in gone
        if type(q.object) is type(term)
        and getattr(q.object, "language", None) == getattr(term, "language", None)
    ]  # fmt: skip
    if not same:
        return graph
    best = max(same, key=lambda q: SequenceMatcher(None, q.object.value, term.value).ratio())
    gone.remove(best)
    return graph if is_public(best.graph_name) else best.graph_name  # type: ignore[arg-type,return-value]


def build_change(
    writer: Writer,
    models: FormModels,
    form: Form,
    submission: Submission,
    current: Current,
    graph: ox.NamedNode,
    problems: Problems,
    *,
    new: bool,
) -> Change:
    """The change a submission makes; input problems go into `problems` (the change still
    holds the value as written, so the validation can report on it too)."""
    subject = ox.NamedNode(current.iri)
    add: list[ox.Quad] = []
    remove: list[ox.Quad] = []
    if new:
        add.append(ox.Quad(subject, ox.NamedNode(RDF_TYPE), ox.NamedNode(form.target), graph))
        for path, values in FIXED.get(form.target, {}).items():
            add.extend(ox.Quad(subject, ox.NamedNode(path), ox.NamedNode(v), graph) for v in values)
    fixed = FIXED.get(form.target, {}) if new else {}
    for f in form.fields:
        if f.path in fixed:
            continue
        wanted: list[ox.NamedNode | ox.Literal] = []
        for name, lang_tag in input_names(f):
            for text in submission.inputs(name):
                try:
                    term = parse(f, text, lang_tag)
                except InputProblem as exc:
                    problems.add(f.key, exc.problem)
                    if exc.term is None:
                        continue
                    term = exc.term
                if term not in wanted:
                    wanted.append(term)
        present = current.managed(f)
        # A text held with other line breaks than the form sends is the same text: kept.
        held = {same_text(q.object): q.object for q in present}
        wanted = [held.get(same_text(t), t) for t in wanted]
        kept = {q.object for q in present if q.object in wanted}
        gone = [q for q in present if q.object not in wanted]
        remove.extend(gone)
        unpaired, public = list(gone), writer.store.is_public_graph
        add.extend(
            ox.Quad(
                subject, ox.NamedNode(f.path), t, _graph_of_replaced(t, unpaired, graph, public)
            )
            for t in wanted
            if t not in kept
        )
    if form.target == _ORGANISATION or _ORGANISATION in models.superclasses.get(form.target, ()):
        add.extend(_cooperations(writer, models, submission, current, graph, problems))
    return Change(add=add, remove=remove)


def _cooperations(
    writer: Writer,
    models: FormModels,
    submission: Submission,
    current: Current,
    graph: ox.NamedNode,
    problems: Problems,
) -> list[ox.Quad]:
    store = writer.store
    own = (submission.inputs("skos-prefLabel@de") or [""])[0] or current.labels.get(
        current.iri, "de"
    )
    own_en = (submission.inputs("skos-prefLabel@en") or [own])[0]
    quads: list[ox.Quad] = []
    for text in dict.fromkeys(submission.inputs(COOPERATES_WITH)):
        if text in current.partners or text == current.iri:
            continue
        try:
            partner = ox.NamedNode(text)
        except ValueError:
            problems.add(
                COOPERATES_WITH,
                Problem(
                    f"„{text}“ ist kein Eintrag aus der Liste; bitte einen Vorschlag wählen.",
                    f'"{text}" is not an entry of the list; please choose a suggestion.',
                ),
            )
            continue
        names = labels_of(store, [text], "de")
        names_en = labels_of(store, [text], "en")
        de = f"Kooperation {own} und {names[text]}"
        en = f"Cooperation of {own_en} and {names_en[text]}"
        node = ox.NamedNode(new_iri(writer, models, _COOPERATION, de))
        quads += [
            ox.Quad(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(_COOPERATION), graph),
            ox.Quad(node, ox.NamedNode(_PREF_LABEL), ox.Literal(de, language="de"), graph),
            ox.Quad(node, ox.NamedNode(_PREF_LABEL), ox.Literal(en, language="en"), graph),
            ox.Quad(node, ox.NamedNode(_PARTNER), ox.NamedNode(current.iri), graph),
            ox.Quad(node, ox.NamedNode(_PARTNER), partner, graph),
        ]
    return quads


# ---- saving ------------------------------------------------------------------------------


def save(
    writer: Writer,
    models: FormModels,
    form: Form,
    submission: Submission,
    *,
    author: str,
    iri: str | None = None,
    lang: str = "de",
) -> Saved:
    """Save a form: a new entity (`iri` None) or an edit. See the module docstring.

    Raises `FormRejected` (with the messages by field) or `EditConflict`; either way nothing
    is saved."""
    store = writer.store
    with writer.lock:  # the check and the save as one step
        if iri is None:
            name = (
                submission.inputs("skos-prefLabel@de")
                or submission.inputs("schema-name@de")
                or [""]
            )[0]
            current = Current(new_iri(writer, models, form.target, name))
            new, draft = True, None
        else:
            editing = read_editing(writer, models, iri, author)
            if editing is None or not editing.current.exists:
                raise UsageError(
                    f"Unbekannter Eintrag: {iri}.", f"Unknown entry: {iri}.", where=iri
                )
            current, draft = editing.current, editing.draft
            check_conflict(writer, models, form, iri, submission, author, current, lang)
            new = False
        graph = home_graph(store, models, form.target, current)
        problems = Problems()
        change = build_change(writer, models, form, submission, current, graph, problems, new=new)
        if problems:
            report = writer.validator.validate_change(store, change)
            raise FormRejected(from_report(report, form, current.iri, models.term_labels, problems))
        seen = _apart_since(writer, draft, current.iri) if draft is not None else None
        if not change.add and not change.remove and seen is None:
            # (Her draft on an entry changed since, elsewhere, is saved again unchanged: that
            # puts it on the current version, which a reviewer can publish.)
            return Saved(current.iri, None, draft=False, unchanged=True)
        meta = ChangeMeta(author=author, origin=ORIGIN_FORM, comment=submission.comment)
        try:
            if draft is None:
                result = submit(writer, change, meta)
            else:  # her own draft and this correction become one draft
                try:
                    result = replace(writer, draft.id, change, meta, seen=seen)
                except DraftConflict:
                    applied = submission.version.partition("+")[0]
                    # "Theirs" is the entry as it is, without her draft: it had shown her
                    # own draft's values as the current version (re-check walk). Her
                    # draft's values stand in a column of their own: the clash is between
                    # them and the entry as it is (second re-check).
                    as_it_is = read_current(writer.store, form, current.iri)
                    theirs, _ = both_sides(
                        writer, form, current.iri, submission, as_it_is, [], lang
                    )
                    hers, yours = both_sides(
                        writer, form, current.iri, submission, current, [], lang
                    )
                    now = version_of(writer, current.iri)
                    raise EditConflict(
                        current.iri, applied, now, [], theirs, yours, stale=True, draft=hers
                    ) from None
        except ValidationFailed as exc:
            raise FormRejected(
                from_report(exc.report, form, current.iri, models.term_labels)
            ) from None
    warnings = from_report_warnings(result.warnings, models.term_labels)
    return Saved(
        current.iri,
        result.change_id,
        draft=isinstance(result, Draft),
        warnings=warnings,
        replaced=draft.id if draft is not None else None,
    )
