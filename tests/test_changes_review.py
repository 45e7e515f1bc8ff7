"""Review (issue 11, item 3): an editor's change to public data waits for a second person."""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable

import pyoxigraph as ox
import pytest
from flask import Flask

from akteursgraph.changes import (
    ORIGIN_ERASURE,
    ORIGIN_SPARQL_UPDATE,
    ChangeMeta,
    Draft,
    History,
    drafts,
    publish,
    reject,
    replace,
    set_review_required,
    submit,
)
from akteursgraph.commit import Commit, Writer
from akteursgraph.errors import ConflictError, ReviewRefused, UsageError
from akteursgraph.findings import ValidationFailed
from akteursgraph.namespaces import SKOS
from akteursgraph.store import Change, Store

from .conftest import api_token, dump, run_cli
from .test_changes import EX, INTERNAL, META, addressed, organisation, relabel, restreet

EDITOR = ChangeMeta(author="eve", origin=ORIGIN_SPARQL_UPDATE, comment="from the office")


def test_an_editors_public_change_is_a_draft_until_another_person_publishes_it(
    vocab_store: Store,
) -> None:
    writer = Writer(vocab_store)
    seen: list[Commit] = []
    writer.subscribe("test", seen.append)
    before = dump(vocab_store)
    draft = submit(writer, Change(add=organisation("p", "Verein P", "Club P")), EDITOR)
    assert isinstance(draft, Draft) and draft.added == 4
    assert dump(vocab_store) == before and seen == []  # nothing reached the store
    [waiting] = drafts(vocab_store.path)
    assert (waiting["id"], waiting["author"]) == (draft.change_id, "eve")
    assert waiting["status"] == "draft"
    with pytest.raises(ReviewRefused) as caught:
        publish(writer, draft.change_id, reviewer="Eve ")
    assert "Vier-Augen" in caught.value.de and "Four-eyes" in caught.value.en
    assert caught.value.exit_code == 1 and dump(vocab_store) == before
    done = publish(writer, draft.change_id, reviewer="rita", comment="checked")
    assert done.change_id == draft.change_id and seen[0].change_id == draft.change_id
    assert set(organisation("p", "Verein P", "Club P")) <= set(vocab_store.quads())
    record = writer.history.get(draft.change_id)
    assert (record.status, record.reviewer, record.review_comment, record.author) == (
        "applied", "rita", "checked", "eve"
    )  # fmt: skip
    assert drafts(vocab_store.path) == []
    with pytest.raises(UsageError):  # published once
        publish(writer, draft.change_id, reviewer="rita")


@pytest.mark.parametrize(
    ("meta", "graph_public", "required"),
    [
        (EDITOR, False, True),  # internal graphs only: contact data, notes
        (EDITOR, True, False),  # the setting is off
        (META, True, True),  # the operator's CLI load
        (ChangeMeta(author="eve", origin=ORIGIN_ERASURE), True, True),  # an erasure
    ],
)
def test_what_applies_at_once(
    vocab_store: Store, meta: ChangeMeta, graph_public: bool, required: bool
) -> None:
    quads = (
        organisation("q", "Verein Q", "Club Q")
        if graph_public
        else organisation("q", "Verein Q", "Club Q", INTERNAL)
    )
    done = submit(Writer(vocab_store), Change(add=quads), meta, review_required=required)
    assert isinstance(done, Commit) and set(quads) <= set(vocab_store.quads())


def test_an_editors_change_of_public_and_internal_data_is_a_draft_as_a_whole(
    vocab_store: Store,
) -> None:
    """The internal part (a note, contact data) of a change that touches public data waits
    with it: nothing of it is applied before review."""
    writer = Writer(vocab_store)
    public = organisation("pi", "Verein PI", "Club PI")
    note = ox.Quad(public[0].subject, ox.NamedNode(SKOS + "note"), ox.Literal("intern"), INTERNAL)
    before = dump(vocab_store)
    draft = submit(writer, Change(add=[*public, note]), EDITOR)
    assert isinstance(draft, Draft) and draft.touches_public and draft.added == 5
    assert dump(vocab_store) == before  # the internal note is not there either
    publish(writer, draft.change_id, reviewer="rita")
    assert {*public, note} <= set(vocab_store.quads())


def test_the_store_setting_decides_by_default_and_is_on_unless_switched_off(
    vocab_store: Store,
) -> None:
    writer = Writer(vocab_store)
    assert isinstance(submit(writer, Change(add=organisation("r", "R", "R")), EDITOR), Draft)
    set_review_required(vocab_store.path, False)
    assert isinstance(submit(writer, Change(add=organisation("s", "S", "S")), EDITOR), Commit)
    assert Store.open(vocab_store.path, read_only=True).base_iri == vocab_store.base_iri


def test_an_explicit_draft_waits_even_from_the_operator(vocab_store: Store) -> None:
    meta = ChangeMeta(author="op", origin="cli-load", draft=True)
    quads = organisation("t", "Verein T", "Club T", INTERNAL)
    assert isinstance(submit(Writer(vocab_store), Change(add=quads), meta), Draft)


def test_a_draft_is_validated_when_saved_and_again_when_published(
    vocab_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = Writer(vocab_store)
    with pytest.raises(ValidationFailed):  # a broken draft is not saved
        submit(writer, Change(add=organisation("u", "V", "C")[:1]), EDITOR)
    assert drafts(vocab_store.path) == []
    draft = submit(writer, Change(add=organisation("u", "Verein U", "Club U")), EDITOR)
    calls: list[Change] = []
    real = writer.validator.checks_for  # what the write path validates with

    def counted(store: object, change: Change) -> object:
        calls.append(change)
        return real(store, change)

    monkeypatch.setattr(writer.validator, "checks_for", counted)
    publish(writer, draft.change_id, reviewer="rita")
    assert len(calls) == 1 and set(calls[0].add) == set(organisation("u", "Verein U", "Club U"))


def test_a_conflict_between_two_editors_is_reported_never_merged(vocab_store: Store) -> None:
    writer = Writer(vocab_store)
    base = writer.commit(Change(add=organisation("w", "Verein W", "Club W")), META)
    first = submit(writer, relabel("w", "Verein W", "Verein Weh"), EDITOR)
    other = ChangeMeta(author="otto", origin=ORIGIN_SPARQL_UPDATE)
    second = submit(writer, relabel("w", "Verein W", "Verein Wee"), other)
    assert isinstance(first, Draft) and isinstance(second, Draft)
    publish(writer, first.change_id, reviewer="rita")
    before = dump(vocab_store)
    with pytest.raises(ConflictError) as caught:
        publish(writer, second.change_id, reviewer="rita")
    text = caught.value.en
    assert f"{EX}organisation/w" in text
    assert f"{base.change_id} -> {first.change_id}" in text  # based on -> now
    assert caught.value.exit_code == 1 and "Konflikt" in caught.value.de
    assert dump(vocab_store) == before
    assert History(vocab_store.path).get(second.change_id).status == "draft"


def test_two_editors_drafts_of_the_same_street_conflict_never_merged(
    vocab_store: Store,
) -> None:
    """Issue 11 audit: drafts that edit only a blank node (an address's street) touched no
    entity, so both published and the address ended with two streets."""
    writer = Writer(vocab_store)
    base = writer.commit(Change(add=addressed("sw", "Alte Str. 1")), META)
    first = submit(writer, restreet(vocab_store, "sw", "Alte Str. 1", "Neue Str. 2"), EDITOR)
    other = ChangeMeta(author="otto", origin=ORIGIN_SPARQL_UPDATE)
    second = submit(writer, restreet(vocab_store, "sw", "Alte Str. 1", "Weg 3"), other)
    assert isinstance(first, Draft) and isinstance(second, Draft)
    iri = f"{EX}organisation/sw"
    assert writer.history.bases(second.change_id) == {iri: base.change_id}
    publish(writer, first.change_id, reviewer="rita")
    before = dump(vocab_store)
    with pytest.raises(ConflictError) as caught:
        publish(writer, second.change_id, reviewer="rita")
    assert f"{base.change_id} -> {first.change_id}" in caught.value.en and iri in caught.value.en
    assert dump(vocab_store) == before
    assert History(vocab_store.path).get(second.change_id).status == "draft"


def test_a_blank_author_or_reviewer_is_refused(vocab_store: Store) -> None:
    """`--agent "  "` recorded a blank author, whose draft anyone could publish, and a blank
    reviewer; the history must say who."""
    with pytest.raises(UsageError, match="a name is required"):
        ChangeMeta(author="  ", origin=ORIGIN_SPARQL_UPDATE)
    writer = Writer(vocab_store)
    draft = submit(writer, Change(add=organisation("x", "Verein X", "Club X")), EDITOR)
    history = History(vocab_store.path)
    for act in (
        lambda: publish(writer, draft.change_id, reviewer=" "),
        lambda: reject(history, draft.change_id, reviewer="", comment="no"),
    ):
        with pytest.raises(UsageError, match="reviewer: a name is required"):
            act()
    assert history.get(draft.change_id).status == "draft"


def test_names_are_recorded_without_the_blanks_typed_around_them(vocab_store: Store) -> None:
    """Walk of 2026-12-07: `load --agent " REV1 "` was recorded, and shown by `drafts`, as
    " REV1 " ("von/by  REV1 "), though the four-eyes rule read it as "rev1"."""
    writer = Writer(vocab_store)
    history = History(vocab_store.path)
    meta = ChangeMeta(author=" REV1 ", origin=ORIGIN_SPARQL_UPDATE, comment="from the office")
    published = submit(writer, Change(add=organisation("x", "Verein X", "Club X")), meta)
    publish(writer, published.change_id, reviewer=" Rita\t")
    rejected = submit(writer, Change(add=organisation("y", "Verein Y", "Club Y")), meta)
    reject(history, rejected.change_id, reviewer="  rita ", comment="a duplicate")
    for change_id in (published.change_id, rejected.change_id):
        record = history.get(change_id)
        assert record.author == "REV1", record
        assert record.reviewer in ("Rita", "rita"), record


def test_a_rejected_draft_keeps_its_reason_and_never_reaches_the_store(
    vocab_store: Store,
) -> None:
    writer = Writer(vocab_store)
    before = dump(vocab_store)
    draft = submit(writer, Change(add=organisation("x", "Verein X", "Club X")), EDITOR)
    history = History(vocab_store.path)
    with pytest.raises(UsageError):
        reject(history, draft.change_id, reviewer="rita", comment="")
    with pytest.raises(ReviewRefused):
        reject(history, draft.change_id, reviewer="eve", comment="mine")
    record = reject(history, draft.change_id, reviewer="rita", comment="a duplicate")
    assert (record.status, record.reviewer, record.review_comment) == (
        "rejected", "rita", "a duplicate"
    )  # fmt: skip
    with pytest.raises(UsageError, match="not a draft"):
        publish(writer, draft.change_id, reviewer="rita")
    assert dump(vocab_store) == before


def test_an_author_replaces_her_own_draft_by_one_holding_the_whole_change(
    vocab_store: Store,
) -> None:
    """Issue 14, journey 1: an editor corrects her own draft before review."""
    writer = Writer(vocab_store)
    before = dump(vocab_store)
    first = submit(writer, Change(add=organisation("y", "Verein Y", "Club Y")), EDITOR)
    assert isinstance(first, Draft)
    with pytest.raises(ReviewRefused):  # only the author replaces her own draft
        replace(writer, first.change_id, relabel("y", "Verein Y", "Verein Ypsilon"),
                ChangeMeta(author="otto", origin=ORIGIN_SPARQL_UPDATE))  # fmt: skip
    second = replace(
        writer,
        first.change_id,
        relabel("y", "Verein Y", "Verein Ypsilon"),
        ChangeMeta(author="eve", origin=ORIGIN_SPARQL_UPDATE, comment="name corrected"),
    )
    assert isinstance(second, Draft) and second.change_id != first.change_id
    assert dump(vocab_store) == before  # still nothing in the store
    # One draft waits, holding the whole change against the store: the label added by the
    # first draft and then changed is never removed, only the new one added.
    assert [d["id"] for d in drafts(vocab_store.path)] == [second.change_id]
    assert (second.added, second.removed) == (4, 0)
    old = writer.history.get(first.change_id)
    assert old.status == "superseded"
    assert old.review_comment and f"ersetzt durch {second.change_id}" in old.review_comment
    new = writer.history.get(second.change_id)
    assert new.detail["replaces"] == first.change_id
    assert new.comment == "from the office; name corrected"
    with pytest.raises(UsageError, match="not a draft"):  # the old one is closed
        publish(writer, first.change_id, reviewer="rita")
    publish(writer, second.change_id, reviewer="rita")
    wanted = organisation("y", "Verein Ypsilon", "Club Y")
    assert set(wanted) <= set(vocab_store.quads())
    assert not set(organisation("y", "Verein Y", "Club Y")[1:2]) & set(vocab_store.quads())


def test_replacing_a_draft_that_breaks_a_rule_keeps_the_old_one_waiting(
    vocab_store: Store,
) -> None:
    writer = Writer(vocab_store)
    first = submit(writer, Change(add=organisation("z", "Verein Z", "Club Z")), EDITOR)
    org = organisation("z", "Verein Z", "Club Z")
    broken = Change(remove=[org[1], org[3]])  # no German name, no kind: both required
    with pytest.raises(ValidationFailed):
        replace(writer, first.change_id, broken, EDITOR)
    assert [d["id"] for d in drafts(vocab_store.path)] == [first.change_id]


# ---- the canary: nothing of a draft on any public surface --------------------------------

CANARY = "Kanarienvogel-7f3a9c"
CANARY_ORG = EX + "organisation/kanarienvogel-7f3a9c"
CANARY_KIND = "https://w3id.org/akteursgraph/vocab/organisation-kind/initiative"
#: The canary's neighbour in the network (a link makes it part of that neighbourhood).
CANARY_PARENT = "https://w3id.org/akteursgraph/mitte/organisation/bezirksamt-mitte"
CANARY_UPDATE = f"""INSERT DATA {{ GRAPH <https://w3id.org/akteursgraph/mitte/graph/public/staff> {{
  <{CANARY_ORG}> a org:Organization ;
    skos:prefLabel "{CANARY}"@de, "{CANARY} (en)"@en ;
    org:classification <{CANARY_KIND}> ;
    org:subOrganizationOf <{CANARY_PARENT}> .
}} }}"""


def _surfaces(app: Flask) -> dict[str, str]:
    """What each public surface shows about the canary, once the public `/sparql` has the
    snapshot of every acknowledged change (it takes a new statement a snapshot later)."""
    assert app.extensions["akteursgraph.snapshots"].wait(60)
    client = app.test_client()
    query = urllib.parse.urlencode({"query": f'ASK {{ ?o skos:prefLabel "{CANARY}"@de }}'})
    page = client.get("/" + CANARY_ORG[len("https://w3id.org/akteursgraph/mitte/") :])
    dump_public = run_cli("export", "--public", "--format", "nq", store=app.config["STORE_PATH"])
    assert dump_public.returncode == 0, dump_public.stderr
    return {
        "sparql": client.get(f"/sparql?{query}").get_data(as_text=True),
        "entity page": page.get_data(as_text=True) if page.status_code == 200 else "",
        # the search page repeats the words searched for: search for a part of the label
        "search": client.get("/search", query_string={"q": "Kanarienvogel"}).get_data(as_text=True),
        # The canary's own kind: a page of all organisations depends on how many sort
        # before it in the example data (issue 12 added three real bodies).
        "list": client.get("/organisations", query_string={"kind": CANARY_KIND}).get_data(
            as_text=True
        ),
        "export --public": dump_public.stdout,
        "network export": client.get(
            "/api/network/export", query_string={"format": "json"}
        ).get_data(as_text=True),
        # the neighbourhood's page, all of it (not cut at the usual number of nodes)
        "network page": client.get(
            "/network/ego", query_string={"iri": CANARY_PARENT, "max_nodes": 300}
        ).get_data(as_text=True),
    }


def test_a_draft_canary_appears_on_no_public_surface_until_published(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(QUERY_WORKERS=1)
    token = api_token(app)
    resp = app.test_client().post(
        "/sparql/update",
        data=CANARY_UPDATE.encode(),
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"},
    )
    assert resp.status_code == 202, resp.get_data(as_text=True)
    change_id = resp.headers["X-Akteursgraph-Change"]
    assert change_id in resp.get_data(as_text=True)
    hidden = _surfaces(app)
    assert '"boolean": false' in hidden["sparql"].replace(":false", ": false")
    for surface, text in hidden.items():
        assert CANARY not in text, f"a draft showed on {surface}"
    publish(app.extensions["akteursgraph.writer"], change_id, reviewer="rita")
    shown = _surfaces(app)
    assert re.search(r'"boolean":\s*true', shown["sparql"])
    for surface, text in shown.items():
        if surface != "sparql":
            assert CANARY in text, f"a published change is missing on {surface}"


def test_the_update_endpoint_applies_at_once_when_review_is_off(
    make_app: Callable[..., Flask],
) -> None:
    app = make_app(QUERY_WORKERS=1, REVIEW_REQUIRED=False)
    token = api_token(app, "editor", name="amara")
    resp = app.test_client().post(
        "/sparql/update",
        data=CANARY_UPDATE.encode(),
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"},
        query_string={"comment": "typo fixed"},
    )
    assert resp.status_code == 200, resp.get_data(as_text=True)
    change_id = resp.headers["X-Akteursgraph-Change"]
    record = History(app.config["STORE_PATH"]).get(change_id)
    assert (record.status, record.author, record.origin, record.comment) == (
        "applied", "amara", "sparql-update", "typo fixed"
    )  # fmt: skip
    assert len(record.detail["sha256"]) == 64
    assert CANARY in app.test_client().get("/search", query_string={"q": CANARY}).get_data(
        as_text=True
    )


def test_an_update_that_changes_nothing_is_no_draft_and_says_so(
    make_app: Callable[..., Flask],
) -> None:
    """An editor's DELETE DATA of a public statement the store lacks was saved as an empty
    draft ("0 added, 0 removed") waiting for a reviewer; on an internal graph it answered
    "1 removed" while its change set recorded 0 (exploratory test D6)."""
    app = make_app(QUERY_WORKERS=1)
    token = api_token(app, "editor", name="amara")
    history = History(app.config["STORE_PATH"])
    for graph in ("public/staff", "internal/staff"):
        update = (
            f"DELETE DATA {{ GRAPH <https://w3id.org/akteursgraph/mitte/graph/{graph}> "
            f'{{ <{CANARY_ORG}> skos:prefLabel "{CANARY}"@de }} }}'
        )
        resp = app.test_client().post(
            "/sparql/update",
            data=update.encode(),
            headers={
                "Content-Type": "application/sparql-update",
                "Authorization": f"Bearer {token}",
            },
        )
        assert resp.status_code == 200, (graph, resp.get_data(as_text=True))
        assert "0 entfernt" in resp.get_data(as_text=True), graph
        record = history.get(resp.headers["X-Akteursgraph-Change"])
        assert (record.status, record.added, record.removed) == ("applied", 0, 0)
    assert history.drafts() == []


def test_an_update_into_a_graph_of_no_kind_names_its_graph_not_a_cli_option(
    make_app: Callable[..., Flask],
) -> None:
    """The refusal began "--graph: Ungültiger Graph …", the CLI's option (exploratory D7)."""
    app = make_app(QUERY_WORKERS=1)
    token = api_token(app, "editor", name="amara")
    resp = app.test_client().post(
        "/sparql/update",
        data=f'INSERT DATA {{ GRAPH <https://example.org/g> {{ <{CANARY_ORG}> skos:note "x" }} }}',
        headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"},
    )
    text = resp.get_data(as_text=True)
    assert resp.status_code == 400 and "Invalid graph" in text
    assert "--graph" not in text and "GRAPH" in text


@pytest.mark.parametrize(
    ("comment", "said"),
    [
        ("x" * 2001, "The comment is too long (2001 characters, at most 2000)"),
        ("harmlos\x1b[31mROT", "The comment holds a control character (U+001B, character 8)"),
    ],
)
def test_a_comment_too_long_or_with_control_characters_is_refused(
    make_app: Callable[..., Flask], vocab_store: Store, comment: str, said: str
) -> None:
    """Walk: an editor's update took a comment of 300,000 characters, and one whose escape
    sequences `history` printed to the operator's terminal (in red), with a line break
    before a line that read as a change set of its own. Refused on every way in: an update,
    a change set's meta, a reviewer's note and a rejection; line breaks and tabs are kept."""
    app = make_app(QUERY_WORKERS=1)
    token = api_token(app, "editor", name="amara")
    history = History(app.config["STORE_PATH"])
    resp = app.test_client().post(
        "/sparql/update",
        data={
            "update": f"INSERT DATA {{ GRAPH <https://w3id.org/akteursgraph/mitte/graph/"
            f'internal/staff> {{ <{CANARY_ORG}> skos:note "x" }} }}',
            "comment": comment,
        },
        headers={"Authorization": f"Bearer {token}"},
    )
    text = resp.get_data(as_text=True)
    assert resp.status_code == 400 and said in text, text
    assert "Der Kommentar" in text and history.drafts() == []
    with pytest.raises(UsageError, match=re.escape(said)):
        ChangeMeta(author="amara", origin=ORIGIN_SPARQL_UPDATE, comment=comment)
    writer = Writer(vocab_store)
    draft = submit(writer, Change(add=organisation("x", "Verein X", "Club X")), EDITOR)
    with pytest.raises(UsageError, match=re.escape(said)):
        publish(writer, draft.change_id, reviewer="rita", comment=comment)
    with pytest.raises(UsageError, match=re.escape(said)):
        reject(History(vocab_store.path), draft.change_id, reviewer="rita", comment=comment)
    assert History(vocab_store.path).get(draft.change_id).status == "draft"
    ChangeMeta(author="amara", origin=ORIGIN_SPARQL_UPDATE, comment="zwei\nZeilen\tund Tab")
