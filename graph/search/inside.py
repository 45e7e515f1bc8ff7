"""Words inside words: how a German compound is found by its parts, and run-together names
by their words.

The index finds a text by the beginnings of its words ("Kolonial" finds
"Kolonialgeschichte"). German joins words into one: "Rundgang" did not find
"Stadtrundgang", "Rat" no "Integrationsrat"; and a name written in one word, as people
type it ("Mangabellplatz"), did not find "Manga-Bell-Platz". Two ways close those gaps:

- **inside a word**: a query word of `INSIDE_MIN` letters or more also finds the words of
  the index that hold it from their third letter on (`INSIDE_AFTER`). All words of the
  index, joined into one string, are scanned with `str.find` (C speed: a few milliseconds
  over the words of a 1M-triple district, where a Python loop over them took ten times as
  long);
- **a word split into words**: a query word found nowhere, of `SPLIT_MIN` letters or more,
  is split into words of the index ("mangabellplatz" -> manga, bell, platz; the fewest
  parts, each of `PART_MIN` letters or more), and finds the texts that hold every part.

Both rank a little below the same match by word beginnings (`ranking.SCORE_INSIDE`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

#: A query word this long or longer is also found inside words ("haus": "Rathaus"). Three
#: letters would let "art" find "Partner" and "Stuttgart".
INSIDE_MIN = 4
#: A word holds a query word inside only this many letters after its start or later: one
#: letter before a word makes no German compound, and "children", read as "child" "ren",
#: found the "Schilder" (s-child-er) of a sign unveiling.
INSIDE_AFTER = 2
#: A query word found nowhere, this long or longer, is tried as words run together.
SPLIT_MIN = 6
#: The shortest part a query word is split into.
PART_MIN = 3
#: Longer words are not split (the split tries every cut: quadratic in the length).
_SPLIT_MAX = 60
#: At most this many stretches of a word are tried as its mistyped part (`split_mended`):
#: each is a search for the nearest words, and short words of the index ("ein", "und") can
#: reach many places of a long word.
_MEND_TRIES = 24

_SEPARATOR = "\n"


class Inside:
    """The index's words joined for `str.find`, built at the first search after they change
    (`forget`), since updates come one small change at a time and searches between them."""

    def __init__(self) -> None:
        self._joined: str | None = None

    def forget(self) -> None:
        self._joined = None

    def words_holding(self, part: str, tokens: Sequence[str]) -> list[str]:
        """The words of `tokens` (the index's words, sorted) that hold `part` `INSIDE_AFTER`
        letters after their start or later: those that begin with it are found by their
        beginning already."""
        if self._joined is None:
            self._joined = _SEPARATOR + _SEPARATOR.join(tokens) + _SEPARATOR
        joined = self._joined
        found: list[str] = []
        at = joined.find(part, 1)
        while at != -1:
            start = joined.rfind(_SEPARATOR, 0, at) + 1
            end = joined.find(_SEPARATOR, at)
            if at - start >= INSIDE_AFTER:
                found.append(joined[start:end])
                at = joined.find(part, end)
            else:  # a word that begins with it (found already) or holds it too early
                at = joined.find(part, at + 1)
        return found


def split_word(
    word: str, known: Callable[[str], bool], last: Callable[[str], bool] | None = None
) -> list[str] | None:
    """`word` as words of the index run together, the fewest parts of at least `PART_MIN`
    letters, each `known`, the last one `last` where given (the beginning of a word, as the
    last word typed may be); None if it is not one, or is one word itself."""
    if not SPLIT_MIN <= len(word) <= _SPLIT_MAX:
        return None
    fewest = _fewest_parts(word, known)
    ending = last or known
    best: list[str] | None = None
    for start in range(len(word) - PART_MIN + 1):
        before = fewest[start]
        if before is None or (best is not None and len(before) + 1 >= len(best)):
            continue
        if ending(word[start:]):
            best = [*before, word[start:]]
    return best if best is not None and len(best) >= 2 else None


def split_mended(
    word: str, known: Callable[[str], bool], nearest: Callable[[str], str | None], n: int = 3
) -> list[list[str]]:
    """`word` as words of the index run together, one of them mistyped ("mangabelplatz" ->
    manga, bell, platz): the parts before and after the mistyped one are `known` words (the
    fewest), and the mistyped one is mended by `nearest`. At most `n` such readings, those
    of the fewest parts first; none if there is no such reading.

    `split_word` needs every part exact, and the nearest single word of the index to a name
    typed in one word is none (no word of the index is that long), so "Mangabelplatz" was
    answered with nothing at all. Only the stretches that exact parts reach from both ends
    are tried as the mistyped part: a handful, each one `nearest` call."""
    if not SPLIT_MIN <= len(word) <= _SPLIT_MAX:
        return []
    ahead = _fewest_parts(word, known)
    # behind[i]: the fewest known parts that make up word[i:] (found on the word reversed)
    behind = [
        None if parts is None else [part[::-1] for part in reversed(parts)]
        for parts in reversed(_fewest_parts(word[::-1], lambda w: known(w[::-1])))
    ]
    stretches = [
        (len(before) + 1 + len(after), start, end)
        for start, before in enumerate(ahead)
        if before is not None
        for end in range(start + PART_MIN, len(word) + 1)
        if (after := behind[end]) is not None and (before or after)
    ]
    readings: list[list[str]] = []
    for _count, start, end in sorted(stretches)[:_MEND_TRIES]:
        mended = nearest(word[start:end])
        reading = None if mended is None else [*ahead[start], mended, *behind[end]]  # type: ignore[misc]
        if reading is not None and reading not in readings:
            readings.append(reading)
            if len(readings) == n:
                break
    return readings


def _fewest_parts(word: str, known: Callable[[str], bool]) -> list[list[str] | None]:
    """For each length i, the fewest `known` parts of `PART_MIN` letters or more that make up
    `word[:i]` (None: no way to), `[]` for the empty beginning."""
    fewest: list[list[str] | None] = [None] * (len(word) + 1)
    fewest[0] = []
    for end in range(PART_MIN, len(word) + 1):
        for start in range(0, end - PART_MIN + 1):
            before = fewest[start]
            if before is None or not known(word[start:end]):
                continue
            now = fewest[end]
            if now is None or len(before) + 1 < len(now):
                fewest[end] = [*before, word[start:end]]
    return fewest


def holds(words: Sequence[str], query_word: str, parts: Sequence[str] | None) -> bool:
    """Whether a text of these `words` is found by `query_word`: one of its words begins
    with it, or holds it inside (`INSIDE_MIN`, `INSIDE_AFTER`), or each of its `parts` begins
    one of its words, as the words of a query do."""
    inside = len(query_word) >= INSIDE_MIN
    if any(
        w.startswith(query_word) or (inside and w.find(query_word, INSIDE_AFTER) != -1)
        for w in words
    ):
        return True
    return bool(parts) and all(any(w.startswith(p) for w in words) for p in parts)  # type: ignore[union-attr]
