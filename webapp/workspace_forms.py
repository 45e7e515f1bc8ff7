"""The workspace's edit forms: create and edit entities through forms made from the shapes.

`/workspace/new/<kind>` (the explorer's kind names) and `/workspace/edit?iri=...` render the
form of the entity's class (`akteursgraph.forms`); a save goes through the review rule in the
core. Everything works without JavaScript: repeatable fields show one empty input more than
they hold (up to their maximum), and a link to another entry is a search-and-choose (type a
name, press "Find", pick from the list); `static/workspace-forms.js` adds an accessible
suggestion list fed by `/workspace/suggest` (the search index) and "add another" buttons.
Editor role at least.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from akteursgraph import explore
from akteursgraph.accounts import EDITOR
from akteursgraph.changes import ChangeSet, History, change_set, review_required
from akteursgraph.changes.plain import entity_names
from akteursgraph.errors import AkteursgraphError, ConflictError, NotFound, UsageError
from akteursgraph.forms import (
    COOPERATES_WITH,
    FIXED,
    Current,
    EditConflict,
    Editing,
    Field,
    Form,
    FormModels,
    FormRejected,
    Problem,
    Problems,
    Submission,
    carried_over,
    concept_choices,
    field_languages,
    form_version,
    input_names,
    labels_of,
    load_forms,
    on_public_side,
    others_drafts,
    read_editing,
    save,
    types_of,
)
from akteursgraph.languages import common_languages, language_name, language_shown
from akteursgraph.namespaces import FOAF
from akteursgraph.search import SearchIndex
from akteursgraph.store import Store

from .auth import current_account, role_required, safe_next
from .explorer import entity_url
from .submissions import new_submission_id, submissions

bp = Blueprint("workspace_forms", __name__, url_prefix="/workspace")

_KIND_PATTERN = "<any(" + ", ".join(explore.KINDS) + "):kind>"
_SUGGESTIONS = 10
_ORGANISATION = explore.KINDS["organisations"]


def _store() -> Store:
    return current_app.extensions["akteursgraph.store"]


def _writer() -> Any:
    return current_app.extensions["akteursgraph.writer"]


def _index() -> SearchIndex:
    return current_app.extensions["akteursgraph.search"]


def _models() -> FormModels:
    folder = current_app.config.get("FORM_SHAPES")  # tests point at a fixture folder
    return load_forms(folder) if folder else load_forms()


@bp.app_template_global("has_edit_form")
def has_edit_form(iri: str) -> bool:
    """Whether a staff form edits the entry: the public page of a load's record (or of an
    entry without a kind) offered "Diesen Eintrag bearbeiten", which led to a 404."""
    return _models().form_for_types(types_of(_store(), iri)) is not None


def _form_for_kind(kind: str) -> Form:
    form = _models().forms.get(explore.KINDS[kind])
    if form is None:
        abort(404)
    return form


# ---- pages -----------------------------------------------------------------------------


@bp.get("/new")
@role_required(EDITOR)
def kinds() -> str:
    """Which kind of entry to add: the explorer's kinds that have a form."""
    models = _models()
    entries = []
    for kind, cls in explore.KINDS.items():
        form = models.forms.get(cls)
        if form is not None:
            label = form.label.get(g.lang) or form.label.get("de") or kind
            entries.append({"kind": kind, "label": label})
    return render_template("workspace/new.html", entries=entries)


@bp.get("/new/" + _KIND_PATTERN)
@role_required(EDITOR)
def new(kind: str) -> str:
    form = _form_for_kind(kind)
    current = Current("")
    return _render(form, current, _values_of(form, current), Problems(), kind=kind)


@bp.post("/new/" + _KIND_PATTERN)
@role_required(EDITOR)
def create(kind: str) -> Response | tuple[str, int] | str:
    form = _form_for_kind(kind)
    return _submit(form, None, kind=kind)


@bp.get("/edit")
@role_required(EDITOR)
def edit() -> str:
    iri = request.args.get("iri", "")
    editing = _entity(iri)
    form, current = editing.form, editing.current
    account = current_account()
    assert account is not None  # role_required let the request through
    version = form_version(_writer(), iri, account.name)
    return _render(
        form, current, _values_of(form, current), Problems(), version=version, editing=editing
    )


@bp.post("/edit")
@role_required(EDITOR)
def update() -> Response | tuple[str, int] | str:
    iri = request.form.get("iri") or request.args.get("iri", "")
    editing = _entity(iri)
    return _submit(editing.form, iri, editing=editing)


@bp.get("/saved")
@role_required(EDITOR)
def saved() -> str:
    iri = request.args.get("iri", "")
    draft = request.args.get("draft") == "1"
    change_id = request.args.get("change", "")
    public_now = bool(iri) and on_public_side(_store(), iri)
    return render_template(
        "workspace/saved.html",
        iri=iri,
        draft=draft,
        fate=_fate(change_id) if draft else None,
        # whether the entry is in the store (a rejected new entry never was) and public now
        exists=bool(iri) and bool(types_of(_store(), iri)),
        public_now=public_now,
        # A living person goes into the internal data: saved, but public nowhere.
        internal=bool(iri) and not draft and not public_now,
        unchanged=request.args.get("unchanged") == "1",
        replaced=request.args.get("replaced") == "1",
        change_id=request.args.get("change", ""),
        name=_saved_name(iri, request.args.get("change", "")) if iri else "",
        page_url=entity_url(iri) if iri else None,
    )


def _fate(change_id: str) -> ChangeSet | None:
    """The saved draft as it stands now: the page after saving is reloaded, or reached again
    by the form sent twice, after a reviewer rejected or published the draft (it still said
    "saved as a draft" and offered to correct it). None for an unknown id."""
    if not change_id:
        return None
    with contextlib.suppress(AkteursgraphError):
        return History.at(_store().path).get(change_id)
    return None


def _saved_name(iri: str, change_id: str) -> str:
    """The entry's name as its page will give it: from the store, or, for a new entry that
    is only a draft, from the draft itself (its address's last part read "kulturverein-zuhra")."""
    store = _store()
    if change_id and not types_of(store, iri):
        with contextlib.suppress(AkteursgraphError, KeyError):
            return entity_names(store, change_set(store.path, change_id), [iri], g.lang)[iri]
    return labels_of(store, [iri], g.lang).get(iri, iri)


def _names_like(
    text: str, kind: str | None, classes: frozenset[str] | None = None
) -> list[dict[str, Any]]:
    """The entries a link's typed text may name (the type-ahead's offers, "Suchen"'s list),
    of the kind and the classes the field links to: none for a text longer than a search
    reads (`MAX_QUERY_WORDS`), which names nothing, so the field says nothing was found and
    the form stays."""
    try:
        return _index().search(
            text, g.lang, types=[kind] if kind else None, classes=classes, limit=_SUGGESTIONS
        )
    except UsageError:
        return []


def _classes_under(classes: Iterable[str]) -> frozenset[str] | None:
    """`classes` with every subclass the vocabulary gives them (the search index holds the
    types an entry states: a memorial is an `ag:Memorial`, a site field links to it); None
    for none. A district field offered organisations, cooperations and events named after
    the district, and an event's place offered people and naming steps (staff walk)."""
    wanted = frozenset(classes)
    if not wanted:
        return None
    models = _models()
    return wanted | frozenset(
        c for c, up in models.superclasses.items() if not up.isdisjoint(wanted)
    )


@bp.get("/suggest")
@role_required(EDITOR)
def suggest() -> Response:
    """Type-ahead for links: entries of the search index (public data), as JSON."""
    text = request.args.get("q", "").strip()
    kind = request.args.get("kind") or None
    if kind is not None and kind not in explore.KINDS:
        kind = None
    found = _names_like(text, kind, _classes_under(request.args.getlist("cls")))
    return jsonify([{"iri": r["iri"], "label": r["label"], "kind": r["kind"]} for r in found])


def after_expired_form() -> tuple[str, int] | None:
    """A form sent after its CSRF token expired (the session ended, or its time ran out while
    the editor typed): what was typed is never lost. Logged in (again), the form comes back
    filled in, to be checked and saved once more; logged out, the page lists what was typed,
    to copy, and leads to the login and back to the form. None for any other request."""
    if request.endpoint not in ("workspace_forms.create", "workspace_forms.update"):
        return None
    expired = Problem(
        "Das Formular war abgelaufen (CSRF-Schutz: etwa nach einer Abmeldung oder langer "
        "Pause); nichts wurde gespeichert. Ihre Eingaben sind unten: bitte prüfen und erneut "
        "speichern.",
        "The form had expired (CSRF protection: after a logout or a long pause, say); nothing "
        "was saved. What you typed is below: please check it and save again.",
    )
    account = current_account()
    kind = (request.view_args or {}).get("kind")
    iri = request.form.get("iri") or request.args.get("iri", "")
    if account is not None and account.has_role(EDITOR):
        problems = Problems()
        problems.add(None, expired)
        try:
            if kind is not None:
                form = _form_for_kind(kind)
                page = _render(form, Current(""), _submitted(form), problems, kind=kind)
            else:
                editing = _entity(iri)
                version = request.form.get("version", "")
                page = _render(editing.form, editing.current, _submitted(editing.form),
                               problems, version=version, editing=editing)  # fmt: skip
        except (HTTPException, NotFound, ConflictError):
            # No such entry to edit, or her waiting draft removes it (which its form says
            # when opened again): the plain refusal. The conflict had escaped as a 500.
            return None
        return page, 400
    return logged_out_post()


def logged_out_post() -> tuple[str, int]:
    """A form sent by someone no longer logged in (a logout in another tab, or the session's
    idle time ran out while they typed): nothing is done, what was typed is listed to copy,
    and the login leads back to the page the form came from. An idle session's form had
    been answered with a redirect to the login: the typed text was lost, and a reviewer's
    decision led to a 404 after logging in (exploratory test)."""
    kind = (request.view_args or {}).get("kind")
    if request.endpoint == "workspace_forms.create" and kind is not None:
        back = url_for(".new", kind=kind)
    elif request.endpoint == "workspace_forms.update":
        back = url_for(".edit", iri=request.form.get("iri") or request.args.get("iri", ""))
    else:  # the page the form was on, on this site (a decision: the draft's page)
        referrer = urlsplit(request.referrer or "")
        same_site = referrer.netloc == request.host
        back = safe_next(referrer.path + (f"?{referrer.query}" if referrer.query else "")
                         if same_site else None)  # fmt: skip
    return render_template(
        "workspace/expired.html",
        login_url=url_for("auth.login", next=back),
        typed=_typed_values(),
    ), 401  # not logged in (a 400 said the form was at fault)


def _typed_values() -> list[tuple[str, str]]:
    """What a sent form held, by the fields' names where a form knows them (for copying); a
    link by the name of what it links to (it showed the address of "Verein")."""
    names = {**_field_names(_models().forms.values()), "comment": _("Comment")}
    typed = [
        (key, value)
        for key in request.form
        if key not in _NOT_TYPED and not key.endswith(_OFFERED)
        for value in request.form.getlist(key)
        if value.strip()
    ]
    # Named by a query each, and anyone may send this form logged out: the first few only.
    linked = list(dict.fromkeys(v for _key, v in typed if v.startswith(("http://", "https://"))))
    labels = labels_of(_store(), linked[:_NAMED_LINKS], g.lang) if linked else {}
    shown = []
    for key, value in typed:
        base, _at, tag = key.partition("@")
        label = names.get(base.removesuffix("-q"), key) + (f" ({tag})" if tag else "")
        shown.append((label, labels.get(value, value)))
    return shown


#: How many links of a sent form `_typed_values` names (a form has a few; more is no form).
_NAMED_LINKS = 50

#: The form's own fields, which nobody typed.
_NOT_TYPED = frozenset({"csrf_token", "version", "submission", "iri", "find", "enter", "action"})
#: The end of the names of a link row's record of what its matches were found for.
_OFFERED = "-offered"


# ---- the form's data -----------------------------------------------------------------


def _entity(iri: str) -> Editing:
    """The entity's form and values as the logged-in editor edits them (her own waiting
    draft about it applied)."""
    account = current_account()
    assert account is not None  # role_required let the request through
    editing = read_editing(_writer(), _models(), iri, account.name) if iri else None
    if editing is None:  # said in the workspace's frame (the public 404 offered the search)
        raise NotFound(
            "Diesen Eintrag bearbeitet kein Formular: es gibt ihn nicht, oder er ist von einer "
            "Art, für die es keines gibt (etwa der Vermerk über einen Import).",
            "No form edits this entry: it does not exist, or it is of a kind that has none "
            "(such as the record of a load).",
            where=iri or "iri",
        )
    return editing


def _values_of(form: Form, current: Current) -> dict[str, list[str]]:
    """The inputs' values by name for an entity as it is."""
    values: dict[str, list[str]] = {}
    for f in form.fields:
        if f.widget == "lang-text":
            for tag in field_languages(f):
                values[f"{f.key}@{tag}"] = current.values(f, tag)
        else:
            values[f.key] = current.values(f)
    values[COOPERATES_WITH] = []
    return values


def _submitted(form: Form) -> dict[str, list[str]]:
    values: dict[str, list[str]] = {}
    for f in form.fields:
        if f.widget == "lang-text":
            for tag in field_languages(f):
                values[f"{f.key}@{tag}"] = request.form.getlist(f"{f.key}@{tag}")
        else:
            values[f.key] = request.form.getlist(f.key)
    values[COOPERATES_WITH] = request.form.getlist(COOPERATES_WITH)
    return values


def _link_keys(form: Form) -> list[tuple[str, str | None]]:
    """(input name, search kind) of the fields linked by search-and-choose."""
    keys = [(f.key, _search_kind(f)) for f in form.fields if f.widget == "link"]
    if _is_organisation_form(form):
        keys.append((COOPERATES_WITH, "organisations"))
    return keys


def _search_kind(f: Field) -> str | None:
    models = _models()
    for kind, cls in explore.KINDS.items():
        for own in f.classes:
            if own == cls or cls in models.superclasses.get(own, ()):
                return kind
    return None


def _is_organisation_form(form: Form) -> bool:
    return form.target == _ORGANISATION or _ORGANISATION in _models().superclasses.get(
        form.target, ()
    )


def _resolve_links(
    form: Form, values: dict[str, list[str]], problems: Problems
) -> dict[str, list[list[dict[str, str]]]]:
    """Search-and-choose without JavaScript: each link row sends the chosen IRI (hidden) and
    the text typed; a text that does not name the chosen entry is looked up in the search
    index: one entry with exactly that name is taken, else the matches are offered."""
    choices: dict[str, list[list[dict[str, str]]]] = {}
    classes = {f.key: _classes_under(f.classes) for f in form.fields if f.widget == "link"}
    for key, kind in _link_keys(form):
        iris = request.form.getlist(key)
        texts = request.form.getlist(f"{key}-q")
        # The text a row's offered matches were found for: unchanged, the entry chosen from
        # them counts; changed, it is a new search.
        offers = request.form.getlist(f"{key}-offered")
        rows = max(len(iris), len(texts))
        chosen: list[str] = []
        offered: list[list[dict[str, str]]] = []
        names = labels_of(_store(), [i for i in iris if i], g.lang)
        for i in range(rows):
            iri = iris[i] if i < len(iris) else ""
            text = (texts[i] if i < len(texts) else "").strip()
            # A text sent empty removes the link, as the script's search box does when it is
            # emptied; without the script the chosen entry stayed, unseen (keyboard walk).
            offered_for = offers[i].strip() if i < len(offers) else ""
            if iri and (i >= len(texts) or text in (names.get(iri), offered_for or None)):
                chosen.append(iri)
                offered.append([])
                continue
            if not text:
                chosen.append("")
                offered.append([])
                continue
            found = _names_like(text, kind, classes.get(key))
            exact = [r for r in found if str(r["label"]).casefold() == text.casefold()]
            if len(exact) == 1:
                chosen.append(str(exact[0]["iri"]))
                offered.append([])
                continue
            offered.append([{"iri": str(r["iri"]), "label": str(r["label"])} for r in found])
            problems.add(key, _choose_problem(text, bool(found)))
            chosen.append("")
        values[key] = chosen
        choices[key] = offered
    return choices


def _field_names(forms: Iterable[Form]) -> dict[str, str]:
    """Each field's name in the page's language, by its key, the cooperations' links too."""
    names = {f.key: f.text(g.lang) for form in forms for f in form.fields}
    names[COOPERATES_WITH] = _("Cooperates with")
    return names


def _as_lookups(form: Form, problems: Problems) -> list[dict[str, str]]:
    """What the link searches of a "Find" found, per field: its key and label and the words
    (`_choose_problem`'s)."""
    labels = _field_names([form])
    return [
        {"key": key, "label": labels.get(key, key), "text": p.text(g.lang)}
        for key, found in problems.fields.items()
        for p in found
    ]


def _found_at_once(
    form: Form, values: dict[str, list[str]], lookups: list[dict[str, str]]
) -> list[dict[str, str]]:
    """What "Find" says of its field when the name typed named one entry, chosen at once, or
    when nothing was typed: it had said nothing, the focus on the page's start, and a
    keyboard or screen-reader user could not tell that anything had happened (staff walk)."""
    key = request.form.get("find", "")
    if not key or any(lookup["key"] == key for lookup in lookups):
        return []
    typed = [t.strip() for t in request.form.getlist(f"{key}-q") if t.strip()]
    chosen = [iri for iri in values.get(key, []) if iri]
    names = labels_of(_store(), chosen, g.lang)
    if typed and chosen:
        listed = ", ".join(f"„{names.get(i, i)}“" for i in chosen)
        problem = Problem(f"Gewählt: {listed}.", f"Chosen: {listed}.")
    elif not typed:
        problem = Problem(
            "Bitte zuerst einen Namen (oder einen Teil davon) eingeben.",
            "Please type a name (or part of one) first.",
        )
    else:
        return []
    label = _field_names([form]).get(key, key)
    return [{"key": key, "label": label, "text": problem.text(g.lang)}]


def _choose_problem(text: str, found: bool) -> Problem:
    if found:
        return Problem(
            f"Bitte den Eintrag zu „{text}“ aus der Liste wählen.",
            f'Please choose the entry for "{text}" from the list.',
        )
    return Problem(
        f"Zu „{text}“ wurde kein Eintrag gefunden; bitte anders suchen.",
        f'No entry was found for "{text}"; please search differently.',
    )


def _submit(
    form: Form, iri: str | None, *, kind: str | None = None, editing: Editing | None = None
) -> Response | tuple[str, int]:
    values = _submitted(form)
    problems = Problems()
    choices = _resolve_links(form, values, problems)
    version = request.form.get("version", "")
    current = editing.current if editing is not None else Current("")
    shown = {"kind": kind, "version": version, "choices": choices, "editing": editing}
    if request.form.get("carry") and editing is not None and iri is not None:
        return _carried(form, iri, editing, values, choices, problems)
    # Enter (the form's default button) while a link's typed name was just looked up: found
    # first, shown, as its "Find" does; the next Enter saves. Without JavaScript, Enter in a
    # link's search box had saved the whole form with an entry the editor never saw (re-check).
    looked_up = request.form.get("enter") and any(
        values.get(key, []) != request.form.getlist(key) for key, _kind in _link_keys(form)
    )
    if problems or request.form.get("find") or looked_up:
        # Only looking up a name (the "Find" button), or a name to choose first: show the
        # form again with the matches; nothing is saved.
        status = 400 if problems and not request.form.get("find") else 200
        lookups: list[dict[str, str]] = []
        if request.form.get("find"):
            # The matches are what "Find" asked for: said as its answer, not as a refusal
            # ("Nothing was saved. Please correct", the field marked wrong; audit, WCAG
            # 3.3.1). What the form still lacks is said when it is saved.
            lookups, problems = _as_lookups(form, problems), Problems()
            lookups += _found_at_once(form, values, lookups)
        return _render(form, current, values, problems, lookups=lookups, **shown), status
    account = current_account()
    assert account is not None  # role_required let the request through
    # The same form sent again (a double click, Back and send): the first send's result.
    sent = request.form.get("submission", "")
    if sent:
        earlier = submissions().begin(account.name, sent)
        if earlier is not None:
            flash(_("This form had already been saved: here is what it saved."))
            return redirect(earlier, code=303)
    saved_url = None
    try:
        submission = Submission(values, version=version, comment=request.form.get("comment", ""))
        try:
            result = save(
                _writer(), _models(), form, submission, author=account.name, iri=iri, lang=g.lang
            )
        except FormRejected as exc:
            return _render(form, current, values, exc.problems, **shown), 400
        except EditConflict as exc:
            return _conflict(form, exc), 409
        for warning in result.warnings:  # shown once, on the page after the save
            flash(warning.text(g.lang), "warning")
        saved_url = url_for(
            "workspace_forms.saved",
            iri=result.iri,
            change=result.change_id or "",
            draft="1" if result.draft else "0",
            unchanged="1" if result.unchanged else "0",
            replaced="1" if result.replaced else "0",
        )
        return redirect(saved_url, code=303)
    finally:
        if sent:
            submissions().finish(account.name, sent, saved_url)


def _carried(
    form: Form,
    iri: str,
    editing: Editing,
    hers: dict[str, list[str]],
    choices: dict[str, list[list[dict[str, str]]]],
    problems: Problems,
) -> str:
    """A conflict's "carry my inputs over" (`forms.carried_over`): the form of the current
    version with her inputs wherever nobody else changed a field since, the fields where
    both did named above it with what she had typed. Nothing is saved: she checks and saves
    (a new start had shown the current version alone, and what she had typed stood only in
    the conflict's table, to type again; walk)."""
    account = current_account()
    assert account is not None  # role_required let the request through
    writer = _writer()
    keep, named = carried_over(
        writer, form, iri, request.form.get("version", ""), account.name, editing.current, hers
    )
    now = _values_of(form, editing.current)
    values = {key: now[key] if key in keep else hers.get(key, []) for key in now}
    # New partners are added beside the existing ones, never replacing them: always carried.
    values[COOPERATES_WITH] = hers.get(COOPERATES_WITH, [])
    fields = {name: f for f in form.fields for name, _tag in input_names(f)}
    links = {key for key, _kind in _link_keys(form)}
    typed = {key: [v for v in hers.get(key, []) if v.strip()] for key in named}
    names = labels_of(_store(), [v for key in named if key in links for v in typed[key]], g.lang)
    kept = []
    for key in named:
        f, tag = fields[key], key.partition("@")[2]
        shown = [names.get(v, v) for v in typed[key]] if key in links else typed[key]
        label = f.text(g.lang) + (f" ({tag})" if tag else "")
        kept.append({"label": label, "anchor": f"{f.key}-0", "typed": shown})
    for key in keep:  # her typed name waits to be chosen only where her input stands
        problems.fields.pop(key, None)
    return _render(
        form,
        editing.current,
        values,
        problems,
        version=form_version(writer, iri, account.name),
        choices={k: c for k, c in choices.items() if k not in keep},
        editing=editing,
        carried={"kept": kept},
    )


def _conflict(form: Form, exc: EditConflict) -> str:
    rows = []
    draft = exc.draft.values if exc.draft is not None else None
    for f in form.fields:
        if f.key in exc.theirs.values or f.key in exc.yours.values or f.key in (draft or {}):
            theirs, yours = exc.theirs.values.get(f.key, []), exc.yours.values.get(f.key, [])
            hers = draft.get(f.key, []) if draft is not None else None
            # As sets: the form lists topics by name, the store in its own order, and the
            # same topics in two orders were marked as a difference.
            sides = [set(theirs), set(yours)] + ([set(hers)] if hers is not None else [])
            rows.append(
                {"label": f.text(g.lang), "theirs": theirs, "yours": yours, "draft": hers,
                 "differs": any(side != sides[0] for side in sides)}
            )  # fmt: skip
    return render_template(
        "workspace/conflict.html",
        iri=exc.iri,
        name=labels_of(_store(), [exc.iri], g.lang).get(exc.iri, exc.iri),
        rows=rows,
        waiting=_others(exc.iri) if exc.waiting else [],
        own_draft=exc.own_draft,
        stale=exc.stale,
        message=exc.de if g.lang == "de" else exc.en,
        since=[] if exc.waiting or exc.own_draft else exc.since,
        # What she sent, for carrying it over to the current version's form.
        typed=[
            (key, value)
            for key in request.form
            if key not in _NOT_CARRIED
            for value in request.form.getlist(key)
        ],
    )


#: What a conflict's "carry my inputs over" does not send again: the form's own fields,
#: which the current version's form gives anew.
_NOT_CARRIED = frozenset({"csrf_token", "submission", "find", "enter", "carry"})


# ---- rendering -------------------------------------------------------------------------


def _render(
    form: Form,
    current: Current,
    values: dict[str, list[str]],
    problems: Problems,
    *,
    kind: str | None = None,
    version: str = "",
    choices: dict[str, list[list[dict[str, str]]]] | None = None,
    editing: Editing | None = None,
    carried: dict[str, Any] | None = None,
    lookups: list[dict[str, str]] | None = None,
) -> str:
    lang = g.lang
    store = _store()
    link_iris = [v for key, _k in _link_keys(form) for v in values.get(key, []) if v] + list(
        current.partners
    )
    names = labels_of(store, link_iris, lang) if link_iris else {}
    # A new entry's fixed values (a new topic's scheme) are not asked for.
    fixed = FIXED.get(form.target, {}) if not current.iri else {}
    fields = [
        _field_view(f, values, problems, names, (choices or {}).get(f.key, []), store)
        for f in form.fields
        if f.path not in fixed
    ]
    cooperation = None
    if _is_organisation_form(form):
        cooperation = {
            "key": COOPERATES_WITH,
            "existing": [{"iri": p, "label": names.get(p, p)} for p in current.partners],
            "rows": _link_rows(
                Field(COOPERATES_WITH),
                values.get(COOPERATES_WITH, []),
                names,
                (choices or {}).get(COOPERATES_WITH, []),
                key=COOPERATES_WITH,
            ),
            "errors": [p.text(lang) for p in problems.fields.get(COOPERATES_WITH, [])],
        }
    title = form.label.get(lang) or form.label.get("de") or form.target
    # An entry that exists only in the editor's own draft, or only in the internal data (a
    # living person), has no public page.
    current_public = bool(current.iri) and on_public_side(_store(), current.iri)
    return render_template(
        "workspace/form.html",
        form=form,
        title=title,
        fields=fields,
        cooperation=cooperation,
        top=[p.text(lang) for p in problems.top],
        lookups=lookups or [],
        field_errors=sum(len(v) for v in problems.fields.values()),
        kind=kind,
        iri=current.iri,
        version=version,
        comment=request.form.get("comment", "") if request.method == "POST" else "",
        page_url=entity_url(current.iri) if current.iri and current_public else None,
        # Consent and contact data are on the person page, which nothing linked to (walk).
        person_page=url_for("review.person", iri=current.iri)
        if current.iri and _is_person_form(form)
        else None,
        skipped=_models().skipped,
        own_draft=editing.draft if editing is not None else None,
        # Whether saving makes a draft: with review off it publishes (the note on one's own
        # waiting draft said "replaced with one draft", and saving published it; walk).
        review_on=review_required(current_app.config["STORE_PATH"]),
        # Other people's drafts about it: saving is a conflict until each is decided, said
        # before anything is typed (it was said only after, and the input was lost).
        others=_others(current.iri),
        carried=carried,
        # Kept when the form comes back (with problems): its correction is the same send.
        submission=request.form.get("submission") or new_submission_id(),
    )


def _is_person_form(form: Form) -> bool:
    return FOAF + "Person" in _models().superclasses.get(form.target, frozenset({form.target}))


def _others(iri: str) -> list[dict[str, str]]:
    account = current_account()
    if not iri or account is None:
        return []
    waiting = others_drafts(_writer(), iri, account.name)
    reviewer = account.has_role("reviewer")  # who may open the draft in the review queue
    return [
        {
            "id": change_id,
            "author": author,
            "url": url_for("review.draft", change_id=change_id) if reviewer else "",
        }
        for change_id, author in waiting
    ]


def _field_view(
    f: Field,
    values: dict[str, list[str]],
    problems: Problems,
    names: dict[str, str],
    offered: list[list[dict[str, str]]],
    store: Store,
) -> dict[str, Any]:
    lang = g.lang
    view: dict[str, Any] = {
        "key": f.key,
        "label": f.text(lang),
        "help": f.help.get(lang) or f.help.get("de") or "",
        "required": f.required,
        "repeatable": f.repeatable,
        "max": f.max_count,
        "widget": f.widget,
        "errors": [p.text(lang) for p in problems.fields.get(f.key, [])],
    }
    if f.widget == "lang-text":
        langs = field_languages(f)
        columns = {tag: values.get(f"{f.key}@{tag}", []) for tag in langs}
        single = f.unique_lang or f.max_count == 1
        count = (
            1 if single else _row_count(f, max((_filled(v) for v in columns.values()), default=0))
        )
        view["languages"] = list(langs)
        view["repeatable"] = not single
        view["long"] = f.long_text
        view["rows"] = [
            {tag: (columns[tag][i] if i < len(columns[tag]) else "") for tag in langs}
            for i in range(count)
        ]
    elif f.widget in ("concept", "choice"):
        if f.widget == "concept":
            options = concept_choices(store, f, lang)
        else:
            names_of = labels_of(store, list(f.choices), lang)
            options = [(c, names_of.get(c, c)) for c in f.choices]
        view["options"] = [{"iri": iri, "label": label} for iri, label in options]
        view["chosen"] = set(values.get(f.key, []))
        view["multiple"] = f.repeatable
    elif f.widget == "link":
        view["rows"] = _link_rows(f, values.get(f.key, []), names, offered)
        view["search_kind"] = _search_kind(f) or ""
        view["search_classes"] = sorted(f.classes)
    else:
        current = values.get(f.key, [])
        if f.widget == "language":  # names, not codes ("Französisch", not "fr")
            current = [language_shown(v, lang) for v in current]
            view["suggestions"] = sorted(
                (language_name(c, lang) for c in common_languages()), key=explore.sort_key
            )
        view["rows"] = [
            current[i] if i < len(current) else "" for i in range(_row_count(f, _filled(current)))
        ]
    return view


def _filled(values: list[str]) -> int:
    """How many rows the values fill, the empty ones after the last left out: a form sent
    back with problems grew by one empty row per field at every round (keyboard walk)."""
    n = len(values)
    while n and not values[n - 1].strip():
        n -= 1
    return n


def _row_count(f: Field, filled: int) -> int:
    """One empty input more than the values held, up to the field's maximum, and at least
    as many as it requires."""
    wanted = max(filled + 1, f.min_count)
    return max(1, min(wanted, f.max_count) if f.max_count is not None else wanted)


def _link_rows(
    f: Field,
    iris: list[str],
    names: dict[str, str],
    offered: list[list[dict[str, str]]],
    *,
    key: str | None = None,
) -> list[dict[str, Any]]:
    """The rows of a link field: the chosen entry (hidden IRI, visible name), or the typed
    text with the matches to choose from."""
    key = key or f.key
    texts = request.form.getlist(f"{key}-q") if request.method == "POST" else []
    filled = len([i for i in iris if i])
    sent = [t if t.strip() else iris[i] if i < len(iris) else "" for i, t in enumerate(texts)]
    offering = max((i + 1 for i, options in enumerate(offered) if options), default=0)
    count = max(_row_count(f, filled), offering, _filled(iris), _filled(sent))
    rows = []
    for i in range(count):
        iri = iris[i] if i < len(iris) else ""
        typed = texts[i] if i < len(texts) else ""
        options = offered[i] if i < len(offered) else []
        # A row offering matches keeps the text they were found for (it had been emptied,
        # and choosing one of them then removed the link: an empty text removes it); the
        # text is sent back beside it (`offered`), so the choice counts unless the text was
        # changed, which is a new search.
        label = typed.strip() if options else (names.get(iri, "") if iri else typed)
        rows.append(
            {"iri": iri, "label": label, "options": options, "offered": label if options else ""}
        )
    return rows
