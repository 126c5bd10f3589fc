"""Who inspected, and who led: each form the documents print, from a short text of that form.

The names are made up; the forms are the ones real letters and reports use.
"""

import pytest

from reader.facts import extract
from reader.people import is_person_name
from reader.text import read_text
from tests.sites.documents import render_pages

# Lines of findings that fill a page, each its own (a line on every page is a running header).
FINDINGS = [
    f"Inspectors found that the children of group {chr(65 + n)} were seen promptly." for n in range(26)
]

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

# The team FULL_REPORT_TEAM prints, and the longer lists below begin with.
TEAM = ["Gwen Harrow", "Idris Vane", "Maya Lund", "Peter Quill", "Rosa Marsh", "Colm Duffy"]
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
    assert facts["inspectors"] == TEAM
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


SEND_TEAM_ROLE_AFTER_NAME = """\
Area SEND inspection of Anyshire Local Area Partnership
Inspection dates: 3 to 7 March 2025
Inspection team
Ofsted Care Quality Commission
Ms Ada Kerr-Lyle, HMI, Lead inspector Bea Lowe, CQC, Lead inspector
Cal Moss, Ofsted HMI, deputy lead inspector Dee North, Lead children’s services inspector
Éli Page, HMI Fay Gunn, CQC inspector
Gus Hale, Ofsted Inspector
"""
# Ofsted's column after its lead, then the CQC's, its lead first.
SEND_TEAM_AFTER_THE_LEAD = ["Cal Moss", "Éli Page", "Gus Hale", "Bea Lowe", "Dee North", "Fay Gunn"]


def test_an_area_send_team_with_each_role_after_the_name_and_both_columns_on_one_line():
    facts = extract(SEND_TEAM_ROLE_AFTER_NAME)
    assert facts["lead_inspector"] == "Ada Kerr-Lyle"
    assert facts["inspectors"] == ["Ada Kerr-Lyle", *SEND_TEAM_AFTER_THE_LEAD]


@pytest.mark.parametrize(
    "row",
    [
        "Ada Kerr, Ofsted HMI, lead inspector Bea Lowe, CQC lead inspector",
        "Ada Kerr HMI, Lead Inspector Bea Lowe, Lead Inspector",
        "Ada Kerr, His Majesty’s Inspector, Lead inspector Bea Lowe, Lead inspector",
        "Ada Kerr, Lead inspector Bea Lowe, Lead inspector, CQC",
    ],
)
def test_ofsted_s_lead_is_told_from_the_cqc_s_by_the_column_it_stands_in(row):
    text = SEND_TEAM.replace("Ada Kerr HMI, Ofsted Lead inspector Bea Lowe, CQC Lead inspector", row)
    facts = extract(text)
    assert facts["lead_inspector"] == "Ada Kerr"
    assert facts["inspectors"][:3] == ["Ada Kerr", "Cal Moss", "Eli Page"]
    assert set(facts["inspectors"][3:]) == {"Bea Lowe", "Dee North"}


def test_an_area_send_team_table_read_on_past_a_page_break_without_a_shadow_inspector():
    text = SEND_TEAM.replace(
        "Eli Page, Ofsted Inspector\n",
        "Eli Page, Ofsted Inspector\n\nFox Hume, Ofsted HMI, Social Care Gil Hart, CQC Inspector\n"
        "Ivy Lund, Ofsted HMI (shadow inspector)\n",
    )
    facts = extract(text)
    assert facts["inspectors"] == [
        "Ada Kerr",
        "Cal Moss",
        "Eli Page",
        "Fox Hume",
        "Bea Lowe",
        "Dee North",
        "Gil Hart",
    ]


SIF_TEAM = """\
Inspection of services for children in need of help and protection, children looked after
and care leavers
Inspection dates: 9 May 2016 to 2 June 2016
The inspection team
Lead inspector: Gwen Harrow HMI
Deputy Lead Inspector: Idris Vane
Team inspectors: Maya Lund, Peter Quill (AI), Rosa Marsh HMI designate, Colm Duffy,
Contracted Inspector, Ola Brent (shadow inspector), Tess Ng Children’s Services
Inspector, Dr Lena Ortiz and Ivo Rhys-Bell
Senior Data Analyst: Una Wyn
Quality Assurance Manager: Fern Castle, Senior HMI
"""


def test_a_single_inspection_team_with_every_role_spelt_its_own_way():
    facts = extract(SIF_TEAM)
    assert facts["inspectors"] == [*TEAM, "Tess Ng", "Lena Ortiz", "Ivo Rhys-Bell"]
    assert facts["lead_inspector"] == "Gwen Harrow"


@pytest.mark.parametrize("form", ["{label} – {names}", "{label} - {names}", "{upper}: {names}"])
def test_team_labels_with_a_dash_or_in_capitals(form):
    lines = [
        ("Lead inspector", "Gwen Harrow HMI"),
        ("Deputy lead inspector", "Idris Vane"),
        ("Team inspectors", "Maya Lund"),
    ]
    team = "\n".join(form.format(label=label, upper=label.upper(), names=names) for label, names in lines)
    facts = extract(FULL_REPORT_TEAM.split("Lead inspector")[0] + team + "\nAnalyst – Una Wyn\n")
    assert (facts["inspectors"], facts["lead_inspector"]) == (TEAM[:3], "Gwen Harrow")


def test_a_team_list_of_one_name_a_line_is_not_run_together():
    text = SIF_TEAM.replace(
        "Team inspectors: Maya Lund, Peter Quill (AI), Rosa Marsh HMI designate, Colm Duffy,\n"
        "Contracted Inspector, Ola Brent (shadow inspector), Tess Ng Children’s Services\n"
        "Inspector, Dr Lena Ortiz and Ivo Rhys-Bell\n",
        "Team inspectors\nMaya Lund\nPeter Quill\nRosa Mary Marsh\nColm Duffy\n",
    )
    assert extract(text)["inspectors"] == [*TEAM[:4], "Rosa Mary Marsh", "Colm Duffy"]


@pytest.mark.parametrize(
    "cut",
    [
        "Maya Lund, Peter Quill (AI),\n\nRosa Marsh HMI designate",  # after a comma
        "Maya Lund, Peter Quill (AI), Rosa\n\nMarsh HMI designate",  # inside a name
        "Maya Lund, Peter Quill (AI)\n\nRosa Marsh HMI designate",  # at a name's end
    ],
)
def test_a_team_list_cut_by_a_page_break_is_read_whole(cut):
    text = SIF_TEAM.replace("Maya Lund, Peter Quill (AI), Rosa Marsh HMI designate", cut)
    assert extract(text)["inspectors"] == [*TEAM, "Tess Ng", "Lena Ortiz", "Ivo Rhys-Bell"]


def test_a_printed_single_inspection_team_cut_by_a_page_break_is_read_whole():
    pdf = render_pages(
        [
            [
                "Inspection of services for children in need of help and protection",
                "Inspection dates: 9 May 2016 to 2 June 2016",
                *FINDINGS,
            ],
            [
                *FINDINGS[:25],
                "The inspection team",
                "Lead inspector: Gwen Harrow HMI",
                "Deputy lead inspector: Idris Vane HMI",
                "Team inspectors: Maya Lund HMI, Peter Quill (AI), Rosa Marsh HMI designate, Colm",
            ],
            [
                "Duffy (Contracted Inspector) and Tess Ng",
                "Shadow inspector: Ola Brent",
                "Senior data analyst: Una Wyn",
                "Quality assurance manager: Fern Castle",
                "Any complaints about the inspection or the report should be made following the procedures.",
            ],
        ],
        "Anyshire: inspection of services for children, 9 May 2016 to 2 June 2016",
    )
    facts = extract(read_text(pdf))
    assert facts["inspectors"] == [*TEAM, "Tess Ng"]
    assert facts["lead_inspector"] == "Gwen Harrow"


def test_a_printed_area_send_team_table_of_two_columns_over_two_pages():
    pdf = render_pages(
        [
            [
                "Area SEND inspection of Anyshire Local Area Partnership",
                "Inspection dates: 3 to 7 March 2025",
                *FINDINGS,
            ],
            [
                *FINDINGS[:27],
                "Inspection team",
                ("Ofsted", "Care Quality Commission"),
                ("Ada Kerr, HMI, Lead inspector", "Bea Lowe, CQC, Lead inspector"),
                ("Cal Moss, Ofsted HMI", "Dee North, CQC inspector"),
            ],
            [
                ("Éli Page, Ofsted Inspector", "Fay Gunn, Children’s services inspector"),
                "Gus Hale, HMI",
                "If you are not happy with the inspection or the report, you can complain to Ofsted.",
            ],
        ],
        "Area SEND inspection report: Anyshire Local Area Partnership 3 to 7 March 2025",
    )
    facts = extract(read_text(pdf))
    assert facts["lead_inspector"] == "Ada Kerr"
    assert facts["inspectors"] == ["Ada Kerr", *SEND_TEAM_AFTER_THE_LEAD]
