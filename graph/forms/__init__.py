"""Edit forms generated from the SHACL shapes, for the staff workspace (issue 14).

- `model`: the form of each class, read from the shapes (cached per shapes folder).
- `values`: an entity's current values, typed values from the widgets, concept choices.
- `words`: technical terms in plain words; `messages`: the shapes' messages by field.
- `edit`: a submission as one `Change` through review, the editor's own draft;
- `conflicts`: a save that meets a newer version or another person's draft, in words;
- `new_entities`: a new entity's IRI and graph, for forms and imports alike.

No web framework here: the web layer (`akteursgraph_web.workspace_forms`) renders these.
"""

from __future__ import annotations

from .conflicts import (
    EditConflict,
    carried_over,
    form_version,
    labels_of,
    others_drafts,
    version_of,
)
from .edit import COOPERATES_WITH, FIXED, Editing, FormRejected, Saved, read_editing, save
from .messages import Problems
from .model import SKIPPED_CLASSES, SKIPPED_PATHS, WIDGETS, Field, Form, FormModels, load_forms
from .new_entities import INTERNAL_GRAPH, PUBLIC_GRAPH
from .values import (
    FORM_LANGUAGES,
    Current,
    Problem,
    Submission,
    concept_choices,
    field_languages,
    input_names,
    on_public_side,
    parse_date,
    read_current,
    types_of,
)
from .words import help_text, plain

__all__ = [
    "COOPERATES_WITH",
    "FIXED",
    "FORM_LANGUAGES",
    "INTERNAL_GRAPH",
    "PUBLIC_GRAPH",
    "SKIPPED_CLASSES",
    "SKIPPED_PATHS",
    "WIDGETS",
    "Current",
    "EditConflict",
    "Editing",
    "Field",
    "Form",
    "FormModels",
    "FormRejected",
    "Problem",
    "Problems",
    "Saved",
    "Submission",
    "carried_over",
    "concept_choices",
    "field_languages",
    "form_version",
    "help_text",
    "input_names",
    "labels_of",
    "load_forms",
    "on_public_side",
    "others_drafts",
    "parse_date",
    "plain",
    "read_current",
    "read_editing",
    "save",
    "types_of",
    "version_of",
]
