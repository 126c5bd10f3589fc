"""A corrected copy at a new link: Ofsted sometimes withdraws a letter and publishes it
again, amended, under a new document link. It is the same publication, not a new one:
the same authority, type and visit dates, nearly the same text, and the old link gone
from the page. Its alert is an update of the first one, saying what now reads otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Set

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Publication
from storage.reading import Reading
from vocabulary import ReadStatus

# How much of two texts' wording (runs of three words) must be shared for one to be the
# other corrected: a letter with one sentence amended shares nearly all of it.
SAME_TEXT = 0.8
_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# What the update quotes of the corrected copy: its sentences the withdrawn one lacked.
MAX_AMENDED, MAX_QUOTE = 2, 200


def _runs(text: str) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def _shared(a: str, b: str) -> float:
    first, second = _runs(a), _runs(b)
    return len(first & second) / max(len(first | second), 1)


def withdrawn(s: Session, copy: Publication, reading: Reading, listed: Set[str]) -> Publication | None:
    """The publication a new one replaces, if it is a corrected copy of one the page no
    longer lists; None otherwise."""
    facts = reading.facts or {}
    period = (facts.get("period_start"), facts.get("period_end"))
    if reading.status != ReadStatus.DONE or not reading.text or None in period:
        return None
    query = select(Publication).where(
        Publication.urn == copy.urn,
        Publication.type == copy.type,
        Publication.id != copy.id,
        Publication.id.not_in(listed),
        Publication.replaced_by.is_(None),
        Publication.read_status == ReadStatus.DONE,
    )
    for candidate in s.scalars(query):
        theirs = candidate.facts or {}
        if (theirs.get("period_start"), theirs.get("period_end")) != period:
            continue
        if candidate.text and _shared(candidate.text, reading.text) >= SAME_TEXT:
            return candidate
    return None


def amended(old: str, new: str) -> list[str]:
    """The corrected copy's sentences the withdrawn one did not have, first ones first."""
    before = {" ".join(sentence.split()) for sentence in _SENTENCE_END.split(old)}
    changed = [
        " ".join(sentence.split())
        for sentence in _SENTENCE_END.split(new)
        if " ".join(sentence.split()) not in before and len(_WORD.findall(sentence)) >= 4
    ]
    return [sentence[:MAX_QUOTE] for sentence in changed[:MAX_AMENDED]]
