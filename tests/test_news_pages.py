"""News relevance on real pages: the labelled pages of the shared material hold the
targets, so that no change lowers them unseen (benchmarks/news.py prints every miss)."""

from benchmarks.news import TARGET_PRECISION, TARGET_RECALL, TARGET_TYPE
from tests.conftest import shared
from tests.news_pages import pages, score, sector_authorities


def test_real_news_pages_are_kept_and_typed_as_labelled():
    result = score(pages(shared("news", "dev.jsonl")), sector_authorities())
    misses = "\n".join(f"{m.page} {m.authority}: {m.what}: {m.passage[:200]}" for m in result.misses)
    assert result.precision >= TARGET_PRECISION, misses
    assert result.recall >= TARGET_RECALL, misses
    assert result.type_accuracy >= TARGET_TYPE, misses
