"""What an account is: a name, a role, and what may stop its sessions.

Roles rise: a viewer reads the workspace, an editor changes data (through review), a reviewer
publishes or rejects drafts, an admin manages accounts. Each role may do what the ones below
it may. The web layer asks `has_role`; the core never decides about requests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import UsageError

VIEWER = "viewer"
EDITOR = "editor"
REVIEWER = "reviewer"
ADMIN = "admin"
#: In rising order: each role includes the ones before it.
ROLES = (VIEWER, EDITOR, REVIEWER, ADMIN)
#: The roles as the workspace and its messages name them (German, English); the command line
#: and the accounts file keep the codes above.
ROLE_NAMES = {
    VIEWER: ("Lesen", "viewer"),
    EDITOR: ("Bearbeiten", "editor"),
    REVIEWER: ("Prüfen", "reviewer"),
    ADMIN: ("Verwalten", "administrator"),
}


def role_name(role: str, lang: str) -> str:
    """A role in words ("Prüfen" / "reviewer"); an unknown code as it is."""
    de, en = ROLE_NAMES.get(role, (role, role))
    return de if lang == "de" else en


#: A name is what the history records as the author: short, no spaces, no markup.
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")
#: NIST SP 800-63B asks for at least 8; staff accounts write public data, so a little more.
MIN_PASSWORD_LENGTH = 10


@dataclass(frozen=True)
class Account:
    """One staff account as read from the accounts file (never its password hash)."""

    name: str
    role: str
    disabled: bool = False
    #: Raised by a password change and by disabling: sessions made before end at once.
    session_version: int = 1
    #: A second factor (TOTP) is set up, and whether the account must use it.
    totp_enrolled: bool = False
    totp_required: bool = False
    created: str = ""

    def has_role(self, role: str) -> bool:
        """Whether this account may do what `role` may (roles rise: admin includes all)."""
        return ROLES.index(self.role) >= ROLES.index(check_role(role))


def check_role(role: str) -> str:
    if role not in ROLES:
        raise UsageError(
            f"Unbekannte Rolle {role!r}; möglich sind {', '.join(ROLES)}.",
            f"Unknown role {role!r}; possible are {', '.join(ROLES)}.",
            where=role,
        )
    return role


def check_name(name: str) -> str:
    if not NAME_PATTERN.fullmatch(name):
        raise UsageError(
            "Ein Kontoname hat 1 bis 64 Zeichen: Buchstaben a-z und A-Z (ohne Umlaute und ß), "
            "Ziffern und . _ @ - (kein Leerzeichen), und beginnt mit einem Buchstaben oder "
            "einer Ziffer.",
            "An account name has 1 to 64 characters: letters a-z and A-Z (no accents), digits "
            "and . _ @ - (no space), starting with a letter or a digit.",
            where=name,
        )
    return name


#: An e-mail address as the reviewers' mail needs it: one @, no blanks, a dot in the domain.
EMAIL_PATTERN = re.compile(r"[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;.]+")


def check_email(email: str) -> str:
    if len(email) > 254 or not EMAIL_PATTERN.fullmatch(email):
        raise UsageError(
            f"Keine gültige E-Mail-Adresse: {email!r} (z. B. name@bezirksamt.example).",
            f"Not a valid e-mail address: {email!r} (e.g. name@bezirksamt.example).",
            where="email",
        )
    return email


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UsageError(
            f"Das Passwort ist zu kurz: mindestens {MIN_PASSWORD_LENGTH} Zeichen.",
            f"The password is too short: at least {MIN_PASSWORD_LENGTH} characters.",
        )
    return password
