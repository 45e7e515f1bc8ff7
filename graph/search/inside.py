"""Words inside words: how a German compound is found by its parts, and run-together names
by their words.

The index finds a text by the beginnings of its words ("Kolonial" finds
"Kolonialgeschichte"). German joins words into one: "Rundgang" did not find
"Stadtrundgang", "Rat" no "Integrationsrat"; and a name written in one word, as people
type it ("Mangabellplatz"), did not find "Manga-Bell-Platz". Two ways close those gaps:

- **inside a word**: a query word of `INSIDE_MIN` letters or more also finds the words of
  the index that hold it anywhere. All words of the index, joined into one string, are
  scanned with `str.find` (C speed: a few milliseconds over the words of a 1M-triple
  district, where a Python loop over them took ten times as long);
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
#: A query word found nowhere, this long or longer, is tried as words run together.
SPLIT_MIN = 6
#: The shortest part a query word is split into.
PART_MIN = 3
#: Longer words are not split (the split tries every cut: quadratic in the length).
_SPLIT_MAX = 60

_SEPARATOR = "\n"


class Inside:
    """The index's words joined for `str.find`, built at the first search after they change
    (`forget`), since updates come one small change at a time and searches between them."""

    def __init__(self) -> None:
        self._joined: str | None = None

    def forget(self) -> None:
        self._joined = None

    def words_holding(self, part: str, tokens: Sequence[str]) -> list[str]:
        """The words of `tokens` (the index's words, sorted) that hold `part` after their
        first letter: those that begin with it are found by their beginning already."""
        if self._joined is None:
            self._joined = _SEPARATOR + _SEPARATOR.join(tokens) + _SEPARATOR
        joined = self._joined
        found: list[str] = []
        at = joined.find(part, 1)
        while at != -1:
            start = joined.rfind(_SEPARATOR, 0, at) + 1
            end = joined.find(_SEPARATOR, at)
            if start != at:
                found.append(joined[start:end])
                at = joined.find(part, end)
            else:  # a word that begins with it: found already, unless it holds it again
                at = joined.find(part, at + 1)
        return found


def split_word(word: str, known: Callable[[str], bool]) -> list[str] | None:
    """`word` as words of the index run together, the fewest parts of at least `PART_MIN`
    letters, each `known`; None if it is not one, or is one word itself."""
    if not SPLIT_MIN <= len(word) <= _SPLIT_MAX:
        return None
    # fewest[i]: the fewest parts that make up word[:i] (a list of cut points), or None.
    fewest: list[list[int] | None] = [None] * (len(word) + 1)
    fewest[0] = []
    for end in range(PART_MIN, len(word) + 1):
        for start in range(0, end - PART_MIN + 1):
            before = fewest[start]
            if before is None or not known(word[start:end]):
                continue
            if fewest[end] is None or len(before) + 1 < len(fewest[end]):  # type: ignore[arg-type]
                fewest[end] = [*before, end]
    cuts = fewest[len(word)]
    if cuts is None or len(cuts) < 2:
        return None
    return [word[a:b] for a, b in zip([0, *cuts], cuts, strict=False)]


def holds(words: Sequence[str], query_word: str, parts: Sequence[str] | None) -> bool:
    """Whether a text of these `words` is found by `query_word`: one of its words begins
    with it, or holds it inside (`INSIDE_MIN`), or the text has every one of its `parts`."""
    inside = len(query_word) >= INSIDE_MIN
    if any(w.startswith(query_word) or (inside and query_word in w) for w in words):
        return True
    return bool(parts) and set(parts) <= set(words)  # type: ignore[arg-type]
