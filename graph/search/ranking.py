"""How a text scores against a query, and how results are grouped.

Ranking: exact label > label prefix > label that the query makes up at least half of, as
its words in a row > label words > alternative label or former name >
description > topic (an entity whose topic's label matches) > what a speaker offers (a
language, the role) > each word in a different text. One entity gets the score of
its best-matching text; on a tie the lower field (see `reading.FIELDS`) wins, so the result
does not depend on the order the texts were indexed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..explore import KINDS
from .reading import ALT, LABEL, LANGUAGE, NAMING, ROLE, TOPIC

SCORE_LABEL_EXACT = 100
SCORE_LABEL_PREFIX = 80
#: The query's words in a row make up at least half of the label's words: "Straßennamen neu
#: lesen" is most of "Initiative Straßennamen neu lesen", and one part of the names of seven
#: cooperations of that initiative, which stood above it alphabetically (staff walk).
SCORE_LABEL_CLOSE = 70
SCORE_LABEL_WORDS = 60
SCORE_ALT_EXACT = 50
SCORE_ALT_WORDS = 40
SCORE_DESCRIPTION = 20
SCORE_TOPIC = 15
#: What a speaker offers: a language (by its name) or the role ("Referentin").
SCORE_SPEAKER = 12
#: Each query word found, but in different texts (`SearchIndex.search(spread=True)`).
SCORE_SEVERAL = 10
#: A text in the reader's language wins a tie against the same match in another language.
LANGUAGE_BONUS = 1
#: Taken from a text's points when a query word is found only inside one of its words or as
#: its words run together (`inside`): "Rundgang" ranks "Rundgang …" above "Stadtrundgang",
#: each within its field's tier (the tiers lie 2 or more apart, the bonus is 1).
INSIDE_PENALTY = 2


def score_texts(
    candidates: Iterable[int],
    phrase: str,
    typed: str,
    lang: str,
    entry_doc: list[int],
    entry_field: list[int],
    entry_lang: list[str],
    plain: list[str],
    umlauts: list[str],
    topic_members: dict[int, set[int]],
    inner: set[int] | frozenset[int] = frozenset(),
) -> tuple[dict[int, int], dict[int, int]]:
    """The best score of each entity over the matching texts (`candidates`, indexes into
    the index's parallel lists), and the field it came from; texts in `inner` a query word
    found only inside a word (`INSIDE_PENALTY`). A name is exact, or begins with the query,
    by the `phrase` searched (stems) or as `typed`. This is the hot path: a common word
    matches thousands of texts, so it reads the lists directly."""
    best: dict[int, int] = {}
    matched: dict[int, int] = {}
    phrases = (phrase, typed) if typed else (phrase,)
    for entry in candidates:
        doc = entry_doc[entry]
        field_code = entry_field[entry]
        if field_code == LABEL:
            if plain[entry] in phrases or umlauts[entry] in phrases:
                points = SCORE_LABEL_EXACT
            elif entry in inner and _run_together(plain[entry], umlauts[entry], phrase):
                points = SCORE_LABEL_EXACT  # "mangabellplatz": "Manga-Bell-Platz"
            elif plain[entry].startswith(phrases) or umlauts[entry].startswith(phrases):
                points = SCORE_LABEL_PREFIX
            elif _most_of(plain[entry], phrases) or _most_of(umlauts[entry], phrases):
                points = SCORE_LABEL_CLOSE
            else:
                points = SCORE_LABEL_WORDS
        elif field_code in (ALT, NAMING):
            exact = plain[entry] in phrases or umlauts[entry] in phrases
            if not exact and entry in inner:
                exact = _run_together(plain[entry], umlauts[entry], phrase)
            points = SCORE_ALT_EXACT if exact else SCORE_ALT_WORDS
        elif field_code in (LANGUAGE, ROLE):
            points = SCORE_SPEAKER
        else:
            points = SCORE_DESCRIPTION
        if entry_lang[entry] == lang:
            points += LANGUAGE_BONUS
        if entry in inner:
            points -= INSIDE_PENALTY
        known = best.get(doc, -1)
        # On a tie the lower field wins, so the order of the texts does not matter.
        if points > known or (points == known and field_code < matched[doc]):
            best[doc] = points
            matched[doc] = field_code
        if field_code in (LABEL, ALT) and doc in topic_members:
            for member in topic_members[doc]:
                if best.get(member, -1) < SCORE_TOPIC:
                    best[member] = SCORE_TOPIC
                    matched[member] = TOPIC
    return best, matched


def _most_of(text: str, phrases: tuple[str, ...]) -> bool:
    """Whether one of `phrases` stands in `text` as whole words in a row, and is at least
    half of its words."""
    if not text:
        return False
    padded = f" {text} "
    words = text.count(" ") + 1
    return any(f" {p} " in padded and 2 * (p.count(" ") + 1) >= words for p in phrases if p)


def _run_together(plain: str, umlauts: str, phrase: str) -> bool:
    """Whether a text is the query's one word, its own words run together."""
    return plain.replace(" ", "") == phrase or umlauts.replace(" ", "") == phrase


def group_by_kind(results: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Results grouped by kind in the order of KINDS, "other" last, each group best first."""
    groups: dict[str, list[dict[str, Any]]] = {kind: [] for kind in (*KINDS, "other")}
    for result in results:
        groups.setdefault(result["kind"], []).append(result)
    return {kind: items for kind, items in groups.items() if items}
