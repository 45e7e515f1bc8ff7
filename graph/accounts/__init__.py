"""Staff accounts: roles, password hashes, sessions, personal API tokens.

- `model`: what an account is, the roles in rising order, the rules for names and passwords.
- `registry`: the accounts of a store (a SQLite file beside the history), sessions, tokens.
- `secret`: the web app's secret key, made once per store.

No web code here: the web layer (`akteursgraph_web.auth`) turns these into logins.
"""

from __future__ import annotations

from .model import ADMIN, EDITOR, REVIEWER, ROLES, VIEWER, Account, check_role, role_name
from .registry import TOKEN_PREFIX, Accounts, TokenInfo
from .schema import ACCOUNTS_FILE, ACCOUNTS_FILES
from .secret import SECRET_FILE, secret_key

__all__ = [
    "ACCOUNTS_FILE",
    "ACCOUNTS_FILES",
    "ADMIN",
    "EDITOR",
    "REVIEWER",
    "ROLES",
    "SECRET_FILE",
    "TOKEN_PREFIX",
    "VIEWER",
    "Account",
    "Accounts",
    "TokenInfo",
    "check_role",
    "role_name",
    "secret_key",
]
