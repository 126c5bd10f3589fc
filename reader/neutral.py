"""Text made safe to show people: whatever a page, feed or PDF says, it cannot change how
the rest of a message or page reads. Light to import: the crawl uses it on every page."""

from __future__ import annotations

import re

# Characters that change how text is shown without being text: bidi overrides and
# isolates (which can make a title read backwards, or hide what it says), zero-width
# characters, and C0/C1 controls other than the line break and tab.
_HIDDEN = re.compile(
    r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def neutral(text: str) -> str:
    """The text without characters that could spoof what people read; every scraped
    string shown to people passes through here."""
    return _HIDDEN.sub("", text)
