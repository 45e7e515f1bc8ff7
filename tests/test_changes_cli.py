"""The CLI of change sets: load --comment/--draft, history, change, drafts, publish, reject,
revert, review-required; their output and exit codes (0, 1 refused or conflict, 2 usage)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from .conftest import DATA, copy_store, run_cli

NETWORK = DATA / "good" / "network.ttl"
VEREIN_A = "https://w3id.org/akteursgraph/mitte/example/organisation/verein-a"


def _history(store: Path, iri: str = VEREIN_A) -> list[dict]:
    result = run_cli("history", iri, "--format", "json", store=store)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_load_is_a_change_set_with_its_files_and_comment(
    vocab_store_template: Path, tmp_path: Path
) -> None:
    store = copy_store(vocab_store_template, tmp_path)
    loaded = run_cli(
        "load", str(NETWORK), "--agent", "alice", "--comment", "Netzwerk erfasst", store=store
    )
    assert loaded.returncode == 0, loaded.stderr
    [entry] = _history(store)
    assert entry["id"] in loaded.stderr
    assert (entry["author"], entry["origin"], entry["comment"], entry["status"]) == (
        "alice", "cli-load", "Netzwerk erfasst", "applied"
    )  # fmt: skip
    [file] = entry["detail"]["files"]
    assert file["name"] == "network.ttl" and len(file["sha256"]) == 64
    assert entry["added_words"] and entry["added_nquads"].startswith(f"<{VEREIN_A}> ")
    text = run_cli("history", VEREIN_A, store=store)
    assert text.returncode == 0
    assert "erhielt" in text.stdout and " got " in text.stdout and entry["id"] in text.stdout
    nothing = run_cli("history", "ag:Nothing", store=store)
    assert nothing.returncode == 0 and nothing.stdout == ""
    assert "no changes to <https://w3id.org/akteursgraph/ontology#Nothing>" in nothing.stderr
    # The entity as the text prints it (relative to the base IRI) finds the same change sets.
    assert "<example/organisation/verein-a>" in text.stdout
    assert _history(store, "<example/organisation/verein-a>") == [entry]
    assert _history(store, "example/organisation/verein-a") == [entry]
    # Text that cannot be an IRI is refused, not answered with "no changes".
    wrong = run_cli("history", "Verein A", store=store)
    assert wrong.returncode == 2 and "is not an IRI" in wrong.stderr and "keine IRI" in wrong.stderr
    # Also with a scheme (walk: "https://example.org/a b" answered "no changes").
    for text in (
        "https://example.org/a b", "https://example.org/x>y", "zzz:bar baz",
        "https://example.org/a%zz", "https://example.org/a#b#c",  # re-check: no IRIs as
        "1http://x", ":foo", "/x:y/z",  # the engine reads them; no scheme, yet a colon
    ):  # before the first "/": no relative references, were glued to the base # fmt: skip
        wrong = run_cli("history", text, store=store)
        assert wrong.returncode == 2 and "is not an IRI" in wrong.stderr, (text, wrong.stderr)


def test_draft_publish_reject_through_the_cli(vocab_store_template: Path, tmp_path: Path) -> None:
    store = copy_store(vocab_store_template, tmp_path)
    assert run_cli("drafts", store=store).stdout == ""
    saved = run_cli("load", str(NETWORK), "--draft", "--agent", "alice", store=store)
    assert saved.returncode == 0, saved.stderr
    [draft] = json.loads(run_cli("drafts", "--format", "json", store=store).stdout)
    assert draft["author"] == "alice" and draft["id"] in saved.stderr
    ask = ["query", "ASK { ?o a org:Organization }"]
    assert run_cli(*ask, store=store).stdout.strip() == "false"  # not in the store
    shown = run_cli("change", draft["id"], "--format", "json", store=store)
    assert json.loads(shown.stdout)["status"] == "draft"
    assert draft["id"] in run_cli("change", draft["id"], store=store).stdout
    # The status in both languages, as the rest of the text (it was "draft" alone).
    assert "  Entwurf/draft  " in run_cli("change", draft["id"], store=store).stdout

    same = run_cli("publish", draft["id"], "--agent", " ALICE ", store=store)
    assert same.returncode == 1
    assert "Vier-Augen-Prinzip" in same.stderr and "Four-eyes rule" in same.stderr
    # the author as recorded, not as the reviewer typed the name
    assert "alice hat die Änderung" in same.stderr and "ALICE" not in same.stderr
    done = run_cli("publish", draft["id"], "--agent", "rita", "--comment", "ok", store=store)
    assert done.returncode == 0, done.stderr
    assert run_cli(*ask, store=store).stdout.strip() == "true"
    entry = _history(store)[-1]
    assert (entry["reviewer"], entry["review_comment"]) == ("rita", "ok")
    said = run_cli("history", VEREIN_A, store=store).stdout
    assert "  angewandt/applied  " in said
    # the file it read, with its checksum, in the text too (walk: only the JSON said it)
    assert re.search(rf"  Datei / file: {NETWORK.name} \(SHA-256 [0-9a-f]{{64}}\)", said)

    again = run_cli("load", str(DATA / "good" / "missing-english-label.ttl"), "--draft",
                    "--agent", "alice", store=store)  # fmt: skip
    [second] = json.loads(run_cli("drafts", "--format", "json", store=store).stdout)
    assert second["id"] in again.stderr
    assert run_cli("reject", second["id"], "--agent", "rita", store=store).returncode == 2
    rejected = run_cli("reject", second["id"], "--agent", "rita", "--comment", "no", store=store)
    assert rejected.returncode == 0 and run_cli("drafts", store=store).stdout == ""
    unknown = run_cli("publish", "cs-nothing", "--agent", "rita", store=store)
    assert unknown.returncode == 2 and "cs-nothing" in unknown.stderr


def test_a_staff_account_that_may_not_review_cannot_publish_or_reject_from_the_cli(
    vocab_store_template: Path, tmp_path: Path
) -> None:
    """The CLI takes a reviewer's name on trust, but the name of an editor's account was
    recorded as a draft's reviewer (two-editors walk); a name without an account still goes."""
    store = copy_store(vocab_store_template, tmp_path)
    for name, role in (("ed2", "editor"), ("rita", "reviewer"), ("kas", "editor")):
        added = run_cli(
            "user", "add", name, "--role", role, "--password-stdin",
            store=store, input_text="ein langes Passwort 2026\n",
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
    saved = run_cli("load", str(NETWORK), "--draft", "--agent", "alice", store=store)
    assert saved.returncode == 0, saved.stderr
    [draft] = json.loads(run_cli("drafts", "--format", "json", store=store).stdout)
    # The name as the four-eyes rule reads it, letter case and blanks aside (walk: "ED1"
    # published as the editor ed1).
    for command, name in (
        (["publish"], "ed2"), (["reject", "--comment", "nein"], "ed2"),
        (["publish"], "ED2"), (["reject", "--comment", "nein"], " Ed2 "),
    ):  # fmt: skip
        refused = run_cli(*command, draft["id"], "--agent", name, store=store)
        assert refused.returncode == 2, refused.stderr
        assert "Das Konto ed2 hat die Rolle Bearbeiten" in refused.stderr
        assert "The account ed2 has the role editor" in refused.stderr
        assert json.loads(run_cli("drafts", "--format", "json", store=store).stdout) == [draft]
    # Re-check: as the four-eyes rule folds names (casefold), a Kelvin sign is a "k" and a
    # long s an "s": "\u212aa\u017f" got past the role check as the editor kas.
    refused = run_cli("reject", draft["id"], "--comment", "nein", "--agent",
                      "\N{KELVIN SIGN}a\N{LATIN SMALL LETTER LONG S}", store=store)  # fmt: skip
    assert refused.returncode == 2 and "Das Konto kas hat die Rolle" in refused.stderr, refused
    assert run_cli("user", "disable", "rita", store=store).returncode == 0
    refused = run_cli("publish", draft["id"], "--agent", "rita", store=store)
    assert refused.returncode == 2 and "ist gesperrt" in refused.stderr
    done = run_cli("publish", draft["id"], "--agent", "operator-anna", store=store)
    assert done.returncode == 0, done.stderr


def test_revert_through_the_cli_and_its_conflict(
    vocab_store_template: Path, tmp_path: Path
) -> None:
    store = copy_store(vocab_store_template, tmp_path)
    before = run_cli("export", "--format", "nq", store=store).stdout
    assert run_cli("load", str(NETWORK), store=store).returncode == 0
    [entry] = _history(store)
    assert run_cli("revert", entry["id"], store=store).returncode == 2  # --comment required
    undone = run_cli("revert", entry["id"], "--comment", "falsche Datei", store=store)
    assert undone.returncode == 0, undone.stderr
    assert sorted(run_cli("export", "--format", "nq", store=store).stdout.splitlines()) == sorted(
        before.splitlines()
    )
    twice = run_cli("revert", entry["id"], "--comment", "nochmal", store=store)
    assert twice.returncode == 1
    assert "Konflikt" in twice.stderr and "Conflict" in twice.stderr
    assert VEREIN_A in twice.stderr
    last = _history(store)[-1]
    assert (last["origin"], last["reverts"], last["comment"]) == (
        "revert", entry["id"], "falsche Datei"
    )  # fmt: skip


def test_the_review_setting(vocab_store_template: Path, tmp_path: Path) -> None:
    store = copy_store(vocab_store_template, tmp_path)
    assert run_cli("review-required", store=store).stdout.strip() == "on"
    switched = run_cli("review-required", "off", store=store)
    assert switched.stdout.strip() == "off"  # for scripts; in words on stderr
    assert "Prüfung durch eine zweite Person: aus / review by a second person: off" in (
        switched.stderr
    )
    assert json.loads((store / "akteursgraph.json").read_text())["review_required"] is False
    assert run_cli("review-required", "on", store=store).stdout.strip() == "on"
    assert run_cli("review-required", "maybe", store=store).returncode == 2
    missing = run_cli("drafts", store=tmp_path / "none")
    assert missing.returncode == 2 and "akteursgraph init" in missing.stderr


def test_init_force_keeps_the_history_and_records_the_new_data_as_a_change_set(
    vocab_store_template: Path, tmp_path: Path
) -> None:
    """Issue 11 audit: `init --force` deleted history.sqlite3, the audit trail."""
    store = copy_store(vocab_store_template, tmp_path)
    loaded = run_cli("load", str(NETWORK), "--agent", "alice", "--comment", "vorher", store=store)
    assert loaded.returncode == 0, loaded.stderr
    [earlier] = _history(store)
    assert run_cli("init", "--force", "--agent", "op", store=store).returncode == 0
    assert run_cli("query", "ASK { ?o a org:Organization }", store=store).stdout.strip() == (
        "false"
    )  # the data is gone
    [kept] = _history(store)  # its history is not
    assert (kept["id"], kept["author"], kept["comment"]) == (earlier["id"], "alice", "vorher")
    [init] = [e for e in _recent(store) if e["origin"] == "cli-init" and e["author"] == "op"]
    assert init["status"] == "applied" and init["detail"]["replaced_store"] is True
    assert init["id"] > earlier["id"]


def _recent(store: Path) -> list[dict]:
    from akteursgraph.changes import recent

    return recent(store, 50)


def test_history_pages_with_newest_and_before(vocab_store_template: Path, tmp_path: Path) -> None:
    """`--newest N` gives the N newest (oldest first) and names the `--before` of the rest;
    the pages add up to the whole history; an unknown id exits 2."""
    store = copy_store(vocab_store_template, tmp_path)
    assert run_cli("load", str(NETWORK), store=store).returncode == 0
    for i in range(4):
        note = tmp_path / f"note-{i}.trig"
        note.write_text(
            "<https://w3id.org/akteursgraph/mitte/graph/internal/test> { "
            f'<{VEREIN_A}> <http://www.w3.org/2004/02/skos/core#note> "Notiz {i}" }}\n',
            encoding="utf-8",
        )
        done = run_cli("load", str(note), store=store)
        assert done.returncode == 0, done.stderr
    every = [e["id"] for e in _history(store)]
    assert len(every) == 5

    newest = run_cli("history", VEREIN_A, "--format", "json", "--newest", "2", store=store)
    assert newest.returncode == 0, newest.stderr
    assert [e["id"] for e in json.loads(newest.stdout)] == every[-2:]
    assert f"--before {every[-2]}" in newest.stderr and "Ältere Änderungen" in newest.stderr
    rest = run_cli("history", VEREIN_A, "--format", "json", "--before", every[-2], store=store)
    assert [e["id"] for e in json.loads(rest.stdout)] == every[:-2]
    assert "--before" not in rest.stderr
    last = run_cli("history", VEREIN_A, "--newest", "9", store=store)
    assert last.returncode == 0 and "--before" not in last.stderr
    unknown = run_cli("history", VEREIN_A, "--before", "cs-not-there", store=store)
    assert unknown.returncode == 2 and "No change with the id cs-not-there" in unknown.stderr


def test_history_of_a_blank_node_says_where_its_changes_are(
    vocab_store_template: Path, tmp_path: Path
) -> None:
    """`history _:abc` was read as an IRI relative to the base and answered "no changes"."""
    store = copy_store(vocab_store_template, tmp_path)
    done = run_cli("history", "_:abc", store=store)
    assert done.returncode == 2 and "is a blank node" in done.stderr, done.stderr


def test_drafts_lists_a_draft_whose_publication_was_cut_off(
    vocab_store_template: Path, tmp_path: Path
) -> None:
    """Walk: after `serve` was killed while it published a draft, the CLI sent the operator
    to `akteursgraph drafts`, which said "no drafts" (the draft was `applying`) until the
    next start settled it. It is listed after the drafts, said to be under way or cut off."""
    import pyoxigraph as ox

    from akteursgraph.changes.history import History
    from akteursgraph.changes.model import Review, effective_delta
    from akteursgraph.store import Change, Store

    store = copy_store(vocab_store_template, tmp_path)
    saved = run_cli("load", str(NETWORK), "--draft", "--agent", "alice", store=store)
    assert saved.returncode == 0, saved.stderr
    [draft] = json.loads(run_cli("drafts", "--format", "json", store=store).stdout)
    history = History(store)
    added, _removed = history.payload(draft["id"])
    with Store.open(store) as opened:  # what a publication records first, as the kill left it
        quads = list(ox.parse(added, format=ox.RdfFormat.N_QUADS))
        delta = effective_delta(opened.dataset, Change(add=quads))
        history.begin_publish(Review(draft["id"], "rita", "ok"), delta)
    [listed] = json.loads(run_cli("drafts", "--format", "json", store=store).stdout)
    assert (listed["id"], listed["status"], listed["reviewer"]) == (draft["id"], "applying", "rita")
    text = run_cli("drafts", store=store)
    assert draft["id"] in text.stdout and "being published, or cut off" in text.stdout
    assert "wird gerade veröffentlicht" in text.stdout and "no drafts" not in text.stderr


def test_a_comment_of_several_lines_cannot_pass_for_a_change_set_of_its_own(
    vocab_store_template: Path, tmp_path: Path
) -> None:
    """Walk: a comment's line break wrote a line into `history` that read as a change set of
    its own ("cs-2099…  angewandt/applied  fake"), and its escape sequences coloured the
    operator's terminal. Further lines are indented under the comment; a control character
    a comment kept from before `check_comment` is shown by its code."""
    from akteursgraph.changes.wording import render

    store = copy_store(vocab_store_template, tmp_path)
    forged = "harmlos\ncs-20990101T000000000000Z-ffffff  angewandt/applied  fake"
    loaded = run_cli("load", str(NETWORK), "--agent", "alice", "--comment", forged, store=store)
    assert loaded.returncode == 0, loaded.stderr
    text = run_cli("history", VEREIN_A, store=store).stdout
    assert "  Kommentar / comment: harmlos\n    cs-20990101T" in text, text
    assert not re.search(r"^cs-2099", text, re.M)
    refused = run_cli("load", str(NETWORK), "--comment", "rot \x1b[31m", store=store)
    assert refused.returncode == 2 and "U+001B" in refused.stderr, refused.stderr
    [entry] = _history(store)
    entry["comment"] = "alt \x1b[31mROT\x1b[0m"
    shown = render([entry], rdf=False)
    assert "\x1b" not in shown and "alt \\x1b[31mROT\\x1b[0m" in shown
