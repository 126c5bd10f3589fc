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
# The most of a listing's entry read for names: far more than any teaser.
LISTING_CHARS = 20_000
# "NHS Medway CCG"; "Whitehall and Westminster" (the government, not the borough).
_ORGANISATION_BEFORE = re.compile(r"\b(?:NHS|University of|Diocese of|Whitehall and)\s+$")


@dataclass(frozen=True)
class Mention:
    """An authority named in a text: which one (its index in the list asked about), and
    where the name stands."""

    authority: int
    start: int
    end: int


def _word(word: str, *, any_case: bool) -> str:
    """A word as names are keyed: folded for a search in any case, else small joining
    words ("upon", "of") in lower case as names write them either way."""
    if any_case:
        return word.casefold()
    lower = word.lower()
    return lower if lower in _SMALL else word


def _key(words: Sequence[str], *, any_case: bool) -> tuple[str, ...]:
    return tuple(_word(w, any_case=any_case) for w in words if w.lower() not in _JOINING)


class _Table:
    """Names keyed by their words, with how long the longest name is that starts with
    each first word: most words start none, and cost one look-up."""

    def __init__(self) -> None:
        self.names: dict[tuple[str, ...], int] = {}
        self.longest: dict[str, int] = {}

    def add(self, key: tuple[str, ...], authority: int) -> None:
        self.names.setdefault(key, authority)
        self.longest[key[0]] = max(self.longest.get(key[0], 0), len(key))


class NameIndex:
    """Every name form of the authorities, keyed by its words, for one pass over a text."""

    def __init__(self, names: Sequence[Sequence[str]]):
        self.exact = _Table()
        self.folded = _Table()
        self.compact: dict[str, int] = {}  # "brightonhove": as a web address writes it
        for at, forms in enumerate(names):
            for form in forms:
                words = _WORD.findall(form)
                exact = _key(words, any_case=False)
                if not exact:
                    continue
                self.exact.add(exact, at)
                self.exact.add(tuple(w if w in _SMALL else w.upper() for w in exact), at)  # capitals
                folded = _key(words, any_case=True)
                self.folded.add(folded, at)
                self.compact.setdefault("".join(folded), at)

    def mentions(self, text: str, *, any_case: bool = False) -> list[Mention]:
        """Each name in the text, the longest form where forms overlap ("Kingston upon
        Hull", not "Kingston"); organisations that bear a name left out."""
        table = self.folded if any_case else self.exact
        spans = [m.span() for m in _WORD.finditer(text) if m.group().lower() not in _JOINING]
        keys = [_word(text[start:end], any_case=any_case) for start, end in spans]
        found: list[Mention] = []
        at = 0
        while at < len(keys):
            longest = min(table.longest.get(keys[at], 0), len(keys) - at)
            for length in range(longest, 0, -1):
                authority = table.names.get(tuple(keys[at : at + length]))
                if authority is None:
                    continue
                start, end = spans[at][0], spans[at + length - 1][1]
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


# The index of the lists asked about last, by identity: a crawl asks about one list of
# authorities for every story.
_LAST: dict[int, tuple[Sequence[Authority], NameIndex]] = {}


def index(authorities: Sequence[Authority]) -> NameIndex:
    """The index of these authorities' names, built once for each list asked about."""
    held = _LAST.get(id(authorities))
    if held is not None and held[0] is authorities:
        return held[1]
    found = _index(tuple(tuple(a.names) for a in authorities))
    if len(_LAST) >= 8:
        _LAST.clear()
    _LAST[id(authorities)] = (authorities, found)
    return found


def named(text: str, authorities: Sequence[Authority]) -> list[Authority]:
    """The authorities the text names, most often named first (in any case: a listing's
    teaser is cheap to read in full later)."""
    counts: dict[int, int] = {}
    for mention in index(authorities).mentions(text[:LISTING_CHARS], any_case=True):
        counts[mention.authority] = counts.get(mention.authority, 0) + 1
    return [authorities[at] for at in sorted(counts, key=lambda at: (-counts[at], at))]
