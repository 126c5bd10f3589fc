"""Where a text names England's authorities: one pass over its words for every name.

Names are matched word by word, so the forms the press writes a long name in are the
same name: "Hammersmith & Fulham", "Bournemouth Christchurch and Poole",
"Southend on Sea", "St Helens", a heading in capitals. A name is matched with its
capitals as written ("Reading" the town, not "reading"), unless asked otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from authorities import shared_forms, sites
from config import Authority

# Words, without the punctuation between them: "Wokingham's" is "Wokingham" then "s".
_WORD = re.compile(r"[^\W_]+")
# Joining words that names and the press spell in several ways ("&", "and"; "Upon"),
# dropped or lower-cased on both sides.
_JOINING = frozenset({"and"})
_SMALL = frozenset({"of", "upon", "on", "the", "with", "in"})
# A name that is an organisation's, not the council's: "Kent Police", "NHS Medway CCG",
# "the Sutton Safeguarding Children Board", "Westminster politicians".
_ORGANISATION_AFTER = re.compile(
    r"\s+(?:Police|Constabulary|Fire\b|CCG|Clinical Commissioning|Integrated Care|Hospitals?|University|"
    r"College|Crown Court|Magistrates|F\.?C\b|Football|Cricket|Chamber of Commerce|"
    r"(?:Local )?Safeguarding Children|LSCB|Government|Parliament|politicians|MPs\b)"
)
# The most of a listing's entry read for names: far more than any teaser.
LISTING_CHARS = 20_000
_ORGANISATION_BEFORE = re.compile(
    r"\b(?:NHS|University of|Diocese of|(?:Duke|Duchess|Earl|Countess|Bishop|Archbishop|Dean) of|"
    r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady|Cllr|Councillor)\.?|New|Greater)\s+$"
)
# A name joined at once to another capitalised word is part of a longer proper name: a
# place ("Sutton Coldfield", "Bury St Edmunds", "Newcastle-under-Lyme"), a team, a paper
# ("Kent Online") or a person ("Brent Smith"); unless the word is one a council's own
# name or work goes on with ("Council", "Children's Services", "Ofsted report").
_OWN_WORDS = (
    r"Councils?|(?:City|County|Borough|District|Metropolitan Borough) Council|Borough|Metropolitan|"
    r"Children|Children[’']s|Childrens|Child|Social|Early|Family|Families|Education|SEND|Special|"
    r"Local|Area|Safeguarding|Partnership|Ofsted|OFSTED|Inspection|Improvement|Cabinet|Scrutiny|"
    r"Director|Good|Outstanding|Inadequate|Requires|Adequate"
)
_LONGER_NAME = re.compile(rf"(?:[ \t]+(?!(?:{_OWN_WORDS})\b)[A-Z][a-z]|-(?:[a-z]+-)?[A-Z])")
# A line in title case ("Bury Children's Services Rated Good"), where every word is capitalised.
_CAPITALISED = re.compile(r"\b[A-Za-z][\w’']{3,}")
TITLE_CASE = 0.7
# A form that also names something else ("Richmond", "Windsor") is the council's beside
# the words of a council or of its services: "Richmond Council", "Windsor's children's
# services", "Richmond and Kingston councils", "the Royal Borough of Windsor", "Bury's
# SEND services".
_COUNCIL_AFTER = re.compile(
    r"(?:\s*(?:,|\band\b|&)\s*[A-Z][\w-]*)*\s*(?:[’']s)?\s+"
    r"(?:(?:City|County|Borough|District|Metropolitan Borough) )?"
    r"(?:[Cc]ouncils?|[Bb]oroughs?|local authorit(?:y|ies)|"
    r"[Cc]hildren[’']s (?:[Ss]ervices|[Ss]ocial|[Tt]rust))|"
    r"[’']s (?:SEND|special educational needs|local area|social work|child protection|care leavers|"
    r"looked[- ]after children|children in care)\b"
)
# A council's site name, as a host writes it: "nottinghamcity", "cityofyork", "lewishamcouncil".
_COUNCIL_LABEL = re.compile(r"^(?:cityof|royal)|(?:city|council|cc|borough)$")
_COUNCIL_BEFORE = re.compile(
    r"(?:(?:London|Royal) Borough of|[Cc]ouncils? (?:of|in)|[Bb]orough of|City of)\s+$"
)


@dataclass(frozen=True)
class Mention:
    """An authority named in a text: which one (its index in the list asked about), where
    the name stands, and whether it is sure to be the council's (a form that also names
    something else is not, unless council words stand beside it)."""

    authority: int
    start: int
    end: int
    sure: bool = True


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
        self.shared: set[tuple[str, ...]] = set()  # forms that also name something else

    def add(self, key: tuple[str, ...], authority: int, *, shared: bool = False) -> None:
        self.names.setdefault(key, authority)
        self.longest[key[0]] = max(self.longest.get(key[0], 0), len(key))
        if shared:
            self.shared.add(key)


class NameIndex:
    """Every name form of the authorities, keyed by its words, for one pass over a text."""

    def __init__(
        self,
        names: Sequence[Sequence[str]],
        shared: frozenset[str] = frozenset(),
        sites: Mapping[str, str] | None = None,
    ):
        self.exact = _Table()
        self.folded = _Table()
        self.compact: dict[str, int] = {}  # "brightonhove": as a web address writes it
        for at, forms in enumerate(names):
            for form in forms:
                words = _WORD.findall(form)
                exact = _key(words, any_case=False)
                if not exact:
                    continue
                doubtful = form in shared
                self.exact.add(exact, at, shared=doubtful)
                capitals = tuple(w if w in _SMALL else w.upper() for w in exact)
                self.exact.add(capitals, at, shared=doubtful)
                folded = _key(words, any_case=True)
                self.folded.add(folded, at, shared=doubtful)
                self.compact.setdefault("".join(folded), at)
        for site, name in (sites or {}).items():  # "hants": Hampshire's site
            if (whose := self.compact.get(_compact(name))) is not None:
                self.compact.setdefault(_compact(site), whose)

    def mentions(self, text: str, *, any_case: bool = False) -> list[Mention]:
        """Each name in the text, the longest form where forms overlap ("Kingston upon
        Hull", not "Kingston"); organisations that bear a name, and longer proper names
        that start with one, left out."""
        table = self.folded if any_case else self.exact
        spans = [m.span() for m in _WORD.finditer(text) if m.group().lower() not in _JOINING]
        keys = [_word(text[start:end], any_case=any_case) for start, end in spans]
        found: list[Mention] = []
        at = 0
        while at < len(keys):
            longest = min(table.longest.get(keys[at], 0), len(keys) - at)
            for length in range(longest, 0, -1):
                key = tuple(keys[at : at + length])
                authority = table.names.get(key)
                if authority is None:
                    continue
                start, end = spans[at][0], spans[at + length - 1][1]
                if not _another_name(text, start, end):
                    sure = key not in table.shared or _beside_council_words(text, start, end)
                    found.append(Mention(authority, start, end, sure))
                at += length - 1
                break
            at += 1
        return found

    def of_site(self, host: str) -> int | None:
        """The council whose own site the host is (a council's site is under .gov.uk and
        bears its name, perhaps with "city" or "council", or the site's own name:
        "www.brighton-hove.gov.uk", "democracy.kent.gov.uk", "www.nottinghamcity.gov.uk",
        "democracy.hants.gov.uk")."""
        host = host.lower().rstrip(".")
        if not host.endswith(".gov.uk"):
            return None
        for label in reversed(host.removesuffix(".gov.uk").split(".")):
            compact = _compact(label)
            for name in (compact, _COUNCIL_LABEL.sub("", compact)):
                if name in self.compact:
                    return self.compact[name]
        return None


def _compact(name: str) -> str:
    """A name as a web address writes it: "brighton-hove", "nsomerset"."""
    return "".join(w for w in _WORD.findall(name.casefold()) if w not in _JOINING)


def _another_name(text: str, start: int, end: int) -> bool:
    """Whether the name at start:end is part of an organisation's or a longer proper
    name. In a line in title case every word is capitalised, and only a hyphen joins."""
    if _ORGANISATION_AFTER.match(text, end) or _ORGANISATION_BEFORE.search(text[max(0, start - 20) : start]):
        return True
    joined = _LONGER_NAME.match(text, end)
    return bool(joined) and (text[end] == "-" or not _title_case(text))


def _title_case(text: str) -> bool:
    words = _CAPITALISED.findall(text)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= TITLE_CASE * len(words)


def _beside_council_words(text: str, start: int, end: int) -> bool:
    return bool(_COUNCIL_AFTER.match(text, end) or _COUNCIL_BEFORE.search(text[max(0, start - 30) : start]))


@lru_cache(maxsize=8)
def _index(names: tuple[tuple[str, ...], ...]) -> NameIndex:
    return NameIndex(names, shared_forms(), sites())


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
