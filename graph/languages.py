"""The interface languages: one list for the explorer, the network, the CLI and the web layer."""

from __future__ import annotations

from .errors import UsageError

#: The languages the interface and the labels speak; the first is the default.
LANGUAGES = ("de", "en")


def check_lang(lang: str) -> str:
    """`lang` if the product speaks it; a usage error (HTTP 400, exit 2) otherwise."""
    if lang not in LANGUAGES:
        raise UsageError(
            f"Unbekannte Sprache {lang!r}; erlaubt: {', '.join(LANGUAGES)}.",
            f"Unknown language {lang!r}; allowed: {', '.join(LANGUAGES)}.",
            where="lang",
        )
    return lang


def fallback(lang: str) -> str:
    """The other language, for a label missing in the one asked for."""
    return "en" if lang == "de" else "de"
