"""Folding: how spelling variants meet in the search index.

Case, accents and ß are folded ("Café" -> "cafe", "Straße" -> "strasse"), and every German
umlaut is indexed twice, as the bare vowel and as the vowel with e ("Müller" -> "muller" and
"mueller"), so "Muller", "Mueller" and "Müller" all find it. The query is folded the plain
way only; the index holds both forms. A gender mark joins its word ("Referent*in").
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+")
# Combining marks (accents, umlaut dots, Arabic vowel signs) as left by NFKD. A regex runs
# in C; a per-character unicodedata.combining() loop made folding 5x slower.
_COMBINING = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u064b-\u065f\u0670"
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
_HAS_UMLAUT = re.compile("[äöüÄÖÜ]|[aouAOU]\u0308")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})
# Letters that Unicode does not decompose into a base letter plus an accent.
_LETTERS = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ı": "i", "æ": "ae", "œ": "oe"})


def _strip(text: str) -> str:
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text.translate(_LETTERS)))


def fold(text: str) -> str:
    """The plain folding: lower case (ß -> ss), accents and umlaut dots removed."""
    if text.isascii():
        return text.lower()
    return _strip(unicodedata.normalize("NFC", text).casefold())


def fold_umlauts(text: str) -> str:
    """The German folding: ä/ö/ü -> ae/oe/ue, then as `fold`."""
    if text.isascii():
        return text.lower()
    return _strip(unicodedata.normalize("NFC", text).casefold().translate(_UMLAUTS))


def foldings(text: str) -> tuple[list[str], list[str]]:
    """The words of `text` in both foldings; the second is the first when there is no
    umlaut (the common case, folded only once)."""
    plain = words(fold(text))
    if text.isascii() or not _HAS_UMLAUT.search(text):
        return plain, plain
    return plain, words(fold_umlauts(text))


#: A gender mark before the feminine ending ("Referent*in", "Lehrer:innen", "Bürger_innen",
#: "Referent/-in"): read as one word ("referentin"), as the data and the UI write it. Split
#: at the mark, "Referent*in" was "referent" and "in", and "in" (too short to be found
#: inside a word) found no speaker: the UI's own word "Referent*innen" found none of them.
#: (No look-behind for a letter: after a space, taking the mark out joins nothing, and a
#: look-behind tried at every position cost a third more than finding the words.)
#: In a compound ("Migrant*innenorganisation") the word goes on after "innen": the mark
#: joins there too ("Migrantinnen" found none of the 26 organisations of that kind), though
#: not after a slash ("Altstadt/Innenstadt" stays two words).
_GENDER_MARK = re.compile(r"(?:[*:_·]|/-?)(?=in(?:nen)?\b)|[*:_·](?=innen)")


def words(folded: str) -> list[str]:
    return _WORD.findall(_GENDER_MARK.sub("", folded))


#: A word as written, its gender mark kept where `words` joins at it (any case: the text is
#: not folded).
_WRITTEN_WORD = re.compile(r"(?:\w|(?:[*:_·]|/-?)(?=in(?:nen)?\b)|[*:_·](?=innen))+", re.IGNORECASE)


def written_words(text: str) -> list[str]:
    """The words of `text` as it writes them, one for each of `words`' words: a suggestion
    or a query shown again keeps "Migrant*innenorganisation" (without its star it read
    "Migrantinnenorganisation", female migrants only, a spelling the data never uses)."""
    return _WRITTEN_WORD.findall(text)


def written_spans(text: str) -> list[tuple[int, int]]:
    """Where each of `written_words`' words stands in `text`: a query shown again with a word
    left out keeps the rest as typed ("Manga-Bell-Platz", not "Manga Bell Platz")."""
    return [match.span() for match in _WRITTEN_WORD.finditer(text)]


#: German endings of plurals and cases, shortest first: what a word may end in where its stem
#: is what the data writes ("Veranstaltungen", "Projekte", "Workshops", "Vorträge" folded
#: "vortrage"; `SearchIndex._base_form` says which stem counts). The index finds a word by
#: its beginning, so the singular "Veranstaltung" found 16 events and its plural, the list's
#: own name, found none.
_ENDINGS = ("n", "s", "e", "en", "er", "es", "ern")
#: A stem keeps at least this many letters ("kind" of "Kinder"; "Rose" is not "Ros").
_STEM_MIN = 4


def stems(word: str) -> list[str]:
    """`word` (folded) without each ending it has, the longest stem first."""
    return [
        word[: -len(e)] for e in _ENDINGS if word.endswith(e) and len(word) - len(e) >= _STEM_MIN
    ]
