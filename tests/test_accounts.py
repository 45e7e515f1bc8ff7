"""Staff accounts in the core and on the command line (issue 14, item 1)."""

from __future__ import annotations

import json
import sqlite3
import stat
import threading
from pathlib import Path

import pytest

from akteursgraph.accounts import ACCOUNTS_FILE, Accounts, secret_key
from akteursgraph.errors import StoreError, UsageError

from .conftest import copy_store, run_cli, running_server

PASSWORD = "correct horse battery"


@pytest.fixture
def store_path(vocab_store_template: Path, tmp_path: Path) -> Path:
    return copy_store(vocab_store_template, tmp_path)


def test_a_password_is_kept_only_as_an_argon2_hash(store_path: Path) -> None:
    accounts = Accounts(store_path)
    accounts.add("amara", "editor", PASSWORD)
    raw = (store_path / ACCOUNTS_FILE).read_bytes()
    assert PASSWORD.encode() not in raw
    assert b"$argon2id$" in raw
    assert stat.S_IMODE((store_path / ACCOUNTS_FILE).stat().st_mode) == 0o600
    assert accounts.check_password("amara", PASSWORD).role == "editor"
    assert accounts.check_password("amara", PASSWORD + "x") is None
    assert accounts.check_password("nobody", PASSWORD) is None


def test_a_name_that_differs_only_in_letter_case_is_no_second_account(store_path: Path) -> None:
    """The four-eyes rule reads "Ben" and "ben" as one person: a second account "Ben" could
    take over ben's waiting draft and is no second pair of eyes for it (exploratory test)."""
    accounts = Accounts(store_path)
    accounts.add("ben", "editor", PASSWORD)
    with pytest.raises(UsageError) as refused:
        accounts.add("Ben", "reviewer", PASSWORD)
    assert "Das Konto ben gibt es schon" in refused.value.de
    assert "differs only in letter case" in refused.value.en
    with pytest.raises(UsageError):
        accounts.sso_account("https://idp.example|42", "BEN", "reviewer")
    assert [a.name for a in accounts.all()] == ["ben"]


def test_roles_rise(store_path: Path) -> None:
    reviewer = Accounts(store_path).add("rita", "reviewer", PASSWORD)
    assert reviewer.has_role("viewer") and reviewer.has_role("editor")
    assert reviewer.has_role("reviewer") and not reviewer.has_role("admin")
    with pytest.raises(UsageError):
        reviewer.has_role("superuser")


@pytest.mark.parametrize(
    ("name", "role", "password"),
    [("two words", "editor", PASSWORD), ("ok", "boss", PASSWORD), ("ok", "editor", "short")],
)
def test_bad_names_roles_and_short_passwords_are_refused(
    store_path: Path, name: str, role: str, password: str
) -> None:
    with pytest.raises(UsageError):
        Accounts(store_path).add(name, role, password)
    assert Accounts(store_path).all() == []


def test_a_name_with_an_umlaut_is_refused_with_a_message_that_says_so(store_path: Path) -> None:
    """ü and ö are letters: "letters, digits …" did not say why "jörg" was refused."""
    with pytest.raises(UsageError) as refused:
        Accounts(store_path).add("jörg", "viewer", PASSWORD)
    assert "ohne Umlaute" in refused.value.de and "no accents" in refused.value.en


def test_the_password_prompt_asks_again_in_both_languages(store_path: Path) -> None:
    added = run_cli(
        "user", "add", "amara", "--role", "admin",
        store=store_path, input_text=f"{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "Passwort wiederholen / repeat the password" in added.stderr
    assert "Repeat for confirmation" not in added.stderr


def test_a_name_is_taken_once(store_path: Path) -> None:
    Accounts(store_path).add("amara", "editor", PASSWORD)
    with pytest.raises(UsageError, match="exists"):
        Accounts(store_path).add("amara", "viewer", PASSWORD)


def test_a_session_ends_on_idle_password_change_and_disable(store_path: Path) -> None:
    accounts = Accounts(store_path)
    accounts.add("amara", "editor", PASSWORD)
    first = accounts.open_session("amara")
    assert accounts.session(first, idle_seconds=60).name == "amara"
    assert accounts.session(first, idle_seconds=-1) is None  # idle too long: ended for good
    assert accounts.session(first, idle_seconds=60) is None
    second = accounts.open_session("amara")
    accounts.set_password("amara", PASSWORD + "!")
    assert accounts.session(second, idle_seconds=60) is None
    third = accounts.open_session("amara")
    accounts.end_session(third)
    assert accounts.session(third, idle_seconds=60) is None
    fourth = accounts.open_session("amara")
    accounts.set_disabled("amara")
    assert accounts.session(fourth, idle_seconds=60) is None
    assert accounts.check_password("amara", PASSWORD + "!") is None  # disabled: no login


def test_tokens_are_shown_once_kept_hashed_and_revocable(store_path: Path) -> None:
    accounts = Accounts(store_path)
    accounts.add("amara", "editor", PASSWORD)
    token = accounts.create_token("amara", "script")
    assert token.startswith("agt_")
    assert token.split("_", 2)[2].encode() not in (store_path / ACCOUNTS_FILE).read_bytes()
    assert accounts.token_account(token).name == "amara"
    assert accounts.token_account(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    (info,) = accounts.tokens("amara")
    assert info.label == "script" and info.used
    with pytest.raises(UsageError):
        accounts.revoke_token("someone-else", info.id)
    accounts.revoke_token("amara", info.id)
    assert accounts.token_account(token) is None


def test_a_tokens_use_does_not_wait_for_the_accounts_file(store_path: Path) -> None:
    """When a token was last used is written beside the request, not in it: under a
    publication's disk load that synced write took 107 ms of a staff update's
    acknowledgement. Here another connection holds the file's write lock: the token is
    accepted all the same, and its owner's list shows the use once the lock is gone."""
    accounts = Accounts(store_path)
    accounts.add("amara", "editor", PASSWORD)
    token = accounts.create_token("amara", "script")
    (info,) = accounts.tokens("amara")
    assert info.used is None
    holder = sqlite3.connect(store_path / ACCOUNTS_FILE, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a writer holds the file (up to 30 s for others)
    found: list[object] = []
    asking = threading.Thread(target=lambda: found.append(accounts.token_account(token)))
    asking.start()
    asking.join(10)
    try:
        assert not asking.is_alive() and found[0].name == "amara"  # type: ignore[attr-defined]
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        asking.join()
    (info,) = accounts.tokens("amara")
    assert info.used


def test_a_disabled_accounts_tokens_stop(store_path: Path) -> None:
    accounts = Accounts(store_path)
    accounts.add("amara", "editor", PASSWORD)
    token = accounts.create_token("amara")
    accounts.set_disabled("amara")
    assert accounts.token_account(token) is None
    accounts.set_disabled("amara", False)
    assert accounts.token_account(token).name == "amara"


def test_the_secret_key_is_made_once_owner_only(store_path: Path) -> None:
    key = secret_key(store_path)
    assert len(key) == 64 and secret_key(store_path) == key
    assert stat.S_IMODE((store_path / "secret.key").stat().st_mode) == 0o600


def test_no_store_no_accounts(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        Accounts.at(tmp_path)


def test_cli_user_add_list_disable(store_path: Path) -> None:
    added = run_cli(
        "user", "add", "amara", "--role", "admin", "--password-stdin",
        store=store_path, input_text=PASSWORD + "\n",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert "account created: amara (admin)" in added.stderr
    assert Accounts(store_path).check_password("amara", PASSWORD).role == "admin"
    again = run_cli(
        "user", "add", "amara", "--role", "viewer", "--password-stdin",
        store=store_path, input_text=PASSWORD + "\n",
    )  # fmt: skip
    assert again.returncode == 2 and "exists already" in again.stderr
    short = run_cli(
        "user", "add", "bo", "--role", "viewer", "--password-stdin",
        store=store_path, input_text="short\n",
    )  # fmt: skip
    assert short.returncode == 2 and "zu kurz" in short.stderr and "too short" in short.stderr
    listed = run_cli("user", "list", "--format", "json", store=store_path)
    assert [(a["name"], a["role"], a["disabled"]) for a in json.loads(listed.stdout)] == [
        ("amara", "admin", False)
    ]
    disabled = run_cli("user", "disable", "amara", store=store_path)
    assert disabled.returncode == 0, disabled.stderr
    assert "gesperrt/disabled" in run_cli("user", "list", store=store_path).stdout
    assert run_cli("user", "disable", "nobody", store=store_path).returncode == 2


def test_cli_user_commands_work_while_serve_holds_the_store(store_path: Path) -> None:
    with running_server(store_path):
        added = run_cli(
            "user", "add", "amara", "--role", "editor", "--password-stdin",
            store=store_path, input_text=PASSWORD + "\n",
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        listed = run_cli("user", "list", store=store_path)
        assert listed.returncode == 0 and listed.stdout.startswith("amara\teditor")
        token = run_cli("user", "token", "amara", store=store_path)
        assert token.returncode == 0 and token.stdout.startswith("agt_")
        assert run_cli("user", "disable", "amara", store=store_path).returncode == 0


def test_accounts_go_into_backups_but_a_restore_never_brings_old_ones_back(
    store_path: Path, tmp_path: Path
) -> None:
    accounts = Accounts(store_path)
    accounts.add("amara", "admin", PASSWORD)
    token = accounts.create_token("amara")
    key = secret_key(store_path)
    assert run_cli("backup", str(tmp_path / "b"), store=store_path).returncode == 0
    assert (tmp_path / "b" / ACCOUNTS_FILE).is_file()
    assert not (tmp_path / "b" / "secret.key").exists()
    # after the backup: the token is revoked, the account disabled
    accounts.revoke_token("amara", accounts.tokens("amara")[0].id)
    accounts.set_disabled("amara")
    done = run_cli("restore", str(tmp_path / "b"), store=store_path)
    assert done.returncode == 0, done.stderr
    after = Accounts(store_path)
    assert after.get("amara").disabled and after.token_account(token) is None
    assert secret_key(store_path) == key  # sessions' key kept
    # on a new machine (no accounts there), the backup's accounts are what there is
    fresh = tmp_path / "new-machine"
    assert run_cli("restore", str(tmp_path / "b"), store=fresh).returncode == 0
    assert Accounts(fresh).token_account(token).name == "amara"


def test_init_force_keeps_the_accounts(store_path: Path) -> None:
    Accounts(store_path).add("amara", "admin", PASSWORD)
    key = secret_key(store_path)
    assert run_cli("init", "--force", store=store_path).returncode == 0
    assert Accounts(store_path).check_password("amara", PASSWORD).role == "admin"
    assert secret_key(store_path) == key


def test_cli_password_enable_and_totp(store_path: Path) -> None:
    Accounts(store_path).add("amara", "admin", PASSWORD)
    session = Accounts(store_path).open_session("amara")
    done = run_cli(
        "user", "password", "amara", "--password-stdin",
        store=store_path, input_text=PASSWORD + "-new\n",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert Accounts(store_path).session(session, idle_seconds=60) is None
    assert Accounts(store_path).check_password("amara", PASSWORD + "-new")
    assert run_cli("user", "disable", "amara", store=store_path).returncode == 0
    assert run_cli("user", "enable", "amara", store=store_path).returncode == 0
    assert not Accounts(store_path).get("amara").disabled
    assert run_cli("user", "totp", "amara", "--require", store=store_path).returncode == 0
    assert Accounts(store_path).get("amara").totp_required
    assert "TOTP" in run_cli("user", "list", store=store_path).stdout
    assert run_cli("user", "totp", "amara", store=store_path).returncode == 2  # says what
    assert run_cli("user", "totp", "amara", "--no-require", store=store_path).returncode == 0
    assert not Accounts(store_path).get("amara").totp_required
