"""What a change set's comment may hold (a sentence or a paragraph saying why; no control
characters but line breaks and tabs), and how a terminal shows one (`history`, `drafts`)."""

from __future__ import annotations

import re

from ..errors import UsageError

#: The longest comment a change set, a review or a rejection takes: a comment says why, in a
#: sentence or a paragraph; 300,000 characters were taken and printed by `history` (walk).
MAX_COMMENT_CHARS = 2000

#: Line breaks and tabs are a comment's own; any other control character (an escape that
#: recolours a terminal, a carriage return that writes over a line) is not.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def check_comment(comment: str) -> None:
    """Refuse a comment too long, or holding a control character other than a line break or
    a tab: `history` printed an editor's escape sequences to the operator's terminal."""
    if len(comment) > MAX_COMMENT_CHARS:
        raise UsageError(
            f"Der Kommentar ist zu lang ({len(comment)} Zeichen, höchstens {MAX_COMMENT_CHARS}).",
            f"The comment is too long ({len(comment)} characters, at most {MAX_COMMENT_CHARS}).",
            where="comment",
        )
    control = CONTROL.search(comment)
    if control:
        code = f"U+{ord(control.group()):04X}"
        raise UsageError(
            f"Der Kommentar enthält ein Steuerzeichen ({code}, Zeichen {control.start() + 1}); "
            "erlaubt sind Text, Zeilenumbrüche und Tabulatoren.",
            f"The comment holds a control character ({code}, character {control.start() + 1}); "
            "allowed are text, line breaks and tabs.",
            where="comment",
        )


def shown_comment(comment: str) -> str:
    """A comment as a terminal shows it: a control character by its code (`\\x1b`), each
    further line indented under the first. An editor's comment had written a line that
    read as a change set of its own into `history`, in red (walk); comments taken before
    `check_comment` may still hold such characters."""
    lines = comment.replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", lines).replace("\n", "\n    ")
