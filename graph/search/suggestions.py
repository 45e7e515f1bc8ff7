"""What the search offers when it finds nothing: the query spelt as the index's words are
("Franzosich": "Französisch"; a word run together with a typo, "Mangabelplatz": "Manga Bell
Platz"), and the query with a word left out ("Klima Wedding": "Wedding", "Klima").

`Suggestions` is a part of `SearchIndex` (its base class): it searches each offer with the
index before offering it, so that no offer finds nothing, and writes the index's words as
the data writes them (`_written`).
"""

from __future__ import annotations

import bisect
import difflib
import unicodedata
from itertools import islice, product
from typing import Any

from .folding import fold, fold_umlauts, stems, words, written_spans, written_words
from .inside import INSIDE_MIN, split_mended
from .query_words import (
    FILLER_WORDS,
    TypedWords,
    cuts_in_typed,
    is_filler,
    typed_words,
    without_fillers,
)
from .reading import DESCRIPTION

#: Spelling suggestions try at most this many ways to mend the unknown words of a query
#: (three nearest words each: two typos make 9, three make 27).
_MAX_COMBINATIONS = 27


#: A typed word a suggestion's word may swallow is at least this long ("Platz", not "e").
_SWALLOWED_FROM = 3

#: A word found nowhere may be offered as a word's beginning of this many letters or more and
#: a whole word of `_LONG_PART` letters or more (`_beginning_apart`): "Klima" and "workshops".
_BEGINNING = 5
_LONG_PART = 6
#: A part of one word run together is offered alone (`_fewer`) with this many letters or
#: more, or as a whole word of `INSIDE_MIN`: "Straßenumbenenung", a typo read as
#: "Straßenumbenen" and "ung", offered "ung", which found what begins so ("Ungleichheit").
#: The most words whose one-left-out searches `_fewer` offers: each is a search of its own,
#: and sixteen one-letter words took 0.7 s of the search's 0.85 s at the 1M district (walk),
#: while every other search waited for the index. Eight words take at most 0.25 s there.
FEWER_MOST = 8

_PART_ALONE = 5
#: How alike (difflib's ratio) a word and a word of the index are when one is the other's
#: typo: a letter left out or two swapped in a word of ten letters gives 0.90 to 0.95.
_TYPO_LIKENESS = 0.85


def _swallowed(words: list[str], put: dict[str, tuple[str, ...]]) -> set[str]:
    """The typed words that a word put in for its neighbour holds already: "Nachtigall
    Platz" was offered "Nachtigalplatz Platz", a name and half of it again."""
    gone: set[str] = set()
    for i, word in enumerate(words):
        new = put.get(word)
        if new is None or len(new) != 1:
            continue
        for j, has_it in ((i + 1, new[0].endswith), (i - 1, new[0].startswith)):
            if not 0 <= j < len(words) or words[j] in put or words[j] == new[0]:
                continue
            if len(words[j]) >= _SWALLOWED_FROM and has_it(words[j]):
                gone.add(words[j])
    return gone


def _joined_as_typed(text: str, spans: list[tuple[int, int]], kept: list[int]) -> str:
    """The words of `text` at `kept` (indexes into `spans`, in order), with what stood between
    two of them side by side as typed, else a space: "fewer words" offered "Manga Bell Platz"
    for "Manga-Bell-Platz Wedding" (walk of 2026-12-07)."""
    joined = ""
    for n, j in enumerate(kept):
        if n:
            joined += text[spans[j - 1][1] : spans[j][0]] if kept[n - 1] == j - 1 else " "
        joined += text[spans[j][0] : spans[j][1]]
    return joined


def _joined_words(text: str, spans: list[tuple[int, int]]) -> list[list[int]]:
    """The words of `text` (indexes into `spans`) by what stands between spaces: "Manga-Bell-
    Platz Wedding" is [0, 1, 2] and [3], "Klima, Wedding" [0] and [1]."""
    joined: list[list[int]] = []
    for j, (start, _end) in enumerate(spans):
        if j and not any(c.isspace() for c in text[spans[j - 1][1] : start]):
            joined[-1].append(j)
        else:
            joined.append([j])
    return joined


class Suggestions:
    """The offers of a search that found nothing (see the module docstring)."""

    _postings: dict[str, list[int]]
    _tokens: list[str]
    _entry_field: list[int]
    _entry_text: list[str]
    _written_kept: dict[str, str]

    def _fewer(
        self,
        text: str,
        lang: str,
        allowed: set[str] | None,
        read: tuple[TypedWords, TypedWords | None] | None = None,
        n: int = 3,
    ) -> list[dict[str, Any]]:
        """No entity has all the words, and no spelling mends that ("Klima Wedding": no
        organisation in Wedding works on climate justice): the query with one word left out,
        where that finds something of the kinds chosen, with how much (most first). Each
        word as typed; a query of one word run together as its parts
        ("Klimagerechtigkeitwedding" offered nothing, where "Klimagerechtigkeit Wedding"
        offers each word alone). `read`: typed words and what `_beginning_apart` made of
        them, where the caller has read them already (for the same words, not read again)."""
        typed = typed_words(text)
        one_word = len(typed) < 2
        if one_word:  # the parts of one word run together, else a part of a word was
            typed = self._typed_apart(text)  # left out: "children wedding": "child ren"
        apart = read[1] if read and read[0] == typed else self._beginning_apart(typed, lang)
        # Where the words are those typed, what stands between them stays as typed.
        as_typed = unicodedata.normalize("NFC", text)
        spans = None if one_word or apart else written_spans(as_typed)
        typed = apart or typed  # "Klimawedding", "Klima" "wedding"
        if len(typed) < 2 or len(typed) > FEWER_MOST:
            return []
        found: list[dict[str, Any]] = []
        # Each word left out, and whole each word of words joined by hyphens and each name
        # typed with spaces (`_name_runs`): "Manga-Bell-Platz Wedding" and "Manga Bell Platz
        # Wedding" offered only the name, its parts left out finding nothing (walks of
        # 2026-12-07).
        outs = [([i], word) for i, (word, parts) in enumerate(typed) if not is_filler(parts)]
        if spans is not None:  # (a filler alone is not searched anyway)
            joined = _joined_words(as_typed, spans)
            written = [[as_typed[spans[j][0] : spans[j][1]] for j in group] for group in joined]
            runs = self._name_runs([" ".join(w) for w in written], written)
            groups = [group for group in joined if len(group) > 1]
            groups += [[j for group in joined[a:b] for j in group] for a, b in runs if b > a + 1]
            outs += [
                (group, as_typed[spans[group[0]][0] : spans[group[-1]][1]])
                for group in dict.fromkeys(map(tuple, groups))
            ]
        for out, left_out in outs:
            kept = [j for j in range(len(typed)) if j not in out]
            # Two such words side by side once ("Kolonialgeschichte und und Wedding"), and
            # not ending or beginning on one ("Haus der Kulturen der").
            kept = [
                j
                for n, j in enumerate(kept)
                if not (n and is_filler(typed[j][1]) and is_filler(typed[kept[n - 1]][1]))
            ]
            while kept and is_filler(typed[kept[-1]][1]):
                kept = kept[:-1]
            while kept and is_filler(typed[kept[0]][1]):
                kept = kept[1:]
            rest = [typed[j] for j in kept]
            if not rest or (one_word and len(rest) == 1 and not self._alone(rest[0][1])):
                continue
            rest_text = (
                " ".join(word for word, _parts in rest)
                if spans is None
                else _joined_as_typed(as_typed, spans, kept)
            )
            searched, _ignored = without_fillers(rest)
            rest_words, rest_typed = self._query_words(searched)
            best, _matched = self._scored(rest_words, lang, True, typed=rest_typed)
            if allowed is not None:
                best = self._of_kinds(best, allowed)
            query = rest_text
            if best and all(f["query"] != query for f in found):
                found.append({"query": query, "left_out": left_out, "total": len(best)})
        return sorted(found, key=lambda f: -f["total"])[:n]

    def _alone(self, parts: list[str]) -> bool:
        """Whether a part of one word run together (as the index's words it folds into) is
        offered alone: `_PART_ALONE` letters or more, or a whole word of `INSIDE_MIN`."""
        part = "".join(parts)
        return len(part) >= _PART_ALONE or (len(part) >= INSIDE_MIN and self._whole(part))

    def _nearest(
        self, text: str, lang: str, allowed: set[str] | None = None, n: int = 3
    ) -> list[dict[str, str]]:
        """For the query words the index does not know: the nearest words it knows (same
        first letter, similar spelling), all of them put in at once, as whole queries that
        find something (two typos need both mended: "Kolonialgeshichte Referntin"). A query
        reads as a person writes it: each word put in as the data writes it ("Französisch",
        not the index's "franzosisch"), the other words as they were typed. A word read as
        words run together is its parts (`_typed_apart`), as searched, unless it is spelt
        like a word of the index: "Kinderwedding" was one unknown word, and "Keine Wedding"
        was offered where "Kinder Wedding" offers fewer words; but "Gesundehit" is
        "Gesundheit", not "gesunde" and "hit"."""
        typed = self._apart_unless_spelt(text)
        query_words = [folded for _word, parts in typed for folded in parts]
        # A word found by its stem is known: "Kinder Wedding" offered "Keine Wedding".
        base = {w: self._base_form(w) for w in query_words}
        unknown = [
            w for w in dict.fromkeys(query_words) if not self._found_entries(base[w], lang)[0]
        ]
        if any(w not in FILLER_WORDS for w in query_words):  # a filler is not searched
            unknown = [w for w in unknown if w not in FILLER_WORDS]
        if not unknown:
            return []
        # A word with nothing near may be words run together with a typo ("Mangabelplatz");
        # else it stays as typed (the others may still be mended).
        nearest: list[list[tuple[str, ...]]] = [
            [(close,) for close in self._close_words(word, n)]
            or self._split_mended(word)
            or [(word,)]
            for word in unknown
        ]
        as_typed = {parts[0]: word for word, parts in typed if len(parts) == 1}
        suggestions: list[dict[str, str]] = []
        for chosen in islice(product(*nearest), _MAX_COMBINATIONS):
            put = dict(zip(unknown, chosen, strict=True))
            gone = _swallowed(query_words, put)
            # A mended word's parts are searched as typed ones are, by their base form:
            # "projekte" of "Weddnigprojekte" as "projekt".
            mended = [
                self._base_form(part) if w in put else part
                for w in query_words
                if w not in gone
                for part in put.get(w, (base[w],))
            ]
            mended = [w for w in mended if w not in FILLER_WORDS] or mended  # as searched
            if not self._search(mended, "", lang, allowed, 1, spread=True):
                continue
            written = {word: self._put_back(as_typed.get(word, word), word, parts)
                       for word, parts in put.items()}  # fmt: skip
            shown = [written[parts[0]] if len(parts) == 1 and parts[0] in written else typed_word
                     for typed_word, parts in typed
                     if not (len(parts) == 1 and parts[0] in gone)]  # fmt: skip
            suggestion = {"query": " ".join(shown), "word": ", ".join(written.values())}
            if suggestion not in suggestions:  # "franzosisch", "franzoesisch": one
                suggestions.append(suggestion)
        return suggestions[:n]

    def _put_back(self, written: str, token: str, parts: tuple[str, ...]) -> str:
        """A typed word (`written`, folded `token`) mended as `parts`, as the page offers it:
        each part as the data writes it (`_written`), a part read as words run together
        with the mended one (`_split_mended`) that no name writes as typed:
        "GerechtigVorträge" was offered "Gerechtigkeit vortrage", its "ä" and capital lost
        to the index's folded word ("Vorträge" is in no name)."""
        for m in range(len(parts) if len(parts) > 1 else 0):
            before, after = "".join(parts[:m]), "".join(parts[m + 1 :])
            if len(before) + len(after) >= len(token) or not (
                token.startswith(before) and token.endswith(after)
            ):
                continue
            middle = token[len(before) : len(token) - len(after)]
            cuts = cuts_in_typed(written, token, [*parts[:m], middle, *parts[m + 1 :]])
            if middle != parts[m] and all(a < b for _part, (a, b) in cuts):
                data = [self._written(part) for part in parts]
                return " ".join(
                    data[i] if i == m or data[i] != part else written[a:b]
                    for i, (part, (a, b)) in enumerate(cuts)
                )
        return " ".join(self._written(part) for part in parts)

    def _apart_offer(
        self, apart: TypedWords | None, lang: str, allowed: set[str] | None
    ) -> list[dict[str, str]]:
        """The query with a word read as a beginning and a word typed apart (`apart`, as
        `_beginning_apart` read the typed words), offered where that finds something:
        "Klimaworkshops" found nothing and offered nothing, where "Klima workshops" finds 8."""
        if apart is None:
            return []
        searched, _ignored = without_fillers(apart)
        query_words, typed = self._query_words(searched)
        if not self._search(query_words, typed, lang, allowed, 1, spread=True):
            return []
        query = " ".join(written for written, _parts in apart)
        return [{"query": query, "word": query}]

    def _beginning_apart(
        self, typed: list[tuple[str, list[str]]], lang: str
    ) -> list[tuple[str, list[str]]] | None:
        """The words `typed` (as `typed_words` gives them) with each word found nowhere that
        reads as a word's beginning of `_BEGINNING` letters or more and a whole word of
        `_LONG_PART` letters or more typed as those two, as typed ("Klimawedding Moabit":
        "Klima", "wedding", "Moabit"), or None where no word reads so. Only to offer, where
        nothing is found, and only for a word that is not read as words run together
        (`_typed_apart`) and not spelt like a word of the index: searched so, it took typos
        for such pairs ("Stätepartnerschaften" found 5 texts of "partner…" and was not
        offered "Städtepartnerschaften")."""
        apart: list[tuple[str, list[str]]] = []
        for written, parts in typed:
            pair = self._as_beginning_and_word(written, parts, lang)
            apart += [(written, parts)] if pair is None else pair
        return apart if len(apart) > len(typed) else None

    def _as_beginning_and_word(
        self, written: str, parts: list[str], lang: str
    ) -> list[tuple[str, list[str]]] | None:
        """One typed word as a beginning and a whole word (see `_beginning_apart`), or None."""
        if len(parts) != 1 or parts[0] in FILLER_WORDS:
            return None
        token = parts[0]
        if (
            self._found_entries(self._base_form(token), lang)[0]
            or len(self._typed_apart(written)) > 1
            or self._close_words(token, 1)
            or self._spelt_like_a_word(token)
        ):
            return None
        for cut in range(_BEGINNING, len(token) - _LONG_PART + 1):
            head, tail = token[:cut], token[cut:]
            if tail in FILLER_WORDS or not self._whole(tail) or not self._begins(head):
                continue
            cuts = cuts_in_typed(written, token, [head, tail])
            if any(a == b for _part, (a, b) in cuts):
                continue  # not at a letter as typed
            return [(written[a:b], [part]) for part, (a, b) in cuts]
        return None

    def _spelt_like_a_word(self, word: str) -> bool:
        """Whether `word` is one letter or two from a word of the index, descriptions
        included (`_TYPO_LIKENESS`): a typo of a word no name holds. Read as a beginning and a
        word, "pressemiteilung" was offered "pressemi teilung"."""
        pool = self._spelt_alike_pool(word)
        return bool(difflib.get_close_matches(word, pool, n=1, cutoff=_TYPO_LIKENESS))

    def _spelt_alike_pool(self, word: str) -> list[str]:
        """The words of the index a typo of `word` may be: the same first letter, at most two
        letters longer or shorter (for `_close_words` and `_spelt_like_a_word`)."""
        tokens = self._tokens
        low = bisect.bisect_left(tokens, word[:1])
        high = bisect.bisect_left(tokens, word[:1] + "\U0010ffff")
        return [t for t in tokens[low:high] if abs(len(t) - len(word)) <= 2]

    def _close_words(self, word: str, n: int) -> list[str]:
        """The words of the index nearest to `word`: the same first letter, at most two
        letters longer or shorter, similar spelling; the nearest first. Only words of names
        (an entity's, a former name, a topic, a language): a word only descriptions hold
        cannot be written as the data writes it (their texts are not kept, `_written`), so
        it came as the index folds it, in lower case, and pieces of web addresses with it."""
        close = difflib.get_close_matches(word, self._spelt_alike_pool(word), n=4 * n, cutoff=0.7)
        named = [t for t in close if self._in_a_name(t)][:n]
        # The first word that continues it keeps a place however many are spelt alike (of
        # several; one word asked for is the nearest: `_split_mended` mends a part with it).
        derived = [t for t in self._derived_words(word, n) if t not in named]
        keep = n - 1 if n > 1 else n
        return [*named[:keep], *derived[:1], *named[keep:], *derived[1:]][:n]

    def _derived_words(self, word: str, n: int) -> list[str]:
        """Words of names that continue `word` without its last letter or two, shortest
        first: a country asked for as its adjective has ("Ukraine": "Ukrainisch", "Türkei":
        "Türkisch", "Syrien": "Syrisch"). "Ukraine" found nothing, and the page offered only
        "Ukrainian", an English name, on a German page: the spelling above allows two
        letters more, and the adjective has three. Only for words of six letters and more,
        so a stem keeps four."""
        found: list[str] = []
        for cut in (1, 2):
            stem = word[:-cut]
            if len(word) < 6 or len(stem) < 4:
                break
            low = bisect.bisect_left(self._tokens, stem)
            high = bisect.bisect_left(self._tokens, stem + "\U0010ffff")
            found += sorted(
                (t for t in self._tokens[low:high] if len(t) > len(word) and t not in found
                 and self._in_a_name(t)),
                key=lambda t: (len(t), t),
            )  # fmt: skip
        return found[:n]

    def _split_mended(self, word: str) -> list[tuple[str, ...]]:
        """`word` read as words of names run together, one of them mistyped, mended
        (`split_mended`): the ways to put it in, or none. Each part a word of a name, or its
        stem one; the last may also be a word with an ending whose stem only begins words
        ("projekte" of "Weddnigprojekte"), as in `_is_word`: before, "verschwn" (of
        "verschwunden") counted, and "verschwnden" was offered "verschwn de". Fillers only
        where they fit, as `_parts` cuts (`_fillers_fit`)."""

        def named(part: str) -> bool:
            return any(w in self._postings and self._in_a_name(w) for w in (part, *stems(part)))

        readings = split_mended(
            word,
            lambda part: named(part) or self._with_ending(part),
            lambda part: next(iter(self._close_words(part, 1)), None),
        )
        return [
            tuple(parts)
            for parts in readings
            if all(named(part) for part in parts[:-1]) and self._fillers_fit(parts)
        ]

    def _in_a_name(self, token: str) -> bool:
        return any(self._entry_field[e] != DESCRIPTION for e in self._postings.get(token, ()))

    def _written(self, token: str) -> str:
        """A word of the index as the data writes it ("franzosisch" -> "Französisch"): of
        the words of its texts (descriptions aside) that fold to it, the first in sort
        order (so a build and its updates agree); the token itself when only descriptions
        have it. Each text read once, and the answer kept until the index changes
        (`_written_kept`): at the 1M district, "Kolonialgeshichte Referntin" took 460 ms to
        offer its spelling, almost all of it here (4,252 entries hold "referentin", in three
        texts)."""
        kept = self._written_kept.get(token)
        if kept is not None:
            return kept
        texts = dict.fromkeys(self._entry_text[entry] for entry in self._postings.get(token, ()))
        found = [
            word
            for text in texts
            for word in written_words(text)
            if token in ("".join(words(fold(word))), "".join(words(fold_umlauts(word))))
        ]
        self._written_kept[token] = written = min(found, default=token)
        return written
