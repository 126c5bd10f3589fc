"""Who inspected, and who led: each form the documents print, from a short text of that form.

The names are made up; the forms are the ones real letters and reports use.
"""

import pytest

from reader.facts import extract
from reader.names import is_person_name

ADDRESSED_LETTER = """\
Mr Colin Ashworth
Director of Children’s Services
Town Hall
St Ives Road
Maidenhead
Berkshire
SL6 1RF

Dear Mr Ashworth
Focused visit to Windsor and Maidenhead children’s services
This letter summarises the findings of the focused visit to Windsor and Maidenhead
children’s services on 4 and 5 December 2018, carried out by Hannah Brookfield and
Owen Talbot, Her Majesty’s Inspectors.
"""

OBSERVED_LETTER = """\
Dear Ms Carter
Focused visit to Anyshire children’s services
This letter summarises the findings of the focused visit to Anyshire children’s services
on 14 and 15 June 2022. Her Majesty’s Inspectors for this visit were Ruth Ellingham, lead
inspector, Tomas Pryce, team inspector and Nia Okafor, who observed the visit.
Yours sincerely
Tomas Pryce
Her Majesty’s Inspector
"""

FULL_REPORT_TEAM = """\
Inspection of services for children in need of help and protection, children looked after
and care leavers
Inspection date: 9 May 2016 to 2 June 2016
Some findings.
Lead inspector: Gwen Harrow
Deputy lead inspector Idris Vane
Team inspectors: Maya Lund, Peter Quill, Rosa Marsh and Colm Duffy (Seconded Inspector)
Shadow inspectors: Ola Brent
Quality assurance manager: Fern Castle
"""

LEAD_ON_ITS_OWN_LINE = """\
Inspection of Anytown children’s services
Inspection dates: 7 to 18 March 2022
Lead inspector:
Lorna Pike
Her Majesty’s Inspector
"""

SEND_TEAM = """\
Area SEND inspection of Anyshire Local Area Partnership
Inspection dates: 11 to 15 March 2024
Inspection team
Ofsted Care Quality Commission
Ada Kerr HMI, Ofsted Lead inspector Bea Lowe, CQC Lead inspector
Cal Moss, Ofsted HMI Dee North, CQC inspector
Eli Page, Ofsted Inspector

If you are not happy with the inspection or the report, you can complain to Ofsted.
"""

SEND_TEAM_ONE_COLUMN = """\
Area SEND inspection of Anyshire Local Area Partnership
Inspection dates: 11 to 15 March 2024
Inspection team
Ofsted Care Quality Commission
Ada Kerr, Ofsted HMI
Bea Lowe, CQC lead inspector
Cal Moss, Ofsted HMI Lead inspector
Dee North, CQC Inspector
"""


@pytest.mark.parametrize(
    "candidate",
    ["Hannah Brookfield", "Máire Atherton", "Jenny-ellen Scotland", "Dick O’Brien", "Brenda McLaughlin"],
)
def test_a_person_s_name_passes(candidate):
    assert is_person_name(candidate)


@pytest.mark.parametrize(
    "candidate",
    [
        "Colin Ashworth Director",
        "Town Hall",
        "St Ives Road Maidenhead",
        "Berkshire SL",
        "Children’s Services",
        "Ashworth",
        "Anne Marie Louise Jane Smith",
        "Quality Assurance Manager",
        "Ruth Ellingham HMI",
        "Civic Centre",
    ],
)
def test_an_address_an_office_or_a_role_is_no_name(candidate):
    assert not is_person_name(candidate)


def test_the_addressee_s_block_is_not_read_as_inspectors():
    facts = extract(ADDRESSED_LETTER)
    assert facts["inspectors"] == ["Hannah Brookfield", "Owen Talbot"]


def test_the_lead_is_the_one_the_text_calls_lead_and_an_observer_is_no_inspector():
    facts = extract(OBSERVED_LETTER)
    assert facts["inspectors"] == ["Ruth Ellingham", "Tomas Pryce"]
    assert facts["lead_inspector"] == "Ruth Ellingham"


def test_a_full_report_s_team_with_a_label_that_has_no_colon():
    facts = extract(FULL_REPORT_TEAM)
    assert facts["inspectors"] == [
        "Gwen Harrow",
        "Idris Vane",
        "Maya Lund",
        "Peter Quill",
        "Rosa Marsh",
        "Colm Duffy",
    ]
    assert facts["lead_inspector"] == "Gwen Harrow"


def test_a_lead_inspector_named_on_the_line_after_the_label():
    facts = extract(LEAD_ON_ITS_OWN_LINE)
    assert facts["lead_inspector"] == "Lorna Pike"


@pytest.mark.parametrize("text", [SEND_TEAM, SEND_TEAM_ONE_COLUMN])
def test_an_area_send_team_of_both_inspectorates_with_ofsted_s_lead_first(text):
    facts = extract(text)
    assert facts["type"] == "area-send"
    assert facts["inspectors"][0] == facts["lead_inspector"]
    assert set(facts["inspectors"]) == {"Ada Kerr", "Bea Lowe", "Cal Moss", "Dee North"} | (
        {"Eli Page"} if text is SEND_TEAM else set()
    )
    # Ofsted's lead, never the CQC's.
    assert facts["lead_inspector"] == ("Ada Kerr" if text is SEND_TEAM else "Cal Moss")


def test_a_lead_inspector_label_with_a_capital_letter():
    facts = extract(LEAD_ON_ITS_OWN_LINE.replace("Lead inspector:\n", "Lead Inspector: "))
    assert facts["lead_inspector"] == "Lorna Pike"


def test_inspectors_who_stand_before_the_verb_carried_out_this_visit():
    text = (
        "Monitoring visit to Anyshire children’s services\n"
        "This letter summarises the findings of the monitoring visit to Anyshire on 4 and 5 June 2024.\n"
        "His Majesty’s Inspectors Jane Marlow and Tom Keswick carried out this visit.\n"
    )
    assert extract(text)["inspectors"] == ["Jane Marlow", "Tom Keswick"]


def test_the_inspector_a_visit_was_led_by_is_its_lead():
    text = (
        "Monitoring visit to Anyshire children’s services\n"
        "This letter summarises the findings of the monitoring visit to Anyshire on 4 and 5 June 2024.\n"
        "The visit was led by Jane Marlow, His Majesty’s Inspector, "
        "with Tom Keswick, His Majesty’s Inspector.\n"
    )
    facts = extract(text)
    assert (facts["inspectors"], facts["lead_inspector"]) == (["Jane Marlow", "Tom Keswick"], "Jane Marlow")
