"""The Slack post about a news story says why the story is here, inert and short."""

import json
from datetime import date, datetime

from alerts.blocks import MAX_PASSAGE, news_post
from storage.models import Alert, NewsItem
from tests.conftest import HOSTS

HOSTILE = "<!channel> <https://evil.example|click> *bold* & more"


def story(**changes) -> NewsItem:
    fields = dict(
        id="n1",
        source="news:Community Care",
        title="Inspectors praise Croydon's front door",
        url="https://www.communitycare.co.uk/2026/11/20/croydon/",
        canonical_url="https://communitycare.co.uk/2026/11/20/croydon",
        published=date(2026, 11, 20),
        authority="Croydon",
        urn="80492",
        summary="Ofsted found Croydon's front door much improved.",
        kind="focused-visit",
        passage=f"The focused visit found that Croydon {HOSTILE} responds well. " + "More. " * 200,
        first_seen=datetime(2026, 11, 20),
    )
    return NewsItem(**fields | changes)


def _why(post) -> str:
    (block,) = [b for b in post.blocks if b["type"] == "context" and "Why it is here" in json.dumps(b)]
    return block["elements"][0]["text"]


def test_the_thread_reply_says_why_the_story_is_here_escaped_and_clipped():
    post = news_post(Alert(id=3, kind="news"), story(), None, HOSTS, threaded=True)
    why = _why(post)
    assert why.startswith("Why it is here (read as Croydon’s focused visit letter): “The focused visit found")
    assert "<!channel>" not in why and "&lt;!channel&gt;" in why
    assert "&lt;https://evil.example|click&gt;" in why
    assert why.endswith("…”") and len(why) < MAX_PASSAGE + 150
    assert "Why it is here" in post.plain


def test_a_story_stored_before_passages_were_kept_has_no_why_line():
    post = news_post(Alert(id=3, kind="news"), story(passage=None, kind=None), None, HOSTS, threaded=False)
    assert "Why it is here" not in json.dumps(post.blocks) and "Why it is here" not in post.plain
