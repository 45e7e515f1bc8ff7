"""The workspace's review queue, history with revert, people's consent and the reviewers'
mail (issue 14, items 3 to 6a): the core's functions, then the pages on the real app."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from akteursgraph import explore
from akteursgraph.changes import ORIGIN_FORM, ChangeMeta, Draft, History, submit
from akteursgraph.changes.preview import draft_review
from akteursgraph.commit import Writer
from akteursgraph.namespaces import SKOS
from akteursgraph.notify import Mailer, MailSettings
from akteursgraph.people.purposes import PUBLIC_NAMING
from akteursgraph.people.records import consent_change, person_consents
from akteursgraph.store import Change, Store

from .example_people import example_person

BASE = "https://w3id.org/akteursgraph/mitte/"
ORG = BASE + "example/organisation/afghanische-frauenwerkstatt-tiergarten"
OLD_LABEL = "Afghanische Frauenwerkstatt Tiergarten e.V. (Beispiel)"
NEW_LABEL = "Afghanische Frauenwerkstatt Moabit e.V. (Beispiel)"
PERSON = example_person("Amani Njeri")
LABEL = ox.NamedNode(SKOS + "prefLabel")


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
    assert "2026-02-30" in caught.value.de and re.search("valid time", caught.value.en)


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
