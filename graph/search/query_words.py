"""How the search reads a query's words before it looks them up: each word in its base form
(a German ending taken off where the stem is a word of the index), a word run together as the
words it holds ("Kolonialberlin" as "kolonial", "berlin"), the words that only join the others
(`FILLER_WORDS`), and what the page says of each of them.

`QueryWords` is a part of `SearchIndex` (its base class): it reads the index's words
(`_postings`, the sorted `_tokens`, `_inside`) and asks `Suggestions` how a word is written
and what it is spelt like. Kept apart from the index's building and ranking because it is
the part that knows German words, and the part most often mended.
"""

from __future__ import annotations

import bisect
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .folding import fold, stems, words, written_words
from .inside import INSIDE_MIN, split_word

if TYPE_CHECKING:
    from .inside import Inside


#: A stem that is no word of the index but begins words stands for a word found nowhere
#: only with this many letters: "chil" of "Chile" began "children" and found "Schilder".
_STEM_BEGINS = 5


#: The endings a word loses where German runs it into the next one ("koloniale" in
#: "Kolonialgeschichte", "Afrikanische" in "Afrikanischviertel" as people type it).
_COMPOUND_ENDINGS = ("e", "en", "er", "es")


#: A filler run into a word stands between words of this many letters at least
#: (`SearchIndex._fillers_fit`): "Hausderkulturen", not "Mai in liste" for "maiingliste".
_FILLER_NEIGHBOUR = 4


#: A query's words as typed, each with the index's words it folds into (`typed_words`).
TypedWords = list[tuple[str, list[str]]]


def typed_words(text: str) -> TypedWords:
    """Each word of a query as typed, with the index's words it folds into: suggestions put
    the words back as the person wrote them."""
    return [(word, words(fold(word))) for word in written_words(unicodedata.normalize("NFC", text))]


#: Words that join a query's words without asking for anything ("Referentin für
#: Kolonialgeschichte", "Kolonialgeschichte und Französisch"), German and English, folded as
#: the index folds. The explorer's search leaves them out where the query has other words:
#: searched, "für" began "Further training" (a format's English name) and found 2 of the 5
#: speakers on colonial history, one "because" of that format; "und" turned 5 into 0.
FILLER_WORDS = frozenset(
    words(
        fold(
            "der die das den dem des ein eine einer eines einem einen und oder für mit von "
            "vom zu zum zur im in am an auf aus bei über nach sowie "
            "fuer ueber "  # as typed without umlauts: "Referentin fuer Kolonialgeschichte"
            # the words around a topic or a language in a sentence: "Referentin zum Thema
            # Kolonialgeschichte", "…, die Französisch spricht" found nothing at all
            "thema themen bereich gebiet spricht sprechen "
            "the a and or of for with to on at by from about topic who speaks speak"
        )
    )
)


def is_filler(parts: list[str]) -> bool:
    """Whether a typed word (as the index's words it folds into) is one of `FILLER_WORDS`."""
    return bool(parts) and set(parts) <= FILLER_WORDS


def without_fillers(typed: list[tuple[str, list[str]]]) -> tuple[str, list[str]]:
    """The query (its words as `typed_words` or `SearchIndex._typed_apart` give them) without
    its `FILLER_WORDS` (as typed), and those left out; the query as it is when it has no
    other words."""
    kept = [w for w, parts in typed if not is_filler(parts)]
    if not kept or len(kept) == len(typed):
        return " ".join(w for w, _parts in typed), []
    left_out: dict[tuple[str, ...], str] = {}  # "Der" and "der" once, as first typed
    for w, parts in typed:
        if is_filler(parts):
            left_out.setdefault(tuple(parts), w)
    return " ".join(kept), list(left_out.values())


def _stem_candidates(token: str) -> list[str]:
    """`token` without each German ending it has, the longest stem first, then the same of
    it typed with "ae", "oe", "ue" for an umlaut ("Vortraege": "vortrag"): what
    `QueryWords._base_form` and `QueryWords._with_ending` both take a stem from."""
    plain = token.replace("ae", "a").replace("oe", "o").replace("ue", "u")
    return stems(token) + (stems(plain) if plain != token else [])


def cuts_in_typed(written: str, token: str, parts: list[str]) -> list[tuple[str, tuple[int, int]]]:
    """Where each of `parts` (`token`, folded from `written`, split) stands in `written`:
    folding may change a word's length ("ß" is "ss"), so the typed word is folded a letter
    at a time. (0, 0) where a part does not begin or end at a letter of it."""
    ends = {len("".join(words(fold(written[:i])))): i for i in range(len(written) + 1)}
    found: list[tuple[str, tuple[int, int]]] = []
    at = 0
    for part in parts:
        start, end = ends.get(at), ends.get(at + len(part))
        found.append((part, (start, end) if start is not None and end is not None else (0, 0)))
        at += len(part)
    return found


class QueryWords:
    """The reading of a query's words, on the index's words (see the module docstring)."""

    _postings: dict[str, list[int]]
    _tokens: list[str]
    _inside: Inside

    def _begins(self, token: str) -> bool:
        """Whether a word of the index begins with `token`."""
        tokens = self._tokens
        i = bisect.bisect_left(tokens, token)
        return i < len(tokens) and tokens[i].startswith(token)

    def _base_form(self, token: str) -> str:
        """`token`, or its stem without a German ending (`folding.stems`) where the stem is
        a word of the index: "Veranstaltungen" as "veranstaltung", "Stadtführungen" as
        "stadtfuhrung" (its parts, found apart, had counted as found), "Organisationen" as
        "organisation" (the plural, in five texts, found five of the 48 organisations), and
        "Vortraege" as "vortrag", typed with "ae" for the "ä" of a plural. A stem that is
        only the beginning of words is none: "Chile" found the "Schilder" of sign unveilings,
        and "Ukraine" is offered "Ukrainisch" instead. Where the stem is no word of the index
        but begins words and the word itself finds nothing ("Projekte": "Projekttag",
        "Projektwoche"), a stem of five letters or more stands for it."""
        candidates = _stem_candidates(token)
        whole = next((stem for stem in candidates if stem in self._postings), None)
        if whole is not None:
            return whole
        if self._begins(token) or self._split(token) is not None:
            return token  # found as typed (by its beginning, inside words or in parts)
        if len(token) >= INSIDE_MIN and self._inside.words_holding(token, self._tokens):
            return token
        begun = (stem for stem in candidates if len(stem) >= _STEM_BEGINS and self._begins(stem))
        return next(begun, token)

    def _query_words(self, text: str) -> tuple[list[str], str]:
        """The words of a query, each in its `_base_form`: the rest of the search, its
        reasons and its ranking read the stem as if it were typed. A word found only as
        words run together (`_split`) is its parts, each in its base form, as if typed apart:
        "Kolonialgeschichtebildung" found 3 where "Kolonialgeschichte Bildung" found 14
        (a topic and a format, each in a text of its own), and "Afrikanischesviertel" missed
        the German "Afrikanischen Viertel" that "Afrikanisches Viertel" finds by its stem.
        Second, the words as typed (folded, split, not stemmed), for the ranking of a name
        typed whole: "Afrikanisches Viertel" is the name, though searched as "afrikanische"."""
        found: list[str] = []
        typed: list[str] = []
        for token in words(fold(text)):
            base = self._base_form(token)
            parts = self._split(token) if base == token else None
            if parts:
                # A filler run in ("Referentinfürkolonialgeschichte") is left out, as typed
                # apart; "für" had found the format "Further training".
                parts = [part for part in parts if part not in FILLER_WORDS] or parts
            found += [self._base_form(part) for part in parts] if parts else [base]
            typed += parts or [token]
        return found, " ".join(typed)

    def _typed_apart(self, text: str) -> list[tuple[str, list[str]]]:
        """The words of a query as `typed_words`, a word found only as words run together
        (`_split`, as `_query_words` reads it) as its parts, each as typed
        ("Kolonialworkshops": "Kolonial", "workshops"; "Straßenumbenennungwedding":
        "Straßenumbenennung", "wedding"). So the page says of such a word what it says of
        words typed apart: a part searched by its stem, a filler left out, a query with a
        part left out."""
        apart: list[tuple[str, list[str]]] = []
        for written, parts in typed_words(text):
            token = parts[0] if len(parts) == 1 else ""
            split = self._split(token) if token and self._base_form(token) == token else None
            if not split:
                apart.append((written, parts))
                continue
            cuts = cuts_in_typed(written, token, split)
            apart += [(written[a:b] or self._written(part), [part]) for part, (a, b) in cuts]
        return apart

    def _stemmed(self, text: str) -> list[dict[str, str]]:
        """The words of a query searched as their stem, as typed and as searched ("Hansen"
        as "Hans"): the page says so, since a name may lose an ending that is none. `text`
        with its words run together already typed apart, as they were read."""
        found = []
        for written, parts in typed_words(text):
            for token in parts:
                stem = self._base_form(token)
                if stem != token:
                    # As the data writes it, where a name has it: "Vorträge" as "Vortrag",
                    # where the typed word cut at the stem's length read "Vorträg". Else as
                    # typed ("Abhängigkeitn": "Abhängigkeit", not the index's "abhangigkeit").
                    cut = written[: len(stem)]
                    shown = self._written(stem)
                    if shown == stem and words(fold(cut)) == [stem]:
                        shown = cut
                    found.append({"typed": written, "as": shown})
        return found

    def _apart_unless_spelt(self, text: str) -> list[tuple[str, list[str]]]:
        """`_typed_apart`, but a word spelt like one word of the index (`_close_words`) stays
        whole: where nothing is found, "Gesundehit" is "Gesundheit" mistyped, not "gesunde"
        and "hit". Spelling offers it so (`_nearest`), and the page said "Gesunde" was
        searched as "Gesund". Where something is found, the parts stand: "Frauenvereine" is
        spelt like "Frauenrechte", and its note on "vereine" was lost."""
        typed: list[tuple[str, list[str]]] = []
        for written, parts in typed_words(text):
            apart = self._typed_apart(written)
            spelt = len(apart) > 1 and self._close_words(parts[0], 1)
            typed += [(written, parts)] if len(apart) == 1 or spelt else apart
        return typed

    def _split(self, token: str) -> list[str] | None:
        """The words `token` runs together, if it is found only as those (`_found_entries`):
        no word of the index begins with it or holds it."""
        tokens = self._tokens
        i = bisect.bisect_left(tokens, token)
        if i < len(tokens) and tokens[i].startswith(token):
            return None
        if len(token) >= INSIDE_MIN and self._inside.words_holding(token, tokens):
            return None
        return self._parts(token)

    def _parts(self, token: str) -> list[str] | None:
        """The words `token` runs together (`split_word`), by the rule of `_is_word`, and
        with fillers only where they fit (`_fillers_fit`)."""
        parts = split_word(token, self._is_word, lambda w: self._begins(w) or self._is_word(w))
        return parts if parts is None or self._fillers_fit(parts) else None

    def _fillers_fit(self, parts: Sequence[str]) -> bool:
        """Whether each filler among the parts of a word run together stands between two
        whole words (`_whole`) of `_FILLER_NEIGHBOUR` letters or more, as in
        "Referentinfürkolonialgeschichte", never first or last: "Klimagesundbrunnen" was cut
        as "klimages", "und", "brunnen", the typos "widersand" and "maiingliste" offered
        "widers and" and "Mai in liste"."""
        return not any(
            part in FILLER_WORDS
            and (
                i in (0, len(parts) - 1)
                or not all(
                    len(other) >= _FILLER_NEIGHBOUR and self._whole(other)
                    for other in (parts[i - 1], parts[i + 1])
                )
            )
            for i, part in enumerate(parts)
        )

    def _whole(self, part: str) -> bool:
        """Whether `part` is a word of the index, or one with a German ending whose stem is."""
        return part in self._postings or any(stem in self._postings for stem in stems(part))

    def _is_word(self, part: str) -> bool:
        """Whether `part`, not the last, of a word run together counts: a word of the index,
        or one with a German ending, as `_base_form` takes it ("Workshopskolonial",
        "Projektewedding", "Vortraegekolonialgeschichte"). The last part may be a word's
        beginning (`_begins`), as the last word typed may be ("Mangabel"); the others may
        not: "Franzosich", a typo, had found a speaker by its parts "franzo" and "sich"
        instead of offering "Französisch". A word of the index without its ending counts
        too, as German runs an adjective's stem into the next word ("Kolonialberlin":
        "kolonial" of "koloniale"; it had stayed one word and found nothing)."""
        if part in self._postings or self._with_ending(part):
            return True
        return len(part) >= _STEM_BEGINS and any(
            part + ending in self._postings for ending in _COMPOUND_ENDINGS
        )

    def _with_ending(self, part: str) -> bool:
        """Whether `part` is a word with a German ending, as `_base_form` takes it: its stem
        a word of the index, or one of `_STEM_BEGINS` letters that begins words."""
        return any(
            stem in self._postings or (len(stem) >= _STEM_BEGINS and self._begins(stem))
            for stem in _stem_candidates(part)
        )
