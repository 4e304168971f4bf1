"""Free text, the same in pages and API: one maximum length per kind of field, and one rule for
what counts as empty.

A field's limit is a few pages of text, not a pasted file. Text that is only whitespace or
characters nobody can see (a zero-width space, a byte-order mark, a no-break space) is empty: a
mandatory reason of "\u200b" is no reason.
"""

from __future__ import annotations

import re

TEXT_LONG = 20_000  # entries, proposals, outcomes, views, complaints, corrections, summaries
TEXT_SHORT = 5_000  # reasons, explanations, safety findings and agreements
TITLE = 200  # one line: a title, an expertise, a name

# Zero-width space, non-joiner and joiner, word joiner, byte-order mark. Python's `\s` already
# covers the other whitespace, the no-break space U+00A0 included.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"
_EDGES = re.compile(rf"^[\s{_INVISIBLE}]+|[\s{_INVISIBLE}]+$")


def clean(text: str) -> str:
    """The text without whitespace and invisible characters at either end."""
    return _EDGES.sub("", text)


def is_blank(text: str | None) -> bool:
    """True when nothing readable is left: only whitespace and invisible characters."""
    return not text or not clean(text)
