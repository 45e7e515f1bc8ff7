"""The workspace's review queue, entity histories with revert, and people's consent.

- `/workspace/review` (reviewer): the waiting drafts, each in words and with a preview of the
  public page it changes (`akteursgraph.changes.preview`); publish or reject with a comment.
  The four-eyes rule is the core's (`changes.review`): its refusal is shown on the page.
- `/workspace/history?iri=` (viewer and up): the entity's change sets, newest first, as
  sentences; viewers see what changed in public graphs, editors and up everything (internal
  notes and contact data included). Editors revert from here (`changes.revert`); a revert of
  a reviewed change becomes a draft, as the core decides.
- `/workspace/person?iri=` (editor): the person's consent records per purpose; recording a
  consent, a refusal or a withdrawal (which unpublishes at once, in the core's write path).

Every write goes through the app's one writer with the account as author; every form carries
the CSRF token; every error of the core is shown next to the form it came from.
"""

from __future__ import annotations

from typing import Any

from flask import (
    Blueprint,
    Response,
    current_app,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _

from akteursgraph import explore
from akteursgraph.accounts import Accounts
from akteursgraph.changes import (
    ORIGIN_FORM,
    ChangeMeta,
    Draft,
    HistoryPage,
    entity_history_page,
    entity_iri,
    publish,
    recent,
    reject,
    revert,
    same_person,
    submit,
)
from akteursgraph.changes import drafts as waiting_drafts
from akteursgraph.changes.comments import MAX_COMMENT_CHARS
from akteursgraph.changes.model import DRAFT
from akteursgraph.changes.plain import (
    KnownLabels,
    entity_names,
    entry_in_plain_words,
    plain_words,
)
from akteursgraph.changes.preview import draft_review, review_queue
from akteursgraph.changes.revert import RevertConflict
from akteursgraph.changes.review import DraftConflict
from akteursgraph.commit import Commit, Writer
from akteursgraph.errors import AkteursgraphError, ConflictError, UsageError
from akteursgraph.forms import labels_of, load_forms
from akteursgraph.forms.messages import MAX_SAID, report_in_words
from akteursgraph.people.access import log_access
from akteursgraph.people.journal import Journal
from akteursgraph.people.purposes import PURPOSES
from akteursgraph.people.records import (
    RECORDABLE,
    consent_change,
    people_named,
    person_consents,
)
from akteursgraph.store import Store

from .auth import current_account, role_required
from .errors import status_of
from .office_settings import settings

bp = Blueprint("review", __name__, url_prefix="/workspace")

#: How many change sets the start page lists.
RECENT = 10


def _store() -> Store:
    return current_app.extensions["akteursgraph.store"]


def _writer() -> Writer:
    return current_app.extensions["akteursgraph.writer"]


def _me() -> str:
    account = current_account()
    assert account is not None  # every view here is behind role_required
    return account.name


@bp.app_template_global("office_name")
def office_name() -> str:
    """The office's name for the workspace's header, as the public pages name it (the
    publication settings, `akteursgraph publication`), so it is set in one place; read as
    the public pages read them (a file edited into a wrong one is not taken: it had made the
    login page a 400)."""
    return settings().office_name


@bp.app_template_global("max_comment_chars")
def max_comment_chars() -> int:
    """The longest comment a change set takes (`check_comment`): the comment fields say it
    with `maxlength`, so a longer one is stopped while typing, not refused with the form."""
    return MAX_COMMENT_CHARS


@bp.app_template_global("written_by_me")
def written_by_me(author: str) -> bool:
    """Whether the logged-in account wrote a change: the review page offers no decision on
    one's own draft, which the four-eyes rule would refuse (`changes.same_person`)."""
    account = current_account()
    return account is not None and same_person(author, account.name)


@bp.app_template_global("view_functions")
def view_functions() -> set[str]:
    """The endpoints this app has: the workspace's navigation links only to pages that exist
    (the faces of the workspace are built and merged one by one)."""
    return set(current_app.view_functions)


@bp.app_template_global("term_label")
def term_label(iri: str) -> str:
    """A vocabulary term's label in the reader's language (purposes, properties)."""
    if "workspace_vocabulary" not in g:
        g.workspace_vocabulary = explore.vocabulary_labels(_store())[0]
    return g.workspace_vocabulary.get(iri, g.lang)


@bp.app_template_global("findings_in_words")
def findings_in_words(exc: object) -> tuple[list[dict[str, str]], int]:
    """A refused write's violations in plain words, each with its entry's name, and how
    many more (`forms.messages.report_in_words`); nothing for an error without a report."""
    report = getattr(exc, "report", None)
    if report is None or not report.violations:
        return [], 0
    nodes = list(dict.fromkeys(f.node for f in report.violations[:MAX_SAID]))
    names = labels_of(_store(), nodes, g.lang)
    named = {iri: label for iri, label in names.items() if label != iri}
    return report_in_words(report, g.lang, load_forms().term_labels, named)


# A global rather than a context processor: macros imported without context (a change's
# details, `change_meta`) ask for it too.
bp.add_app_template_global(current_account, "current_account")


@bp.app_template_global("review_summary")
def start_context() -> dict[str, Any]:
    """What the workspace's start page shows of review and history: the number of waiting
    drafts (for reviewers) and the newest change sets."""
    path = _store().path
    # A viewer reads the changes to public data only, as in an entry's history: the start
    # page listed internal notes with their comments to them (exploratory test).
    public_only = not _reads_internal()
    return {
        "waiting": len(waiting_drafts(path)),
        "recent": [{**c, **_entries_of(c)} for c in recent(path, RECENT, public_only=public_only)],
    }


def _reads_internal() -> bool:
    """Whether the signed-in account reads changes to internal data too (editors and
    reviewers); a viewer reads the changes to public data only, on every page."""
    account = current_account()
    return account is not None and account.has_role("editor")


#: How many entries a line of the start page's recent changes names.
NAMED = 2


#: Up to how many statements the start page reads an applied change's own names.
_NAMED_FROM = 2_000


def _entries_of(
    change: dict[str, Any], besides: str | None = None, *, public_only: bool = False
) -> dict[str, Any]:
    """The entries a change touches, by name with a link to their history, and how many
    more: the start page's lines named only who, when and the state, so an editor could not
    find her draft again (names from the store; a new entry only in a draft by the draft's).
    `besides`: an entry not to name (the history page's own); `touched` counts it too."""
    history = _writer().history
    iris, touched = history.first_touched(change["id"], NAMED + (besides is not None))
    iris = [i for i in iris if i != besides][:NAMED]
    total = touched - (besides is not None)
    if public_only:
        # A viewer is told of public entries only: "Betrifft auch: Einwilligung von …" named
        # an internal record and counted internal entries (exploratory walk).
        store = _store()
        iris = [i for i in iris if store.described_publicly(i)]
        total = len(iris)
    entry: dict[str, str] = {}
    # A draft's new entries are named only in it, and so are a rejected or superseded
    # draft's ("neue bruecke mitte e v" named a rejected one); an applied change's entries
    # that are gone since only in what it added or removed ("20261204t123653z neu2" named a
    # removed load). A bulk change's statements are not read for it: the page lists a few
    # changes. Nor is any when there is nothing to name (an entry's history: most changes
    # touch it alone).
    size = (change.get("added") or 0) + (change.get("removed") or 0)
    small = change["status"] != "failed" and 0 < size <= _NAMED_FROM
    if iris and (change["status"] == "draft" or small):
        try:
            added, removed = history.payload(change["id"], change["status"])
        except KeyError:  # a change set that keeps no statements (an erasure)
            added = removed = b""
        entry = {"added_nquads": added.decode("utf-8"), "removed_nquads": removed.decode("utf-8")}
    names = entity_names(_store(), entry, iris, g.lang) if iris else {}
    return {
        "entries": [
            {"name": names.get(iri, iri), "url": url_for("review.history", iri=iri)} for iri in iris
        ],
        "more_entries": total - len(iris),
        "touched": touched,
    }


# ---- the review queue ------------------------------------------------------------------


def _queue_page(**extra: Any) -> str:
    return render_template(
        "workspace/review.html",
        drafts=review_queue(_store(), g.lang),
        my_email=Accounts(_store().path).email(_me()),
        mail_on=current_app.extensions["akteursgraph.mail"].settings.enabled,
        **extra,
    )


@bp.get("/review")
@role_required("reviewer")
def queue() -> str:
    return _queue_page(decided=_just_done(request.args.get("change", "")))


@bp.app_template_global("change_time")
def change_time(change_id: str) -> str | None:
    """When a change set was made, to name it by its time where a page names it (the change
    a revert reverts); None for an id the history does not know."""
    found = _just_done(change_id)
    return found["time"] if found else None


def _just_done(change_id: str) -> dict[str, Any] | None:
    """The change just published, rejected or reverted (after the redirect), to name it by
    its time rather than by its id alone; None for an id the history does not know."""
    if not change_id:
        return None
    try:
        done = _writer().history.get(change_id).summary()
    except AkteursgraphError:
        return None
    return {**done, **_entries_of(done)}  # which entries: two drafts of one minute read alike


@bp.post("/review/email")
@role_required("reviewer")
def set_email() -> Response | tuple[str, int]:
    """A reviewer's own address for the mail about waiting drafts (or none)."""
    address = request.form.get("email", "").strip()
    try:
        Accounts(_store().path).set_email(_me(), address or None)
    except AkteursgraphError as exc:
        return _queue_page(email_error=exc, email_value=address), status_of(exc)
    return redirect(url_for("review.queue", email="saved"), code=303)


@bp.post("/review/<change_id>/decision")
@role_required("reviewer")
def decide(change_id: str) -> Response | tuple[str, int]:
    """Publish or reject one draft; the core's refusal is shown beside that draft."""
    action = request.form.get("action")
    comment = request.form.get("comment", "").strip()
    if _decided_before(change_id, action):
        # The same decision again (a second click on a slow line, the form sent anew): the
        # first stands; it read "Nicht ausgeführt: … ist kein Entwurf (Status: angewandt)".
        return redirect(url_for("review.queue", done=f"{action}-before", change=change_id),
                        code=303)  # fmt: skip
    if (stale := _decided_otherwise(change_id)) is not None:
        return _queue_page(stale=stale, stale_comment=comment), 409
    try:
        if action == "reject" and not comment:  # said for the form, not the command line
            raise UsageError(
                "Bitte im Feld „Kommentar“ angeben, warum der Entwurf abgelehnt wird.",
                "Please say in the field “Comment” why the draft is rejected.",
            )
        if action == "publish":
            publish(_writer(), change_id, reviewer=_me(), comment=comment)
        elif action == "reject":
            reject(_writer().history, change_id, reviewer=_me(), comment=comment)
        else:
            raise UsageError(
                "Bitte „Veröffentlichen“ oder „Ablehnen“ wählen.",
                "Please choose “publish” or “reject”.",
                where="action",
            )
    except AkteursgraphError as exc:
        # Another request decided it meanwhile (a double click sent both at once: one was
        # published, the other read "Nicht ausgeführt: … ist kein Entwurf").
        if _decided_before(change_id, action):
            return redirect(url_for("review.queue", done=f"{action}-before", change=change_id),
                            code=303)  # fmt: skip
        if (stale := _decided_otherwise(change_id)) is not None:
            return _queue_page(stale=stale, stale_comment=comment), 409
        # The comment field is wrong only when a rejection lacks it: a conflict marked the
        # field of a publication, which needs none, as invalid (exploratory walk).
        failed = {"id": change_id, "error": exc, "comment": comment,
                  "at_field": action == "reject" and not comment}  # fmt: skip
        if isinstance(exc, DraftConflict):
            failed["moved"] = _changed_since(exc)
            # The message names versions by ids and entries by addresses (for the command
            # line); the page says it in words, with who changed what beside it.
            failed["error"] = ConflictError(
                "Konflikt: Dieser Entwurf beruht auf einem Stand, der sich seither geändert "
                "hat; nichts wurde veröffentlicht.",
                "Conflict: this draft is based on a version that has changed since; nothing "
                "was published.",
            )
        return _queue_page(failed=failed), status_of(exc)
    return redirect(url_for("review.queue", done=action, change=change_id), code=303)


def _decided_otherwise(change_id: str) -> dict[str, Any] | None:
    """The change set (as `_just_done`) when it is no draft any more: another reviewer
    published or rejected it, or its author replaced it, since the page was loaded. The
    page says who did what and when, and gives back the comment typed; it said only "… ist
    kein Entwurf (Status: abgelehnt)", the typed comment lost (exploratory test)."""
    try:
        status = _writer().history.get(change_id).status
    except AkteursgraphError:
        return None  # an unknown id: the decision's own path says so
    return None if status == DRAFT else _just_done(change_id)


def _decided_before(change_id: str, action: str | None) -> bool:
    """Whether the draft already had this decision, by a reviewer."""
    try:
        record = _writer().history.get(change_id)
    except AkteursgraphError:
        return False  # an unknown id: the decision's own path says so
    done = {"publish": "applied", "reject": "rejected"}.get(action or "")
    return bool(done and record.status == done and record.reviewer)


def _changed_since(conflict: DraftConflict) -> list[dict[str, str]]:
    """Who changed which entry of a conflicting draft since it was saved, and when: the
    conflict in words (its message names versions by change-set ids)."""
    return [_changed_by(iri, now) for iri, _base, now in conflict.moved[:20]]


def _changed_by(iri: str, change_id: str | None) -> dict[str, str]:
    """An entry and the change set that changed it, in words: its name, its history, who
    and when."""
    record = _writer().history.get(change_id) if change_id else None
    return {
        "name": _entity_label(iri),
        "url": url_for("review.history", iri=iri),
        "by": record.author if record else "",
        "time": record.created if record else "",
    }


def _revert_conflict(conflict: RevertConflict) -> dict[str, Any]:
    """A revert's conflict in words for the history page: the message without ids,
    addresses or statements (the history below shows those), the entries changed later
    with who and when, and the reverts already made."""
    history = _writer().history
    if conflict.reverted_by:
        de = "Konflikt: Diese Änderung ist schon rückgängig gemacht; nichts wurde geändert."
        en = "Conflict: this change has already been reverted; nothing was changed."
    elif conflict.stranded:
        de = (
            "Konflikt: Spätere Änderungen beschreiben Einträge weiter, die diese Änderung "
            "angelegt hat; rückgängig gemacht blieben sie ohne Art und Namen zurück. Bitte "
            "zuerst die späteren Änderungen rückgängig machen. Nichts wurde geändert."
        )
        en = (
            "Conflict: later changes still describe entries this change created; reverted, "
            "they would be left without a kind or a name. Please revert the later changes "
            "first. Nothing was changed."
        )
    else:
        de = (
            "Konflikt: Spätere Änderungen betreffen dieselben Aussagen; diese Änderung lässt "
            "sich nicht mehr rückgängig machen. Nichts wurde geändert."
        )
        en = (
            "Conflict: later changes touch the same statements; this change can no longer be "
            "reverted. Nothing was changed."
        )
    # The changes in the way where they were found (each with an entry it touched), else
    # the newest change of each entry: that one had been named even when it touched other
    # statements (a load adding a name, for a revert of a date; walk).
    causes = {i: iri for iri, ids in conflict.later.items() for i in ids if i in conflict.causes}
    later = (
        [_changed_by(causes[i], i) for i in conflict.causes[-20:]]
        if causes
        else [_changed_by(iri, ids[-1]) for iri, ids in list(conflict.later.items())[:20] if ids]
    )
    undone = [history.get(i) for i in conflict.reverted_by]
    return {
        "error": ConflictError(de, en),
        "later": later,
        "undone_by": [{"by": r.author, "time": r.created} for r in undone],
        # Which statements, in words, as the command line names them (walk: the page named
        # who changed the entry later, not what stands in the way).
        "in_the_way": plain_words(_store(), conflict.back, conflict.gone),
    }


@bp.get("/review/<change_id>")
@role_required("reviewer")
def draft(change_id: str) -> str:
    """One change set for its reviewer (also after the decision: what it was)."""
    return render_template(
        "workspace/review.html", drafts=[draft_review(_store(), change_id, g.lang)], single=True
    )


# ---- history and revert ----------------------------------------------------------------


def _entity_label(iri: str) -> str:
    return _entry_named(iri)[0]


def _entry_named(iri: str, entries: list[dict[str, Any]] | None = None) -> tuple[str, bool]:
    """An entry's name, and whether it has a public page. Without one (internal, removed,
    a consent record), the name its changes use (`entity_names`: its labels in the store,
    else in `entries`, its history; a consent record by whom it is about), not its address:
    headings read "Änderungsverlauf: <https://…/consent/c-…>", and linked a public page
    that answered 404."""
    view = explore.entity(_store(), iri, g.lang)
    if view:
        return view["label"], True
    if Journal(_store().path).erased(iri):
        return _("Erased entry (GDPR Art. 17)"), False
    if not _reads_internal():
        # A viewer reads public data only: the heading named a person whose data is all
        # internal ("Änderungsverlauf: Mehdi Benali") above "you see the public changes".
        return _("an entry without public data"), False
    joined = {
        key: "\n".join(e.get(key, "") for e in entries or [])
        for key in ("added_nquads", "removed_nquads")
    }
    return entity_names(_store(), joined, [iri], g.lang)[iri], False


#: How many change sets a page of the history's list of all changes shows.
ALL_CHANGES_PAGE = 50


def _all_changes(text: str, found: list[dict[str, Any]] | None) -> tuple[str, int]:
    """The history's page without an entry: the search for one, and every change set,
    newest first, a page at a time (`before`: the id of the last of the page before). It
    showed the search field alone, and the office's changes were listed only on the start
    page, the newest ten."""
    before = request.args.get("before", "").strip() or None
    # The list's filters, kept by its pages: whose changes, in which state ("my drafts",
    # "what was rejected"); a name no one changed anything under lists nothing.
    filters = {
        key: value for key in ("author", "status") if (value := request.args.get(key, "").strip())
    }
    public_only = not _reads_internal()
    shown = {
        "iri": "", "entries": None, "q": text, "found": found, "everything": not public_only,
        "filters": filters, "authors": _writer().history.authors(public_only=public_only),
    }  # fmt: skip
    try:
        changes = recent(
            _store().path, ALL_CHANGES_PAGE + 1, public_only=public_only, before=before, **filters
        )
    except UsageError as exc:  # `before` names no change set, `status` no state
        return render_template("workspace/history.html", changes=[], failed_page=exc, **shown), 400
    older = changes[ALL_CHANGES_PAGE - 1]["id"] if len(changes) > ALL_CHANGES_PAGE else None
    return render_template(
        "workspace/history.html",
        changes=[{**c, **_entries_of(c)} for c in changes[:ALL_CHANGES_PAGE]],
        before=before,
        older=older,
        **shown,
    ), 200


@bp.get("/history")
@role_required("viewer")
def history() -> str | tuple[str, int]:
    iri = request.args.get("iri", "").strip()
    text = request.args.get("q", "").strip()
    found = None
    if text:  # the public search index; internal people by name for those who read them
        found = current_app.extensions["akteursgraph.search"].search(text, g.lang, limit=20)
        if _reads_internal():
            shown = {r["iri"] for r in found}
            found += [
                {**p, "internal": True}
                for p in people_named(_store(), text, g.lang)
                if p["iri"] not in shown
            ]
    if not iri:
        return _all_changes(text, found)
    everything = _reads_internal()
    before = request.args.get("before", "").strip() or None
    label, public_page = iri, False
    try:
        iri = entity_iri(_store().path, iri)  # a typed address: "not an iri" was a 500
        page = entity_history_page(_store().path, iri, public_only=not everything, before=before)
    except UsageError as exc:  # or `before` names no change set (a link from another store)
        shown = {"entries": [], "older": None, "failed_page": exc}
        status = 400
        if exc.where != "IRI":
            label, public_page = _entry_named(iri)
        shown["no_entry"] = exc.where == "IRI"
    else:
        shown = {"entries": _cards(page.entries, iri), "older": page.older}
        status = 200
        label, public_page = _entry_named(iri, shown["entries"])
    return render_template(
        "workspace/history.html",
        iri=iri,
        label=label,
        public_page=public_page,
        everything=everything,
        q=text,
        found=found,
        reverted=_just_done(request.args.get("reverted", "")),
        made=_just_done(request.args.get("made", "")),  # the revert's own change set
        before=before,
        **shown,
    ), status


@bp.post("/history/revert")
@role_required("editor")
def revert_change() -> Response | tuple[str, int]:
    iri = request.form.get("iri", "").strip()
    change_id = request.form.get("change", "").strip()
    comment = request.form.get("comment", "").strip()
    try:
        if iri:  # the page the form was sent from, checked before anything is reverted
            iri = entity_iri(_store().path, iri)
        if not change_id:
            raise UsageError(
                "Es fehlt die Kennung der Änderung, die rückgängig gemacht werden soll "
                "(Feld „change“).",
                "The id of the change to revert is missing (field “change”).",
                where="change",
            )
        if not comment:  # said for the form, not the command line
            raise UsageError(
                "Bitte im Feld „Warum rückgängig machen?“ einen Grund angeben.",
                "Please give a reason in the field “Why revert this change?”.",
            )
        result = revert(_writer(), change_id, author=_me(), comment=comment, staff=True)
    except AkteursgraphError as exc:
        named = bool(iri) and exc.where != "IRI"  # an address that is none has no page
        shown = _page_with(iri, request.form.get("before") or None) if named else None
        entries = _cards(shown.entries, iri) if shown else []
        label, public_page = _entry_named(iri, entries) if named else (iri, False)
        page = render_template(
            "workspace/history.html",
            iri=iri,
            label=label,
            public_page=public_page,
            entries=entries,
            older=shown.older if shown else None,
            everything=True,
            found=None,
            no_entry=not named,
            before=request.form.get("before") or None,
            failed={
                "id": change_id,
                "error": exc,
                "comment": comment,
                "at_field": not comment,  # a conflict is the change's, not the comment's
                **(_revert_conflict(exc) if isinstance(exc, RevertConflict) else {}),
            },
        )
        return page, status_of(exc)
    return redirect(
        # `made`: the revert's own change set, named in the message (the reverted one's
        # id stood there, and `publish` of it answered "no draft").
        url_for(
            "review.history",
            iri=iri,
            reverted=change_id,
            outcome=_outcome(result),
            made=result.change_id or "",
        ),
        code=303,
    )


def _page_with(iri: str, before: str | None) -> HistoryPage:
    """The history page a revert form was sent from (`before`), so that its error is shown
    beside the change; the newest page if that is not known here."""
    try:
        return entity_history_page(_store().path, iri, before=before)
    except UsageError:
        return entity_history_page(_store().path, iri)


def _cards(entries: list[dict[str, Any]], iri: str) -> list[dict[str, Any]]:
    """An entry's history as its page shows it, newest first: each change with its
    statements in names, not prefixed names (`words`, the labels read once for all), and
    the other entries it touches (`also`). A card lists the change's statements about this
    entry alone, but its revert takes back the whole change (the set-up's: every entry of
    the example), so the card names the others and its button counts them."""
    known: KnownLabels = {}
    public_only = not _reads_internal()
    for e in entries:
        e["words"] = entry_in_plain_words(_store(), e, known=known)
        e["also"] = _entries_of(e, besides=iri, public_only=public_only)
    return list(reversed(entries))


def _outcome(result: Commit | Draft) -> str:
    return "draft" if isinstance(result, Draft) else "applied"


# ---- people: consent per purpose ---------------------------------------------------------


@bp.get("/person")
@role_required("editor")
def person() -> str | tuple[str, int]:
    iri = request.args.get("iri", "").strip()
    return _person_page(iri)


def _person_page(
    iri: str, failed: dict[str, Any] | None = None, status: int = 200
) -> tuple[str, int]:
    data = person_consents(_store(), iri) if iri else None
    if data is not None and data["contacts"]:
        # Handing out a person's contact data leaves a line in the access log, as the
        # CLI's person-export does (the person as a salted hash).
        log_access(_store().path, iri=iri, what="workspace-view", who=_me(), why="person page")
    missing = (
        data is not None
        and not data["is_person"]
        and not any(p["records"] for p in data["purposes"])
    )
    if missing:
        status = 404 if status == 200 else status
    page = render_template(
        "workspace/person.html",
        iri=iri,
        person=data,
        # An erased person's page says so; it was headed by the bare address.
        erased=missing and Journal(_store().path).erased(iri),
        public_view=explore.entity(_store(), iri, g.lang) if iri else None,
        purposes=PURPOSES,
        statuses=list(RECORDABLE),
        failed=failed,
    )
    return page, status


@bp.post("/person/consent")
@role_required("editor")
def record_consent() -> Response | tuple[str, int]:
    form = request.form
    iri = form.get("iri", "").strip()
    purpose = form.get("purpose", "")
    status = form.get("status", "")
    comment = form.get("comment", "").strip()
    try:
        if status not in _STATUS_WORDS:  # said for the form: its choices, not their codes
            raise UsageError(
                "Bitte wählen: Einwilligung erteilt, widerrufen oder verweigert.",
                "Please choose: consent given, withdrawn or refused.",
            )
        change = consent_change(
            _store(),
            iri,
            purpose,
            status,
            recorded_by=_me(),
            indicated_at=_time(form.get("indicated_at", "")),
            method=form.get("method", "").strip() or None,
            expires=_time(form.get("expires", "")),
        )
        meta = ChangeMeta(
            author=_me(),
            origin=ORIGIN_FORM,
            comment=comment or _consent_comment(status, purpose),
        )
        submit(_writer(), change, meta)
    except AkteursgraphError as exc:
        # The form comes back as it was sent, with the message beside it.
        kept = {k: form.get(k, "") for k in ("status", "indicated_at", "expires", "method")}
        return _person_page(iri, {"purpose": purpose, "error": exc, **kept}, status_of(exc))
    return redirect(url_for("review.person", iri=iri, recorded=purpose, status=status), code=303)


#: The statuses the person page records, in words for the history's comment.
_STATUS_WORDS = {
    "given": ("erteilt", "given"),
    "withdrawn": ("widerrufen", "withdrawn"),
    "refused": ("verweigert", "refused"),
}


def _consent_comment(status: str, purpose: str) -> str:
    """The history's comment when staff give none: what was recorded, in words, the purpose
    by its label; in the language the staff member works in, as a comment she wrote would
    be (both languages at once were shown whole on every page)."""
    de, en = _STATUS_WORDS.get(status, (status, status))
    label = explore.vocabulary_labels(_store())[0]
    if g.lang == "de":
        return f"Einwilligung {de}: {label.get(purpose, 'de')}"
    return f"Consent {en}: {label.get(purpose, 'en')}"


def _time(value: str) -> str | None:
    """A date from the form's date field as the start of that day (xsd:dateTime)."""
    value = value.strip()
    if not value:
        return None
    return value if "T" in value else f"{value}T00:00:00"
