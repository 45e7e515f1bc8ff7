"""Which controls of a page's forms are not KERN's (issue 16, item 1: "KERN UX for layout,
typography, navigation, tables, forms ... one look across explorer, network pages, query
editor and staff workspace"). The workspace's entry forms and the public pages' forms are
checked with it."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser

#: The class each kind of control needs (an input of any other type: a KERN field).
WANTED = {
    "checkbox": "kern-form-check__checkbox",
    "radio": "kern-form-check__radio",
    "textarea": "kern-form-input__input",
    "select": "kern-form-input__select",
    "button": "kern-btn",
    "label": "kern-label",
}


#: Classes of what only screen readers read (a label a placeholder stands for on screen).
HIDDEN = {"visually-hidden", "kern-sr-only"}


class _Controls(HTMLParser):
    """Each visible control inside the forms `chosen` picks, with its classes and its
    parent's."""

    def __init__(self, chosen: Callable[[dict[str, str | None]], bool]) -> None:
        super().__init__()
        self.chosen = chosen
        self.stack: list[tuple[str, set[str]]] = []
        self.found: list[tuple[str, str, set[str], set[str]]] = []
        self.in_form = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        if tag == "form" and self.chosen(a):
            self.in_form += 1
        kind = a.get("type") or ""
        visible = tag in ("select", "textarea", "button", "label") or (
            tag == "input" and kind != "hidden"
        )
        if self.in_form and visible and not classes & HIDDEN:
            parent = self.stack[-1][1] if self.stack else set()
            self.found.append((tag, kind, classes, parent))
        if tag not in ("input", "option"):  # void or closed before the next control
            self.stack.append((tag, classes))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.in_form:
            self.in_form -= 1
        while self.stack and self.stack.pop()[0] != tag:
            pass


def not_kern(page: str, chosen: Callable[[dict[str, str | None]], bool]) -> list[str]:
    """The controls of the forms of `page` that `chosen` picks (by the form's attributes)
    that are not KERN's: each says what it lacks. Asserts that there was a control."""
    parser = _Controls(chosen)
    parser.feed(page)
    assert parser.found, "no control in the chosen forms"
    wrong = []
    for tag, kind, classes, parent in parser.found:
        need = WANTED.get(kind if kind in ("checkbox", "radio") else tag, "kern-form-input__input")
        if need not in classes:
            wrong.append(f"<{tag} {kind}> without {need}: {sorted(classes)}")
        if tag == "select" and "kern-form-input__select-wrapper" not in parent:
            wrong.append(f"<select> outside its wrapper: {sorted(parent)}")
        if kind in ("checkbox", "radio") and "kern-form-check" not in parent:
            wrong.append(f"<input {kind}> outside kern-form-check: {sorted(parent)}")
    return wrong
