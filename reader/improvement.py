"""The finding behind a point of a document's improvement list.

An improvement list names an area ("The quality of assessments."); the specific finding
a director needs (how many children, what risk) is a sentence of the body about the same
thing. The body's sentence that shares most of the point's telling words, weighed by how
rare each word is in the document, and that reports a weakness, gives the point's finding.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable

# Words that tell nothing about which area a sentence is on.
_FUNCTION_WORDS_SAID = """
    a about after all also an and any are as at be been being both but by can could did do
    does for from had has have how in into is it its more most not of on or other our should
    so some such than that the their them there these they this those through to was were what
    when where which while who will with within would relation relating regard regarding respect"""
_FUNCTION_WORDS = frozenset(_FUNCTION_WORDS_SAID.split())
_WORD = re.compile(r"[a-z]{3,}")
# Words compared by their first letters, so that "assessments", "assessed" and
# "assessment" are one word.
STEM = 6
# How much of a point's telling words a sentence must share to give its finding.
_MIN_SHARED = 0.3
# Words of worry beyond these make a sentence no closer.
_MOST_WORRY = 3


# Function words as they are compared, cut to a stem's length.
_FUNCTION_STEMS = frozenset(w[:STEM] for w in _FUNCTION_WORDS)


@functools.lru_cache(maxsize=4096)  # a sentence is compared with many others
def stems(sentence: str) -> frozenset[str]:
    return frozenset(w[:STEM] for w in _WORD.findall(sentence.lower())) - _FUNCTION_STEMS


# Two sentences sharing this much of the shorter one's telling words make one point.
_SAME_POINT = 0.6


def same_point(one: str, other: str) -> bool:
    """Whether two sentences make the same point in other words."""
    first, second = stems(one), stems(other)
    return bool(first and second) and len(first & second) >= _SAME_POINT * min(len(first), len(second))


class Body:
    """A document's finding sentences, ready to be searched by its improvement points."""

    def __init__(self, said: list[str], points: list[str]):
        self.said = said
        self.words = [stems(s) for s in said]
        counts = Counter(w for words in self.words for w in words)
        self.rarity = {w: math.log((1 + len(said)) / (1 + n)) + 1 for w, n in counts.items()}
        # Each point's telling words, weighed by how rare each is in the findings (a word
        # they never use tells nothing of which finding is the point's).
        self.points = {p: {w: self.rarity.get(w, 0.0) for w in stems(p)} for p in points}

    def finding(self, point: str, worry: Callable[[str], int], taken: list[str]) -> str | None:
        """The body's sentence that gives this point's finding, or None when none does: of
        the sentences that voice a worry and are not yet taken, the one closest to the
        point in its telling words (the cosine of rarity-weighted words), the more worried
        the closer."""
        wanted = self.points[point]
        norm = math.sqrt(sum(weight * weight for weight in wanted.values()))
        least = _MIN_SHARED * sum(wanted.values())
        if not norm:
            return None
        best, best_score = None, 0.0
        for sentence, words in zip(self.said, self.words, strict=True):
            if not (worried := worry(sentence)):  # the cheaper test first: most sentences praise
                continue
            shared = [wanted[w] for w in wanted.keys() & words]
            if len(shared) < min(2, len(wanted)) or sum(shared) < least or sentence in taken:
                continue  # one shared word ("children") is no finding of a point of several
            closeness = sum(weight * weight for weight in shared) / (norm * self._length(words))
            if closeness * (1 + _MOST_WORRY) <= best_score:
                continue
            if (score := closeness * (1 + min(worried, _MOST_WORRY))) > best_score:
                best, best_score = sentence, score
        return best

    def _length(self, words: frozenset[str]) -> float:
        return math.sqrt(sum(self.rarity[w] ** 2 for w in words))

    def on_area_of(self, sentence: str) -> bool:
        """Whether a sentence is about the area of one of the points: it holds at least
        half of the point's telling words, weighed by rarity, and more than one of them
        ("children" alone is no area)."""
        words = stems(sentence)
        for wanted in self.points.values():
            held = wanted.keys() & words
            if len(held) > 1 and sum(wanted[w] for w in held) >= sum(wanted.values()) / 2:
                return True
        return False
