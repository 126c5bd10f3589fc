"""Slack messages stay inert and within Slack's limits, whatever the input."""

import json
from datetime import date, datetime

from alerts.blocks import (
    MAX_BLOCKS,
    MAX_FIELD,
    MAX_HEADER,
    MAX_SECTION,
    MAX_TOTAL,
    alert_post,
    digest_post,
    link,
    safe_url,
)
from storage.models import Alert, Publication
from tests.conftest import HOSTS


def publication(**changes):
    fields = dict(
        id="1",
        source="ofsted:80492",
        authority="Croydon",
        urn="80492",
        type="focused-visit",
        title="Children's services focused visit",
        url="https://files.ofsted.gov.uk/v1/file/1",
        published=date(2026, 11, 14),
        event_date=None,
        page_url="https://reports.ofsted.gov.uk/provider/44/80492",
        first_seen=datetime(2026, 11, 22),
        last_seen=datetime(2026, 11, 22),
        read_status="done",
        facts={},
        summary={"headline": "H.", "strengths": [], "concerns": []},
    )
    return Publication(**fields | changes)


def test_huge_inputs_stay_within_every_limit():
    long = "x" * 20000
    pub = publication(
        title=long,
        authority="Croydon " * 100,
        facts={
            "inspectors": [long] * 30,
            "period_start": "2026-10-07",
            "period_end": "2026-10-08",
            "outcome": long,
        },
        summary={"headline": long, "strengths": [long] * 4, "concerns": [long] * 4, "overview": long},
    )
    post = alert_post(Alert(id=1, kind="new"), pub, [], HOSTS)
    assert len(post.blocks) <= MAX_BLOCKS and len(post.text) <= 300
    assert len(json.dumps(post.blocks, ensure_ascii=False)) <= MAX_TOTAL
    assert len(post.blocks[0]["text"]["text"]) <= MAX_HEADER
    for block in post.blocks:
        if "text" in block and block["type"] == "section":
            assert len(block["text"]["text"]) <= MAX_SECTION
        for field in block.get("fields", []):
            assert len(field["text"]) <= MAX_FIELD


def test_five_long_concerns_are_each_shown_whole():
    concerns = [f"Concern {n}: " + "children wait too long for help. " * 27 for n in range(5)]
    pub = publication(summary={"headline": "H.", "strengths": [], "concerns": concerns})
    post = alert_post(Alert(id=1, kind="new"), pub, [], HOSTS)
    shown = "\n".join(block["text"]["text"] for block in post.blocks if "text" in block)
    assert all(f"• {concern}" in shown for concern in concerns)
    assert all(
        len(block["text"]["text"]) <= MAX_SECTION
        for block in post.blocks
        if block["type"] == "section" and "text" in block
    )


def test_a_digest_of_hundreds_stays_within_limits():
    items = [
        (Alert(id=i, kind="new"), publication(id=str(i), title=f"Publication {i} " * 10)) for i in range(300)
    ]
    post = digest_post(1, items, HOSTS)
    assert len(post.blocks) <= MAX_BLOCKS
    assert len(json.dumps(post.blocks, ensure_ascii=False)) <= MAX_TOTAL
    assert "and 260 more" in json.dumps(post.blocks)


def test_links_only_to_https_or_configured_hosts_and_never_with_markup():
    assert safe_url("https://files.ofsted.gov.uk/v1/file/1", HOSTS)
    # The whole origin counts: another scheme or port on the same host is another site.
    assert safe_url("http://files.ofsted.gov.uk/v1/file/1", HOSTS) is None
    assert safe_url("https://files.ofsted.gov.uk:8443/v1/file/1", HOSTS) is None
    assert safe_url("https://files.ofsted.gov.uk:443/v1/file/1", HOSTS)
    assert safe_url("http://evil.example/x", HOSTS) is None
    assert safe_url("javascript:alert(1)", HOSTS) is None
    assert safe_url("https://x.example/a|<!channel>", HOSTS) is None
    assert safe_url("https://evil.example\\@files.ofsted.gov.uk/v1/file/1", HOSTS) is None
    assert safe_url("https://me@files.ofsted.gov.uk/v1/file/1", HOSTS) is None
    # A link is given as a browser reads it, judged in that form.
    assert safe_url("HTTPS://FILES.ofsted.gov.uk/v1/file/1", HOSTS) == "https://files.ofsted.gov.uk/v1/file/1"
    assert link("http://evil.example/x", "<b> & co", HOSTS) == "&lt;b&gt; &amp; co"


def test_a_publication_without_summary_says_why():
    pub = publication(
        summary=None,
        read_status="gave-up",
        read_error="the document is password-protected, so it cannot be read",
    )
    post = alert_post(Alert(id=1, kind="new"), pub, [], HOSTS)
    assert "Summary unavailable: the document is password-protected" in json.dumps(post.blocks)


def test_a_burst_digest_lists_inspections_first_then_by_authority_with_verdicts():
    def made(pid: str, kind: str, authority: str, facts: dict) -> tuple[Alert, Publication]:
        publication = Publication(
            id=pid,
            authority=authority,
            type=kind,
            title="Children's services",
            url=f"https://files.ofsted.gov.uk/v1/file/{pid}",
            published=date(2026, 11, 20),
            facts=facts,
        )
        return Alert(id=int(pid), kind="new"), publication

    items = [
        made("1", "focused-visit", "Barnet", {}),
        made("2", "ilacs", "Sutton", {"type": "ilacs", "outcome": "Good"}),
        made("3", "focused-visit", "Aston", {}),
    ]
    (lines,) = [b["text"]["text"] for b in digest_post(7, items, HOSTS).blocks if b["type"] == "section"]
    authorities = [line.split(":")[0].removeprefix("• ") for line in lines.splitlines()]
    assert authorities == ["Sutton", "Aston", "Barnet"]
    assert lines.splitlines()[0].endswith(": Judged Good overall")
