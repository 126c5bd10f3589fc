"""Reading documents: validation, text cleaning, facts and summaries, on generated PDFs."""

import re
from datetime import date

import pytest

from reader.document import check_pdf
from reader.facts import extract
from reader.publication import read_pdf
from reader.summary import sentences, summarise
from reader.text import ReadError, clean_pages, read_text
from tests.conftest import shared
from tests.sites import documents


def in_document(sentence: str, text: str) -> bool:
    return " ".join(sentence.split()) in " ".join(text.split())


@pytest.fixture(scope="module")
def seed_pdf():
    seed = next(shared("seeds").glob("000_*.txt"))
    return documents.render(seed.read_text(encoding="utf-8"))


def test_seed_monitoring_letter_facts(seed_pdf):
    facts = extract(read_text(seed_pdf))
    assert facts["type"] == "monitoring-visit"
    assert (facts["period_start"], facts["period_end"]) == ("2019-02-19", "2019-02-20")
    assert facts["visit_number"] == 5
    assert facts["judged_inadequate"] == "2017-09"
    assert facts["inspectors"] == ["Louise Hocking", "Nigel Parkes", "Tracey Nurse"]
    assert facts["lead_inspector"] == "Louise Hocking"
    assert facts["document_date"] == "2019-03-14"
    assert len(facts["areas"]) == 4 and facts["areas"][0].startswith("Children who had moved")


def test_seed_summary_is_quoted_from_the_letter(seed_pdf):
    text = read_text(seed_pdf)
    summary = summarise(text)
    assert summary["headline"].startswith("Services for children in Croydon continue to improve.")
    assert summary["strengths"] and summary["concerns"]
    for sentence in sentences(summary["headline"]) + summary["strengths"] + summary["concerns"]:
        assert in_document(sentence, text), sentence


def test_cleaning_joins_compounds_marks_bullets_and_drops_letterhead():
    pages = clean_pages(
        [
            "Leaders promote child-\r\ncentred practice and a well\ufffeestablished board.\r\n"
            "\uf0a7 Private-use bullet\r\n◼ Square bullet\r\nOfsted\r\nPiccadilly Gate\r\n"
            "T 0300 123 1231\r\nwww.gov.uk/ofsted\r\nThe ﬁnal line.",
        ]
    )
    assert pages == [
        "Leaders promote child-centred practice and a well-established board.\n"
        "• Private-use bullet\n• Square bullet\nThe final line."
    ]


def test_running_headers_and_page_numbers_are_dropped():
    header = "Inspection of Croydon local authority children’s services"
    bodies = [
        "Leaders know their services well.",
        "Children are seen regularly.",
        "Plans are not always specific.",
        "Care leavers are well supported.",
    ]
    raw = [f"{header}\n14 to 25 October 2024 {n}\n{body}\n{n}" for n, body in enumerate(bodies, 1)]
    assert clean_pages(raw) == bodies


def test_generated_letter_reads_end_to_end():
    pdf = documents.render(
        documents.letter_text("focused-visit", "Croydon", date(2026, 11, 14), date(2026, 10, 7))
    )
    found = read_pdf(200, "application/pdf", pdf, len(pdf))
    assert found["facts"]["period_start"] == "2026-10-07"
    assert found["facts"]["inspectors"] == ["Rowan Ashdown", "Priya Castell"]
    assert "Ofsted" not in found["summary"]["headline"]


GOOD = documents.render("A short letter.\nIt has two lines.")


@pytest.mark.parametrize(
    "status, content_type, body, declared, reason",
    [
        (404, "text/html", b"<html>Not found</html>", None, "HTTP 404"),
        (
            200,
            "text/html; charset=utf-8",
            b"<!DOCTYPE html><html>Slim Application Error</html>",
            None,
            "a web page (HTML) instead of the document",
        ),
        (200, "application/pdf", b"", 0, "was empty"),
        (200, "application/pdf", b"GIF89a....", 10, "is not a PDF document"),
        (200, "image/png", GOOD, len(GOOD), "something other than a PDF document (image/png)"),
        (200, "application/pdf", GOOD, len(GOOD) + 500, "could not be downloaded completely"),
        (200, "application/pdf", documents.truncated(GOOD), None, "completely (its end is missing)"),
    ],
)
def test_bad_downloads_are_refused_with_a_reason(status, content_type, body, declared, reason):
    with pytest.raises(ReadError, match=re.escape(reason)):
        check_pdf(status, content_type, body, declared)


def test_encrypted_pdf_fails_loudly():
    locked = documents.render("Secret letter.", encrypt_with="user-password")
    with pytest.raises(ReadError, match="password-protected"):
        read_pdf(200, "application/pdf", locked, len(locked))


def test_damaged_pdf_that_looks_whole_fails_loudly():
    damaged = b"%PDF-1.7\n" + b"\x00garbage" * 200 + b"\n%%EOF\n"
    with pytest.raises(ReadError, match="cannot be opened"):
        read_pdf(200, "application/pdf", damaged, len(damaged))


def test_a_report_with_four_judgements_and_no_overall_grade_gets_none_invented():
    text = documents.letter_text("ilacs", "Croydon", date(2026, 11, 14), date(2026, 10, 5))
    text = text.replace("Overall effectiveness Good\n", "")
    facts = extract(read_text(documents.render(text)))
    assert "outcome" not in facts
    assert facts["judgements"] == {
        "The impact of leaders on social work practice with children and families": "Good",
        "The experiences and progress of children who need help and protection": (
            "Requires improvement to be good"
        ),
        "The experiences and progress of children in care": "Good",
        "The experiences and progress of care leavers": "Good",
    }


@pytest.mark.parametrize(
    "sentence",
    [
        "Her Majesty’s Inspectors visited Anyshire children’s services on Wednesday 20 and "
        "Thursday 21 June 2018.",
        "This letter summarises the findings of the focused visit to Anyshire on Wednesday, 20 June and "
        "Thursday, 21 June 2018.",
    ],
)
def test_visit_dates_written_with_their_weekdays(sentence):
    facts = extract(f"Focused visit to Anyshire children’s services\n{sentence}\n")
    assert (facts["period_start"], facts["period_end"]) == ("2018-06-20", "2018-06-21")


def test_a_page_with_more_objects_than_any_report_is_refused_before_its_text_is_built():
    crowded = documents.wall_of_text(1_600_000, 1)  # one page, some 23,000 runs of text
    with pytest.raises(
        ReadError, match=r"page 1 of the document holds [\d,]+ objects, far more than any report"
    ):
        read_text(crowded)


@pytest.mark.parametrize(
    ("sentence", "side"),
    [
        # Praise through a negated worry is no concern.
        (
            "Practitioners gather and analyse information and act without delay to keep children safe.",
            "strength",
        ),
        (
            "Children's plans are reviewed regularly, so that there is no drift for children in care.",
            "strength",
        ),
        # A worry without the usual words is no strength.
        (
            "The workloads of social workers in some teams are high and this presents a serious barrier.",
            "concern",
        ),
        ("Turnover of managers has led to gaps in oversight for some children in care.", "concern"),
        (
            # Mixed: no strength, but a worry about children at risk is a concern.
            "While partnership understanding has improved, the response to children at risk of "
            "exploitation is underdeveloped.",
            "concern",
        ),
    ],
)
def test_a_summary_point_is_on_the_side_its_own_words_say(sentence, side):
    from reader.summary import _gravity, _strength_score

    assert (_gravity(sentence) > 0) is (side == "concern")
    assert (_strength_score(sentence) > 0) is (side == "strength")


def test_a_line_that_runs_on_into_a_quote_is_no_heading_and_no_headline_starts_mid_sentence():
    from reader.summary import sections

    text = (
        "Joint targeted area inspection of the multi-agency response in Anyshire\n"
        "Headline findings\n"
        "Partners share information promptly, and children in Anyshire are kept safe.\n"
        "This inspection included a\n"
        "‘deep dive’ focus on the response to children living with domestic abuse.\n"
    )
    assert [s.name for s in sections(text)] == ["", "headline findings"]
    headline = summarise(text)["headline"]
    assert headline.startswith("Partners share") and "‘deep dive’ focus" in headline
    assert "This inspection included a ‘deep dive’ focus" in headline


# An outstanding report as such reports are printed: a footnote's number against the
# improvement heading, one listed point, a judgement heading too long for a heading's
# usual width, and findings that deny worries rather than voice them.
OUTSTANDING = (
    "Inspection of Anyshire children’s services\n"
    "Overall effectiveness Outstanding\n"
    "Children in Anyshire continue to benefit from consistently "
    "effective services that improve their lives.\n"
    "Leaders have an accurate understanding of strengths and weaknesses.\n"
    "What needs to improve?1\n"
    "• The effectiveness of permanence planning, particularly early permanence through\n"
    "foster to adopt, for children aged 16- and\n"
    "17-year-olds who live with connected carers.\n"
    "The experiences and progress of children who need help and protection, "
    "including those who go missing from home: outstanding\n"
    "1. Children do not have to wait for assessments to be completed to receive the services they need.\n"
    "2. Early help plans flow seamlessly from assessments, meaning "
    "families are not required to retell their stories.\n"
    "3. Practitioners quickly gather and analyse information and act without delay to keep children safe.\n"
    "4. Social workers visit children regularly and know them well, so that their plans are effective.\n"
)


def test_an_outstanding_reports_one_improvement_point_is_its_one_concern():
    summary = summarise(OUTSTANDING)
    assert summary["concerns"] == [
        "The effectiveness of permanence planning, particularly early permanence through foster to adopt, "
        "for children aged 16- and 17-year-olds who live with connected carers."
    ]
    assert not any("wait" in s or "retell" in s or "without delay" in s for s in summary["concerns"])


def test_praise_in_an_improvement_section_is_no_concern_but_what_it_asks_for_is():
    from reader.summary import _improvement_points, sections

    text = (
        "What needs to improve?\n"
        "There are an extremely small number of areas of variability in "
        "what is otherwise an exceptional practice.\n"
        "Senior leaders have an accurate understanding of the service and drive improvement well.\n"
        "Areas for improvement\n"
        "10. Develop an effective model for evaluating the impact of training on practice.\n"
        "11. The local authority should make sure that pathway plans are reviewed when needs change.\n"
        "12. Urgently address the number of care leavers who are not in education, employment or training.\n"
        "13. Where plans change, ensure that alternative plans are pursued in a timely manner.\n"
        "The local authority has the following strengths:\n"
        "14. Children in care have good access to health and dental assessments.\n"
    )
    assert _improvement_points(sections(text)) == [
        "There are an extremely small number of areas of variability "
        "in what is otherwise an exceptional practice.",
        "Develop an effective model for evaluating the impact of training on practice.",
        "The local authority should make sure that pathway plans are reviewed when needs change.",
        "Urgently address the number of care leavers who are not in education, employment or training.",
        "Where plans change, ensure that alternative plans are pursued in a timely manner.",
    ]


@pytest.mark.parametrize(
    ("sentence", "side"),
    [
        ("Children do not have to wait for assessments to be completed to get help.", "strength"),
        (
            "Families are not required to retell their stories, and support builds on their strengths.",
            "strength",
        ),
        ("Leaders have an accurate understanding of strengths and weaknesses.", "strength"),
        ("Data analysis wasn’t sophisticated enough to show leaders the demand for services.", "concern"),
        ("Where domestic abuse is a concern, practitioners provide well-targeted support.", "strength"),
        ("Care leavers not in education, employment or training receive effective support.", "strength"),
    ],
)
def test_a_denied_worry_is_praise_and_a_contracted_one_a_worry(sentence, side):
    from reader.summary import _gravity, _strength_score

    assert (_gravity(sentence) > 0) is (side == "concern")
    assert (_strength_score(sentence) > 0) is (side == "strength")


@pytest.mark.parametrize(
    ("said", "number"),
    [
        ("This was the fifth monitoring visit since the local authority was judged inadequate", 5),
        ("This visit was the 3rd monitoring visit to Anyshire since", 3),
        ("This was the second visit since the local authority was judged inadequate", 2),
        ("This monitoring visit was the fourth since the local authority was judged inadequate", 4),
    ],
)
def test_which_monitoring_visit_it_was_in_each_form_letters_say_it(said, number):
    text = (
        "Monitoring visit to Anyshire children’s services\n"
        "This letter summarises the findings of the monitoring visit to Anyshire on 4 and 5 June 2024.\n"
        f"{said} in March 2023.\n"
    )
    assert extract(text)["visit_number"] == number


def test_a_letter_without_a_summary_heading_is_headed_by_its_findings_not_its_improvement_list():
    text = (
        "Dear Ms Carter\n"
        "Focused visit to Anyshire children’s services\n"
        "Inspectors used video calls for discussions with local authority staff, carers and children.\n"
        "They also looked at local authority performance management and children’s case records.\n"
        "What needs to improve in this area of social work practice\n"
        "• The systems to enable children to engage in return home interviews.\n"
        "Findings\n"
        "• The impact of the pandemic in Anyshire has been severe. "
        "Leaders know the community they serve very well.\n"
    )
    summary = summarise(text)
    assert summary["headline"] == (
        "The impact of the pandemic in Anyshire has been severe. "
        "Leaders know the community they serve very well."
    )
    assert summary["concerns"] == ["The systems to enable children to engage in return home interviews."]


def test_a_summary_that_introduces_lists_is_read_on_into_them_and_a_later_one_of_its_name_ignored():
    text = (
        "Inspection of services for children in need of help and protection\n"
        "Summary of findings\n"
        "Children’s services in Anyshire Council require improvement because:\n"
        "Quality of practice\n"
        "• The quality of practice is not yet consistently good enough across the service.\n"
        "Systems and processes\n"
        "• Children looked after do not all benefit from timely initial health assessments.\n"
        "The Local Safeguarding Children Board (LSCB)\n"
        "Summary of findings\n"
        "The LSCB requires improvement because:\n"
        "• Although the LSCB is now chaired effectively, it is too soon to evidence its impact.\n"
    )
    assert summarise(text)["headline"] == (
        "The quality of practice is not yet consistently good enough across the service. "
        "Children looked after do not all benefit from timely initial health assessments."
    )


def test_a_sentence_that_gives_a_judgement_is_no_judgement_heading():
    from reader.summary import _JUDGEMENT_HEADING

    assert _JUDGEMENT_HEADING.match(
        "The experiences and progress of children who need help and protection: "
        "requires improvement to be good."
    )
    assert not _JUDGEMENT_HEADING.match(
        "The impact of leaders on social work practice with children and families is good."
    )


def test_a_heading_named_with_its_part_of_the_report_is_still_that_heading():
    text = (
        "Inspection of services for children in need of help and protection\n"
        "The overall judgement is requires improvement\n"
        "There are no widespread or serious failures that leave children being harmed.\n"
        "Contents\n"
        "Section 1: The local authority - Summary of findings 3\n"
        "Information about this inspection 9\n"
        "\n"
        "Section 1: The local authority - Summary of findings\n"
        "Children’s services in Anyshire require improvement because:\n"
        "1. Although officers know their services well, many planned improvement actions are "
        "still in progress.\n"
    )
    assert summarise(text)["headline"] == (
        "Although officers know their services well, many planned improvement actions are still in progress."
    )


def test_listed_points_without_a_full_stop_and_with_their_own_lists_are_whole_concerns():
    text = (
        "What needs to improve in this area of social work practice\n"
        "• The voice of the child in assessments and plans\n"
        "• The quality of children’s written records, including:\n"
        "⎯ the child’s written plan ⎯ the rationale for decision-making\n"
        "⎯ the purpose of visits and next steps.\n"
        "• Within the hub, strategy discussions are mostly timely, but they do not\n"
        "Findings\n"
        "• Children are seen promptly and social workers know them well.\n"
    )
    assert summarise(text)["concerns"] == [
        "The voice of the child in assessments and plans",
        "The quality of children’s written records, including: ⎯ the child’s written plan ⎯ the "
        "rationale for decision-making ⎯ the purpose of visits and next steps.",
    ]
