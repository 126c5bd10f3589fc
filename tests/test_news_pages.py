"""News relevance on real pages: the labelled pages of the shared material hold the
targets, so that no change lowers them unseen (benchmarks/news.py prints every miss);
and the passages written for every form (tests/news_probe.py) are held to a high bar."""

from benchmarks.news import TARGET_PRECISION, TARGET_RECALL, TARGET_TYPE
from tests.conftest import shared
from tests.news_pages import Score, pages, score, sector_authorities
from tests.news_probe import passages

WRITTEN_TARGET = 0.95  # precision, recall and type on the written passages


def _misses(result: Score) -> str:
    return "\n".join(f"{m.page} {m.authority}: {m.what}: {m.passage[:200]}" for m in result.misses)


def test_real_news_pages_are_kept_and_typed_as_labelled():
    result = score(pages(shared("news", "dev.jsonl")), sector_authorities())
    assert result.precision >= TARGET_PRECISION, _misses(result)
    assert result.recall >= TARGET_RECALL, _misses(result)
    assert result.type_accuracy >= TARGET_TYPE, _misses(result)


def test_written_passages_of_every_form_are_kept_and_typed_as_labelled():
    result = score(passages(), sector_authorities())
    assert len(passages()) >= 60
    assert result.precision >= WRITTEN_TARGET, _misses(result)
    assert result.recall >= WRITTEN_TARGET, _misses(result)
    assert result.type_accuracy >= WRITTEN_TARGET, _misses(result)
