"""The second factor: time-based one-time passwords (TOTP, RFC 6238), as authenticator apps
(FreeOTP, Aegis, Google Authenticator, ...) make them.

An account's secret is made here, shown once at set-up (as text and as an `otpauth://` URI
or QR code) and kept in the accounts file. A code counts for its 30-second step and one step
either side (clocks drift), and each step's code only once (no replay of a code seen over a
shoulder).
"""

from __future__ import annotations

import time

import pyotp

#: Steps either side of now that still count (30 s each).
DRIFT_STEPS = 1
ISSUER = "Akteursgraph"


def new_secret() -> str:
    """A new random secret (160 bits, base32), as RFC 4226 recommends."""
    return pyotp.random_base32()


def provisioning_uri(secret: str, name: str, issuer: str = ISSUER) -> str:
    """The `otpauth://totp/...` URI an authenticator app reads (typed or as a QR code)."""
    return pyotp.TOTP(secret).provisioning_uri(name=name, issuer_name=issuer)


def matching_step(secret: str, code: str, now: float | None = None) -> int | None:
    """The time step whose code `code` is (within the drift allowed), else None."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = time.time() if now is None else now
    step = int(now // totp.interval)
    for candidate in range(step - DRIFT_STEPS, step + DRIFT_STEPS + 1):
        if pyotp.utils.strings_equal(totp.generate_otp(candidate), code):
            return candidate
    return None


def code_at(secret: str, when: float) -> str:
    """The code at a moment (what the authenticator app shows then; tests and set-up)."""
    return pyotp.TOTP(secret).at(when)
