"""Full-text search over the public graphs, from an in-memory index.

Why an index in memory: a `CONTAINS`/`REGEX` filter scans every literal of the store on each
keystroke (seconds at 1M triples), and SPARQL cannot fold "Müller", "Mueller" and "Muller"
to one spelling. The index reads the labels once (`SearchIndex.build`, a few full scans) and
then answers in milliseconds. It holds only what the public graphs hold, and follows each
commit by re-reading only the entities the commit touched (`SearchIndex.update`).

Matching is by words: every word of the query must begin a word of one text of an entity
(a label, an alternative label, a former name of a site, the description, or the label of
one of its topics). Ranking: exact label > label prefix > label words > alternative label or
former name > description > topic (`ranking`). Spelling variants meet by folding (`folding`).

The rooms: `folding` (words and spellings), `reading` (what is read from the store, whole or
one entity at a time), `index` (the index, its upkeep and the search), `ranking` (scores).
"""

from .folding import fold, fold_umlauts, foldings, words
from .index import SearchIndex
from .ranking import (
    LANGUAGE_BONUS,
    SCORE_ALT_EXACT,
    SCORE_ALT_WORDS,
    SCORE_DESCRIPTION,
    SCORE_LABEL_CLOSE,
    SCORE_LABEL_EXACT,
    SCORE_LABEL_PREFIX,
    SCORE_LABEL_WORDS,
    SCORE_TOPIC,
    group_by_kind,
)
from .reading import FIELDS

__all__ = [
    "FIELDS",
    "LANGUAGE_BONUS",
    "SCORE_ALT_EXACT",
    "SCORE_ALT_WORDS",
    "SCORE_DESCRIPTION",
    "SCORE_LABEL_CLOSE",
    "SCORE_LABEL_EXACT",
    "SCORE_LABEL_PREFIX",
    "SCORE_LABEL_WORDS",
    "SCORE_TOPIC",
    "SearchIndex",
    "fold",
    "fold_umlauts",
    "foldings",
    "group_by_kind",
    "words",
]
