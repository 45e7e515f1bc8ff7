"""The workspace's review queue, history with revert, people's consent and the reviewers'
mail (issue 14, items 3 to 6a): the core's functions, then the pages on the real app."""

from __future__ import annotations

import posixpath
import re
import socket
import urllib.parse
from collections.abc import Callable, Iterator
from html import escape as html_escape
from html import unescape as html_unescape
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask import Flask, g
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from akteursgraph import explore
from akteursgraph.accounts import Accounts
from akteursgraph.changes import (
    ORIGIN_FORM,
    ChangeMeta,
    Draft,
    History,
    entity_history,
    submit,
)
from akteursgraph.changes.preview import draft_review
from akteursgraph.changes.settings import set_review_required
from akteursgraph.commit import Writer
from akteursgraph.errors import ConflictError
from akteursgraph.namespaces import AG, DPV, RDF_TYPE, SKOS
from akteursgraph.notify import Mailer, MailSettings
from akteursgraph.people.purposes import PUBLIC_NAMING
from akteursgraph.people.records import consent_change, person_consents
from akteursgraph.store import Change, Store, read_config

from .conftest import csrf_token, login
from .example_people import example_person

BASE = "https://w3id.org/akteursgraph/mitte/"
ORG = BASE + "example/organisation/afghanische-frauenwerkstatt-tiergarten"
OLD_LABEL = "Afghanische Frauenwerkstatt Tiergarten e.V. (Beispiel)"
NEW_LABEL = "Afghanische Frauenwerkstatt Moabit e.V. (Beispiel)"
PERSON = example_person("Amani Njeri")
LABEL = ox.NamedNode(SKOS + "prefLabel")
SKOS_ALT = ox.NamedNode(SKOS + "altLabel")
ORG_PATH = "/example/organisation/afghanische-frauenwerkstatt-tiergarten"
ORG_NS = "http://www.w3.org/ns/org#"
#: Account names of the test logins (`conftest.login` names them after their role).
EDITOR, REVIEWER = "editor", "reviewer"


@pytest.fixture
def store(example_store_path: Path) -> Iterator[Store]:
    with Store.open(example_store_path) as opened:
        yield opened


def renaming(store: Store) -> Change:
    """The organisation's German name changed, in the graph where it stands."""
    node = ox.NamedNode(ORG)
    was = ox.Literal(OLD_LABEL, language="de")
    old = next(q for q in store.quads(node, LABEL) if q.object == was)
    new = ox.Quad(node, LABEL, ox.Literal(NEW_LABEL, language="de"), old.graph_name)
    return Change(add=[new], remove=[old])


def editors_draft(writer: Writer, author: str = "eve") -> Draft:
    meta = ChangeMeta(author=author, origin=ORIGIN_FORM, comment="new district")
    draft = submit(writer, renaming(writer.store), meta, review_required=True)
    assert isinstance(draft, Draft)
    return draft


# ---- the core --------------------------------------------------------------------------


def test_the_preview_is_the_entity_page_with_the_draft_applied_and_the_store_untouched(
    store: Store,
) -> None:
    writer = Writer(store)
    draft = editors_draft(writer)
    review = draft_review(store, draft.change_id, "de")
    assert review["author"] == "eve" and review["comment"] == "new district"
    assert ORG in review["entities"]
    assert any(NEW_LABEL in w["de"] and kind == "added" for kind, w in review["words"])
    (preview,) = [p for p in review["previews"] if p["iri"] == ORG]
    assert preview["before"]["label"] == OLD_LABEL
    assert preview["after"]["label"] == NEW_LABEL
    assert (SKOS + "prefLabel", NEW_LABEL) in preview["added"]
    assert [s["value"] for s in preview["removed"]] == [OLD_LABEL]
    # the rest of the page is there too: its topics, as the entity page reads them
    assert len(preview["after"]["relations"]["topics"]) == 3
    # nothing of the draft reached the store
    assert explore.entity(store, ORG, "de")["label"] == OLD_LABEL


def test_the_preview_strikes_a_removed_label_whose_text_another_language_keeps(
    store: Store,
) -> None:
    """A German name replaced while the English name reads as the German one did: the
    preview's table had no struck-through row for the German name (values were compared
    without their language), though "the change in words" named it (workspace walk)."""
    node = ox.NamedNode(ORG)
    old_de = next(q for q in store.quads(node, LABEL) if q.object.language == "de")
    old_en = next(q for q in store.quads(node, LABEL) if q.object.language == "en")
    change = Change(
        add=[
            ox.Quad(node, LABEL, ox.Literal(NEW_LABEL, language="de"), old_de.graph_name),
            ox.Quad(node, LABEL, ox.Literal(OLD_LABEL, language="en"), old_en.graph_name),
        ],
        remove=[old_de, old_en],
    )
    meta = ChangeMeta(author="eve", origin=ORIGIN_FORM, comment="Name angeglichen")
    draft = submit(Writer(store), change, meta, review_required=True)
    assert isinstance(draft, Draft)
    (preview,) = [
        p for p in draft_review(store, draft.change_id, "en")["previews"] if p["iri"] == ORG
    ]
    gone = {(s["value"], s["lang"]) for s in preview["removed"]}
    assert gone == {(OLD_LABEL, "de"), (old_en.object.value, "en")}
    marked = [
        (r["statement"]["value"], r["statement"]["lang"], r["change"]) for r in preview["rows"]
    ]
    assert (OLD_LABEL, "de", "removed") in marked and (OLD_LABEL, "en", "new") in marked


def test_a_new_entry_is_previewed_as_a_new_public_page(store: Store) -> None:
    from .test_changes import EX, organisation

    writer = Writer(store)
    meta = ChangeMeta(author="eve", origin=ORIGIN_FORM, comment="neu gegründet")
    draft = submit(writer, Change(add=organisation("neu", "Neuer Verein", "New club")), meta)
    assert isinstance(draft, Draft)
    (preview,) = draft_review(store, draft.change_id, "de")["previews"]
    assert preview["iri"] == EX + "organisation/neu" and preview["before"] is None
    assert preview["after"]["label"] == "Neuer Verein" and preview["removed"] == []
    assert explore.entity(store, EX + "organisation/neu", "de") is None  # not in the store


def test_recording_a_withdrawal_ends_the_record_and_unpublishes_the_person(
    store: Store,
) -> None:
    before = person_consents(store, PERSON)
    (before_naming,) = [p for p in before["purposes"] if p["purpose"] == PUBLIC_NAMING]
    assert [r["valid"] for r in before_naming["records"]] == [True]
    assert explore.entity(store, PERSON, "de") is not None

    change = consent_change(store, PERSON, PUBLIC_NAMING, "withdrawn", recorded_by="eve")
    meta = ChangeMeta(author="eve", origin=ORIGIN_FORM, comment="withdrawn by letter")
    result = submit(Writer(store), change, meta, review_required=True)
    assert not isinstance(result, Draft)  # a withdrawal never waits for review

    after = person_consents(store, PERSON)
    (naming,) = [p for p in after["purposes"] if p["purpose"] == PUBLIC_NAMING]
    (record,) = naming["records"]
    assert record["status"].endswith("ConsentWithdrawn") and not record["valid"]
    assert record["since"] and record["recorded_by"] == "eve"
    # what the record said about when consent was given stays
    assert record["indicated_at"] == before_naming["records"][0]["indicated_at"]
    assert explore.entity(store, PERSON, "de") is None


def test_recorded_consent_is_a_valid_record_with_its_dates(store: Store) -> None:
    person = example_person("Lucía Vargas")  # internal only in the example
    change = consent_change(
        store, person, PUBLIC_NAMING, "given", recorded_by="eve",
        indicated_at="2026-01-05T00:00:00", method="schriftlich", expires="2099-01-01T00:00:00",
    )  # fmt: skip
    submit(Writer(store), change, ChangeMeta(author="eve", origin=ORIGIN_FORM))
    consents = person_consents(store, person)["purposes"]
    (naming,) = [p for p in consents if p["purpose"] == PUBLIC_NAMING]
    valid = [r for r in naming["records"] if r["valid"]]
    assert len(valid) == 1
    assert valid[0]["indicated_at"].startswith("2026-01-05")
    assert valid[0]["expires"].startswith("2099-01-01") and valid[0]["method"] == "schriftlich"
    assert History(store.path).recent(1)[0].author == "eve"


def test_an_impossible_consent_date_is_refused_with_a_message(store: Store) -> None:
    from akteursgraph.errors import UsageError

    with pytest.raises(UsageError) as caught:
        consent_change(store, PERSON, PUBLIC_NAMING, "given", recorded_by="eve",
                       indicated_at="2026-02-30T00:00:00")  # fmt: skip
    assert "2026-02-30" in caught.value.de and re.search("valid date", caught.value.en)
    assert caught.value.de.startswith("Einwilligung erteilt am")  # the field's name, not its key


@pytest.mark.parametrize(
    ("given", "expires", "said"),
    [
        ("2019-01-01T00:00:00", "2020-01-01T00:00:00", "must be after"),  # expired when made
        ("2025-01-01T00:00:00", "2020-01-01T00:00:00", "must be after"),  # before it was given
        ("2099-01-01T00:00:00", None, "in the future"),
    ],
)
def test_a_consent_record_that_could_never_hold_is_refused(
    store: Store, given: str, expires: str | None, said: str
) -> None:
    """QA: consent given 2019 and expiring 2020 was recorded as "given (expired)", and the
    person stayed in the speaker directory until the hourly sweep; one given in 2099 too."""
    from akteursgraph.errors import UsageError

    with pytest.raises(UsageError) as caught:
        consent_change(store, PERSON, PUBLIC_NAMING, "given", recorded_by="eve",
                       indicated_at=given, expires=expires)  # fmt: skip
    assert said in caught.value.en


# ---- the reviewers' mail, through a real SMTP server ---------------------------------------


class Inbox:
    """What the test SMTP server received (aiosmtpd's handler protocol)."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], str]] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        content = envelope.content  # type: ignore[attr-defined]
        text = content.decode("utf-8") if isinstance(content, bytes) else str(content)
        self.messages.append((list(envelope.rcpt_tos), text))  # type: ignore[attr-defined]
        return "250 OK"


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, Inbox]]:
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield port, inbox
    controller.stop()


def mail_body(text: str) -> str:
    import email
    from email import policy

    message = email.message_from_string(text, policy=policy.default)
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    return f"{message['Subject']}\n{body.get_content()}"


def test_a_new_draft_is_mailed_to_the_reviewers_in_the_background(
    store: Store, smtp_server: tuple[int, Inbox]
) -> None:
    port, inbox = smtp_server
    settings = MailSettings(
        host="127.0.0.1", port=port, starttls=False, sender="akteursgraph@bezirk.example"
    )
    asked: list[str] = []

    def reviewers(author: str) -> list[str]:
        asked.append(author)
        return ["rita@bezirk.example", "rolf@bezirk.example"]

    mailer = Mailer(settings, reviewers)
    mailer.start()
    writer = Writer(store)
    writer.on_draft(
        "mail",
        lambda d: mailer.draft_waiting(
            writer.history.get(d.change_id).summary(),
            writer.history.touched(d.change_id),
            "https://staff.bezirk.example/workspace/review",
        ),
    )
    draft = editors_draft(writer)
    mailer.flush()
    mailer.close()
    assert asked == ["eve"] and mailer.sent == 1
    ((to, text),) = inbox.messages
    assert sorted(to) == ["rita@bezirk.example", "rolf@bezirk.example"]
    body = mail_body(text)
    # German first, English below; the change named, the link to the queue
    assert body.index("wartet auf Prüfung") < body.index("Hello")
    assert draft.change_id in body and "new district" in body and "eve" in body
    assert "afghanische-frauenwerkstatt-tiergarten" in body
    assert "https://staff.bezirk.example/workspace/review" in body


def test_without_a_configured_server_there_is_no_mail_and_the_log_says_so(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    mailer = Mailer(MailSettings(), lambda author: ["rita@bezirk.example"])
    with caplog.at_level("WARNING"):
        mailer.start()
    assert "No mail to reviewers" in caplog.text
    mailer.draft_waiting({"id": "x", "author": "eve"}, [], "")  # nothing queued, no thread
    mailer.flush()
    assert mailer.sent == 0


# ---- the pages, on the real app ----------------------------------------------------------


@pytest.fixture
def app(make_app: Callable[..., Flask]) -> Flask:
    return make_app(DUMPS=False)


def app_draft(app: Flask, author: str) -> Draft:
    """An editor's draft saved through the app's own writer (as the forms save it)."""
    return editors_draft(app.extensions["akteursgraph.writer"], author)


def short_name(writer: Writer) -> ox.Quad:
    """A short name of the example organisation, in the graph of its label: a correction
    an editor adds to her draft."""
    graph = next(writer.store.quads(ox.NamedNode(ORG), LABEL)).graph_name
    return ox.Quad(
        ox.NamedNode(ORG), ox.NamedNode(SKOS + "altLabel"), ox.Literal("AFW", language="de"), graph
    )


def public_label(client: FlaskClient) -> str:
    page = client.get(ORG_PATH).get_data(as_text=True)
    return re.search(r"<h1>(.*?)</h1>", page, re.S).group(1).strip()  # type: ignore[union-attr]


def test_the_start_pages_recent_changes_name_their_entries(app: Flask) -> None:
    """A line of "Letzte Änderungen" said "erika … wartet auf Prüfung" and named no entry,
    with no link: an editor could not find her draft again once she left its page."""
    app_draft(app, EDITOR)
    editor = login(app.test_client(), "editor")
    page = html_unescape(editor.get("/workspace/").get_data(as_text=True))
    recent = page.split('id="h-start-recent"', 1)[1].split("</table>", 1)[0]
    history = f'href="/workspace/history?iri={ORG}"'
    assert history in recent and f">{OLD_LABEL}</a>" in recent, recent
    # The example's load touches thousands: a few named, and how many more.
    assert re.search(r"und [\d.]+ weitere Einträge", recent), recent
    # its title said "Arbeitsbereich · Arbeitsbereich · …" (WCAG 2.4.2)
    assert "<title>Start · Arbeitsbereich · " in page


def internal_note() -> ox.Quad:
    """An internal note about the organisation: a change that touches no public data."""
    return ox.Quad(
        ox.NamedNode(ORG),
        ox.NamedNode(SKOS + "editorialNote"),
        ox.Literal("Vorstand zerstritten", language="de"),
        ox.NamedNode(BASE + "graph/internal/notes"),
    )


def test_a_viewer_reads_only_changes_to_public_data_on_the_start_page(app: Flask) -> None:
    """Exploratory test: a viewer's start page listed an internal note's change set with its
    comment ("Interner Vermerk: Vorstand zerstritten"), though viewers read the changes to
    public data only (as the history of an entry shows them)."""
    writer = app.extensions["akteursgraph.writer"]
    note = internal_note()
    meta = ChangeMeta(author="erika", origin=ORIGIN_FORM, comment="Interner Vermerk: geheim")
    writer.commit(Change(add=[note]), meta)
    for role, sees in (("viewer", False), ("editor", True)):
        page = login(app.test_client(), role).get("/workspace/").get_data(as_text=True)
        recent = html_unescape(page.split('id="h-start-recent"', 1)[1].split("</table>", 1)[0])
        assert ("Interner Vermerk: geheim" in recent) is sees, role
        assert "<tr" in recent, role  # the example's load, public, is listed to both


def renamed(writer: Writer, times: int) -> ox.NamedNode | ox.BlankNode | ox.DefaultGraph:
    """The organisation renamed `times` times by the editor, each a change set of its own
    with the comment "Nr. i" (a history longer than a page); the graph of its name."""
    node, label = ox.NamedNode(ORG), OLD_LABEL
    graph = next(q for q in writer.store.quads(node, LABEL) if q.object.value == label).graph_name
    for i in range(times):
        new = f"{OLD_LABEL} {i}"
        change = Change(
            add=[ox.Quad(node, LABEL, ox.Literal(new, language="de"), graph)],
            remove=[ox.Quad(node, LABEL, ox.Literal(label, language="de"), graph)],
        )
        writer.commit(change, ChangeMeta(author=EDITOR, origin=ORIGIN_FORM, comment=f"Nr. {i}"))
        label = new
    return graph


def all_changes(client: FlaskClient, **query: str) -> tuple[list[str], str, int]:
    """The comments of the changes the history's list of all changes shows, in order; the
    page; its status."""
    answer = client.get("/workspace/history", query_string=query)
    page = html_unescape(answer.get_data(as_text=True))
    listed = page.split('id="h-all-changes"', 1)[1].split("</section>", 1)[0]
    rows = re.findall(r'<tr class="kern-table__row"><td .*?</tr>', listed, flags=re.S)
    cells = [re.findall(r'<td class="kern-table__cell">(.*?)</td>', r, re.S) for r in rows]
    return [c[3] for c in cells], page, answer.status_code


def test_the_history_without_an_entry_lists_every_change_a_page_at_a_time(app: Flask) -> None:
    """The history page showed only a field to find an entry by: the office's changes were
    listed nowhere but on the start page, the newest ten. Now it lists every change set,
    newest first, fifty a page, with links to older and newest ones; a viewer sees the
    changes to public data only, as on the start page and in an entry's history."""
    writer = app.extensions["akteursgraph.writer"]
    note = internal_note()
    writer.commit(Change(add=[note]), ChangeMeta(author="erika", origin=ORIGIN_FORM,
                                                 comment="Interner Vermerk"))  # fmt: skip
    renamed(writer, 54)

    newest = [f"Nr. {i}" for i in range(53, -1, -1)]
    for role, internal in (("editor", ["Interner Vermerk"]), ("viewer", [])):
        client = login(app.test_client(), role)
        first, page, status = all_changes(client)
        assert status == 200 and first == newest[:50], role
        assert f'href="/workspace/history?iri={ORG}"' in page  # each row links its entry
        older = re.search(r'href="[^"]*before=(cs-[^"&]+)[^"]*">Ältere Änderungen</a>', page)
        assert older, role
        rest, page, status = all_changes(client, before=older.group(1))
        assert status == 200, role
        assert rest == [*newest[50:], *internal, "Einrichtung mit den Beispieldaten"], role
        assert "Ältere Änderungen" not in page and '">Neueste Änderungen</a>' in page
        assert "Änderungen vom " in page
    # a search for an entry lists what it found, not the changes
    found = login(app.test_client(), "editor").get("/workspace/history?q=Frauenwerkstatt")
    assert 'id="h-found"' in found.get_data(as_text=True)
    assert 'id="h-all-changes"' not in found.get_data(as_text=True)
    unknown = login(app.test_client(), "editor").get("/workspace/history?before=cs-x&lang=en")
    assert unknown.status_code == 400 and "No change with the id cs-x." in unknown.get_data(
        as_text=True
    )


def test_the_list_of_all_changes_is_filtered_by_author_and_state_across_its_pages(
    app: Flask,
) -> None:
    """An office's history grows by hundreds of changes a year: "my drafts", "what was
    rejected" or "what Erika changed" meant paging through all of them. The list is
    filtered by author and state; its pages keep the filters; each author's name in the
    table leads to their changes; a viewer is offered only the authors of public changes."""
    writer = app.extensions["akteursgraph.writer"]
    writer.commit(
        Change(add=[internal_note()]),
        ChangeMeta(author="fritz", origin=ORIGIN_FORM, comment="Interner Vermerk"),
    )
    node, graph = ox.NamedNode(ORG), renamed(writer, 53)
    draft = submit(
        writer,
        Change(add=[ox.Quad(node, SKOS_ALT, ox.Literal("Werkstatt", language="de"), graph)]),
        ChangeMeta(author="erika", origin=ORIGIN_FORM, comment="Entwurf"),
        review_required=True,
    )
    assert isinstance(draft, Draft)

    editor = login(app.test_client(), "editor")
    mine, page, status = all_changes(editor, author="erika")
    assert status == 200 and mine == ["Entwurf"]
    assert '<option value="erika" selected>erika</option>' in page
    waiting, _, _ = all_changes(editor, status="draft")
    assert waiting == ["Entwurf"]
    both, _, _ = all_changes(editor, author="fritz", status="applied")
    assert both == ["Interner Vermerk"]
    assert all_changes(editor, author="fritz", status="draft")[0] == []
    nobody, page, status = all_changes(editor, author="niemand")
    assert status == 200 and nobody == [] and "Keine Änderung passt zu diesen Filtern." in page
    # fifty a page, and the next page keeps the filter
    first, page, _ = all_changes(editor, author=EDITOR)
    assert first == [f"Nr. {i}" for i in range(52, 2, -1)]
    older = re.search(r'href="([^"]*before=cs-[^"]*)">Ältere Änderungen</a>', page)
    assert older and f"author={EDITOR}" in older.group(1)
    rest, _, _ = all_changes(editor, **dict(urllib.parse.parse_qsl(older.group(1).split("?")[1])))
    assert rest == ["Nr. 2", "Nr. 1", "Nr. 0"]
    # each author's name in the table leads to their changes
    assert f'href="/workspace/history?author={EDITOR}"' in page
    wrong = editor.get("/workspace/history", query_string={"status": "kaputt", "lang": "en"})
    said = html_unescape(wrong.get_data(as_text=True))
    assert wrong.status_code == 400 and "'kaputt' is no state of a change" in said
    # In German each code has the word the page's list shows (it gave the codes alone).
    wrong = editor.get("/workspace/history", query_string={"status": "entwurf", "lang": "de"})
    said = html_unescape(wrong.get_data(as_text=True))
    # ... the words of the page's own list ("wartet auf Prüfung"; it said "Entwurf")
    assert "kein Stand einer Änderung; es gibt: applied (angewandt), draft (wartet auf " in said
    select = said.split('id="history-status"', 1)[1].split("</select>", 1)[0]
    assert "wartet auf Prüfung" in select and "jeder Stand" in select
    # a viewer is offered the authors of public changes only (fritz's was internal)
    viewer = login(app.test_client(), "viewer")
    _, page, _ = all_changes(viewer)
    select = page.split('id="history-author"', 1)[1].split("</select>", 1)[0]
    offered = re.findall(r'<option value="([^"]+)"', select)
    assert EDITOR in offered and "erika" in offered and "fritz" not in offered


def test_the_queue_lists_a_draft_with_its_words_and_the_preview_of_the_new_value(
    app: Flask,
) -> None:
    draft = app_draft(app, EDITOR)
    reviewer = login(app.test_client(), "reviewer")
    page = reviewer.get("/workspace/review").get_data(as_text=True)
    assert draft.change_id in page and EDITOR in page and "new district" in page
    # the change in words (German by default), with names instead of prefixed names
    assert html_escape(f"{OLD_LABEL} – Bezeichnung: „{NEW_LABEL}“ (Deutsch) (öffentlich)") in page
    assert "skos:prefLabel" not in page
    preview = page.split("Vorschau der öffentlichen Seite", 1)[1]
    new_row = re.search(r"<tr[^>]*workspace-preview__new[^>]*>(.*?)</tr>", preview, re.S)
    assert new_row and html_escape(NEW_LABEL) in new_row.group(1)
    assert re.search(r"<del[^>]*>" + re.escape(html_escape(OLD_LABEL)) + "</del>", preview)
    # Each text names its language, as the public page does: a name the same in German and
    # English stood twice as "Bezeichnung", and which of them changed could not be told.
    assert "(Deutsch)" in new_row.group(1)
    gone = re.search(r"<tr[^>]*workspace-preview__gone[^>]*>(.*?)</tr>", preview, re.S)
    assert gone and "</del> <span" in gone.group(1) and "(Deutsch)" in gone.group(1)
    # Each row is named by its property, as the public statements table names it: moving
    # down the "Änderung" column, a screen reader heard "neu" without what was new.
    for row in (new_row, gone):
        assert row.group(1).startswith(
            '<th class="kern-table__header" scope="row" role="rowheader">Bezeichnung'
        )
    # The old value stands just above the new one, each marked in its own cell (the removed
    # ones stood at the table's end, and a third column for the marks scrolled off a phone).
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", preview.split("<tbody", 1)[1], re.S)
    at = next(i for i, r in enumerate(rows) if "<del" in r)
    assert rows[at + 1] == new_row.group(1)
    assert "kern-badge--danger" in rows[at] and "kern-badge--success" in rows[at + 1]
    assert preview.split("</table>", 1)[0].count('scope="col"') == 2
    # the public page is unchanged until publication
    assert public_label(app.test_client()) == html_escape(OLD_LABEL)


def test_a_large_draft_names_its_first_entries_and_counts_the_rest(app: Flask) -> None:
    """A draft of 20,000 new organisations listed every one on the review queue (3 MB,
    17 s a page; exploratory test). The queue names the first `MAX_LISTED` and counts the
    rest, and puts the first `MAX_WORDS` statements in words; the rest are counted."""
    from akteursgraph.changes import preview

    writer: Writer = app.extensions["akteursgraph.writer"]
    graph = next(writer.store.quads(ox.NamedNode(ORG), LABEL)).graph_name
    n = preview.MAX_LISTED + 30
    kind = ox.NamedNode("https://w3id.org/akteursgraph/vocab/organisation-kind/initiative")
    quads = []
    for i in reversed(range(n)):  # the draft's statements in another order than its entries
        node = ox.NamedNode(f"{BASE}organisation/gross-{i:04d}")
        quads += [
            ox.Quad(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(ORG_NS + "Organization"), graph),
            ox.Quad(node, LABEL, ox.Literal(f"Großverein {i:04d}", language="de"), graph),
            ox.Quad(node, ox.NamedNode(ORG_NS + "classification"), kind, graph),
        ]
    meta = ChangeMeta(author=EDITOR, origin=ORIGIN_FORM, comment="many")
    draft = submit(writer, Change(add=quads, remove=[]), meta, review_required=True)
    assert isinstance(draft, Draft)
    reviewer = login(app.test_client(), "reviewer")
    for path in ("/workspace/review", f"/workspace/review/{draft.change_id}"):
        page = reviewer.get(path).get_data(as_text=True)
        listed = page.split("Betroffene Einträge", 1)[1].split("</ul>", 1)[0]
        assert listed.count("<li>") == preview.MAX_LISTED
        assert "Großverein 0000" in listed and f"Großverein {n - 1:04d}" not in listed
        assert f"Hier genannt: die ersten {preview.MAX_LISTED} von {n} Einträgen." in page
        more = 3 * n - preview.MAX_WORDS
        assert f"{more} weitere Aussagen." in page
        # In words first: the statements about the entries named (they were about others).
        words = page.split("Die Änderung in Worten", 1)[1].split("weitere Aussagen", 1)[0]
        assert "Großverein 0000" in words and f"Großverein {n - 1:04d}" not in words


def decide(client: FlaskClient, change_id: str, **form: str) -> TestResponse:
    token = csrf_token(client, "/workspace/review")
    path = f"/workspace/review/{change_id}/decision"
    return client.post(path, data={"csrf_token": token, **form})


def test_the_author_cannot_publish_and_a_second_reviewer_makes_it_public(app: Flask) -> None:
    draft = app_draft(app, REVIEWER)  # a reviewer's own draft: four eyes apply to them too
    own = login(app.test_client(), "reviewer")
    answer = decide(own, draft.change_id, action="publish")
    assert answer.status_code == 400
    text = answer.get_data(as_text=True)
    assert "Vier-Augen-Prinzip" in text and 'id="decide-error-1"' in text
    # Beside it, who decides, and still no buttons: drawn again after the refusal, the own
    # draft offered "Veröffentlichen" and "Ablehnen", which the page had not (walk).
    assert "Das ist Ihre eigene Änderung" in text
    assert 'value="publish"' not in text and 'value="reject"' not in text
    assert 'aria-invalid="true"' not in text
    assert public_label(app.test_client()) == html_escape(OLD_LABEL)

    other = login(app.test_client(), "reviewer", name="reviewer2")
    answer = decide(other, draft.change_id, action="publish", comment="geprüft")
    assert answer.status_code == 303
    assert public_label(app.test_client()) == html_escape(NEW_LABEL)
    assert "Es warten keine Entwürfe" in other.get("/workspace/review").get_data(as_text=True)
    # The confirmation names the entries it published: "die Änderung vom …, 14:56 UTC"
    # alone read alike for two drafts of the same minute (exploratory walk).
    done = other.get(answer.headers["Location"]).get_data(as_text=True)
    # The notice takes the focus as the page loads, without the script too (keyboard walk).
    assert 'role="status" data-done tabindex="-1" autofocus>' in done
    alert = done.split("kern-alert--success", 1)[1].split("</div>\n</div>", 1)[0]
    assert "Betroffene Einträge:" in alert and html_escape(NEW_LABEL) in alert, alert
    # The history says when it went public, not only who decided (only the draft's time).
    history = other.get("/workspace/history", query_string={"iri": ORG}).get_data(as_text=True)
    reviewed = re.search(r"Geprüft von</dt><dd[^>]*>reviewer2 \(([^)]*)\): geprüft", history)
    assert reviewed and " UTC" in reviewed.group(1), history[-3000:]


def test_the_language_switch_of_a_refused_decision_leads_to_the_page_it_came_from(
    app: Flask,
) -> None:
    """A rejection without a comment comes back at the decision's address, which answers no
    GET: its "English" link led to a 404 (keyboard walk). It leads to the queue."""
    draft = app_draft(app, EDITOR)
    reviewer = login(app.test_client(), "reviewer")
    token = csrf_token(reviewer, "/workspace/review")
    path = f"/workspace/review/{draft.change_id}/decision"
    answer = reviewer.post(
        path,
        data={"csrf_token": token, "action": "reject"},
        headers={"Referer": "http://localhost/workspace/review?lang=de"},
    )
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert 'href="/workspace/review?lang=en" lang="en" hreflang="en">English</a>' in page
    assert reviewer.get("/workspace/review?lang=en").status_code == 200
    # Without a Referer (a browser that sends none): the workspace's start, not a 404 (the
    # page is English now: its cookie, so the switch offers German).
    answer = reviewer.post(path, data={"csrf_token": token, "action": "reject"})
    assert 'href="/workspace/?lang=de" lang="de"' in answer.get_data(as_text=True)


def test_the_author_is_offered_no_decision_on_their_own_draft(app: Flask) -> None:
    """Both buttons on one's own draft were refused by the four-eyes rule when pressed; the
    page now says who decides instead, in the queue and on the draft's own page. Another
    reviewer gets the buttons."""
    draft = app_draft(app, REVIEWER)
    own = login(app.test_client(), "reviewer")
    other = login(app.test_client(), "reviewer", name="reviewer2")
    for path in ("/workspace/review", f"/workspace/review/{draft.change_id}"):
        mine = own.get(path).get_data(as_text=True)
        assert 'value="publish"' not in mine and 'value="reject"' not in mine, path
        assert "Das ist Ihre eigene Änderung" in mine, path
        theirs = other.get(path).get_data(as_text=True)
        assert 'value="publish"' in theirs and 'value="reject"' in theirs, path
        assert "Das ist Ihre eigene Änderung" not in theirs, path
    english = own.get("/workspace/review?lang=en").get_data(as_text=True)
    assert "This is your own change: another person who reviews" in english


def test_a_decision_on_a_draft_decided_meanwhile_says_why_it_was_not_done(app: Flask) -> None:
    """Two reviewers, or an old tab: the second decision answered 400 with the queue page and
    no word of why, since the reason was drawn beside the draft, no longer in the queue."""
    draft = app_draft(app, EDITOR)
    first = login(app.test_client(), "reviewer")
    assert decide(first, draft.change_id, action="reject", comment="doppelt").status_code == 303
    second = login(app.test_client(), "reviewer", name="reviewer2")
    answer = decide(second, draft.change_id, action="publish", comment="geprüft")
    assert answer.status_code == 409
    text = visible_text(answer.get_data(as_text=True))
    assert "Nicht ausgeführt: Über diesen Entwurf wurde inzwischen entschieden" in text
    assert "reviewer hat die Änderung vom" in text and "Begründung: doppelt" in text


def test_a_single_drafts_page_is_titled_as_its_heading(app: Flask) -> None:
    """It was titled "Prüfliste" under the heading "Änderung vom …" (WCAG 2.4.2)."""
    draft = app_draft(app, EDITOR)
    reviewer = login(app.test_client(), "reviewer")
    page = reviewer.get(f"/workspace/review/{draft.change_id}").get_data(as_text=True)
    title = re.search(r"<title>([^<]*)</title>", page)
    heading = re.search(r'<h1 class="kern-heading-large">([^<]*)</h1>', page)
    assert title and heading and heading.group(1).startswith("Änderung vom ")
    assert title.group(1).startswith(heading.group(1) + " · Prüfliste"), title.group(1)


def test_a_decided_change_names_its_entities_and_its_status_in_words(app: Flask) -> None:
    draft = app_draft(app, EDITOR)
    reviewer = login(app.test_client(), "reviewer")
    assert decide(reviewer, draft.change_id, action="publish").status_code == 303
    page = reviewer.get(f"/workspace/review/{draft.change_id}").get_data(as_text=True)
    # not "applied" on a German page; the change named by its time, its id beside it
    assert re.search(r'<p class="kern-preline">Änderung vom [^<]+ UTC · angewandt</p>', page)
    assert f'<code class="workspace-change-id">{draft.change_id}</code>' in page
    touched = re.search(r"Betroffene Einträge</h3>\s*<ul>(.*?)</ul>", page, re.S)
    assert touched, page
    # no preview once published, still the name, not the address
    assert re.findall(r">([^<>]+)</a>", touched.group(1)) == [html_escape(NEW_LABEL)]


def test_a_change_that_does_not_exist_is_not_found(app: Flask) -> None:
    """Audit: an unknown id in the address was a 400, "your request is wrong", where the
    page simply is not there (a mistyped or stale link)."""
    reviewer = login(app.test_client(), "reviewer")
    answer = reviewer.get("/workspace/review/cs-nope?lang=en")
    assert answer.status_code == 404
    assert "No change with the id cs-nope." in answer.get_data(as_text=True)
    answer = decide(reviewer, "cs-nope", action="publish")
    assert answer.status_code == 404


def test_a_rejection_needs_a_comment(app: Flask) -> None:
    draft = app_draft(app, EDITOR)
    reviewer = login(app.test_client(), "reviewer")
    history = History(Path(app.config["STORE_PATH"]))
    answer = decide(reviewer, draft.change_id, action="reject")
    assert answer.status_code == 400
    # Said for the form: its field, not the command line's option (it said "--comment im
    # Terminal" to a reviewer in the browser).
    said = alert(answer.get_data(as_text=True), "decide-error-")
    assert "im Feld „Kommentar“" in said and "--comment" not in said
    assert history.get(draft.change_id).status == "draft"
    answer = decide(reviewer, draft.change_id, action="reject", comment="Quelle fehlt")
    assert answer.status_code == 303
    record = history.get(draft.change_id)
    assert record.status == "rejected" and record.review_comment == "Quelle fehlt"
    assert public_label(app.test_client()) == html_escape(OLD_LABEL)


def alert(page: str, id_start: str) -> str:
    """The text of the page's "Not done" alert whose id starts with `id_start`."""
    found = re.search(rf'role="alert" id="{id_start}[^"]*"[^>]*>(.*?)</div>\s*</div>', page, re.S)
    assert found is not None, page
    return html_unescape(re.sub(r"<[^>]+>", " ", found.group(1)))


def history_ids(client: FlaskClient) -> list[str]:
    """The change ids on the organisation's history page, in the order shown."""
    page = client.get("/workspace/history", query_string={"iri": ORG}).get_data(as_text=True)
    shown = page.split('class="workspace-history"', 1)[1]
    return list(dict.fromkeys(re.findall(r'<code class="workspace-change-id">(cs-[^<]+)', shown)))


def test_history_shows_the_change_in_words_and_a_revert_appears_in_it(app: Flask) -> None:
    writer = app.extensions["akteursgraph.writer"]
    set_review_required(writer.store.path, False)  # applied at once, and so is its revert
    meta = ChangeMeta(author=EDITOR, origin=ORIGIN_FORM, comment="new district")
    commit = submit(writer, renaming(writer.store), meta)
    editor = login(app.test_client(), "editor")
    assert history_ids(editor)[0] == commit.change_id  # newest first
    page = html_unescape(
        editor.get("/workspace/history", query_string={"iri": ORG}).get_data(as_text=True)
    )
    # in names, not prefixed names: which name came and which went
    said = [
        (kind, text.split(" – ", 1)[-1].replace("</span>", "").strip())
        for kind, text in re.findall(r'<li class="workspace-words__(\w+)">(.*?)</li>', page, re.S)
    ]
    assert ("added", f"Bezeichnung: „{NEW_LABEL}“ (Deutsch) (öffentlich)") in said
    assert ("removed", f"Bezeichnung: „{OLD_LABEL}“ (Deutsch) (öffentlich)") in said
    assert "skos:prefLabel" not in page
    # Walk: where each change came from (the command line's history says it)
    assert 'Entstanden durch</dt><dd class="kern-description-list-item__value">ein Formular' in page
    assert "die Einrichtung des Speichers" in page  # `init --example`
    # ... and the files it read, each with its checksum (walk: only the JSON said them)
    assert re.search(
        r"Gelesene Dateien?</dt>.*?akteursgraph\.ttl <span class=\"workspace-"
        r"checksum\">\(SHA-256 [0-9a-f]{16}…\)",
        page,
        re.S,
    )
    assert public_label(app.test_client()) == html_escape(NEW_LABEL)

    token = csrf_token(editor, f"/workspace/history?iri={ORG}")
    form = {"iri": ORG, "change": commit.change_id, "csrf_token": token}
    answer = editor.post("/workspace/history/revert", data={**form, "comment": "Tippfehler"})
    assert answer.status_code == 303 and "outcome=applied" in answer.headers["Location"]
    assert public_label(app.test_client()) == html_escape(OLD_LABEL)
    shown = history_ids(editor)
    reverted, original = shown[:2]
    assert original == commit.change_id and reverted != original
    page = html_unescape(
        editor.get("/workspace/history", query_string={"iri": ORG}).get_data(as_text=True)
    )
    assert "Tippfehler" in page and "Macht rückgängig</dt><dd" in page.replace("\n", "")
    # reverting it again conflicts, and says so; nothing changes
    answer = editor.post("/workspace/history/revert", data={**form, "comment": "nochmal"})
    assert answer.status_code == 409
    # In words: no addresses, prefixed names or N-Triples (it listed "<https://…>" and
    # "skos:prefLabel …"@de"), and who undid it already.
    said = alert(answer.get_data(as_text=True), "revert-error-")
    assert "Konflikt" in said and "schon rückgängig gemacht" in said
    assert "https://" not in said and "skos:" not in said and "@de" not in said, said
    # The comment given is no error: the conflict is the change's (the field was marked).
    assert 'aria-invalid="true"' not in answer.get_data(as_text=True)
    assert history_ids(editor) == shown
    answer = editor.post("/workspace/history/revert", data={**form, "comment": ""})
    said = alert(answer.get_data(as_text=True), "revert-error-")
    assert answer.status_code == 400 and "„Warum rückgängig machen?“" in said
    assert 'aria-invalid="true"' in answer.get_data(as_text=True)  # this one is the field's
    assert "--comment" not in said


def test_an_entrys_history_says_which_other_entries_a_change_and_its_revert_touch(
    app: Flask,
) -> None:
    """An entry's history lists a change's statements about that entry alone. The set-up's
    card on an organisation's history showed its nine statements and a button "Revert this
    change", which reverts the whole set-up, every entry of the example. A card now names
    the other entries the change touched, and its button says that the revert takes the
    change back in all of them; a change of this entry alone keeps the plain button."""
    writer = app.extensions["akteursgraph.writer"]
    set_review_required(writer.store.path, False)
    commit = submit(writer, renaming(writer.store), ChangeMeta(author=EDITOR, origin=ORIGIN_FORM))
    setup = writer.history.recent(100)[-1]
    _, touched = writer.history.first_touched(setup.id, 0)
    assert touched > 100
    editor = login(app.test_client(), "editor")
    page = html_unescape(
        editor.get("/workspace/history", query_string={"iri": ORG}).get_data(as_text=True)
    )
    cards = {
        re.search(r'<code class="workspace-change-id">(cs-[^<]+)', card).group(1): card  # type: ignore[union-attr]
        for card in page.split('<article class="kern-card"')[1:]
    }
    own, broad = cards[commit.change_id], cards[setup.id]
    assert "Betrifft auch" not in own
    assert re.search(r">\s*Diese Änderung rückgängig machen\s*<", own)
    also = broad.split("Betrifft auch", 1)[1].split("</dd>", 1)[0]
    assert f"und {touched - 1 - 2:,} weitere Einträge".replace(",", ".") in also
    others = re.findall(r'href="/workspace/history\?iri=([^"]+)"', also)
    assert len(others) == 2 and ORG not in others
    assert f"Diese Änderung in allen {touched:,} Einträgen rückgängig machen".replace(
        ",", "."
    ) in re.sub(r"<[^>]+>", "", broad)
    english = editor.get("/workspace/history", query_string={"iri": ORG, "lang": "en"})
    assert f"Revert this change in all {touched:,} entries" in re.sub(
        r"<[^>]+>", "", english.get_data(as_text=True)
    )


def test_a_refused_revert_of_a_change_not_listed_is_said_on_the_page(app: Flask) -> None:
    """Audit: reverting a draft, or a change id that is not there (a stale form), answered
    400 with the history page and no message: the error is shown beside its change, and
    that change was not on the page."""
    draft = app_draft(app, EDITOR)
    editor = login(app.test_client(), "editor")
    token = csrf_token(editor, f"/workspace/history?iri={ORG}")
    form = {"iri": ORG, "comment": "zurück", "csrf_token": token}
    answer = editor.post("/workspace/history/revert", data={**form, "change": "cs-nope"})
    assert answer.status_code == 404
    assert "Keine Änderung mit der Kennung cs-nope." in alert(
        answer.get_data(as_text=True), "revert-error"
    )
    answer = editor.post("/workspace/history/revert", data={**form, "change": draft.change_id})
    assert answer.status_code == 400
    assert alert(answer.get_data(as_text=True), "revert-error").strip()
    assert History(Path(app.config["STORE_PATH"])).get(draft.change_id).status == "draft"


def test_an_address_that_is_no_iri_or_a_missing_change_id_is_refused_by_name(
    app: Flask,
) -> None:
    """Walk: the history of "not an iri" (a space pasted in) answered 500 "Internal Server
    Error" in English, and so did a revert sent with it, after reverting the change; an empty
    change id was "Keine Änderung mit der Kennung ." (404)."""
    writer = app.extensions["akteursgraph.writer"]
    set_review_required(writer.store.path, False)
    commit = submit(writer, renaming(writer.store), ChangeMeta(author=EDITOR, origin=ORIGIN_FORM))
    editor = login(app.test_client(), "editor")
    for text in ("not an iri", "http://a b", "x{y}", "1http://x"):
        answer = editor.get("/workspace/history", query_string={"iri": text})
        assert answer.status_code == 400, text
        said = alert(answer.get_data(as_text=True), "history-page-error")
        assert "ist keine IRI" in said and repr(text) in said, said
        # re-check: and no entry is spoken of ("Dieser Eintrag hat keine öffentliche Seite.")
        page = answer.get_data(as_text=True)
        assert "keine öffentliche Seite" not in page and "keine Änderungen" not in page, text
    # relative to the store's base, as the command line takes it
    base = str(read_config(writer.store.path)["base_iri"])
    answer = editor.get("/workspace/history", query_string={"iri": ORG.removeprefix(base)})
    assert answer.status_code == 200 and commit.change_id in answer.get_data(as_text=True)

    token = csrf_token(editor, f"/workspace/history?iri={ORG}")
    form = {"change": commit.change_id, "comment": "zurück", "csrf_token": token}
    answer = editor.post("/workspace/history/revert", data={**form, "iri": "not an iri"})
    assert answer.status_code == 400
    assert "ist keine IRI" in alert(answer.get_data(as_text=True), "revert-error")
    page = answer.get_data(as_text=True)
    assert "keine öffentliche Seite" not in page and "keine Änderungen" not in page
    assert public_label(app.test_client()) == html_escape(NEW_LABEL)  # nothing reverted
    answer = editor.post("/workspace/history/revert", data={**form, "iri": ORG, "change": " "})
    assert answer.status_code == 400
    said = alert(answer.get_data(as_text=True), "revert-error")
    assert "Es fehlt die Kennung der Änderung" in said, said
    assert public_label(app.test_client()) == html_escape(NEW_LABEL)
    answer = editor.get("/workspace/history", query_string={"iri": "not an iri", "lang": "en"})
    assert "is not an IRI" in alert(answer.get_data(as_text=True), "history-page-error")


def test_the_workspaces_error_page_says_its_refusal_once(app: Flask) -> None:
    """Walk: the heading and the alert beneath it both said "Nicht ausgeführt", and a
    screen reader read it twice."""
    reviewer = login(app.test_client(), "reviewer")
    page = reviewer.get("/workspace/review/cs-nope").get_data(as_text=True)
    assert page.count("Nicht ausgeführt") == 0 and page.count("Nicht gefunden") == 2  # + title
    assert "Keine Änderung mit der Kennung cs-nope." in alert(page, "error")
    draft = app_draft(app, EDITOR)
    editor = login(app.test_client(), "editor")
    answer = decide(editor, draft.change_id, action="publish")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 403
    assert page.count("Nicht ausgeführt") == 0 and page.count("Nicht erlaubt") == 2, page


def test_a_revert_refused_by_the_rules_says_them_in_plain_words(app: Flask) -> None:
    """Audit: reverting the change that made an organisation, which a later change made the
    parent of another, was refused with the report as the command line writes it
    ("<https://…> org:subOrganizationOf (Wert / value: https://…) … sh:ClassConstraint…").
    The page names the entry and the rule in words."""
    writer = app.extensions["akteursgraph.writer"]
    meta = ChangeMeta(author=EDITOR, origin=ORIGIN_FORM, comment="neu")
    graph = next(iter(writer.store.quads(ox.NamedNode(ORG), LABEL))).graph_name
    parent = ox.NamedNode(BASE + "example/organisation/dachverband-test")
    kind = ox.NamedNode(
        "https://w3id.org/akteursgraph/vocab/organisation-kind/registered-association"
    )
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    made = submit(writer, Change(add=[
        ox.Quad(parent, rdf_type, ox.NamedNode("http://www.w3.org/ns/org#Organization"), graph),
        ox.Quad(parent, LABEL, ox.Literal("Dachverband (Test)", language="de"), graph),
        ox.Quad(parent, ox.NamedNode("http://www.w3.org/ns/org#classification"), kind, graph),
    ]), meta, review_required=False)  # fmt: skip
    sub_of = ox.NamedNode("http://www.w3.org/ns/org#subOrganizationOf")
    submit(writer, Change(add=[ox.Quad(ox.NamedNode(ORG), sub_of, parent, graph)]), meta,
           review_required=False)  # fmt: skip
    editor = login(app.test_client(), "editor")
    iri = parent.value
    token = csrf_token(editor, f"/workspace/history?iri={iri}")
    answer = editor.post("/workspace/history/revert", data={
        "iri": iri, "change": made.change_id, "comment": "doch nicht", "csrf_token": token,
    })  # fmt: skip
    assert answer.status_code == 400
    said = alert(answer.get_data(as_text=True), "revert-error-")
    assert OLD_LABEL in said and "„Unterorganisation von“" in said, said
    assert "https://" not in said and "org:" not in said and "sh:" not in said, said


def test_a_long_history_shows_fifty_changes_a_page_with_links_to_older_and_newest(
    app: Flask,
) -> None:
    """An entity with 1,000 change sets made a history page of 3 MB that took seconds; now
    a page holds the newest 50, "Ältere Änderungen" leads on, and every change is on one
    page; a revert's error is shown on the page its form came from."""
    writer = app.extensions["akteursgraph.writer"]
    meta = ChangeMeta(author=EDITOR, origin=ORIGIN_FORM, comment="many small changes")
    node, label = ox.NamedNode(ORG), OLD_LABEL
    graph = next(q for q in writer.store.quads(node, LABEL) if q.object.value == label).graph_name
    made = []
    for i in range(55):
        new = f"{OLD_LABEL} {i}"
        change = Change(
            add=[ox.Quad(node, LABEL, ox.Literal(new, language="de"), graph)],
            remove=[ox.Quad(node, LABEL, ox.Literal(label, language="de"), graph)],
        )
        made.append(writer.commit(change, meta).change_id)
        label = new
    every = [e["id"] for e in reversed(entity_history(app.config["STORE_PATH"], ORG))]
    editor = login(app.test_client(), "editor")

    def shown(query: dict[str, str]) -> tuple[list[str], str, int]:
        answer = editor.get("/workspace/history", query_string={"iri": ORG, **query})
        page = html_unescape(answer.get_data(as_text=True))
        ids = re.findall(r'<code class="workspace-change-id">(cs-[^<]+)', page.split(
            'class="workspace-history"', 1)[1].split("</ol>", 1)[0])  # fmt: skip
        return list(dict.fromkeys(ids)), page, answer.status_code

    first, page, status = shown({})
    assert status == 200 and first == every[:50] and first[:55][:50] == list(reversed(made))[:50]
    assert "Neueste Änderungen" not in page
    older = re.search(r'href="([^"]*before=(cs-[^"&]+)[^"]*)">Ältere Änderungen</a>', page)
    assert older and older.group(2) == first[-1]
    rest, page, status = shown({"before": older.group(2)})
    assert status == 200 and rest == every[50:] and "Ältere Änderungen" not in page
    assert '">Neueste Änderungen</a>' in page
    assert "Änderungen vom " in page and ", die neueste zuerst." in page

    # a revert refused on the older page is told there, beside its change
    token = csrf_token(editor, f"/workspace/history?iri={ORG}")
    oldest_revertable = rest[2]  # one of the 55 label changes, later changed again
    assert oldest_revertable in made[:5]
    answer = editor.post("/workspace/history/revert", data={
        "iri": ORG, "change": oldest_revertable, "comment": "zurück", "csrf_token": token,
        "before": older.group(2),
    })  # fmt: skip
    assert answer.status_code == 409
    page = html_unescape(answer.get_data(as_text=True))
    assert "Konflikt" in page and f'value="{oldest_revertable}"' in page

    # a page before a change set that does not exist: said, not an empty history
    _, page, status = shown({"before": "cs-not-there", "lang": "en"})
    assert status == 400 and "No change with the id cs-not-there." in page


def test_the_notice_after_a_revert_names_the_change_by_its_time(app: Flask) -> None:
    """Audit: the notice said "cs-1a2b… wurde rückgängig gemacht", an id nobody reads."""
    writer = app.extensions["akteursgraph.writer"]
    set_review_required(writer.store.path, False)  # applied at once, and so is its revert
    meta = ChangeMeta(author=EDITOR, origin=ORIGIN_FORM, comment="new district")
    commit = submit(writer, renaming(writer.store), meta)
    created = writer.history.get(commit.change_id).created
    editor = login(app.test_client(), "editor")
    token = csrf_token(editor, f"/workspace/history?iri={ORG}")
    answer = editor.post("/workspace/history/revert", data={
        "iri": ORG, "change": commit.change_id, "comment": "Tippfehler", "csrf_token": token,
    })  # fmt: skip
    assert answer.status_code == 303
    for lang, said in (
        ("de", "Die Änderung vom {} wurde rückgängig gemacht."),
        ("en", "The change of {} was reverted."),
    ):
        page = editor.get(answer.headers["Location"] + f"&lang={lang}").get_data(as_text=True)
        notice = "".join(html_unescape(page).split('role="status"', 1)[1].split("</div>", 3)[:2])
        when = f"{explore.spoken_date(created[:10], lang)}, {created[11:16]} UTC"
        assert said.format(when) in notice, notice
        # the revert's own id below it (to look it up, or revert the revert); the reverted
        # change's stood there, and for a revert waiting for review `publish` of it failed
        (made,) = writer.history.recent(1)
        assert made.id != commit.change_id and made.origin == "revert"
        assert f'<code class="workspace-change-id">{made.id}</code>' in notice
        # and the revert's own entry names what it reverts by its time too ("Macht
        # rückgängig: cs-1a2b…" before)
        row = (
            html_unescape(page)
            .split('key">' + ("Macht rückgängig" if lang == "de" else "Reverts"), 1)[1]
            .split("</dd>", 1)[0]
        )
        of = "die Änderung vom {}" if lang == "de" else "the change of {}"
        assert of.format(when) in row and commit.change_id in row, row


def test_the_history_gives_each_change_as_rdf_too_a_viewer_only_its_public_part(
    app: Flask,
) -> None:
    """Issue 11, item 2: an entity's history "in words and as RDF". `akteursgraph history`
    gave both, the workspace's history page the words only. Each change's N-Quads are there
    now, folded; a viewer's, like her words, hold only what is public."""
    writer = app.extensions["akteursgraph.writer"]
    meta = ChangeMeta(author=EDITOR, origin=ORIGIN_FORM, comment="new district")
    change = renaming(writer.store)
    commit = submit(writer, change, meta, review_required=False)
    editor = login(app.test_client(), "editor")
    page = editor.get("/workspace/history", query_string={"iri": ORG}).get_data(as_text=True)
    cards = page.split('class="workspace-history"', 1)[1].split("<article")[1:]
    assert commit.change_id in cards[0]  # the newest first
    [rdf] = re.findall(
        r'<details class="kern-accordion workspace-rdf">(.*?)</details>', cards[0], re.S
    )
    added, removed = (
        set(ox.parse(html_unescape(text).encode(), ox.RdfFormat.N_QUADS))
        for text in re.findall(r'<pre class="workspace-nquads"><code>(.*?)</code></pre>', rdf, re.S)
    )
    assert added == set(change.add) and removed == set(change.remove)
    assert "Hinzugefügt:" in rdf and "Entfernt:" in rdf
    # Each change of the history has its RDF: the example's load too.
    assert all("workspace-rdf" in card for card in cards), len(cards)

    # The person's history: her contact data (internal) is in the editor's RDF, not in a
    # viewer's, whose page gives only the public part of each change.
    viewer = login(app.test_client(), "viewer")
    mine = editor.get("/workspace/history", query_string={"iri": PERSON}).get_data(as_text=True)
    theirs = viewer.get("/workspace/history", query_string={"iri": PERSON}).get_data(as_text=True)
    assert "&lt;mailto:amani.njeri@example.org&gt;" in mine
    assert "workspace-rdf" in theirs and "mailto:" not in theirs and "tel:" not in theirs


def test_viewers_see_the_public_part_of_the_history_and_no_revert(app: Flask) -> None:
    writer = app.extensions["akteursgraph.writer"]
    meta = ChangeMeta(author=EDITOR, origin=ORIGIN_FORM, comment="new district")
    commit = submit(writer, renaming(writer.store), meta, review_required=False)
    viewer = login(app.test_client(), "viewer")
    assert history_ids(viewer)[0] == commit.change_id
    page = viewer.get("/workspace/history", query_string={"iri": ORG}).get_data(as_text=True)
    assert "revert" not in page and "Bearbeitende sehen auch interne" in page
    answer = viewer.post("/workspace/history/revert", data={
        "iri": ORG, "change": commit.change_id, "comment": "x",
        "csrf_token": csrf_token(viewer, "/workspace/"),
    })  # fmt: skip
    assert answer.status_code == 403


def _public_and_internal(
    app: Flask, comment: str, about: str = ORG, predicate: str = SKOS + "note"
) -> Callable[[str], str]:
    """Commits a change of a public name of ORG and an internal statement about `about`;
    returns: a role -> its card of that change on ORG's history page."""
    writer = app.extensions["akteursgraph.writer"]
    node = ox.NamedNode(ORG)
    public = next(
        q.graph_name for q in writer.store.quads(node) if writer.store.is_public_graph(q.graph_name)
    )
    inside = ox.NamedNode(writer.store.internal_prefix + "notes")
    secret = ox.Literal("Geheimes Memo")
    both = [
        ox.Quad(node, ox.NamedNode(SKOS + "altLabel"), ox.Literal(comment, language="de"), public),
        ox.Quad(ox.NamedNode(about), ox.NamedNode(predicate), secret, inside),
    ]
    meta = ChangeMeta(author=EDITOR, origin=ORIGIN_FORM, comment=comment)
    submit(writer, Change(add=both), meta, review_required=False)

    def card(who: str) -> str:
        page = login(app.test_client(), who).get("/workspace/history", query_string={"iri": ORG})
        return page.get_data(as_text=True).split(comment, 1)[1].split("</article>", 1)[0]

    return card


def test_a_viewers_history_counts_only_the_statements_it_shows(app: Flask) -> None:
    """A change set of a public and an internal statement said "2 hinzugefügt" on a
    viewer's history page above the one public statement: it told of internal data the
    viewer may not read (exploratory test). Editors read, and count, both."""
    card = _public_and_internal(app, "gemischt")

    def counted(who: str) -> str:
        return re.search(r"(\d+) hinzugefügt, (\d+) entfernt", card(who)).group(0)  # type: ignore[union-attr]

    assert counted("viewer") == "1 hinzugefügt, 0 entfernt"
    assert counted("editor") == "2 hinzugefügt, 0 entfernt"


def test_a_draft_that_took_no_effect_proposes_its_statements(app: Flask) -> None:
    """A rejected draft's card said "Aussagen: 2 hinzugefügt, 1 entfernt", as if done."""
    draft = app_draft(app, EDITOR)
    reviewer = login(app.test_client(), "reviewer")
    waiting = reviewer.get("/workspace/review").get_data(as_text=True)
    assert "Vorgeschlagene Aussagen</dt>" in waiting
    assert decide(reviewer, draft.change_id, action="reject", comment="nein").status_code == 303
    page = reviewer.get(f"/workspace/review/{draft.change_id}").get_data(as_text=True)
    assert "Vorgeschlagene Aussagen</dt>" in page and ">Aussagen</dt>" not in page


def test_a_viewers_history_names_no_internal_entry_a_change_also_touched(app: Flask) -> None:
    """ "Betrifft auch: Einwilligung von …" on a viewer's history page named an internal
    record (and counted internal entries); editors are told of both."""
    card = _public_and_internal(
        app, "zweiteilig", about=BASE + "memo/geheimes-memo", predicate=SKOS + "prefLabel"
    )
    assert "Geheimes Memo" in card("editor")
    assert "Geheimes Memo" not in card("viewer") and "weitere" not in card("viewer")


def test_the_person_page_shows_the_contact_data_to_staff_and_logs_the_read(app: Flask) -> None:
    """Exploratory walk: a speaker's e-mail address and telephone number were nowhere on the
    staff's pages (only in the raw N-Quads of her history), though the form points to the
    person page for them. The page shows them, with links to write or call; the read leaves
    a line in the access log, as `person-export` does."""
    from akteursgraph.people.access import accesses_of

    editor = login(app.test_client(), "editor")
    page = editor.get("/workspace/person", query_string={"iri": PERSON}).get_data(as_text=True)
    contacts = page.split('id="person-contacts"', 1)[1].split("</section>", 1)[0]
    assert "Kontaktdaten (intern)" in contacts
    assert (
        '<a class="kern-link" href="mailto:amani.njeri@example.org">amani.njeri@example.org</a>'
        in contacts
    )
    assert '<a class="kern-link" href="tel:+49-30-555-2123">+49-30-555-2123</a>' in contacts
    (line,) = accesses_of(Path(app.config["STORE_PATH"]), PERSON)
    assert line["what"] == "workspace-view" and line["who"] == "editor"
    viewer = login(app.test_client(), "viewer")
    assert viewer.get("/workspace/person", query_string={"iri": PERSON}).status_code == 403


def test_the_history_search_finds_internal_people_by_name_for_staff(app: Flask) -> None:
    """Exploratory walk: a speaker who is internal only (as every imported one is until
    published) was "Nichts gefunden" by name in the history search, which read the public
    search index alone; the person page could be reached only by typing its address. Staff
    who read internal data find her by name, with a link to her consent and contact data;
    a viewer, who reads public data only, does not."""
    refused = next(
        q.subject.value
        for q in app.extensions["akteursgraph.store"].quads(
            None, ox.NamedNode(AG + "publicationConsent"), ox.NamedNode(DPV + "ConsentRefused")
        )
    )
    editor = login(app.test_client(), "editor")
    page = editor.get("/workspace/history", query_string={"q": "Aminata"}).get_data(as_text=True)
    found = page.split('id="h-found"', 1)[1].split("</ul>", 1)[0]
    assert "Aminata Sy (Beispielperson)" in found and "(intern · " in found
    assert f'/workspace/person?iri={refused}">Einwilligungen und Kontaktdaten</a>' in found
    viewer = login(app.test_client(), "viewer")
    page = viewer.get("/workspace/history", query_string={"q": "Aminata"}).get_data(as_text=True)
    assert "Aminata Sy" not in page.split('id="h-found"', 1)[1].split("</ul>", 1)[0]


def test_a_withdrawal_on_the_person_page_takes_the_person_off_the_public_page(
    app: Flask,
) -> None:
    path = "/" + PERSON.split("/mitte/", 1)[1]
    public = app.test_client()
    assert public.get(path).status_code == 200
    editor = login(app.test_client(), "editor")
    page = editor.get("/workspace/person", query_string={"iri": PERSON}).get_data(as_text=True)
    assert "Einwilligung erteilt" in page and "Kontaktdaten" in page
    token = csrf_token(editor, f"/workspace/person?iri={PERSON}")
    answer = editor.post("/workspace/person/consent", data={
        "iri": PERSON, "purpose": PUBLIC_NAMING, "status": "withdrawn",
        "method": "per E-Mail", "csrf_token": token,
    })  # fmt: skip
    assert answer.status_code == 303
    assert public.get(path).status_code == 404
    page = editor.get("/workspace/person", query_string={"iri": PERSON}).get_data(as_text=True)
    assert "Einwilligung widerrufen" in page and "Über diese Person ist nichts öffentlich" in page
    # The history's comment is in the language she works in, not in both at once.
    [newest, *_] = entity_history(app.extensions["akteursgraph.writer"].store.path, PERSON)[::-1]
    assert newest["comment"] == "Einwilligung widerrufen: Öffentliche Nennung im Netzwerk"
    # The removed speaker profile is named by its kind and its person, not by its address's
    # last part ("hat Referent*innenprofil: p fo4ckd557zvjylas").
    history = editor.get("/workspace/history", query_string={"iri": PERSON}).get_data(as_text=True)
    words = "".join(re.findall(r'<ul class="workspace-words">.*?</ul>', history, re.S))
    said = html_unescape(re.sub(r"<[^>]+>", " ", words))  # the words (the RDF says mailto:)
    # (Her consent to placement by the office stands, so the profile stays, internally, with
    # its own name; without a name it is named "Referent*innenprofil von Amani Njeri".)
    assert re.search(r"hat Referent\*innenprofil: Referent\*innenprofil (von )?Amani Njeri", said)
    assert not re.search(r"Referent\*innenprofil: p [a-z0-9]{8,}", said)
    # Contact data as written, not as addresses ("tel:+49-30-…", "mailto:…").
    assert "E-Mail: amani.njeri@example.org (intern)" in said and "mailto:" not in said
    assert "Telefon: +49-30-555-2123 (intern)" in said and "tel:" not in said


def test_a_refused_consent_record_comes_back_as_it_was_sent(app: Flask) -> None:
    """QA: a refused record lost the chosen status, the dates and the method, and the
    history's comment of a recorded one read "consent given: ag:PublicSpeakerListing"."""
    editor = login(app.test_client(), "editor")
    token = csrf_token(editor, f"/workspace/person?iri={PERSON}")
    sent = {
        "iri": PERSON, "purpose": PUBLIC_NAMING, "status": "given", "csrf_token": token,
        "indicated_at": "2025-01-01", "expires": "2020-01-01", "method": "per E-Mail 📧",
    }  # fmt: skip
    answer = editor.post("/workspace/person/consent", data=sent)
    page = html_unescape(answer.get_data(as_text=True))
    assert answer.status_code == 400
    assert "Läuft ab am: muss nach dem Tag der Einwilligung liegen" in page
    assert 'value="per E-Mail 📧"' in page and 'value="2025-01-01"' in page
    assert re.search(r'value="given" required checked', page)
    # No status chosen: said by the form's choices, not by codes ("Unbekannter
    # Einwilligungsstatus ''; erlaubt: given, withdrawn, refused").
    unchosen = editor.post("/workspace/person/consent", data={**sent, "status": ""})
    said = alert(unchosen.get_data(as_text=True), "consent-error-")
    assert unchosen.status_code == 400 and "erteilt, widerrufen oder verweigert" in said
    assert "given" not in said
    answer = editor.post("/workspace/person/consent", data={**sent, "expires": "2099-01-01"})
    assert answer.status_code == 303
    [newest] = History(Path(app.config["STORE_PATH"])).recent(1)
    assert newest.comment.startswith("Einwilligung erteilt: ") and "ag:" not in newest.comment


def fetch(client: FlaskClient, path: str) -> tuple[int, bytes]:
    """A static file's status and bytes; the response is closed (static files are streamed)."""
    with client.get(path) as answer:
        return answer.status_code, answer.get_data()


def test_kern_css_and_its_fonts_come_from_our_host_and_the_page_names_no_other(
    app: Flask,
) -> None:
    client = login(app.test_client(), "reviewer")
    page = client.get("/workspace/review").get_data(as_text=True)
    refs = re.findall(r'(?:href|src|action)="([^"]*)"', page)
    assert refs and [r for r in refs if re.match(r"[a-z]+:", r) or r.startswith("//")] == []
    fonts_css = "/static/vendor/kern/fonts/fira-sans.css"
    assert "/static/vendor/kern/kern.min.css" in refs and fonts_css in refs
    fonts = []
    for css in ("/static/vendor/kern/kern.min.css", fonts_css):
        status, data = fetch(client, css)
        assert status == 200
        text = data.decode("utf-8")
        for url in re.findall(r'url\(["\']?([^"\')]+)', text):
            if url.startswith("data:"):
                continue
            assert not re.match(r"[a-z]+:|//", url), url  # never another host
            target = posixpath.normpath(posixpath.join(posixpath.dirname(css), url))
            fonts.append(target)
            assert fetch(client, target)[0] == 200, target
    assert len(fonts) >= 4 and all(f.endswith(".woff2") for f in fonts)
    csp = client.get("/workspace/review").headers["Content-Security-Policy"]
    assert "font-src 'self';" in csp and "style-src 'self'" in csp


def test_the_apps_reviewers_get_the_mail_from_their_account_address(
    make_app: Callable[..., Flask], smtp_server: tuple[int, Inbox]
) -> None:
    port, inbox = smtp_server
    app = make_app(
        DUMPS=False, SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_STARTTLS=False,
        MAIL_FROM="akteursgraph@bezirk.example", PUBLIC_URL="https://staff.bezirk.example/",
    )  # fmt: skip
    reviewer = login(app.test_client(), "reviewer")
    answer = reviewer.post("/workspace/review/email", data={
        "email": "keine-adresse", "csrf_token": csrf_token(reviewer, "/workspace/review"),
    })  # fmt: skip
    assert answer.status_code == 400 and 'aria-describedby="email-error"' in answer.get_data(
        as_text=True
    )
    answer = reviewer.post("/workspace/review/email", data={
        "email": "rita@bezirk.example", "csrf_token": csrf_token(reviewer, "/workspace/review"),
    })  # fmt: skip
    assert answer.status_code == 303
    accounts = Accounts(app.config["STORE_PATH"])
    login(app.test_client(), "admin")
    accounts.set_email("admin", "ada@bezirk.example")
    login(app.test_client(), "editor")
    accounts.set_email("editor", "eve@bezirk.example")  # an editor does not review

    draft = app_draft(app, "admin")  # the author hears nothing of their own draft
    app.extensions["akteursgraph.mail"].flush()
    ((to, text),) = inbox.messages
    assert to == ["rita@bezirk.example"]
    body = mail_body(text)
    assert draft.change_id in body and "https://staff.bezirk.example/workspace/review" in body


def test_staff_pages_are_html_with_the_workspace_frame(app: Flask) -> None:
    """The login page too (it was served as text/plain, which a browser shows as source)."""
    anonymous = app.test_client()
    page = anonymous.get("/login")
    assert page.mimetype == "text/html" and "kern.min.css" in page.get_data(as_text=True)
    reviewer = login(app.test_client(), "reviewer")
    for path in ("/workspace/", "/workspace/review", f"/workspace/history?iri={ORG}"):
        answer = reviewer.get(path)
        text = answer.get_data(as_text=True)
        assert answer.mimetype == "text/html", path
        assert '<html lang="de">' in text and 'href="#main"' in text and 'id="main"' in text
        assert "Bezirksamt Mitte von Berlin" in text  # the office's name in the header
        assert 'aria-current="page"' in text  # the navigation says where one is


def test_reverting_a_reviewed_change_waits_for_review_in_the_queue(app: Flask) -> None:
    draft = app_draft(app, EDITOR)
    assert decide(login(app.test_client(), "reviewer"), draft.change_id,
                  action="publish").status_code == 303  # fmt: skip
    assert public_label(app.test_client()) == html_escape(NEW_LABEL)
    editor = login(app.test_client(), "editor")
    token = csrf_token(editor, f"/workspace/history?iri={ORG}")
    answer = editor.post("/workspace/history/revert", data={
        "iri": ORG, "change": draft.change_id, "comment": "doch nicht", "csrf_token": token,
    })  # fmt: skip
    assert answer.status_code == 303 and "outcome=draft" in answer.headers["Location"]
    notice = html_unescape(editor.get(answer.headers["Location"]).get_data(as_text=True))
    waits = r"Das Rückgängigmachen der Änderung vom \d+\. \w+ \d{4}, \d\d:\d\d UTC wartet"
    assert re.search(waits, notice), notice  # named by its time, not by its id
    assert public_label(app.test_client()) == html_escape(NEW_LABEL)  # not yet
    queue = login(app.test_client(), "reviewer", name="reviewer2").get("/workspace/review")
    text = queue.get_data(as_text=True)
    assert "doch nicht" in text and f"{draft.change_id}" in text  # the revert names it
    # The notice's code is the revert's own draft, the one to publish; it gave the reverted
    # change's, and `publish` of that answered "no draft".
    (revert,) = [d for d in app.extensions["akteursgraph.writer"].history.drafts()
                 if d.comment == "doch nicht"]  # fmt: skip
    shown = re.search(r'kern-alert--success.*?<code class="workspace-change-id">([^<]+)', notice,
                      re.S)  # fmt: skip
    assert shown and shown[1] == revert.id != draft.change_id
    # On a line of its own below the heading: beside it, in the heading's row, a phone gave
    # the code 54 px and broke it over five lines (workspace walk on a phone).
    alert = notice.split("kern-alert--success", 1)[1]
    header = alert.split('<div class="kern-alert__header">', 1)[1].split("</div>", 1)[0]
    assert "workspace-change-id" not in header
    body = alert.split('<div class="kern-alert__body">', 1)[1].split("</div>", 1)[0]
    assert f'Änderung: <code class="workspace-change-id">{revert.id}</code>' in body


def test_the_person_page_says_what_is_public_and_knows_only_people(app: Flask) -> None:
    editor = login(app.test_client(), "editor")
    page = editor.get("/workspace/person", query_string={"iri": PERSON, "lang": "en"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and '<html lang="en">' in text
    # the public fields by purpose, from people.purposes.PUBLIC_FIELDS, and contact data
    assert "is public only with valid consent for" in text and "Contact data" in text
    assert text.count('class="kern-card workspace-purpose"') == 3  # one block per purpose
    assert editor.get("/workspace/person", query_string={"iri": ORG}).status_code == 404
    # a viewer may not see consent records
    viewer = login(app.test_client(), "viewer")
    refused = viewer.get("/workspace/person", query_string={"iri": PERSON})
    assert refused.status_code == 403
    # In the workspace's frame with its navigation, the message alone: the public error
    # page said "Fehler /workspace/person: Dafür braucht das Konto die Rolle …".
    page = html_unescape(refused.get_data(as_text=True))
    assert 'class="workspace"' in page and "Dafür braucht das Konto die Rolle" in page
    assert "/workspace/person:" not in page


def test_the_words_of_a_change_show_an_outside_address_whole(store: Store) -> None:
    """QA: a website "https://betrug.example.net/www.berlin.de" read "Website: www.berlin.de"
    in the review queue: the reviewer could not see which host would go public. It reads as
    people read addresses, host and path (no scheme: the staff pages speak plain words)."""
    from akteursgraph.changes.plain import plain_words
    from akteursgraph.namespaces import SCHEMA

    disguised = "https://betrug.example.net/www.berlin.de"
    quad = ox.Quad(
        ox.NamedNode(ORG),
        ox.NamedNode(SCHEMA + "url"),
        ox.NamedNode(disguised),
        ox.NamedNode(BASE + "graph/public/example"),
    )
    [(kind, words)] = plain_words(store, [quad], [])
    assert kind == "added"
    assert words["de"].endswith(": betrug.example.net/www.berlin.de (öffentlich)")
    assert words["de"].startswith(OLD_LABEL)  # our own entities still by their names


def test_the_words_of_a_statement_on_a_blank_node_name_whose_it_is(store: Store) -> None:
    """A draft adding an address read "– – Art: Postanschrift": the queue named no entry for
    statements on the blank node (exploratory test)."""
    from akteursgraph.changes.plain import plain_words
    from akteursgraph.namespaces import RDF_TYPE, SCHEMA

    graph = ox.NamedNode(BASE + "graph/public/example")
    address = ox.BlankNode()
    quads = [
        ox.Quad(ox.NamedNode(ORG), ox.NamedNode(SCHEMA + "address"), address, graph),
        ox.Quad(address, ox.NamedNode(RDF_TYPE), ox.NamedNode(SCHEMA + "PostalAddress"), graph),
        ox.Quad(address, ox.NamedNode(SCHEMA + "streetAddress"), ox.Literal("Turmstr. 5"), graph),
    ]
    said = [words["de"] for _kind, words in plain_words(store, quads, [])]
    assert said[0].startswith(OLD_LABEL + " – ")
    for line in said[1:]:
        assert line.startswith(OLD_LABEL + " › "), line
    # rdf:type is named as the public page and the preview name it: "Typ" / "type" (the
    # history said "Art" / "Kind", and "Kind" is the public pages' kind of organisation).
    typed = [w for _kind, w in plain_words(store, quads, []) if "Postan" in w["de"]]
    assert " – Typ: " in typed[0]["de"] and " – type: " in typed[0]["en"], typed


def test_the_staff_pages_say_times_in_words(app: Flask) -> None:
    """QA: times read "2026-12-01 16:44:11.009Z UTC" and "Erteilt am 2022-11-04 10:00:00Z"."""
    app_draft(app, EDITOR)
    reviewer = login(app.test_client(), "reviewer")
    in_words = re.compile(r"\d{1,2}\. [A-ZÄÖÜ][a-zä]+ 20\d\d, \d\d:\d\d UTC")
    iso = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d")
    for path in ("/workspace/review", "/workspace/", f"/workspace/person?iri={PERSON}"):
        page = html_unescape(reviewer.get(path).get_data(as_text=True))
        shown = re.sub(r'datetime="[^"]*"', "", page)  # the machine-readable attribute stays
        assert in_words.search(shown), path
        assert not iso.search(shown), (path, iso.search(shown))


def test_a_publish_conflict_says_who_changed_what_since(app: Flask) -> None:
    """QA: publishing a draft whose entry changed since answered "beruht auf Ständen …
    <https://…>: cs-…-8491ae -> cs-…" only; the reviewer could not tell what had happened."""
    draft = app_draft(app, EDITOR)
    writer = app.extensions["akteursgraph.writer"]
    node = ox.NamedNode(ORG)
    note = ox.Quad(
        node,
        ox.NamedNode(SKOS + "altLabel"),
        ox.Literal("Frauenwerkstatt (Beispiel)", language="de"),
        ox.NamedNode(BASE + "graph/public/example"),
    )
    writer.commit(Change(add=[note]), ChangeMeta(author="olga", origin="cli-load", comment="x"))
    reviewer = login(app.test_client(), "reviewer")
    # The queue says it before Publish is pressed (the conflict showed only then).
    queue = html_unescape(reviewer.get("/workspace/review").get_data(as_text=True))
    # A name in quotation marks: one ending in "e.V." ended its sentence with two stops.
    assert f"Seit diesem Entwurf geändert: „{OLD_LABEL}“. Veröffentlichen wird" in queue
    answer = decide(reviewer, draft.change_id, action="publish", comment="passt")
    page = html_unescape(answer.get_data(as_text=True))
    assert answer.status_code == 409
    said = alert(page, "decide-error-")  # in words: no address, no change set ids
    assert "https://" not in said and "->" not in said and "cs-" not in said, said
    assert "Seit dieser Entwurf gespeichert wurde, geändert:" in page
    assert re.search(rf">{re.escape(OLD_LABEL)}</a>: geändert von olga am \d", page)
    assert "Bitte diesen Entwurf ablehnen" in page
    english = html_unescape(reviewer.get("/workspace/review?lang=en").get_data(as_text=True))
    assert re.search(r"Changed since this draft was saved: “[^”<]+”\. Publishing", english)


def test_one_left_out_statement_or_entry_is_said_in_the_singular(
    app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    """QA: the queue said "1 weitere Aussagen" / "1 more statements" when the cap left one out."""
    from akteursgraph.changes import preview

    app_draft(app, EDITOR)  # two statements (a name removed, a name added), one entity
    monkeypatch.setattr(preview, "MAX_WORDS", 1)
    monkeypatch.setattr(preview, "MAX_ENTITIES", 0)
    reviewer = login(app.test_client(), "reviewer")
    german = reviewer.get("/workspace/review").get_data(as_text=True)
    assert "1 weitere Aussage." in german and "1 weiterer Eintrag ohne Vorschau." in german
    english = reviewer.get("/workspace/review?lang=en").get_data(as_text=True)
    assert "1 more statement." in english and "1 more entry without preview." in english


def test_a_big_change_counts_its_statements_with_thousands_separators(app: Flask) -> None:
    """QA: a list's import read "8109 hinzugefügt" (German 8.109, English 8,109)."""
    writer = app.extensions["akteursgraph.writer"]
    graph = ox.NamedNode(BASE + "graph/public/example")
    many = [
        ox.Quad(ox.NamedNode(ORG), ox.NamedNode(SKOS + "altLabel"),
                ox.Literal(f"Werkstatt {i} (Beispiel)", language="de"), graph)
        for i in range(1234)
    ]  # fmt: skip
    meta = ChangeMeta(author=EDITOR, origin=ORIGIN_FORM, comment="many names")
    submit(writer, Change(add=many), meta, review_required=False)
    viewer = login(app.test_client(), "viewer")
    history = {"iri": ORG}
    german = viewer.get("/workspace/history", query_string=history).get_data(as_text=True)
    assert "1.234 hinzugefügt, 0 entfernt" in german
    english = viewer.get("/workspace/history", query_string={**history, "lang": "en"})
    assert "1,234 added, 0 removed" in english.get_data(as_text=True)


def test_the_words_of_a_change_write_a_decimal_number_as_the_language_does(
    store: Store,
) -> None:
    """QA: a latitude read „52.5561“ on a German review page (German: 52,5561). Only numbers
    are written so; a text that looks like one stays as it was typed."""
    from akteursgraph.changes.plain import plain_words
    from akteursgraph.namespaces import SCHEMA, WGS, XSD

    public = BASE + "graph/public/example"

    def said(prop: str, value: ox.Literal) -> dict[str, str]:
        quad = ox.Quad(ox.NamedNode(ORG), ox.NamedNode(prop), value, ox.NamedNode(public))
        [(_, words)] = plain_words(store, [quad], [])
        return words

    lat_words = said(WGS + "lat", ox.Literal("52.5561", datatype=ox.NamedNode(XSD + "decimal")))
    double_words = said(WGS + "long", ox.Literal("1.34E1", datatype=ox.NamedNode(XSD + "double")))
    text_words = said(SCHEMA + "description", ox.Literal("52.5561"))
    assert lat_words["de"].endswith(": 52,5561 (öffentlich)")
    assert lat_words["en"].endswith(": 52.5561 (public)")
    assert double_words["de"].endswith(": 13,4 (öffentlich)")
    assert text_words["de"].endswith(": „52.5561“ (öffentlich)")
    assert text_words["en"].endswith(": “52.5561” (public)")


def test_the_words_of_a_change_mark_a_value_in_another_language(app: Flask) -> None:
    """Audit (WCAG 3.1.2): on the English review page, a German name added in a draft was
    read out with English pronunciation: the sentences were plain text in the page's
    language. The value now carries its language; the page's own words do not."""
    writer = app.extensions["akteursgraph.writer"]
    meta = ChangeMeta(author=EDITOR, origin=ORIGIN_FORM, comment="Kurzname")
    draft = submit(writer, Change(add=[short_name(writer)]), meta, review_required=True)
    assert isinstance(draft, Draft)
    reviewer = login(app.test_client(), "reviewer")
    pages = {lang: reviewer.get(f"/workspace/review/{draft.change_id}?lang={lang}")
             .get_data(as_text=True) for lang in ("de", "en")}  # fmt: skip
    words = {lang: page.split('class="workspace-words"', 1)[1].split("</ul>", 1)[0]
             for lang, page in pages.items()}  # fmt: skip
    assert '<span lang="de">“AFW”</span> (German)' in words["en"], words["en"]
    assert "„AFW“ (Deutsch)" in words["de"] and '<span lang="de">„AFW' not in words["de"]
    assert words["en"].count('lang="de"') == 1  # the organisation's English name is not
    assert words["de"].count('lang="en"') == 0


def test_a_change_is_headed_by_its_time_in_words_with_its_id_beside(app: Flask) -> None:
    """QA: changes were headed by their ids ("cs-20261201T210224605422Z-610503 · angewandt",
    "Änderung cs-…", "Veröffentlicht: cs-…"). Staff read the time; the id, which the command
    line takes (`akteursgraph revert ID`), stays on the page beside it."""
    draft = app_draft(app, EDITOR)
    when = explore.spoken_date(History(Path(app.config["STORE_PATH"])).get(draft.change_id)
                               .created[:10], "de")  # fmt: skip
    code = f'<code class="workspace-change-id">{draft.change_id}</code>'
    reviewer = login(app.test_client(), "reviewer")
    single = reviewer.get(f"/workspace/review/{draft.change_id}").get_data(as_text=True)
    assert re.search(rf"<h1[^>]*>Änderung vom {when}, \d\d:\d\d UTC</h1>", single), single
    assert code in single
    queue = reviewer.get("/workspace/review").get_data(as_text=True)
    assert f'<p class="kern-preline">Änderung vom {when}, ' in queue and code in queue
    answer = decide(reviewer, draft.change_id, action="reject", comment="Quelle fehlt")
    done = reviewer.get(answer.headers["Location"]).get_data(as_text=True)
    assert f"Abgelehnt: die Änderung vom {when}, " in done and code in done
    history = reviewer.get("/workspace/history", query_string={"iri": ORG}).get_data(as_text=True)
    assert f'<p class="kern-preline">Änderung vom {when}, ' in history and code in history
    english = reviewer.get(f"/workspace/review/{draft.change_id}?lang=en").get_data(as_text=True)
    assert re.search(r"<h1[^>]*>Change of \d{1,2} [A-Z][a-z]+ 20\d\d, \d\d:\d\d UTC</h1>", english)
    for page in (single, queue, done, history, english):
        # an id only in its own small code element, never as a heading or a sentence's start
        assert not re.search(r'(?<!"workspace-change-id")>\s*cs-\d', page)


def test_the_person_page_says_what_is_public_in_whole_sentences(app: Flask) -> None:
    """QA: "hat Referent*innenprofil ist nur mit gültiger Einwilligung für Öffentliches …" and
    "publication consent is public only …": a property's label as a sentence's subject, in
    small letters. The field and the purpose are named, in a sentence of their own."""
    editor = login(app.test_client(), "editor")
    pages = {
        lang: html_unescape(editor.get("/workspace/person", query_string={
            "iri": PERSON, "lang": lang}).get_data(as_text=True))
        for lang in ("de", "en")
    }  # fmt: skip
    assert (
        "Das Feld „hat Referent*innenprofil“ ist nur öffentlich, wenn eine gültige Einwilligung "
        "für den Zweck „Öffentliches Referent*innenverzeichnis“ vorliegt."
    ) in pages["de"]
    assert (
        "The field “has speaker profile” is public only with valid consent for the purpose "
        "“Public speaker listing”."
    ) in pages["en"]
    for page in pages.values():
        notes = page.split('id="h-public-fields"', 1)[1].split("</ul>", 1)[0]
        items = re.findall(r"<li>\s*(.)", notes)
        assert len(items) == 5 and all(first.isupper() for first in items), items


def test_the_preview_names_a_language_as_the_public_page_does(app: Flask) -> None:
    """Audit: a draft giving an event the language French showed "fr" in the preview of the
    public page, where the public page itself says "Französisch"."""
    writer = app.extensions["akteursgraph.writer"]
    event = ox.NamedNode(BASE + "example/event/fachtag-migrant-innenorganisationen-und-bezirk-2025")
    in_language = ox.NamedNode("https://schema.org/inLanguage")
    old = next(q for q in writer.store.quads(event, in_language) if q.object.value == "en")
    meta = ChangeMeta(author=EDITOR, origin=ORIGIN_FORM, comment="auch auf Französisch")
    new = ox.Quad(event, in_language, ox.Literal("fr"), old.graph_name)
    draft = submit(writer, Change(add=[new], remove=[old]), meta, review_required=True)
    assert isinstance(draft, Draft)
    page = login(app.test_client(), "reviewer").get("/workspace/review").get_data(as_text=True)
    preview = page.split("Vorschau der öffentlichen Seite", 1)[1]
    new_row = re.search(r"<tr[^>]*workspace-preview__new[^>]*>(.*?)</tr>", preview, re.S)
    assert new_row and "Französisch" in new_row.group(1), new_row
    assert re.search(r"<del[^>]*>Englisch</del>", preview)
    assert ">fr<" not in preview and ">en<" not in preview
    words = page.split("Vorschau der öffentlichen Seite", 1)[0]
    assert "– Sprache: Französisch (öffentlich)" in words  # the words named it already


def test_the_preview_names_an_events_links_as_the_public_page_does(app: Flask) -> None:
    """A draft giving an event an organiser showed "organised_by: …" under the preview, the
    key of its group, where the public page says "Veranstaltet von" (exploratory walk)."""
    writer = app.extensions["akteursgraph.writer"]
    event = ox.NamedNode(BASE + "example/event/fachtag-migrant-innenorganisationen-und-bezirk-2025")
    organizer = ox.NamedNode("https://schema.org/organizer")
    old = next(writer.store.quads(event, organizer))
    meta = ChangeMeta(author=EDITOR, origin=ORIGIN_FORM, comment="zweite Veranstalterin")
    new = ox.Quad(event, organizer, ox.NamedNode(ORG), old.graph_name)
    assert new not in set(writer.store.quads(event, organizer))
    assert isinstance(submit(writer, Change(add=[new]), meta, review_required=True), Draft)
    reviewer = login(app.test_client(), "reviewer")
    for lang, name in (("de", "Veranstaltet von"), ("en", "Organised by")):
        page = reviewer.get("/workspace/review", query_string={"lang": lang})
        preview = page.get_data(as_text=True).split('class="kern-table workspace-preview', 1)[1]
        assert f"<strong>{name}:</strong>" in preview, lang
        assert "organised_by" not in preview


def test_the_preview_names_each_partner_once(app: Flask) -> None:
    """A partner of two cooperations was listed twice under "Kooperationen" in the preview
    of a draft (exploratory test): the list is of partners, each once."""
    writer = app.extensions["akteursgraph.writer"]
    wouri = ox.NamedNode(BASE + "example/organisation/freundeskreis-wouri")
    label = next(writer.store.quads(wouri, ox.NamedNode(SKOS + "prefLabel")))
    nick = ox.Quad(wouri, ox.NamedNode(SKOS + "altLabel"), ox.Literal("FdW", language="en"),
                   label.graph_name)  # fmt: skip
    meta = ChangeMeta(author=EDITOR, origin=ORIGIN_FORM, comment="Kurzname")
    assert isinstance(submit(writer, Change(add=[nick]), meta, review_required=True), Draft)
    page = login(app.test_client(), "reviewer").get("/workspace/review").get_data(as_text=True)
    line = re.search(r"<strong>Kooperationen:</strong>([^<]*)</p>", page)
    assert line, page
    partners = [p.strip() for p in line.group(1).split(", ")]
    assert len(partners) > 3 and len(partners) == len(set(partners)), partners


def test_an_address_is_named_by_its_parts_in_the_history(app: Flask) -> None:
    """An organisation's postal address (a blank node) read "Anschrift: –" in its history,
    its street and town only on the rows after it (exploratory walk)."""
    editor = login(app.test_client(), "editor")
    iri = BASE + "organisation/africavenir-international"
    page = editor.get("/workspace/history", query_string={"iri": iri}).get_data(as_text=True)
    said = html_unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))
    assert "– Anschrift: Kameruner Str. 1, Berlin (öffentlich)" in said
    assert "Anschrift: – " not in said


def test_the_products_own_comments_are_in_the_pages_language(app: Flask) -> None:
    """The history of an example entry said "init --example" as the comment of its first
    change set, on German and English pages alike (exploratory walk)."""
    editor = login(app.test_client(), "editor")
    said = {}
    for lang in ("de", "en"):
        page = editor.get("/workspace/history", query_string={"iri": ORG, "lang": lang})
        said[lang] = page.get_data(as_text=True)
    assert (
        '<dd class="kern-description-list-item__value">Einrichtung mit den Beispieldaten<'
        in said["de"]
    )
    assert ">Set-up with the example data<" in said["en"]
    assert "init --example" not in said["de"] + said["en"]


def test_an_editors_revert_of_the_operators_load_waits_for_review(app: Flask) -> None:
    """Audit (critical): an editor pressed "Diese Änderung rückgängig machen" below the
    operator's `init --example` on an entry's history page: it applied at once, without a
    second person, and the public site was empty (0 quads, every page 404). Staff revert
    public data as they change it, by review; the store stays as it was until then."""
    from akteursgraph.changes.model import ORIGIN_LOAD

    writer = app.extensions["akteursgraph.writer"]
    loaded = writer.commit(
        renaming(writer.store), ChangeMeta(author="operator", origin=ORIGIN_LOAD, comment="load")
    )
    editor = login(app.test_client(), "editor")
    token = csrf_token(editor, f"/workspace/history?iri={ORG}")
    form = {"iri": ORG, "comment": "Versehen", "csrf_token": token}
    answer = editor.post("/workspace/history/revert", data={**form, "change": loaded.change_id})
    assert answer.status_code == 303, alert(answer.get_data(as_text=True), "revert-error-")
    assert "outcome=applied" not in answer.headers["Location"]
    assert public_label(app.test_client()) == html_escape(NEW_LABEL)  # until reviewed
    [waiting] = writer.history.drafts()
    assert waiting.reverts == loaded.change_id and waiting.author == EDITOR
    # the example's whole load: never applied at once either
    before = len(writer.store)
    [init] = [e for e in entity_history(writer.store.path, ORG) if e["origin"] == "cli-init"]
    editor.post("/workspace/history/revert", data={**form, "change": init["id"]})
    assert len(writer.store) == before
    assert public_label(app.test_client()) == html_escape(NEW_LABEL)


def test_the_same_revert_asked_for_twice_makes_one_draft(app: Flask) -> None:
    """Audit: "rückgängig machen" pressed twice made two drafts of the same revert; the
    reviewer published one, and the other became a conflict to reject by hand. The second
    press says the first waits, and saves nothing."""
    from akteursgraph.changes.model import ORIGIN_LOAD

    writer = app.extensions["akteursgraph.writer"]
    loaded = writer.commit(
        renaming(writer.store), ChangeMeta(author="operator", origin=ORIGIN_LOAD, comment="load")
    )
    editor = login(app.test_client(), "editor")
    token = csrf_token(editor, f"/workspace/history?iri={ORG}")
    form = {"iri": ORG, "change": loaded.change_id, "csrf_token": token}
    first = editor.post("/workspace/history/revert", data={**form, "comment": "falsch geladen"})
    assert first.status_code == 303
    again = editor.post("/workspace/history/revert", data={**form, "comment": "nochmal geklickt"})
    assert again.status_code == 409  # a conflict with the waiting draft (CLI: exit 1)
    said = alert(again.get_data(as_text=True), "revert-error-")
    assert "wartet schon auf Prüfung" in said and EDITOR in said
    assert len(writer.history.drafts()) == 1


def new_organisation(node: ox.NamedNode, german: str, english: str) -> list[ox.Quad]:
    """The statements a valid new organisation needs, in the example's public graph."""
    w3org, graph = "http://www.w3.org/ns/org#", ox.NamedNode(BASE + "graph/public/example")
    initiative = ox.NamedNode("https://w3id.org/akteursgraph/vocab/organisation-kind/initiative")
    return [
        ox.Quad(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(w3org + "Organization"), graph),
        ox.Quad(node, LABEL, ox.Literal(german, language="de"), graph),
        ox.Quad(node, LABEL, ox.Literal(english, language="en"), graph),
        ox.Quad(node, ox.NamedNode(w3org + "classification"), initiative, graph),
    ]


def visible_text(page: str) -> str:
    """The words a reader sees in the page's main part (tags dropped, entities read)."""
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    return html_unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


@pytest.mark.parametrize("graph", ["public/neu", "internal/neu"])
def test_a_loaded_files_draft_reads_in_german_with_names_not_addresses(
    app: Flask, tmp_path: Path, graph: str
) -> None:
    """Exploratory test (a reviewer of `load --draft`): the German review page named the new
    organisation by its English label and the load by "Load of neu.ttl" (of each, the change
    gave the first label it held only), listed the touched entries and a preview heading by
    their addresses (and previewed "the public page" of internal entries, which had none
    before and have none after, saying they would have none), said the agent's kind as
    "www.w3.org/ns/prov#Agent" and its name as "name", and the load's start as
    „2026-12-04T12:23:31Z“."""
    from akteursgraph.operations import prepare_load

    data = tmp_path / "neu.ttl"
    data.write_text(
        "@prefix org: <http://www.w3.org/ns/org#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://w3id.org/akteursgraph/mitte/organisation/neuer-testverein> a org:Organization ;\n"
        '  skos:prefLabel "New Test Association"@en , "Neuer Testverein"@de ;\n'
        "  org:classification\n"
        "    <https://w3id.org/akteursgraph/vocab/organisation-kind/initiative> .\n",
        encoding="utf-8",
    )
    writer = app.extensions["akteursgraph.writer"]
    options = {"graph": graph, "format_name": None, "agent": "alice", "comment": ""}
    change, meta = prepare_load(writer.store, [data], draft=True, **options)
    draft = submit(writer, change, meta)
    assert isinstance(draft, Draft)
    reviewer = login(app.test_client(), "reviewer")
    page = reviewer.get(f"/workspace/review/{draft.change_id}").get_data(as_text=True)
    seen = visible_text(page)
    assert "Neuer Testverein – Bezeichnung" in seen, seen
    assert "New Test Association –" not in seen, seen
    assert "Laden von neu.ttl –" in seen and "Load of neu.ttl –" not in seen, seen
    assert "www.w3.org" not in seen and "w3id.org" not in seen, seen
    assert "– Name: „alice“" in seen, seen
    # Who loaded it and into which data, by name ("verbunden mit: –", "erzeugte: neu").
    assert "Laden von neu.ttl – verbunden mit: alice" in seen, seen
    side = "öffentliche" if graph.startswith("public/") else "interne"
    assert f"Laden von neu.ttl – erzeugte: {side} Daten „neu“" in seen, seen
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d", seen), seen
    affected = seen.split("Betroffene Einträge", 1)[1].split("Die Änderung in Worten", 1)[0]
    assert "Neuer Testverein" in affected and "Laden von neu.ttl" in affected, affected
    # Public pages are previewed (the load's record of itself is public with public data);
    # internal entries have none to preview.
    public = graph.startswith("public/")
    assert ("Vorschau der öffentlichen Seite: Neuer Testverein" in seen) is public, seen
    assert ("Vorschau der öffentlichen Seite: Laden von neu.ttl" in seen) is public, seen
    assert "keine öffentliche Seite" not in seen, seen


def test_a_refused_revert_of_the_example_says_why_in_words(app: Flask) -> None:
    """Exploratory test: the editor's revert of `init --example` is refused (it would take
    back people's consent, which applies at once, beside public changes that wait for
    review), but the message named the statement as "<…/load/…> prov:generated"."""
    writer = app.extensions["akteursgraph.writer"]
    editor = login(app.test_client(), "editor")
    token = csrf_token(editor, f"/workspace/history?iri={ORG}")
    [init] = [e for e in entity_history(writer.store.path, ORG) if e["origin"] == "cli-init"]
    form = {"iri": ORG, "comment": "Versehen", "csrf_token": token, "change": init["id"]}
    answer = editor.post("/workspace/history/revert", data=form, follow_redirects=True)
    said = visible_text(answer.get_data(as_text=True))
    assert "Widerruf der Einwilligung" in said, said
    message = said.split("Widerruf der Einwilligung", 1)[1][:600]
    for address in ("<", "prov:", "w3id.org", "https:"):
        assert address not in message, message
    assert "Diese Änderung widerruft die Einwilligung von " in said, said
    assert "Laden von mitte-facts.trig" in message, message


def test_a_history_page_names_an_entry_that_has_no_public_page(app: Flask) -> None:
    """Exploratory test: the history of a consent record was headed "Änderungsverlauf:
    <https://…/consent/c-…>", its lines named the record "c bgnuanyrxodzrumh", and the page
    linked the record's "public page", a 404; so did the history of a removed entry."""
    writer = app.extensions["akteursgraph.writer"]
    store = writer.store
    record, *_others = sorted(  # one per purpose
        q.subject.value
        for q in store.quads(
            None, ox.NamedNode("https://w3id.org/dpv#hasDataSubject"), ox.NamedNode(PERSON)
        )
    )
    editor = login(app.test_client(), "editor")

    def heading_and_text(iri: str) -> tuple[str, str]:
        page = editor.get("/workspace/history", query_string={"iri": iri}).get_data(as_text=True)
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S).group(1)  # type: ignore[union-attr]
        return html_unescape(heading).strip(), visible_text(page)

    heading, seen = heading_and_text(record)
    assert heading == "Änderungsverlauf: Einwilligung von Amani Njeri (Beispielperson)", heading
    assert "Einwilligung von Amani Njeri (Beispielperson) – hat betroffene Person" in seen, seen
    assert "Dieser Eintrag hat keine öffentliche Seite." in seen
    assert "Öffentliche Seite dieses Eintrags" not in seen
    # A removed entry: named as it was, by its history; its public page is gone.
    node = ox.NamedNode(BASE + "organisation/kurzer-verein")
    made = new_organisation(node, "Kurzer Verein", "Short Association")
    meta = ChangeMeta(author="operator", origin=ORIGIN_FORM, comment="kurz")
    writer.commit(Change(add=made), meta)
    writer.commit(Change(remove=made), meta)
    heading, seen = heading_and_text(node.value)
    assert heading == "Änderungsverlauf: Kurzer Verein", heading
    # The start page's recent changes name it so too (by its address's last part before).
    start = html_unescape(editor.get("/workspace/").get_data(as_text=True))
    recent = start.split('id="h-start-recent"', 1)[1].split("</table>", 1)[0]
    assert ">Kurzer Verein</a>" in recent and "kurzer verein" not in recent, recent
    assert "Dieser Eintrag hat keine öffentliche Seite." in seen
    assert "Öffentliche Seite dieses Eintrags" not in seen
    # An entry with a public page still links it.
    assert "Öffentliche Seite dieses Eintrags" in heading_and_text(PERSON)[1]


def test_a_replaced_draft_says_so_in_the_pages_language_with_a_link_to_the_new_one(
    app: Flask,
) -> None:
    """Exploratory test: a draft its author corrected showed "Von der Verfasserin / dem
    Verfasser ersetzt: ersetzt durch cs-… / replaced by cs-…" on a German page: the stored
    note in both languages, naming the new draft by its id."""
    from akteursgraph.changes.review import replace

    writer = app.extensions["akteursgraph.writer"]
    first = app_draft(app, EDITOR)
    drafted = renaming(writer.store).add[0]  # the draft's new name, made on its state
    again = ox.Quad(
        drafted.subject,
        LABEL,
        ox.Literal(NEW_LABEL + " (korrigiert)", language="de"),
        drafted.graph_name,
    )
    second = replace(
        writer,
        first.change_id,
        Change(add=[again], remove=[drafted]),
        ChangeMeta(author=EDITOR, origin=ORIGIN_FORM, comment="korrigiert"),
    )
    assert isinstance(second, Draft)
    reviewer = login(app.test_client(), "reviewer")
    page = reviewer.get(f"/workspace/review/{first.change_id}").get_data(as_text=True)
    seen = visible_text(page)
    assert "Von der Verfasserin / dem Verfasser ersetzt durch einen neuen Entwurf" in seen, seen
    assert "replaced by" not in seen and "ersetzt durch cs-" not in seen, seen
    assert f'href="/workspace/review/{second.change_id}"' in page
    # In English, the English half.
    english = reviewer.get(f"/workspace/review/{first.change_id}?lang=en").get_data(as_text=True)
    assert "Replaced by its author by a new draft" in visible_text(english)


def test_a_revert_that_would_leave_an_entry_without_kind_is_a_conflict(app: Flask) -> None:
    """Exploratory test: reverting the load that created an organisation, after a second
    change had given it another name and a topic, published a stub with that name and topic
    and no kind or name (no shape looks at an entry without a kind). The revert now says
    that later changes still describe the entry, and changes nothing."""
    from akteursgraph.changes.revert import RevertConflict, revert
    from akteursgraph.namespaces import DCTERMS

    writer = app.extensions["akteursgraph.writer"]
    node = ox.NamedNode(BASE + "organisation/neu-netz")
    made = new_organisation(node, "Neu-Netz", "New Net")
    graph = made[0].graph_name
    later = [
        ox.Quad(node, ox.NamedNode(SKOS + "altLabel"), ox.Literal("NN", language="de"), graph),
        ox.Quad(node, ox.NamedNode(DCTERMS + "subject"),
                ox.NamedNode("https://w3id.org/akteursgraph/vocab/topic/education"), graph),
    ]  # fmt: skip
    meta = ChangeMeta(author="operator", origin=ORIGIN_FORM, comment="neu")
    created = writer.commit(Change(add=made), meta)
    writer.commit(Change(add=later), meta)
    before = sorted(map(str, writer.store.quads(node, None, None)))
    with pytest.raises(RevertConflict) as caught:
        revert(writer, created.change_id, author="operator", comment="weg", operator=True)
    assert caught.value.stranded and node.value in caught.value.later
    assert "ohne Art" in caught.value.de and "without a kind" in caught.value.en
    # The later change touched other statements of the entry, not the same ones.
    assert "same entries" in caught.value.en and "same statements" not in caught.value.en
    assert sorted(map(str, writer.store.quads(node, None, None))) == before
    # On the history page: in words, with the later change named.
    editor = login(app.test_client(), "editor")
    token = csrf_token(editor, f"/workspace/history?iri={node.value}")
    form = {"iri": node.value, "comment": "weg", "csrf_token": token, "change": created.change_id}
    page = editor.post("/workspace/history/revert", data=form).get_data(as_text=True)
    assert "ohne Art und Namen" in visible_text(page)
    # Reverting the later change first, then the creation, works.
    [second] = [e["id"] for e in entity_history(writer.store.path, node.value)][1:]
    revert(writer, second, author="operator", comment="weg", operator=True)
    revert(writer, created.change_id, author="operator", comment="weg", operator=True)
    assert list(writer.store.quads(node, None, None)) == []


def test_a_revert_draft_its_author_corrects_still_says_what_it_reverts(app: Flask) -> None:
    """Exploratory test: an editor's revert waited as a draft; her later edit of the same
    entry merged into it (one draft per author and entry), and the merged draft no longer
    said "Macht rückgängig": its reviewer could not see that it undoes a change (one that
    withdrew consent, in the walk that found it)."""
    from akteursgraph.changes.model import ORIGIN_LOAD
    from akteursgraph.changes.revert import revert
    from akteursgraph.changes.review import replace

    writer = app.extensions["akteursgraph.writer"]
    loaded = writer.commit(
        renaming(writer.store), ChangeMeta(author="operator", origin=ORIGIN_LOAD, comment="load")
    )
    undo = revert(writer, loaded.change_id, author=EDITOR, comment="Versehen", staff=True)
    assert isinstance(undo, Draft)
    note = short_name(writer)
    merged = replace(
        writer, undo.change_id, Change(add=[note]), ChangeMeta(author=EDITOR, origin=ORIGIN_FORM)
    )
    assert isinstance(merged, Draft)
    assert writer.history.get(merged.change_id).reverts == loaded.change_id
    reviewer = login(app.test_client(), "reviewer")
    page = reviewer.get(f"/workspace/review/{merged.change_id}").get_data(as_text=True)
    assert "Macht rückgängig" in visible_text(page)
    # and a second revert of the same change is still refused while it waits
    with pytest.raises(ConflictError):
        revert(writer, loaded.change_id, author=EDITOR, comment="nochmal", staff=True)


@pytest.mark.parametrize(
    ("action", "said"),
    [("publish", "Schon veröffentlicht von reviewer am"),
     ("reject", "Schon abgelehnt von reviewer am")],
)  # fmt: skip
def test_the_same_decision_sent_again_says_it_was_taken(app: Flask, action: str, said: str) -> None:
    """A second "Veröffentlichen" after the first had finished (a slow line, the form sent
    anew) read "Nicht ausgeführt: … ist kein Entwurf (Status: angewandt)", as if it had
    failed: it says what the first did, as information."""
    draft = app_draft(app, EDITOR)
    reviewer = login(app.test_client(), "reviewer")
    first = decide(reviewer, draft.change_id, action=action, comment="so nicht")
    assert first.status_code == 303
    again = decide(reviewer, draft.change_id, action=action, comment="so nicht")
    assert again.status_code == 303, again.get_data(as_text=True)[:500]
    page = html_unescape(reviewer.get(again.headers["Location"]).get_data(as_text=True))
    notice = page.split('kern-alert--success" role="status"', 1)[1].split("</div>", 2)[0]
    assert said in notice and "UTC: die Änderung vom" in notice, notice
    assert "Nicht ausgeführt" not in page and "<title>Fehler" not in page
    # the other decision on a decided draft is still refused, saying who decided it
    other = "reject" if action == "publish" else "publish"
    refused = decide(reviewer, draft.change_id, action=other, comment="doch")
    assert refused.status_code == 409
    text = visible_text(refused.get_data(as_text=True))
    assert "Über diesen Entwurf wurde inzwischen entschieden" in text
    assert f"reviewer hat die Änderung vom {' '.join(draft_time(app, draft))}" in text
    assert "Ihr Kommentar wurde nicht gespeichert: „doch“" in text


def draft_time(app: Flask, draft: Draft) -> list[str]:
    """The words a page names a change set by ("7. Dezember 2026, 18:51 UTC")."""
    from akteursgraph_web.explorer import _spoken_time_filter

    with app.test_request_context():
        g.lang = "de"
        created = app.extensions["akteursgraph.writer"].history.get(draft.change_id).created
        return str(_spoken_time_filter(created)).split()


def test_a_draft_decided_or_replaced_meanwhile_says_so_and_gives_the_comment_back(
    app: Flask,
) -> None:
    """Exploratory test: a reviewer publishing a draft that another had rejected meanwhile,
    or that its author had replaced, read "Nicht ausgeführt: Die Änderung cs-… ist kein
    Entwurf (Status: abgelehnt)": not who, not why, not where the new draft is, and the
    comment typed was lost."""
    from akteursgraph.changes.review import reject, replace

    writer = app.extensions["akteursgraph.writer"]
    draft = app_draft(app, EDITOR)
    reject(writer.history, draft.change_id, reviewer="maria", comment="Quelle fehlt")
    reviewer = login(app.test_client(), "reviewer")
    late = decide(reviewer, draft.change_id, action="publish", comment="passt")
    assert late.status_code == 409
    text = visible_text(late.get_data(as_text=True))
    assert "maria hat die Änderung vom" in text and "abgelehnt. Begründung: Quelle fehlt" in text
    assert "Ihr Kommentar wurde nicht gespeichert: „passt“" in text
    assert "ist kein Entwurf" not in text and "cs-" not in text.split("Entwurf")[0]

    first = app_draft(app, EDITOR)
    note = short_name(writer)
    second = replace(
        writer, first.change_id, Change(add=[note]), ChangeMeta(author=EDITOR, origin=ORIGIN_FORM)
    )
    assert isinstance(second, Draft)
    late = decide(reviewer, first.change_id, action="reject", comment="zu knapp")
    assert late.status_code == 409
    page = late.get_data(as_text=True)
    assert f'href="/workspace/review/{second.change_id}"' in page
    assert "durch einen neuen Entwurf ersetzt" in visible_text(page)


def test_a_viewer_is_not_told_the_name_of_an_entry_without_public_data(app: Flask) -> None:
    """Audit: a viewer opening the history of a person whose data is all internal read
    "Änderungsverlauf: Lucía Vargas (Beispielperson)" above "you see the changes to public
    data"; an editor still reads the name."""
    person = example_person("Lucía Vargas")  # internal only in the example
    assert app.test_client().get("/entity", query_string={"iri": person}).status_code == 404
    for role, named in (("viewer", False), ("editor", True)):
        page = login(app.test_client(), role).get("/workspace/history",
                                                   query_string={"iri": person})  # fmt: skip
        text = html_unescape(page.get_data(as_text=True))
        heading = re.search(r"<h1[^>]*>(.*?)</h1>", text, re.S)
        assert heading, text[:500]
        assert ("Vargas" in heading[1]) == named, (role, heading[1])
        assert ("Vargas" in text) == named, role
    viewer = login(app.test_client(), "viewer").get("/workspace/history",
                                                    query_string={"iri": person})  # fmt: skip
    assert "ein Eintrag ohne öffentliche Daten" in html_unescape(viewer.get_data(as_text=True))


def test_a_conflicting_revert_names_the_change_in_its_way(app: Flask) -> None:
    """Walk: a revert refused for a conflict named the newest change of the entry ("geändert
    von root", a load that had only added another name), not the change that had altered
    the very statement the revert would restore."""
    writer = app.extensions["akteursgraph.writer"]
    graph = ox.NamedNode(BASE + "graph/public/example")

    def name(text: str) -> ox.Quad:
        return ox.Quad(
            ox.NamedNode(ORG), ox.NamedNode(SKOS + "altLabel"), ox.Literal(text, language="de"),
            graph,
        )  # fmt: skip

    def by(author: str, change: Change) -> str:
        meta = ChangeMeta(author=author, origin="cli-load", comment=author)
        return writer.commit(change, meta).change_id

    first = by("anna", Change(add=[name("Erster Zweitname")]))
    by("berta", Change(remove=[name("Erster Zweitname")]))  # in the revert's way
    by("carl", Change(add=[name("Ganz anderer Name")]))  # the entry's newest change
    editor = login(app.test_client(), "editor")
    token = csrf_token(editor, f"/workspace/history?iri={ORG}")
    form = {"iri": ORG, "comment": "Versehen", "csrf_token": token, "change": first}
    answer = editor.post("/workspace/history/revert", data=form, follow_redirects=True)
    said = visible_text(answer.get_data(as_text=True))
    assert "Konflikt" in said and "geändert von berta am" in said, said
    assert "geändert von carl" not in said, said
    # And which statement is in the way, in words, as the command line names it (walk).
    in_the_way = said.split("Im Weg, seither geändert:", 1)[1]
    assert "Erster Zweitname" in in_the_way.split("Warum", 1)[0], said


def test_each_drafts_controls_name_it(app: Flask) -> None:
    """With several drafts the queue's buttons read "Veröffentlichen, Ablehnen" again and
    again in a screen reader's list, and every comment box had the same label (keyboard
    walk; WCAG 2.4.6). Each names its draft; the visible word comes first (2.5.3)."""
    app_draft(app, EDITOR)
    page = login(app.test_client(), "reviewer").get("/workspace/review").get_data(as_text=True)
    publish = re.findall(r'value="publish"[^>]*aria-label="([^"]+)"', page)
    reject = re.findall(r'value="reject"[^>]*aria-label="([^"]+)"', page)
    assert publish and reject, page
    named = r"Änderung vom \d{1,2}\. \w+ 20\d\d, \d\d:\d\d UTC, von editor: " + re.escape(OLD_LABEL)
    assert all(re.fullmatch("Veröffentlichen: " + named, p) for p in publish), publish
    assert all(re.fullmatch("Ablehnen: " + named, r) for r in reject), reject
    assert re.search(r'Kommentar \(zum Ablehnen nötig\)<span class="kern-sr-only">: ' + named, page)


def test_two_drafts_of_one_person_in_one_minute_have_controls_of_their_own(app: Flask) -> None:
    """Walk: a draft from a form and one sent with an API token by the same editor in the
    same minute had buttons and comment boxes of one name ("Veröffentlichen: Änderung vom
    …, 17:02 UTC, von edda"), and a keyboard user published the wrong one. They also name
    what they touch."""
    writer = app.extensions["akteursgraph.writer"]
    app_draft(app, EDITOR)
    other = BASE + "example/organisation/afrodeutsche-studierendeninitiative-nord"
    name = ox.Literal("Token-Test", language="de")
    added = ox.Quad(
        ox.NamedNode(other), ox.NamedNode(SKOS + "altLabel"), name,
        ox.NamedNode(BASE + "graph/public/example"),
    )  # fmt: skip
    meta = ChangeMeta(author=EDITOR, origin=ORIGIN_FORM, comment="Token-Test")
    assert isinstance(submit(writer, Change(add=[added]), meta, review_required=True), Draft)
    page = login(app.test_client(), "reviewer").get("/workspace/review").get_data(as_text=True)
    publish = re.findall(r'value="publish"[^>]*aria-label="([^"]+)"', html_unescape(page))
    assert len(publish) == len(set(publish)) == 2, publish
    assert any(NEW_LABEL in p or OLD_LABEL in p for p in publish), publish
    assert any("Afrodeutsche Studierendeninitiative Nord" in p for p in publish), publish
