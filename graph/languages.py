"""The interface languages (one list for the explorer, the network, the CLI and the web layer),
and the names of the languages the data speaks of (BCP 47 codes in schema:knowsLanguage and
schema:inLanguage): "fr" reads "Französisch" / "French", and "Französisch", "French" or
"fr" typed into a form mean "fr".

The names come from the CLDR data Babel carries (German and English names of some 600
languages), with the spellings of the office's lists that the import knows
(`graph/data/mappings/languages.toml`: "Farsi", "Paschto", "franz."), so a form and an import
understand the same words.
"""

from __future__ import annotations

import re
from functools import cache

from .errors import UsageError
from .resources import mappings_dir

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


#: What the shapes allow as a language code (ags:LanguageCode, the events' schema:inLanguage):
#: a form field with this pattern takes language names too (`forms.model`).
LANGUAGE_CODE_PATTERN = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"
_CODE = re.compile(LANGUAGE_CODE_PATTERN)


def language_name(code: str, lang: str) -> str:
    """'fr' -> 'Französisch' / 'French'; a code CLDR does not know stays as it is."""
    return _names_in(lang).get(code.split("-")[0], code)


@cache
def _names_in(lang: str) -> dict[str, str]:
    """CLDR's names of the languages in `lang`, read once: a list page names dozens, and
    parsing the locale for each cost more than the rest of naming them. (Babel is imported
    here: every command imports this module for `check_lang`, few name a language.)"""
    from babel import Locale, UnknownLocaleError

    try:
        return dict(Locale.parse(lang).languages)
    except (ValueError, TypeError, UnknownLocaleError):
        return {}


def _key(text: str) -> str:
    """A name as the import matches its value lists (`matching.key`: case, umlauts written
    "ue" or "ü" and a final dot do not tell names apart), so a form and an import take the
    same words. Imported here: `matching` is large, and every command imports this module."""
    from .matching import key

    return key(text)


@cache
def _listed() -> dict[str, list[str]]:
    """The import's language list: code -> the names the office's lists write."""
    import tomllib  # here, not at the top: every command imports this module (check_lang)

    text = (mappings_dir() / "languages.toml").read_text(encoding="utf-8")
    return dict(tomllib.loads(text).get("synonyms", {}))


@cache
def _codes_by_name() -> dict[str, str]:
    found: dict[str, str] = {}
    for lang in LANGUAGES:
        for code, name in _names_in(lang).items():
            if "_" not in code:  # "de_AT" is a variety, not a language the lists name
                found.setdefault(_key(name), code)
    for code, names in _listed().items():  # CLDR's names first: a form shows those
        for name in names:
            found.setdefault(_key(name), code)
    return found


def _plain_key(text: str) -> str:
    """A name with its accents and umlaut dots left out ("franzosisch", "turkce"), as a
    search box is typed, and as search finds a speaker's language."""
    from .search.folding import fold

    return " ".join(fold(text).split())


@cache
def _codes_by_other_name() -> dict[str, str]:
    """The names `_codes_by_name` does not know: each language's own ("français", "Türkçe",
    "العربية"), and every name without accents and umlaut dots. Read only when those miss
    (all locales parsed: 0.7 s once)."""
    from babel import Locale, UnknownLocaleError, localedata

    found: dict[str, str] = {}
    for lang in LANGUAGES:
        for code, name in _names_in(lang).items():
            if "_" not in code:
                found.setdefault(_plain_key(name), code)
    for code in localedata.locale_identifiers():
        if "_" in code:
            continue
        try:
            own = Locale.parse(code).languages.get(code)
        except (ValueError, UnknownLocaleError):
            continue
        if own:
            found.setdefault(_key(own), code)
            found.setdefault(_plain_key(own), code)
    return found


def language_code(text: str) -> str | None:
    """The BCP 47 code a person means by `text`: a code as it is ("fr", "pt-BR"), else a
    language's name in German or English or as the office's lists write it ("Französisch",
    "French", "franz."), its own name ("français") or any of them without accents
    ("franzosisch", "francais"): search finds a speaker by all of these, and the speaker
    directory refused the same words as a filter; None when it names no language."""
    text = text.strip()
    primary, _dash, rest = text.partition("-")
    code = primary.lower() + _dash + rest  # "FR" is "fr" (BCP 47 ignores case), "pt-BR" stays
    if _CODE.match(code):
        return code
    found = _codes_by_name().get(_key(text))
    if found or not text:
        return found
    others = _codes_by_other_name()
    return others.get(_key(text)) or others.get(_plain_key(text))


def common_languages() -> list[str]:
    """The codes the office's lists name (languages.toml), for a form's list of suggestions."""
    return list(_listed())


def language_shown(code: str, lang: str) -> str:
    """What a form's field shows for a stored code: the language's name in `lang` when that
    name reads back as the same code (so saving an unchanged form changes nothing), else the
    code itself."""
    name = language_name(code, lang)
    return name if language_code(name) == code else code
