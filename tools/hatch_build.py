"""Build hook: the wheel carries the vocabulary and the shapes inside the `akteursgraph` package.

In a checkout (and the editable install) `ontology/` and `shapes/` sit beside `graph/`, where
`akteursgraph.resources` finds them; an installed wheel has no checkout around it, so they go
into `akteursgraph/_resources/`. Only the standard wheel gets them: hatchling would otherwise
also copy them into site-packages for an editable install, leaving a stray package folder.
"""

from __future__ import annotations

from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class ResourcesHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "standard":
            build_data["force_include"]["ontology"] = "akteursgraph/_resources/ontology"
            build_data["force_include"]["shapes"] = "akteursgraph/_resources/shapes"
