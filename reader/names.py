"""Where a text names England's authorities: one pass over its words for every name.

Names are matched word by word, so the forms the press writes a long name in are the
same name: "Hammersmith & Fulham", "Bournemouth Christchurch and Poole",
"Southend on Sea", "St Helens", a heading in capitals. A name is matched with its
capitals as written ("Reading" the town, not "reading"), unless asked otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from config import Authority

# Words, without the punctuation between them: "Wokingham's" is "Wokingham" then "s".
_WORD = re.compile(r"[^\W_]+")
# Joining words that names and the press spell in several ways ("&", "and"; "Upon"),
# dropped or lower-cased on both sides.
_JOINING = frozenset({"and"})
_SMALL = frozenset({"of", "upon", "on", "the", "with", "in"})
# A name that is an organisation's, not the council's: "Kent Police", "NHS Medway CCG",
# "Kent, Surrey and Sussex Community Rehabilitation Company".
_ORGANISATION_AFTER = re.compile(
    r"(?:\s*(?:,|\band\b|&)\s*[A-Z][\w-]*)*\s+(?:Police|Constabulary|Fire\b|CCG|Clinical Commissioning|"
    r"Integrated Care|Community Rehabilitation|Hospitals?|University|College|Crown Court|"
    r"Magistrates|F\.?C\b|Football|Cricket|Chamber of Commerce|(?:Local )?Safeguarding Children|LSCB|"
    r"Government|Parliament|politicians|MPs\b)"
)
# "NHS Medway CCG"; "Whitehall and Westminster" (the government, not the borough).
_ORGANISATION_BEFORE = re.compile(r"\b(?:NHS|University of|Diocese of|Whitehall and)\s+$")
LONGEST = 8  # words in the longest name form


@dataclass(frozen=True)
class Mention:
    """An authority named in a text: which one (its index in the list asked about), and
    where the name stands."""

    authority: int
    start: int
    end: int


def _key(words: Sequence[str], *, any_case: bool) -> tuple[str, ...]:
    kept = (w for w in words if w.lower() not in _JOINING)
    if any_case:
        return tuple(w.casefold() for w in kept)
    return tuple(w.lower() if w.lower() in _SMALL else w for w in kept)


class NameIndex:
    """Every name form of the authorities, keyed by its words, for one pass over a text."""

    def __init__(self, names: Sequence[Sequence[str]]):
        self.exact: dict[tuple[str, ...], int] = {}
        self.folded: dict[tuple[str, ...], int] = {}
        self.compact: dict[str, int] = {}  # "brightonhove": as a web address writes it
        for at, forms in enumerate(names):
            for form in forms:
                words = _WORD.findall(form)
                exact = _key(words, any_case=False)
                if not exact:
                    continue
                self.exact.setdefault(exact, at)
                capitals = tuple(w if w in _SMALL else w.upper() for w in exact)
                self.exact.setdefault(capitals, at)  # a heading in capitals
                folded = _key(words, any_case=True)
                self.folded.setdefault(folded, at)
                self.compact.setdefault("".join(folded), at)

    def mentions(self, text: str, *, any_case: bool = False) -> list[Mention]:
        """Each name in the text, the longest form where forms overlap ("Kingston upon
        Hull", not "Kingston"); organisations that bear a name left out."""
        table = self.folded if any_case else self.exact
        words = [
            (m.group(), m.start(), m.end()) for m in _WORD.finditer(text) if m.group().lower() not in _JOINING
        ]
        found: list[Mention] = []
        at = 0
        while at < len(words):
            for length in range(min(LONGEST, len(words) - at), 0, -1):
                span = words[at : at + length]
                authority = table.get(_key([w for w, *_ in span], any_case=any_case))
                if authority is None:
                    continue
                start, end = span[0][1], span[-1][2]
                if not (
                    _ORGANISATION_AFTER.match(text, end)
                    or _ORGANISATION_BEFORE.search(text[max(0, start - 20) : start])
                ):
                    found.append(Mention(authority, start, end))
                at += length - 1
                break
            at += 1
        return found

    def of_site(self, host: str) -> int | None:
        """The council whose own site the host is (a council's site is under .gov.uk and
        bears its name: "www.brighton-hove.gov.uk", "democracy.kent.gov.uk")."""
        host = host.lower().rstrip(".")
        if not host.endswith(".gov.uk"):
            return None
        for label in reversed(host.removesuffix(".gov.uk").split(".")):
            compact = "".join(w for w in _WORD.findall(label) if w not in _JOINING)
            if compact in self.compact:
                return self.compact[compact]
        return None


@lru_cache(maxsize=8)
def _index(names: tuple[tuple[str, ...], ...]) -> NameIndex:
    return NameIndex(names)


def index(authorities: Sequence[Authority]) -> NameIndex:
    """The index of these authorities' names, built once for each list asked about."""
    return _index(tuple(tuple(a.names) for a in authorities))
