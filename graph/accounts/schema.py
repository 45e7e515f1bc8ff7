"""The layout of the accounts file (a SQLite file in the store folder, beside the history)."""

from __future__ import annotations

ACCOUNTS_FILE = "accounts.sqlite3"
#: Files SQLite keeps beside it (the rollback journal, while a write is under way).
ACCOUNTS_FILES = (ACCOUNTS_FILE, ACCOUNTS_FILE + "-journal")
SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS accounts (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    -- Argon2id hash (PHC string); NULL: no local password (single sign-on only)
    password TEXT,
    disabled INTEGER NOT NULL DEFAULT 0,
    session_version INTEGER NOT NULL DEFAULT 1,
    totp_secret TEXT,
    totp_required INTEGER NOT NULL DEFAULT 0,
    -- the last time step whose code was accepted: a code is good once (RFC 6238, 5.2)
    totp_last INTEGER NOT NULL DEFAULT 0,
    -- issuer and subject of a single sign-on identity linked to the account
    sso TEXT UNIQUE,
    created TEXT NOT NULL,
    -- where the account hears of drafts waiting for review (reviewers; NULL: no mail)
    email TEXT
);
-- A login: only the SHA-256 of the session's secret is kept, with the account's session
-- version at login (a later password change or disabling ends it) and when it was last used.
CREATE TABLE IF NOT EXISTS sessions (
    hash TEXT PRIMARY KEY,
    account TEXT NOT NULL REFERENCES accounts(name),
    version INTEGER NOT NULL,
    started TEXT NOT NULL,
    seen REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS sessions_by_account ON sessions(account);
-- Personal API tokens: the id is shown in lists, the secret only once, kept as SHA-256
-- (a random 256-bit secret needs no slow hash: nothing to guess from it).
CREATE TABLE IF NOT EXISTS tokens (
    id TEXT PRIMARY KEY,
    account TEXT NOT NULL REFERENCES accounts(name),
    hash TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    created TEXT NOT NULL,
    used TEXT
);
CREATE INDEX IF NOT EXISTS tokens_by_account ON tokens(account);
"""

ACCOUNT_COLUMNS = (
    "name, role, disabled, session_version, totp_secret IS NOT NULL, totp_required, created"
)
#: The reads of accounts, fixed text: values reach them bound (`?`), never spliced.
SELECT_ACCOUNT = "SELECT " + ACCOUNT_COLUMNS + " FROM accounts WHERE name = ?"
SELECT_ACCOUNTS = "SELECT " + ACCOUNT_COLUMNS + " FROM accounts ORDER BY name"
SELECT_SESSION = (
    "SELECT s.seen, s.version, " + ACCOUNT_COLUMNS + " FROM sessions s "
    "JOIN accounts a ON a.name = s.account WHERE s.hash = ?"
)
