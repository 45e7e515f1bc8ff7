"""The explorer: what the public pages and the office staff's pages show, as named functions.

The web layer calls these functions and renders their plain dicts (or serialises them as
JSON); it never sees SPARQL. Every query here runs over the public graphs only
(`public_only=True`), so internal data (contact details, people without publication consent)
cannot reach a page through this package, whatever the input.

Where the SPARQL lives: in `graph/queries/explore/*.rq`, each with a header that says what it
answers. Values chosen by a user (facet values, filters, an entity IRI) reach the engine only
as bindings.

The modules, by what they answer:
- `vocabulary`: kinds, labels and the vocabulary (used by all the others);
- `compose`: putting list and speaker queries together from `.rq` fragments;
- `lists`: list pages with facets (`list_counts`), sorting and paging (`list_items`),
  answered from `facet_index` (each kind's members, facet values and sort orders, read once
  per store version and kept until the next write); `list_entries` reads a page's entries;
- `home`: the home page summary;
- `entities`: entity pages (statements, provenance), with `relations` (an entity's links
  to others as its page groups them: memberships, cooperations, events, topics, namings);
- `directory`: the speaker directory and the colonial-history sites; the directory is
  answered from `speaker_index` (every speaker's offer, read once per store version);
- `story`: a site's naming history told as a story, and dates in words;
- `touched`: what a commit touched, for the page caches that follow publications.

Everything callers need is importable from the package itself (`explore.entity(...)`).
"""

from __future__ import annotations

from .directory import (
    directories_named,
    in_directories,
    prepare_directories,
    sites,
    speaker_count,
    speaker_facets,
    speaker_language,
    speaker_page,
    speakers,
)
from .entities import FILED_UNDER, Statement, entity, statements
from .facet_index import IRI_FACETS, FacetIndex
from .home import RECENT_COUNT, RECENT_KINDS, home_summary
from .lists import (
    MAX_FACET_VALUES,
    MAX_PER_PAGE,
    SORTS,
    UnknownFilterValue,
    count_members,
    facet_index,
    facet_names,
    kind_queries,
    list_counts,
    list_entities,
    list_items,
    list_language,
    sorts_of,
)
from .story import site_story, spoken_date, spoken_moment, spoken_number, spoken_period
from .touched import touched, typed_token
from .vocabulary import (
    KINDS,
    Labels,
    class_closure,
    class_hierarchy,
    is_current,
    kind_of,
    last_segment,
    pick_label,
    sort_key,
    vocabulary_labels,
)

__all__ = [
    "FILED_UNDER",
    "IRI_FACETS",
    "KINDS",
    "MAX_FACET_VALUES",
    "MAX_PER_PAGE",
    "RECENT_COUNT",
    "RECENT_KINDS",
    "SORTS",
    "FacetIndex",
    "Labels",
    "Statement",
    "UnknownFilterValue",
    "class_closure",
    "class_hierarchy",
    "count_members",
    "directories_named",
    "entity",
    "facet_index",
    "facet_names",
    "home_summary",
    "in_directories",
    "is_current",
    "kind_of",
    "kind_queries",
    "last_segment",
    "list_counts",
    "list_entities",
    "list_items",
    "list_language",
    "pick_label",
    "prepare_directories",
    "site_story",
    "sites",
    "sort_key",
    "sorts_of",
    "speaker_count",
    "speaker_facets",
    "speaker_language",
    "speaker_page",
    "speakers",
    "spoken_date",
    "spoken_moment",
    "spoken_number",
    "spoken_period",
    "statements",
    "touched",
    "typed_token",
    "vocabulary_labels",
]
