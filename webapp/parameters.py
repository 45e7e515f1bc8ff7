"""What a public page's query string may hold: one value of a parameter that takes one, and
no filter that the page does not have.

A page read the first of two values and dropped the other without a word
(`/search.json?q=Klima&type=people&type=organisations` answered the people alone, and its
`links.self` named both), and a list dropped a filter it does not have
(`/people.json?district=…` answered every person, looking filtered). Both are said now, as
a 400 naming the parameter (JSON twins walk). A name no page of ours uses (a link tracker's
`utm_source`, `fbclid`) is left alone: a link to the site from elsewhere must not break.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import request

from akteursgraph import explore
from akteursgraph.errors import shown

from .errors import ProtocolError

#: The parameters of the explorer's and the network's pages that take one value each (the
#: lists' filters and the network's kinds take several, as "any of them").
ONE_VALUE = (
    "q", "type", "page", "sort", "as_of", "lang", "format", "iri", "speaker", "depth",
    "max_nodes", "source", "target", "k",
)  # fmt: skip
#: The speaker directory's filters: one value of each (its form a choice of one).
SPEAKER_FILTERS = ("topic", "language", "format", "region")
#: Filters compared without their case: `language=fr&language=FR` asks for one language.
_ANY_CASE = frozenset({"language", "lang"})


def each_one_value() -> None:
    """The explorer's and the network's blueprints call this before each request: a
    parameter of `ONE_VALUE` given two different values is a 400."""
    one_value_each(ONE_VALUE)


def one_value_each(names: Iterable[str]) -> None:
    """A 400 for a parameter of `names` given two different values."""
    for name in names:
        given = [v.strip() for v in request.args.getlist(name) if v.strip()]
        distinct = {(v.casefold() if name in _ANY_CASE else v): v for v in given}
        if len(distinct) > 1:
            values = ", ".join(shown(v) for v in distinct.values())
            raise ProtocolError(
                400,
                f"{name} nimmt hier einen Wert, nicht mehrere ({values}).",
                f"{name} takes one value here, not several ({values}).",
                where=name,
            )


def _filters_of_pages() -> frozenset[str]:
    """Every filter some list or the speaker directory has."""
    names = {f for kind in explore.KINDS for f in explore.facet_names(kind)}
    return frozenset(names | set(SPEAKER_FILTERS))


def no_foreign_filters(taken: Iterable[str], what: tuple[str, str]) -> None:
    """A 400 for a filter of another list or directory that this page (`what`, its name in
    German and English) does not have, naming the filters it has."""
    own = set(taken)
    foreign = sorted(n for n in _filters_of_pages() - own if n in request.args)
    if not foreign:
        return
    names = ", ".join(foreign)
    has = ", ".join(sorted(own)) or "–"
    de, en = what
    raise ProtocolError(
        400,
        f"{de} hat keinen Filter {names}; ihre Filter: {has}.",
        f"{en} has no filter {names}; its filters: {has}.",
        where=foreign[0],
    )
