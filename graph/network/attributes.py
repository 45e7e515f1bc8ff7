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


def node_attributes(
    *, label_de: str, label_en: str, kind: str, iri: str, start: str, end: str
) -> dict[str, str]:
    """A node's attributes (`akteursgraph.network` describes them), keys shared."""
    lender = _Node()
    lender.label_de = label_de  # type: ignore[attr-defined]
    lender.label_en = label_en  # type: ignore[attr-defined]
    lender.kind = kind  # type: ignore[attr-defined]
    lender.iri = iri  # type: ignore[attr-defined]
    lender.start = start  # type: ignore[attr-defined]
    lender.end = end  # type: ignore[attr-defined]
    return lender.__dict__


def link_attributes(
    *, kind: str, label_de: str, label_en: str, start: str, end: str, via: str
) -> dict[str, str]:
    """A link's attributes (`akteursgraph.network` describes them), keys shared."""
    lender = _Link()
    lender.kind = kind  # type: ignore[attr-defined]
    lender.label_de = label_de  # type: ignore[attr-defined]
    lender.label_en = label_en  # type: ignore[attr-defined]
    lender.start = start  # type: ignore[attr-defined]
    lender.end = end  # type: ignore[attr-defined]
    lender.via = via  # type: ignore[attr-defined]
    return lender.__dict__
