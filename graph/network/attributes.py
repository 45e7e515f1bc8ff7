"""The attributes of the network's nodes and links: dicts that share their keys.

networkx keeps a node's or link's attributes in a dict, and the network holds one per node
and one per distinct link (52,971 and 90,400 at the 1M district). A dict of six names is
272 bytes before its values. An object's attribute dict, set in the same order each time,
is a key-sharing dict (PEP 412): it keeps only its values, the names once for all of them,
136 bytes. These functions make such dicts and hand them over; the object that lent its
dict is gone at once. They are plain `dict`s, read at the same speed (a class with slots
was 56 bytes smaller but read through Python code: ego networks 20 % slower, measured), and
nothing writes to them (a changed node or link gets new ones: `follow.patch_graph`). Should
a Python share keys no more, they are ordinary dicts: larger, nothing else changes.
"""

from __future__ import annotations

#: The names, in the order they are set (that of the dicts they replaced, which the exports'
#: columns and keys follow).
NODE_FIELDS = ("label_de", "label_en", "kind", "iri", "start", "end")
LINK_FIELDS = ("kind", "label_de", "label_en", "start", "end", "via")


class _Node:
    """Lends its attribute dict: every instance sets the same names in the same order."""


class _Link:
    """Lends its attribute dict: every instance sets the same names in the same order."""


_NAMES = {NODE_FIELDS: frozenset(NODE_FIELDS), LINK_FIELDS: frozenset(LINK_FIELDS)}


def _lent(lender: object, fields: tuple[str, ...], values: dict[str, str]) -> dict[str, str]:
    """`lender`'s attribute dict holding `values`, set in the order of `fields` (the same for
    every dict of its class: that is what makes them share their keys)."""
    if values.keys() != _NAMES[fields]:
        raise TypeError(f"attributes {sorted(values)}, expected {sorted(fields)}")
    for name in fields:
        setattr(lender, name, values[name])
    return lender.__dict__


def node_attributes(**values: str) -> dict[str, str]:
    """A node's attributes (`NODE_FIELDS`; `akteursgraph.network` describes them), keys
    shared."""
    return _lent(_Node(), NODE_FIELDS, values)


def link_attributes(**values: str) -> dict[str, str]:
    """A link's attributes (`LINK_FIELDS`; `akteursgraph.network` describes them), keys
    shared."""
    return _lent(_Link(), LINK_FIELDS, values)
