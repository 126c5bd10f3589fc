"""People's names as Ofsted's documents print them, and telling a name from an address or a role.

A name is two to four capitalised words of any alphabet ("Áine Marsh", "Ivo
Rhys-Bell", "Tess O’Neill"); titles, grades and roles around it ("Dr", "HMI", "(AI)",
"Contracted Inspector") are not part of it, and someone who only observed or shadowed
is no inspector.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A word of a name: capitalised, letters of any alphabet ("Máire"), inner hyphens and
# apostrophes ("Thomson-Jones", "O’Brien", "McEntee", "Jenny-ellen").
WORD = r"[A-ZÀ-ÞĀ-Ž](?:[^\W\d_]|[’'\-](?=[^\W\d_]))*"
NAME = re.compile(rf"{WORD}(?:\s+{WORD}){{1,3}}")
# Words that are never part of a person's name: titles, roles, offices and inspectorates,
# the parts of an address ("Town Hall", "St Ives Road") and counting words.
NOT_NAMES = frozenset(
    {
        "her",
        "his",
        "majesty’s",
        "majesty's",
        "inspector",
        "inspectors",
        "inspectorate",
        "hmi",
        "ofsted",
        "lead",
        "team",
        "deputy",
        "senior",
        "quality",
        "care",
        "commission",
        "cqc",
        "judgement",
        "grade",
        "the",
        "this",
        "these",
        "shadow",
        "social",
        "regulatory",
        "additional",
        "associate",
        "contracted",
        "seconded",
        "children’s",
        "children's",
        "services",
        "service",
        "inspection",
        "visit",
        "local",
        "authority",
        "council",
        "county",
        "borough",
        "city",
        "town",
        "district",
        "metropolitan",
        "civic",
        "hall",
        "road",
        "street",
        "avenue",
        "crescent",
        "terrace",
        "square",
        "drive",
        "gardens",
        "parade",
        "building",
        "buildings",
        "centre",
        "center",
        "office",
        "offices",
        "floor",
        "department",
        "directorate",
        "director",
        "directors",
        "executive",
        "chief",
        "officer",
        "assistant",
        "interim",
        "acting",
        "strategic",
        "corporate",
        "cabinet",
        "member",
        "manager",
        "partnership",
        "board",
        "trust",
        "nhs",
        "dr",
        "mr",
        "mrs",
        "ms",
        "miss",
        "yours",
        "your",
        "sincerely",
        "designate",
        "all",
        "two",
        "three",
        "four",
        "five",
        "during",
        "date",
        "dates",
        "dear",
        "education",
        "health",
        "specialist",
        "adviser",
        "advisor",
    }
)
_NAME_WORD = re.compile(WORD)


def is_person_name(candidate: str) -> bool:
    """Whether candidate reads as one person's name: two to four name-like words, none of
    them an address's, an office's or a role's, no postcode or initialism ("SL", "HMI")."""
    words = candidate.split()
    if not 2 <= len(words) <= 4 or len(words[-1]) == 1:  # a surname is no initial ("Annex A")
        return False
    for word in words:
        if not _NAME_WORD.fullmatch(word) or word.lower() in NOT_NAMES:
            return False
        if len(word) > 1 and word.isupper():
            return False
    return True


# Titles and grades that follow a name in team lists: "SHMI", "SCRI", "(OI)", "(AI)",
# "HMI designate", "Contracted Inspector", "Her Majesty’s Inspector", "Ofsted inspector".
ROLES = re.compile(
    r"\([^)]*\)|\b(?:Senior\s+)?HMIs?\b(?:\s+designate)?|\bS?HMI\b|\bSCRI\b|\bOI\b|\bAI\b|"
    r"(?:Her|His)\s+Majesty[’']s\s+Inspectors?|\b(?:Senior|Ofsted|Additional|Associate|Contracted|"
    r"Social care regulatory|seconded|lead|team|deputy lead)\s+[Ii]nspectors?\b|\bDr\b\.?",
    re.I,
)
# Someone who came along and is no inspector of the visit: "X, who observed the visit",
# "X (observer)", "X, shadow inspector".
_OBSERVER = re.compile(
    rf"{NAME.pattern}\s*,?\s*\(?\s*(?:who\s+(?:was\s+)?(?:observ|shadow)\w*|observ\w*|shadow(?:ing|\s+inspector)"
    rf"|supernumerary\w*)\b[^,;.)]*\)?",
    re.I,
)


_SEPARATOR = re.compile(r",|;|\band\b|\bwith\b|\bas well as\b|\.(?:\s|$)")


def names(chunk: str) -> list[str]:
    """The people's names in a piece of text, in order, each once, each a person's name."""
    chunk = ROLES.sub(",", _OBSERVER.sub(",", chunk))
    found: list[str] = []
    for part in _SEPARATOR.split(chunk):
        for run in NAME.finditer(part):
            words = run.group(0).split()
            # A name is the run of name words after anything that is not part of a name.
            while words and words[0].lower() in NOT_NAMES:
                words.pop(0)
            name = " ".join(words)
            if is_person_name(name) and name not in found:
                found.append(name)
    return found


# Capitalised words one after another on one line.
_LINE_RUN = re.compile(rf"{WORD}(?:[ \t]+{WORD})*")


def name_spans(line: str) -> Iterator[tuple[int, int, str]]:
    """Each person's name in one line of a list or a table, with where it stands. Any word
    that is never a name's ends one, before or after it: "Ofsted HMI Dee North", "Ada Kerr
    HMI", "Lead Inspector Bea Lowe"."""
    for run in _LINE_RUN.finditer(line):
        words: list[re.Match[str]] = []
        for word in [*_NAME_WORD.finditer(line, run.start(), run.end()), None]:
            if word is not None and word.group().lower() not in NOT_NAMES:
                words.append(word)
                continue
            name = " ".join(w.group() for w in words)
            if words and is_person_name(name):
                yield words[0].start(), words[-1].end(), name
            words = []


def listed_names(chunk: str) -> list[str]:
    """The names in a printed team list, in order, each once. Every role word ends a name
    ("Jo Bloggs Children’s Services Inspector"), and a line break parts two names when
    each side of it holds a whole one ("Jo Bloggs" above "Ada Kerr"), but not a name
    wrapped onto the next line ("Colm" above "Rhys-Bell")."""
    found: list[str] = []
    for part in _SEPARATOR.split(ROLES.sub(",", _OBSERVER.sub(",", chunk))):
        for line in _unwrapped(part):
            for *_, name in name_spans(line):
                if name not in found:
                    found.append(name)
    return found


def _unwrapped(part: str) -> list[str]:
    """The part's lines, each wrapped name joined back onto one."""
    lines = [line.strip() for line in part.split("\n")]
    joined = lines[:1]
    for line in lines[1:]:
        if _name_words(joined[-1].split()[::-1]) >= 2 and _name_words(line.split()) >= 2:
            joined.append(line)
        else:
            joined[-1] = f"{joined[-1]} {line}".strip()
    return joined


def _name_words(words: list[str]) -> int:
    """How many name words the words start with."""
    count = 0
    for word in words:
        if not _NAME_WORD.fullmatch(word) or word.lower() in NOT_NAMES:
            break
        count += 1
    return count
