"""Text of cells and text boxes: line breaks as the store keeps them, and text written into
a spreadsheet cell (CSV) that a spreadsheet program must not run.

Excel and LibreOffice read a cell that begins with `=`, `+`, `-` or `@` (or a tab or a
carriage return before one) as a formula, and a formula can fetch an address or start a
program when the file is opened (CWE-1236). Such a text is written with an apostrophe in
front, as OWASP's "CSV Injection" advises: the spreadsheet shows the text as it was, and
the apostrophe tells a script reader that the cell was changed, and the import takes it off
again (`read_cell`), so a list written and read back changes nothing. In XLSX a text is
written as a text cell, which no program runs (nothing to add).
"""

from __future__ import annotations

#: The first characters that make a cell a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(text: str) -> str:
    """`text` as a cell that no spreadsheet reads as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def read_cell(text: str) -> str:
    """A CSV cell as it was before `inert_cell` (a list this product wrote, read back by the
    import): a text that was not changed so stays as it is."""
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def stored_lines(text: str) -> str:
    """`text` with its line breaks as the store keeps them (LF). A browser sends a text box's
    as CRLF, and a spreadsheet's cell may hold either: a description of several lines, sent
    back unchanged, was a change, and importing it again would change it back (walks)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
