"""The summary against what leadership must learn from real documents (the shared labelled
set), scored as benchmarks/summaries.py scores it: no change may lower it unseen."""

from __future__ import annotations

import pytest

from benchmarks.summaries import LABELS, TARGET_CONCERNS, TARGET_HEADLINE, Score, report, score
from tests.conftest import shared

# What the summary reaches now: a change that lowers it fails here.
FLOOR_HEADLINE = 0.92
FLOOR_CONCERNS = 0.41


@pytest.fixture(scope="module")
def scored() -> Score:
    labels = shared(*LABELS.parts)
    return score(labels.parents[1])


def test_no_weakness_or_mixed_finding_is_ever_shown_as_a_strength(scored, record_property):
    record_property("summaries", "\n".join(report(scored)))
    assert not scored.wrong_strengths, scored.wrong_strengths


def test_the_headline_and_concerns_hold_what_they_reach_now(scored):
    assert scored.headline_rate >= FLOOR_HEADLINE, scored.misses
    assert scored.concern_rate >= FLOOR_CONCERNS, scored.misses


@pytest.mark.xfail(strict=True, reason="key concerns are not yet covered as often as the target asks")
def test_the_headline_and_concerns_meet_their_targets(scored):
    assert scored.headline_rate >= TARGET_HEADLINE and scored.concern_rate >= TARGET_CONCERNS
