"""Which of an earlier letter's concerns a later letter raises again, which it no longer
raises, and which are new: matched by what the findings say, quoted from both documents.

Two findings are on the same thing when they share enough of their telling words, each
word weighed by how rare it is across both documents' sentences: "homeless" or "return
home interviews" count, "children" or "assessments" hardly at all. A false "raised again"
misleads leadership, so the bar for it is high: five shared words that name a matter
(words that judge or join, "however", "improve", "missed opportunities", name none), two
of them rare, and none passes it on a phrase of the inspectorate's house style. "No
longer raised" and "new" are said only where the other document says nothing on the
matter at all: a finding merely left out of a summary is neither.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from reader.improvement import STEM as _STEM
from reader.improvement import stems as _stems
from reader.summary import is_concern, sections, sentences

# The shortest sentence of a document weighed as a finding.
_SHORTEST = 30
# Raised again: the share of the two findings' weighted telling words they hold in common
# (their cosine), how many words they share, and how many of those are rare ones.
SAME = 0.3
_SHARED = 5
_RARE_SHARED = 2
# A word is rare when it is in at most this share of the two documents' sentences.
_RARE = 0.02
# Words that judge or join rather than name a matter ("however", "improve", "missed
# opportunities", "not consistently"): two findings sharing only these share no matter.
_JUDGING_WORDS = (
    "although",
    "always",
    "better",
    "consequently",
    "consistent",
    "consistently",
    "effective",
    "effectively",
    "enough",
    "ensure",
    "few",
    "further",
    "good",
    "however",
    "improve",
    "improved",
    "improvement",
    "improvements",
    "many",
    "missed",
    "never",
    "opportunities",
    "opportunity",
    "poor",
    "quality",
    "routinely",
    "strong",
    "sufficient",
    "sufficiently",
    "therefore",
    "timeliness",
    "timely",
    "too",
    "weak",
    "well",
)
_JUDGING = frozenset(word[:_STEM] for word in _JUDGING_WORDS)
# On the matter at all: a sentence this close, or sharing two rare words, is about it.
TOUCHES = 0.18


@dataclass(frozen=True)
class Letter:
    """What a comparison needs of a document: its concerns, as its summary quotes them,
    and its whole text, to tell whether it says anything of another's."""

    concerns: list[str]
    text: str


@dataclass(frozen=True)
class Compared:
    again: list[tuple[str, str]]  # (as the earlier document said it, as the new letter does)
    dropped: list[str]  # the earlier concerns the new letter says nothing of
    new: list[str]  # the new letter's concerns the earlier document says nothing of


def stems(sentence: str) -> frozenset[str]:
    """A sentence's telling words, as reader.improvement compares them, less those that judge."""
    return _stems(sentence) - _JUDGING


class _Weights:
    def __init__(self, said: list[str]):
        counts = Counter(w for sentence in said for w in stems(sentence))
        self.total = len(said)
        self.idf = {w: math.log((1 + self.total) / (1 + n)) + 1 for w, n in counts.items()}
        self.rare = {w for w, n in counts.items() if n <= max(2, _RARE * self.total)}

    def weight(self, word: str) -> float:
        return self.idf.get(word, math.log(1 + self.total) + 1)

    def closeness(self, one: str, other: str) -> tuple[float, frozenset[str]]:
        """The cosine of the two sentences' weighted telling words, and the words shared."""
        first, second = stems(one), stems(other)
        shared = first & second
        norm = math.sqrt(sum(self.weight(w) ** 2 for w in first) * sum(self.weight(w) ** 2 for w in second))
        return (sum(self.weight(w) ** 2 for w in shared) / norm if norm else 0.0), shared

    def same(self, one: str, other: str) -> float:
        """How close two findings are, when they are on the same thing; else 0."""
        cosine, shared = self.closeness(one, other)
        enough = len(shared) >= _SHARED and len(shared & self.rare) >= _RARE_SHARED
        return cosine if cosine >= SAME and enough else 0.0

    def touches(self, one: str, other: str) -> bool:
        cosine, shared = self.closeness(one, other)
        return cosine >= TOUCHES or len(shared & self.rare) >= _RARE_SHARED


def findings(text: str) -> list[str]:
    """A document's sentences, section by section, long enough to be findings."""
    return [
        sentence
        for section in sections(text)
        for item in section.items
        for sentence in sentences(item)
        if len(sentence) >= _SHORTEST
    ]


def compare(before: Letter, after: Letter) -> Compared:
    """The new letter's concerns beside the earlier document's: each new concern raised
    again (matched to an earlier concern, or else to a sentence of the earlier document
    that voices a worry) or new; each earlier concern not raised again, dropped."""
    said_before, said_after = findings(before.text), findings(after.text)
    weights = _Weights(said_before + said_after)
    worried_before = [s for s in said_before if is_concern(s)]
    again: list[tuple[str, str]] = []
    new: list[str] = []
    for concern in after.concerns:
        match = _closest(weights, concern, before.concerns) or _closest(weights, concern, worried_before)
        if match and match not in (earlier for earlier, _ in again):
            again.append((match, concern))
        elif not any(weights.touches(concern, s) for s in [*said_before, *before.concerns]):
            new.append(concern)
    raised = {earlier for earlier, _ in again}
    dropped = [
        concern
        for concern in before.concerns
        if concern not in raised
        and not any(weights.touches(concern, s) for s in [*said_after, *after.concerns])
    ]
    return Compared(again, dropped, new)


def _closest(weights: _Weights, finding: str, candidates: list[str]) -> str | None:
    scored = [(score, candidate) for candidate in candidates if (score := weights.same(finding, candidate))]
    return max(scored)[1] if scored else None
