"""The W3C Entity Reconciliation API 0.2 over the public data, and links outward.

https://reconciliation-api.github.io/specs/0.2/ is the protocol OpenRefine speaks: a
researcher who cleans a list of organisations in OpenRefine matches its names to our IRIs,
and fetches our data into new columns. One module per part of the protocol:

- `manifest`: the service manifest;
- `queries`: reconciliation queries (names with types and properties -> candidates), scored
  by the one matcher (`akteursgraph.matching`, which the import's duplicate check uses too),
  kept in step with the public graphs by `live`;
- `suggest`: auto-completion of entities (the search index), types and properties;
- `preview`: the card shown beside a candidate;
- `extend`: data extension and the properties proposed for it;
- `types` and `values`: the types and properties offered (from the shapes), an entity's
  public values, and how a value given is compared;
- `links`: the other direction: asking Wikidata's, lobid-gnd's or any service for
  `owl:sameAs` links, confirmed by a person.

Everything reads the public graphs only; a person without publication consent is never a
candidate, a suggestion, a preview or a value. No text a client sends becomes SPARQL:
names meet the matcher's and the search index's in-memory indexes, IRIs are bound into
fixed queries (`queries/reconcile/*.rq`).
"""

from .extend import PROPERTY_SETTINGS, extend, parse_extend, propose
from .links import read_suggestions, same_as_change, suggest_links
from .live import LiveMatcher
from .manifest import manifest
from .preview import preview
from .queries import parse_batch, reconcile
from .suggest import suggest_entities, suggest_properties, suggest_types

__all__ = [
    "PROPERTY_SETTINGS",
    "LiveMatcher",
    "extend",
    "manifest",
    "parse_batch",
    "parse_extend",
    "preview",
    "propose",
    "read_suggestions",
    "reconcile",
    "same_as_change",
    "suggest_entities",
    "suggest_links",
    "suggest_properties",
    "suggest_types",
]
