"""The staff accounts of one store: a SQLite file in the store folder, beside the history.

Why a file of its own, and SQLite: accounts are no data of the graph (nothing of them may
reach a public surface, and a reload of the data must not touch them), they must survive
restarts and go along with the store folder, and the command line must manage them while
`akteursgraph serve` holds the store (the RDF store admits one process; SQLite admits
several). Connections are opened per operation, as the history does
(`akteursgraph.changes.history`), because the web app calls from threads.

Unlike the history, the file keeps SQLite's rollback journal, not a write-ahead log: reading
it then creates no file, so a server on a full disk still knows its staff (and answers a
write with "the store is reading only", not with an error of this file). Writes here are
rare (a login, an account changed) and short, so readers seldom wait for one.

Secrets are never kept: passwords as Argon2id hashes, session and token secrets as SHA-256
(random 256-bit values, which need no slow hash).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import secrets
import sqlite3
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..changes.model import utc_now
from ..errors import StoreError, UsageError
from ..sqlite_file import store_folder, transaction
from .model import REVIEWER, ROLES, Account, check_email, check_name, check_password, check_role
from .schema import (
    ACCOUNTS_FILE,
    SCHEMA,
    SCHEMA_VERSION,
    SELECT_ACCOUNT,
    SELECT_ACCOUNTS,
    SELECT_SESSION,
)
from .totp import matching_step

#: The prefix of personal API tokens, so that a leaked one is recognisable (secret scanners).
TOKEN_PREFIX = "agt_"
#: A session's last use is written at most this often (seconds): a page view is no write.
SEEN_EVERY = 30.0


def _holder(db: sqlite3.Connection, name: str) -> str | None:
    """The account whose name is `name` but for letter case: one person to the four-eyes
    rule (`changes.review.same_person`), so never a second account. Names are ASCII
    (`check_name`), which SQLite's lower() folds as casefold() does."""
    row = db.execute("SELECT name FROM accounts WHERE lower(name) = lower(?)", (name,)).fetchone()
    return row[0] if row else None


_hasher = PasswordHasher()  # argon2-cffi's defaults: Argon2id, RFC 9106's low-memory profile


@functools.cache
def _dummy_hash() -> str:
    """Checked against when the account does not exist, so that a wrong name takes as long
    as a wrong password (no telling which names exist by timing)."""
    return _hasher.hash(secrets.token_hex(16))


@dataclass(frozen=True)
class TokenInfo:
    """A personal API token as listed (never its secret)."""

    id: str
    account: str
    label: str
    created: str
    used: str | None


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


#: The writes of `Accounts._note_use` under way, per accounts file: every `Accounts` of one
#: file waits for them in `tokens` (the web app makes several: one per use in some views).
_NOTES: dict[Path, list[threading.Thread]] = {}
_NOTING = threading.Lock()


class Accounts:
    """The accounts of one store. Cheap to make: it holds a path, not a connection."""

    def __init__(self, store_path: Path | str) -> None:
        self.store_path = Path(store_path)
        self.path = self.store_path / ACCOUNTS_FILE

    @classmethod
    def at(cls, store_path: Path | str) -> Accounts:
        """The accounts of the store at `store_path`, without opening the store (so the
        `user` commands work beside a running server)."""
        return cls(store_folder(store_path))

    def _db(self, *, write: bool = True) -> contextlib.AbstractContextManager[sqlite3.Connection]:
        return transaction(
            self.path, self._error, write=write, version=SCHEMA_VERSION, create=self._create
        )

    def _create(self, conn: sqlite3.Connection) -> None:
        conn.executescript(SCHEMA)
        self.path.chmod(0o600)  # password hashes: the owner's only

    def _error(self, exc: sqlite3.Error) -> StoreError:
        return StoreError(
            f"Die Kontendatei {self.path} ist nicht lesbar oder schreibbar: {exc}",
            f"The accounts file {self.path} cannot be read or written: {exc}",
            where=str(self.path),
        )

    # ---- accounts ------------------------------------------------------------------------

    def add(self, name: str, role: str, password: str | None) -> Account:
        """A new account; `password` None makes one that can log in by single sign-on only."""
        check_name(name)
        check_role(role)
        hashed = _hasher.hash(check_password(password)) if password is not None else None
        with self._db() as db:
            holder = _holder(db, name)
            if holder == name:
                raise UsageError(
                    f"Das Konto {name} gibt es schon.",
                    f"The account {name} exists already.",
                    where=name,
                )
            if holder is not None:
                raise UsageError(
                    f"Das Konto {holder} gibt es schon: {name} unterscheidet sich nur in Groß- "
                    "und Kleinschreibung, und das Vier-Augen-Prinzip liest beide als eine "
                    "Person. Bitte einen anderen Namen wählen.",
                    f"The account {holder} exists already: {name} differs only in letter "
                    "case, and the four-eyes rule reads both as one person. Please choose "
                    "another name.",
                    where=name,
                )
            db.execute(
                "INSERT INTO accounts (name, role, password, created) VALUES (?, ?, ?, ?)",
                (name, role, hashed, utc_now()),
            )
        return self.get(name)

    def find(self, name: str) -> Account | None:
        if not self.path.exists():
            return None
        with self._db(write=False) as db:
            row = db.execute(SELECT_ACCOUNT, (name,)).fetchone()
        return _account(row) if row else None

    def of_person(self, name: str) -> Account | None:
        """The account of the person `name` names, letter case and surrounding blanks aside,
        as the four-eyes rule reads names (`changes.review.same_person`): the CLI's reviewer
        "ED1" is the editor ed1, and was let publish as someone else."""
        if not self.path.exists():
            return None
        with self._db(write=False) as db:  # casefold(): "Ks1" with a Kelvin sign is "ks1"
            holder = _holder(db, name.strip().casefold())
        return None if holder is None else self.find(holder)

    def get(self, name: str) -> Account:
        found = self.find(name)
        if found is None:
            raise UsageError(
                f"Das Konto {name} gibt es nicht.",
                f"There is no account {name}.",
                where=name,
            )
        return found

    def all(self) -> list[Account]:
        if not self.path.exists():
            return []
        with self._db(write=False) as db:
            rows = db.execute(SELECT_ACCOUNTS).fetchall()
        return [_account(r) for r in rows]

    def set_disabled(self, name: str, disabled: bool = True) -> Account:
        """Disable (or enable again) an account. Disabling ends its sessions at once; its
        tokens stop working because every use checks the account."""
        self.get(name)
        with self._db() as db:
            db.execute(
                "UPDATE accounts SET disabled = ?, session_version = session_version + ? "
                "WHERE name = ?",
                (int(disabled), int(disabled), name),
            )
            if disabled:
                db.execute("DELETE FROM sessions WHERE account = ?", (name,))
        return self.get(name)

    def set_role(self, name: str, role: str) -> Account:
        check_role(role)
        self.get(name)
        with self._db() as db:
            db.execute("UPDATE accounts SET role = ? WHERE name = ?", (role, name))
        return self.get(name)

    def set_password(self, name: str, password: str) -> Account:
        """A new password; every session of the account made before ends."""
        hashed = _hasher.hash(check_password(password))
        self.get(name)
        with self._db() as db:
            db.execute(
                "UPDATE accounts SET password = ?, session_version = session_version + 1 "
                "WHERE name = ?",
                (hashed, name),
            )
            db.execute("DELETE FROM sessions WHERE account = ?", (name,))
        return self.get(name)

    def check_password(self, name: str, password: str) -> Account | None:
        """The account if `password` is its password and it is not disabled, else None.

        Takes as long for an unknown name as for a wrong password. An old hash is
        rehashed with the current parameters on success.
        """
        row = None
        if self.path.exists():
            with self._db(write=False) as db:
                row = db.execute(
                    "SELECT password, disabled FROM accounts WHERE name = ?", (name,)
                ).fetchone()
        hashed = row[0] if row and row[0] else None
        try:
            _hasher.verify(hashed or _dummy_hash(), password)
        except (VerificationError, InvalidHashError):
            return None
        if hashed is None or row[1]:
            return None
        if _hasher.check_needs_rehash(hashed):
            with self._db() as db:
                db.execute(
                    "UPDATE accounts SET password = ? WHERE name = ?",
                    (_hasher.hash(password), name),
                )
        return self.get(name)

    # ---- single sign-on --------------------------------------------------------------------

    def sso_account(self, identity: str, name: str, role: str | None) -> Account:
        """The account of a single sign-on identity (issuer and subject): made at its first
        login (no local password), its role kept in step with what the identity provider
        says (`role` None: it says nothing, the role stays). A name that a local account
        has already is not taken over."""
        with self._db(write=False) as db:
            row = db.execute("SELECT name FROM accounts WHERE sso = ?", (identity,)).fetchone()
        if row is not None:
            account = self.get(row[0])
            if role is not None and role != account.role and not account.disabled:
                account = self.set_role(account.name, role)
            return account
        if role is None:
            raise UsageError(
                "Das Konto bekommt von der zentralen Anmeldung keine Rolle für den "
                "Akteursgraph; bitte bei der Administration eine Rolle erbitten.",
                "Single sign-on gives this account no role in the Akteursgraph; please ask "
                "the administration for one.",
                where=name,
            )
        check_name(name)
        check_role(role)
        with self._db() as db:
            if _holder(db, name) is not None:
                raise UsageError(
                    f"Den Namen {name} hat schon ein lokales Konto: die zentrale Anmeldung "
                    "übernimmt es nicht. Eine Person der Administration muss das klären.",
                    f"A local account has the name {name} already: single sign-on does not "
                    "take it over. An administrator must sort this out.",
                    where=name,
                )
            db.execute(
                "INSERT INTO accounts (name, role, password, sso, created) "
                "VALUES (?, ?, NULL, ?, ?)",
                (name, role, identity, utc_now()),
            )
        return self.get(name)

    # ---- the second factor (TOTP) ----------------------------------------------------------

    def enrol_totp(self, name: str, secret: str, code: str) -> bool:
        """Set up the second factor with `secret` once `code` proves the app has it."""
        step = matching_step(secret, code)
        if step is None:
            return False
        self.get(name)
        with self._db() as db:
            db.execute(
                "UPDATE accounts SET totp_secret = ?, totp_last = ? WHERE name = ?",
                (secret, step, name),
            )
        return True

    def check_totp(self, name: str, code: str) -> bool:
        """Whether `code` is the account's current code, not used before (each step once)."""
        with self._db() as db:
            row = db.execute(
                "SELECT totp_secret, totp_last FROM accounts WHERE name = ?", (name,)
            ).fetchone()
            if row is None or row[0] is None:
                return False
            step = matching_step(row[0], code)
            if step is None or step <= row[1]:
                return False
            db.execute("UPDATE accounts SET totp_last = ? WHERE name = ?", (step, name))
        return True

    def remove_totp(self, name: str) -> Account:
        """Forget the account's second factor (a lost phone; set up again at next login if
        it is required)."""
        self.get(name)
        with self._db() as db:
            db.execute(
                "UPDATE accounts SET totp_secret = NULL, totp_last = 0 WHERE name = ?", (name,)
            )
        return self.get(name)

    def require_totp(self, name: str, required: bool = True) -> Account:
        """Whether the account must log in with a second factor (an admin decides)."""
        self.get(name)
        with self._db() as db:
            db.execute(
                "UPDATE accounts SET totp_required = ? WHERE name = ?", (int(required), name)
            )
        return self.get(name)

    # ---- sessions ------------------------------------------------------------------------

    def open_session(self, name: str) -> str:
        """A new login of `name`: returns the session's secret (kept in the signed cookie)."""
        account = self.get(name)
        secret = secrets.token_urlsafe(32)
        with self._db() as db:
            db.execute(
                "INSERT INTO sessions VALUES (?, ?, ?, ?, ?)",
                (_sha256(secret), name, account.session_version, utc_now(), time.time()),
            )
        return secret

    def session(self, secret: str, idle_seconds: float) -> Account | None:
        """The account of a live session, else None: unknown or ended, idle longer than
        `idle_seconds`, made before the account's last password change, or disabled."""
        if not secret or not self.path.exists():
            return None
        key = _sha256(secret)
        now = time.time()
        with self._db(write=False) as db:
            row = db.execute(SELECT_SESSION, (key,)).fetchone()
        if row is None:
            return None
        seen, version, account = row[0], row[1], _account(row[2:])
        if account.disabled or version != account.session_version or now - seen > idle_seconds:
            with contextlib.suppress(StoreError):  # a full disk: it stays refused all the same
                self.end_session(secret)
            return None
        if now - seen > SEEN_EVERY:
            with contextlib.suppress(StoreError), self._db() as db:  # a full disk: stale
                db.execute("UPDATE sessions SET seen = ? WHERE hash = ?", (now, key))
        return account

    def touch(self, secret: str) -> None:
        """Count a live session as used now, however recently it was (`session` writes the
        time at most every SEEN_EVERY seconds): the workspace's "stay logged in" asks for
        the whole idle time again, from now."""
        if not secret or not self.path.exists():
            return
        with contextlib.suppress(StoreError), self._db() as db:  # a full disk: as session
            db.execute(
                "UPDATE sessions SET seen = ? WHERE hash = ?", (time.time(), _sha256(secret))
            )

    def end_session(self, secret: str) -> None:
        if not secret or not self.path.exists():
            return
        with self._db() as db:
            db.execute("DELETE FROM sessions WHERE hash = ?", (_sha256(secret),))

    def end_sessions(self, name: str) -> None:
        """End every session of `name` (all devices)."""
        with self._db() as db:
            db.execute("DELETE FROM sessions WHERE account = ?", (name,))

    # ---- personal API tokens ---------------------------------------------------------------

    def create_token(self, name: str, label: str = "") -> str:
        """A new personal API token of `name`; the returned text is its only copy."""
        self.get(name)
        token_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        with self._db() as db:
            db.execute(
                "INSERT INTO tokens (id, account, hash, label, created) VALUES (?, ?, ?, ?, ?)",
                (token_id, name, _sha256(secret), label.strip()[:100], utc_now()),
            )
        return f"{TOKEN_PREFIX}{token_id}_{secret}"

    def tokens(self, name: str) -> list[TokenInfo]:
        with _NOTING:
            notes = list(_NOTES.get(self.path, ()))
        for note in notes:  # the uses written beside their requests (`_note_use`)
            note.join()
        if not self.path.exists():
            return []
        with self._db(write=False) as db:
            rows = db.execute(
                "SELECT id, account, label, created, used FROM tokens WHERE account = ? "
                "ORDER BY created, id",
                (name,),
            ).fetchall()
        return [TokenInfo(*r) for r in rows]

    def revoke_token(self, name: str, token_id: str) -> None:
        """Revoke one of `name`'s tokens (another account's token id is not found)."""
        with self._db() as db:
            gone = db.execute(
                "DELETE FROM tokens WHERE id = ? AND account = ?", (token_id, name)
            ).rowcount
        if not gone:
            raise UsageError(
                f"Das Konto {name} hat keinen Schlüssel {token_id}.",
                f"The account {name} has no token {token_id}.",
                where=token_id,
            )

    def token_account(self, token: str) -> Account | None:
        """The account a personal API token belongs to, if the token is valid and the
        account is not disabled; else None."""
        if not token.startswith(TOKEN_PREFIX) or not self.path.exists():
            return None
        token_id, _, secret = token.removeprefix(TOKEN_PREFIX).partition("_")
        with self._db(write=False) as db:
            row = db.execute(
                "SELECT account, hash, used FROM tokens WHERE id = ?", (token_id,)
            ).fetchone()
        if row is None or not hmac.compare_digest(row[1], _sha256(secret)):
            return None
        account = self.find(row[0])
        if account is None or account.disabled:
            return None
        # When it was last used is a help for its owner, no condition of its use: a full disk
        # must not stop a change that the store could still take. To the minute is enough
        # for that, and spares a client's run of updates a synced write each (~30 ms).
        now = utc_now()
        if (row[2] or "")[:16] != now[:16]:
            self._note_use(token_id, now)
        return account

    def _note_use(self, token_id: str, now: str) -> None:
        """Write when a token was used in a thread of its own, beside the request that uses
        it: a synced write of this file took 107 ms of a staff update's acknowledgement under
        a publication's disk load, and waits up to 30 s while another writer holds the file.
        `tokens` waits for these writes, so that the owner's list shows the use."""

        def write() -> None:
            with contextlib.suppress(StoreError), self._db() as db:
                db.execute("UPDATE tokens SET used = ? WHERE id = ?", (now, token_id))

        thread = threading.Thread(target=write, name="token use", daemon=True)
        with _NOTING:
            under_way = [t for t in _NOTES.get(self.path, ()) if t.is_alive()]
            _NOTES[self.path] = [*under_way, thread]
        thread.start()

    # ---- e-mail for the reviewers' mail (akteursgraph.notify) -----------------------------

    def set_email(self, name: str, email: str | None) -> None:
        """Set (or, with None or "", remove) the address where `name` hears of drafts."""
        self.get(name)
        value = check_email(email.strip()) if email and email.strip() else None
        with self._db() as db:
            db.execute("UPDATE accounts SET email = ? WHERE name = ?", (value, name))

    def email(self, name: str) -> str | None:
        if not self.path.exists():
            return None
        with self._db(write=False) as db:
            row = db.execute("SELECT email FROM accounts WHERE name = ?", (name,)).fetchone()
        return row[0] if row else None

    def reviewer_emails(self, *, excluding: str = "") -> list[str]:
        """The addresses of the enabled accounts that may review (reviewer and admin), but
        not of `excluding` (a draft's author cannot review it), compared as the four-eyes
        rule compares names."""
        if not self.path.exists():
            return []
        roles = [r for r in ROLES if ROLES.index(r) >= ROLES.index(REVIEWER)]
        with self._db(write=False) as db:
            rows = db.execute(
                "SELECT name, email FROM accounts WHERE email IS NOT NULL AND disabled = 0 "
                f"AND role IN ({', '.join('?' * len(roles))}) ORDER BY name",  # fixed count
                roles,
            ).fetchall()
        author = excluding.strip().casefold()
        return [email for name, email in rows if name.strip().casefold() != author]


def _account(row: tuple) -> Account:
    name, role, disabled, version, totp, totp_required, created = row
    return Account(
        name=name,
        role=role,
        disabled=bool(disabled),
        session_version=int(version),
        totp_enrolled=bool(totp),
        totp_required=bool(totp_required),
        created=created,
    )
