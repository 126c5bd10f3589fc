"""What an alert tells leadership, in process: the verdict line, the judgement table, the
history from the store, and an update that edits the original message.

Real documents (the seed letter, rendered to PDF, and real reports from the shared corpus)
are read by the real reader; delivery runs through the real slack_sdk client against the
local Slack stand-in.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from alerts.blocks import alert_post
from alerts.message import standing
from reader.publication import read_pdf
from reader.summary import MAX_CONCERNS, MAX_POINTS, _gravity
from storage.models import Alert
from storage.reading import Reading
from tests.conftest import HOSTS, delivering, listing, record, shared
from tests.conftest import publication as _publication
from tests.sites import documents


def _read(body: bytes) -> dict:
    return read_pdf(200, "application/pdf", body, len(body))


def _text(post) -> str:
    return json.dumps(post.blocks, ensure_ascii=False)


def test_the_seed_monitoring_letter_leads_with_which_visit_and_the_last_one():
    seed = next(shared("seeds").glob("000_*.txt")).read_text(encoding="utf-8")
    letter = _publication(
        "1", "monitoring-visit", date(2019, 3, 14), _read(documents.render(seed)), title="Monitoring visit"
    )
    earlier = [
        _publication(
            "0",
            "monitoring-visit",
            date(2018, 12, 20),
            {
                "facts": {
                    "type": "monitoring-visit",
                    "period_start": "2018-11-20",
                    "period_end": "2018-11-20",
                    "areas": ["The front door, including the multi-agency safeguarding hub"],
                }
            },
        )
    ]
    post = alert_post(Alert(id=7, kind="new"), letter, earlier, HOSTS)
    body = _text(post)
    # The letter's own finding first, after which visit it was; the phone shows both.
    verdict = "Fifth monitoring visit: Services for children in Croydon continue to improve."
    assert post.blocks[1]["text"]["text"] == f"*{verdict}*"
    assert post.text == f"Monitoring visit letter: Croydon: {verdict}"
    # Under it, where Croydon is on its way back: the earlier visit and what it looked at.
    assert post.blocks[2]["elements"][0]["text"] == (
        "Fifth monitoring visit since the inadequate judgement of September 2017; "
        "earlier visits looked at: the front door (Nov 2018)"
    )
    for expected in (
        "*Visit*\\nFifth monitoring visit since the inadequate judgement of September 2017",
        "*Visit dates*\\n19-20 February 2019",
        "*Published*\\n14 March 2019",
        "Louise Hocking, Nigel Parkes, Tracey Nurse (lead: Louise Hocking)",
        "*Looked at*\\nChildren who had moved from a child protection plan to a child in "
        "need plan; Children who had been stepped down",
    ):
        assert expected in body, expected
    summary = letter.summary or {}
    assert summary["headline"] not in summary["strengths"]
    assert len(summary["strengths"]) <= MAX_POINTS and len(summary["concerns"]) <= MAX_CONCERNS
    assert body.count("continue to improve") == 1  # the verdict line is not repeated as headline
    # Every concern is a finding, not a heading: each says what is wrong.
    texts = [b["text"]["text"] for b in post.blocks if b["type"] == "section" and "text" in b]
    (concerns,) = [text for text in texts if text.startswith("*Concerns*")]
    assert all(_gravity(line.removeprefix("• ")) > 0 for line in concerns.splitlines()[1:])


def test_a_full_inspection_shows_every_judgement_the_weakest_marked_and_the_previous_grade():
    report = _publication(
        "2",
        "ilacs",
        date(2020, 3, 16),
        _read(shared("corpus", "ofsted", "80492_croydon_ilacs_2020-03-16.pdf").read_bytes()),
    )
    before = _publication(
        "1",
        "ilacs",
        date(2017, 9, 4),
        _read(shared("corpus", "ofsted", "80492_croydon_ilacs_2017-09-04.pdf").read_bytes()),
    )
    post = alert_post(Alert(id=8, kind="new"), report, [before], HOSTS)
    verdict = "Judged Good overall; children in care and care leavers Requires improvement to be good"
    assert post.blocks[1]["text"]["text"] == f"*{verdict}*"
    assert post.text == f"Inspection report: Croydon: {verdict}"  # the grade in the notification
    (table,) = [
        b["text"]["text"]
        for b in post.blocks
        if b["type"] == "section" and "text" in b and b["text"]["text"].startswith("*Judgements*")
    ]
    assert table.splitlines()[1:] == [  # the overall grade is the verdict line's
        ":large_green_circle: Impact of leaders: Good",
        ":large_green_circle: Help and protection: Good",
        ":large_orange_circle: Children in care and care leavers: *Requires improvement to be good*",
    ]
    # The month a judgement goes by is its report's: published in September 2017, inspected
    # in June, and known (and named in later letters) as the September 2017 judgement.
    assert "Previously judged Inadequate (September 2017); no visit since" in _text(post)
    assert "*Inspection dates*\\n3-14 February 2020" in _text(post)


def test_a_report_without_an_overall_grade_gives_its_four_judgements_and_invents_none():
    report = _publication(
        "3",
        "ilacs",
        date(2026, 8, 3),
        _read(shared("corpus", "ofsted", "80573_trafford_ilacs_2026-08-03.pdf").read_bytes()),
    )
    post = alert_post(Alert(id=9, kind="new"), report, [], HOSTS)
    assert post.blocks[1]["text"]["text"] == (
        "*No overall grade: impact of leaders Inadequate; help and protection Inadequate; "
        "children in care Good; care leavers Requires improvement to be good*"
    )
    assert "Overall effectiveness" not in _text(post)


def test_an_unreadable_document_still_says_what_the_page_gave_and_why_in_plain_words():
    bad = documents.truncated(documents.render("A letter."))
    with pytest.raises(Exception, match="could not be downloaded completely"):
        _read(bad)
    letter = _publication(
        "4",
        "focused-visit",
        date(2026, 11, 20),
        {"read_status": "gave-up"},
        title="Children's services focused visit",
    )
    letter.read_error = "the document could not be downloaded completely (its end is missing)"
    body = _text(alert_post(Alert(id=10, kind="new"), letter, [], HOSTS))
    assert "*Published*\\n20 November 2026" in body
    assert "Summary unavailable: the document could not be downloaded completely" in body
    assert "EOF" not in body


@pytest.fixture
def delivery(sqlite_store, slack):
    return sqlite_store, delivering(sqlite_store, slack)


def test_an_updated_publication_edits_its_message_and_replies_once_with_the_change(delivery, slack):
    store, deliver = delivery
    reading = Reading.done(
        {"type": "focused-visit"}, {"headline": "Children are safe.", "strengths": [], "concerns": []}
    )
    record(store, listing(), alert=True, reading=reading)
    assert deliver.run().delivered == 1
    (original,) = slack.messages

    record(store, listing(published=date(2026, 11, 21)), alert=True)
    assert deliver.run().delivered == 1
    assert len(slack.top_level()) == 1  # nothing reposted
    (edit,) = slack.edits
    assert edit["ts"] == original["ts"] and edit["channel"] == original["channel"]
    assert "*Published*\\n21 November 2026" in json.dumps(edit["blocks"])
    assert json.loads(json.dumps(edit["metadata"]))["event_payload"]["alert_id"] == 1
    (reply,) = [m for m in slack.messages if m is not original]
    assert reply["thread_ts"] == original["ts"]
    assert reply["text"] == "Updated: published date 20 → 21 November 2026"

    assert deliver.run().delivered == 0 and len(slack.messages) == 2 and len(slack.edits) == 1


def test_a_delivered_alert_keeps_its_slack_link_and_the_publication_page_shows_it(delivery, slack):
    from starlette.testclient import TestClient

    from config import Config
    from web.app import Web

    store, deliver = delivery
    record(store, listing(), alert=True, reading=Reading.skipped("not read"))
    assert deliver.run().delivered == 1
    (message,) = slack.messages
    link = f"https://standin.slack.com/archives/{message['channel']}/p{message['ts'].replace('.', '')}"
    with store.session() as s:
        assert s.get(Alert, 1).permalink == link
    with TestClient(Web(Config(), store).app()) as client:
        page = client.get("/publication/50300001").text
    assert f'<a href="{link}">the message in Slack</a>' in page


def test_a_peers_publication_told_in_the_sector_digest_says_so_on_its_page(delivery, slack):
    """It was shown as 'not alerted', though people had been told of it in the digest."""
    from starlette.testclient import TestClient

    from config import Config
    from web.app import Web

    store, deliver = delivery
    peer = listing("50400002", urn="80438", authority="Sutton", source="ofsted:80438")
    record(store, peer, alert=True, reading=Reading.skipped("not read"), sector=True)
    assert deliver.run().delivered == 1
    (digest,) = slack.messages
    assert digest["text"] == "Sector: 1 new Ofsted publication"
    link = f"https://standin.slack.com/archives/{digest['channel']}/p{digest['ts'].replace('.', '')}"
    with TestClient(Web(Config(), store).app()) as client:
        page = client.get("/publication/50400002").text
    assert "<dt>Alerted</dt><dd>in the sector digest, " in page
    assert f'<a href="{link}">the message in Slack</a>' in page and "not alerted" not in page


def test_a_monitoring_letter_and_its_last_inspection_name_one_month_for_one_judgement():
    report = _publication(
        "1",
        "ilacs",
        date(2026, 5, 12),
        {"facts": {"type": "ilacs", "outcome": "Inadequate", "period_start": "2026-03-02"}},
    )
    letter = _publication(
        "2",
        "monitoring-visit",
        date(2026, 11, 20),
        {"facts": {"type": "monitoring-visit", "visit_number": 1, "judged_inadequate": "2026-05"}},
    )
    text = _text(alert_post(Alert(id=9, kind="new"), letter, [report], HOSTS))
    assert "since the inadequate judgement of May 2026" in text
    assert "First monitoring visit since the inadequate judgement of May 2026" in text
    assert "March 2026" not in text


def test_an_inadequate_report_says_its_overall_grade_once_and_its_document_once():
    report = _publication(
        "3",
        "ilacs",
        date(2017, 9, 4),
        _read(shared("corpus", "ofsted", "80492_croydon_ilacs_2017-09-04.pdf").read_bytes()),
    )
    post = alert_post(Alert(id=10, kind="new"), report, [], HOSTS)
    sections = [b["text"]["text"] for b in post.blocks if b["type"] == "section" and "text" in b]
    assert (
        sum("Overall effectiveness" in s for s in sections) == 0
        and sections[0] == "*Judged Inadequate overall*"
    )
    assert not any("files.ofsted.gov.uk" in s for s in sections)  # the button links the document
    (buttons,) = [b for b in post.blocks if b["type"] == "actions"]
    assert buttons["elements"][0]["url"] == "https://files.ofsted.gov.uk/v1/file/3"


# A focused visit letter with everything a director must not miss, written as such
# letters are: areas looked at as a lead-in and a list, a finding in its summary, areas
# for priority action, and an improvement list printed with dashes.
FOCUSED_VISIT = """20 November 2026
Dear Ms Carter
Focused visit to Anyshire children’s services
This letter summarises the findings of the focused visit to Anyshire children’s services on
14 and 15 October 2026. Inspectors looked at the following areas:
• The front door, including contacts, referrals and decisions about next steps.
• Children at risk of exploitation, and the response when they go missing.
• Management oversight.
Headline findings
Anyshire’s services were judged good in 2022.
Most children who need help receive a prompt and effective response from skilled staff.
Areas for priority action
• The response to children at risk of significant harm out of hours.
What needs to improve in this area of social work practice
- The clarity of written plans.
- The timeliness of initial child protection conferences.
Main findings
Social workers know children well. Written plans are not clear enough about what must change
for children. They do not say who will act, or by when.
Initial child protection conferences are delayed for too many children, and eight children waited
more than two months.
Strategy discussions are timely and effective.
"""


def test_a_focused_visit_leads_with_its_finding_and_priority_actions_and_gives_findings_not_headings():
    letter = _publication(
        "5", "focused-visit", date(2026, 11, 20), _read(documents.render(FOCUSED_VISIT)), title="Visit"
    )
    post = alert_post(Alert(id=11, kind="new"), letter, [], HOSTS)
    finding = "Most children who need help receive a prompt and effective response from skilled staff."
    assert post.blocks[1]["text"]["text"] == f"*{finding}*"
    assert post.text == f"Focused visit letter: Croydon: {finding}"
    sections = [b["text"]["text"] for b in post.blocks if b["type"] == "section" and "text" in b]
    titles = [s.split("\n")[0] for s in sections if s.startswith("*") and "\n" in s]
    assert titles == [
        "*Since the last letter*",  # none stored before it: said, not left out
        "*Headline*",
        "*Areas for priority action*",
        "*Strengths*",
        "*Concerns*",
    ]
    (concerns,) = [s for s in sections if s.startswith("*Concerns*")]
    assert concerns.splitlines()[1:] == [
        # The gravest first: children waiting for protection, before unclear plans.
        "• Initial child protection conferences are delayed for too many children, and eight children "
        "waited more than two months.",
        # A sentence that points back is quoted with what it points to.
        "• Written plans are not clear enough about what must change for children. "
        "They do not say who will act, or by when.",
    ]
    (fields,) = [b["fields"] for b in post.blocks if "fields" in b]
    (looked_at,) = [f["text"] for f in fields if f["text"].startswith("*Looked at*")]
    # Every area the letter lists, each in a few words, and no topic repeated as the verdict.
    assert looked_at == "*Looked at*\nThe front door; Children at risk of exploitation; Management oversight"
    assert "looking at" not in _text(post) and "- " not in concerns


def test_a_letter_with_no_finding_read_is_not_announced_twice_on_a_phone():
    jtai = _publication(
        "3", "jtai", date(2026, 11, 20), {"read_status": "failed"}, title="Joint targeted area inspection"
    )
    post = alert_post(Alert(id=8, kind="new"), jtai, [], HOSTS)
    assert post.text == "Joint targeted area inspection letter: Croydon"
    titled = _publication(
        "4", "jtai", date(2026, 11, 20), {"read_status": "failed"}, title="JTAI: domestic abuse"
    )
    assert alert_post(Alert(id=9, kind="new"), titled, [], HOSTS).text.endswith(
        "Croydon: JTAI: domestic abuse"
    )
    # A monitoring letter whose finding is not known says which visit once, as its verdict.
    facts = {"type": "monitoring-visit", "visit_number": 5, "judged_inadequate": "2017-09"}
    visit = _publication(
        "5", "monitoring-visit", date(2019, 3, 14), {"facts": facts}, title="Monitoring visit"
    )
    body = _text(alert_post(Alert(id=10, kind="new"), visit, [], HOSTS))
    assert body.count("Fifth monitoring visit since the inadequate judgement of September 2017") == 1


def test_a_peer_s_alert_says_it_is_a_peer_s_and_how_the_home_authority_stands():
    home = _publication(
        "6",
        "ilacs",
        date(2025, 1, 20),
        {"facts": {"type": "ilacs", "outcome": "Good", "judgements": {"A": "Good"}}},
    )
    peer = _publication(
        "7",
        "monitoring-visit",
        date(2026, 11, 20),
        {"summary": {"headline": "Progress is slow.", "strengths": [], "concerns": []}},
        title="Monitoring visit",
    )
    peer.authority, peer.urn = "Sutton", "80515"
    beside = standing(home)
    assert beside == "Croydon's own standing: Judged Good overall (January 2025)"
    post = alert_post(Alert(id=11, kind="new"), peer, [], HOSTS, beside, peer=True)
    assert post.text == "Peer: Monitoring visit letter: Sutton: Progress is slow."
    assert post.blocks[0]["text"]["text"] == "Peer: Monitoring visit letter: Sutton"
    assert beside in _text(post) and post.plain.startswith("Peer: Monitoring visit letter: Sutton")
