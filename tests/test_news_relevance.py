"""Which sector stories report an Ofsted finding on a watched authority's children's
services, and of what kind: a test for each pattern, from a short text of that form."""

from __future__ import annotations

from datetime import date

import pytest

from config import Authority, Config
from reader.news import Report, reports, story_date
from vocabulary import PublicationType as T


def report(story: str, watched: list[Authority], title: str = "") -> Report | None:
    """What the story reports on the authority it reports most on, or None."""
    found = reports(title, story, watched)
    return found[0] if found else None


def relevant(story: str, watched: list[Authority]) -> Authority | None:
    found = report(story, watched)
    return found.authority if found else None


WATCHED = [
    Authority(name="Croydon", urn="80492", aliases=["London Borough of Croydon"]),
    Authority(name="Camden", urn="80497"),
    Authority(name="Reading", urn="80540"),
]


@pytest.mark.parametrize(
    "story",
    [
        "HMI Probation rated Croydon's youth offending service inadequate.",
        "The CQC rated Croydon council's adult social care services good.",
        "Care Inspectorate Wales found improvements in the council's services, unlike Croydon.",
        "West Thornton Primary School in Croydon has been rated outstanding by Ofsted.",
        "Ofsted rated a children's home run by Croydon council inadequate.",
        "Croydon has not yet been notified of our SEND inspection.",
        "Ofsted inspectors are in Croydon this week.",
        "Ofsted judged Lambeth's children's services good, helped by its improvement partner Camden.",
        "Ofsted inspectors found Sutton's services much improved. Continue reading",
        "Croydon council opened a new library, with a cafe and study rooms.",
        "Croydon, rated inadequate by Ofsted in 2017, has won £2m for its family hubs.",
        "An Ofsted-registered nursery in Croydon was judged good.",
    ],
)
def test_a_story_that_reports_no_finding_on_a_watched_authority_is_not_kept(story):
    assert relevant(story, WATCHED) is None


@pytest.mark.parametrize(
    ("story", "kind"),
    [
        ("Croydon's children's services have been rated 'good' by Ofsted.", T.ILACS),
        ('Croydon received a "Good" Ofsted report for its children\'s services.', T.ILACS),
        ("Ofsted judged Croydon's services to be inadequate.", T.ILACS),
        ("Ofsted inspected Croydon, branding it as 'inadequate'.", T.ILACS),
        ("Croydon gained the top grade in all areas in its Ofsted inspection.", T.ILACS),
        ("Croydon remained outstanding after its Ofsted inspection.", T.ILACS),
        (
            "Ofsted rated Croydon good overall; during a focused visit last year inspectors had "
            "found improvements.",
            T.ILACS,
        ),
        ("Inspectors found progress in Croydon at the second review visit.", T.MONITORING_VISIT),
        ("An Ofsted focussed visit found that Croydon's front door is well led.", T.FOCUSED_VISIT),
        (
            "A joint local area inspection of Croydon's services for children with SEND found weaknesses.",
            T.AREA_SEND,
        ),
        ("Ofsted visited Croydon in October. The council was judged to be inadequate.", T.ILACS),
    ],
)
def test_a_finding_is_kept_and_typed_from_its_own_sentence(story, kind):
    found = report(story, WATCHED)
    assert found is not None and found.authority.name == "Croydon"
    assert found.kind == kind


def test_reading_the_town_is_a_name_and_reading_the_word_is_not():
    assert (
        relevant("Ofsted inspectors found Reading's children's services much improved.", WATCHED) is not None
    )
    assert (
        relevant("Inspectors found improvements in Sutton. Keep reading for Ofsted's findings.", WATCHED)
        is None
    )


@pytest.mark.parametrize(
    ("story", "name"),
    [
        ("Ofsted rated Richmond's children's services good.", "Richmond upon Thames"),
        ("Ofsted found that Hereford's Children's Services have improved.", "Herefordshire"),
        ("Inspectors judged Hull's children's services to be inadequate.", "Kingston Upon Hull, City of"),
    ],
)
def test_with_the_sector_watched_news_is_matched_to_every_authority_by_its_press_forms(story, name):
    from config import Config

    watched = Config.model_validate({"ofsted": {"sector": True}}).news_authorities
    assert len(watched) >= 150
    found = relevant(story, watched)
    assert found is not None and found.name == name


def test_a_home_authority_is_known_by_its_press_forms_too():
    from config import Config

    config = Config.model_validate(
        {"ofsted": {"authorities": [{"name": "Richmond upon Thames", "urn": "80513"}]}}
    )
    (richmond,) = config.news_authorities
    assert "Richmond" in richmond.names


# With the sector watched: every English authority, by every form the press names it.
SECTOR = Config.model_validate({"ofsted": {"sector": True}}).news_authorities


def read(text: str, title: str = "", url: str = "", published: date | None = None) -> dict[str, str]:
    """Each authority the story reports on, with the kind of publication."""
    return {r.authority.name: r.kind for r in reports(title, text, SECTOR, url, published)}


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        # Names: the forms the press writes a long name in, and a heading in capitals.
        ("", "Ofsted rated Hammersmith & Fulham's children's services good.", {"Hammersmith and Fulham"}),
        (
            "",
            "Ofsted judged Bournemouth Christchurch and Poole inadequate.",
            {"Bournemouth, Christchurch and Poole"},
        ),
        ("", "Inspectors found Southend on Sea's services had improved.", {"Southend-on-Sea"}),
        ("", "Ofsted rated St Helens council's children's services good.", {"St. Helens"}),
        ("", "Ofsted found Cheshire West's front door effective.", {"Cheshire West and Chester"}),
        (
            "ROUND-UP",
            "TELFORD AND WREKIN\nOfsted rated the council's children's services outstanding.",
            {"Telford and Wrekin"},
        ),
        # A heading or title names the authority; the sentences under it say "the council".
        (
            "Sutton's children's services",
            "Ofsted found that the council's front door is well run.",
            {"Sutton"},
        ),
        # The finding is in the sentence after the one that names the authority.
        (
            "",
            "Inspectors visited Wokingham in May.\nThey found that children wait too long for help.",
            {"Wokingham"},
        ),
    ],
)
def test_a_finding_is_credited_to_the_authority_in_view(title, text, expected):
    assert set(read(text, title)) == expected


def test_a_councils_own_press_release_is_about_it_without_naming_it():
    text = "Ofsted found that the council's social work is strong."
    assert read(text, "Children's services rated good", "https://www.sutton.gov.uk/news/ofsted") == {
        "Sutton": T.ILACS
    }
    assert read(text, "Children's services rated good", "https://www.example.com/sutton") == {}


@pytest.mark.parametrize(
    ("title", "text"),
    [
        # Organisations that bear a name: not the council.
        ("", "Kent Police and NHS Medway CCG welcomed the inspection's findings of strong work."),
        ("", "Ofsted rated the Sutton Safeguarding Children Board outstanding."),
        ("", "Westminster politicians want councils improved, as Ofsted found most are not good."),
        # A name said in passing.
        ("", "Ofsted found Sutton much improved, after it partnered with Merton."),
        ("", "Ofsted found Sutton much improved, as were councils such as Merton and Luton."),
    ],
)
def test_an_organisation_or_a_name_in_passing_is_not_credited(title, text):
    assert read(text, title).keys() <= {"Sutton"}


def test_a_round_up_gives_each_authority_its_own_kind():
    text = (
        "ESSEX\nOfsted rated the council's children's services good.\n"
        "BOLTON\nA monitoring visit found that the council has made progress.\n"
        "LEEDS\nA focused visit found that care leavers are well supported."
    )
    assert read(text, "Ofsted round-up") == {
        "Essex": T.ILACS,
        "Bolton": T.MONITORING_VISIT,
        "Leeds": T.FOCUSED_VISIT,
    }


def test_under_a_heading_naming_one_authority_a_sentence_naming_others_stays_on_it():
    text = "LUTON\nLuton took over from Bedford and Dunstable services.\nOfsted found serious weaknesses."
    assert read(text) == {"Luton": T.ILACS}


def test_a_sentence_about_councils_in_general_is_not_about_the_one_in_view():
    text = "Ofsted inspected Luton last month.\nCouncils rated inadequate are visited every quarter."
    assert read(text) == {}


def test_a_sentence_naming_an_authority_may_refer_back_to_the_finding_before_it():
    text = (
        "There have been 40 area SEND inspections so far.\n"
        "Eleven areas were told to write a written statement of action. The most recent of them is Luton."
    )
    assert read(text) == {"Luton": T.AREA_SEND}
    yet = text.replace("The most recent of them is Luton.", "Among those yet to be inspected is Luton.")
    assert read(yet) == {}


def test_a_line_broken_mid_sentence_is_read_as_one():
    assert read("Inspection of Luton\nThe overall judgement is that services require\nimprovement") == {
        "Luton": T.ILACS
    }


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Ofsted found Luton's services adequate.", T.ILACS),  # an older grade
        ("Ofsted rates Luton's children's services 'good'.", T.ILACS),  # a headline's present
        ("Luton's area SEND inspection: inspectors find long waits.", T.AREA_SEND),
        ("Luton told by Ofsted it must improve support at its monitoring visit.", T.MONITORING_VISIT),
        ("Ofsted rated Luton good overall.", T.ILACS),
        ("Luton's children's services were slammed by Ofsted.", T.ILACS),
        ("Ofsted found widespread and systemic failings in Luton's SEND services.", T.AREA_SEND),
        ("After the area SEND inspection, Luton must write a written statement of action.", T.AREA_SEND),
        ("Ofsted said Luton had made steady progress at its monitoring visit.", T.MONITORING_VISIT),
        ("Luton: the DCS reported that Ofsted had observed that plans are now clear.", T.ILACS),
        (
            "Luton committee: the report stated that Ofsted's visit had been positive overall.",
            T.MONITORING_VISIT,
        ),
        ("Ofsted ILACS 2018: Luton's children “wait far too long for the help they need”.", T.ILACS),
        ("The joint targeted area inspection found strong partnership working in Luton.", T.JTAI),
        ("Ofsted and the CQC found Luton's services for disabled children too slow.", T.AREA_SEND),
        ("After a two-day visit, Ofsted's letter said Luton's practice is improving.", T.MONITORING_VISIT),
    ],
)
def test_the_vocabulary_of_findings_as_the_press_and_minutes_word_them(text, kind):
    assert read(text) == {"Luton": kind}


@pytest.mark.parametrize(
    ("title", "text"),
    [
        ("", "Ofsted rated Luton's Stopsley Primary School outstanding."),
        ("", "A Luton nursery was judged inadequate by Ofsted."),
        ("", "Ofsted found a Luton children's home inadequate. Inspectors found staff too few."),
        ("", "Ofsted's inspection of Luton's adoption service found it good."),
        ("", "The Care Quality Commission rated Luton's adult social care good."),
        ("", "HMI Probation found Luton's youth justice service requires improvement."),
        ("Luton - child protection inspection (HMICFRS)", "Inspectors found the force's response improved."),
        ("", "Estyn found Luton's partner councils in Wales adequate."),
        ("", "The Care Inspectorate found services in Scotland strong, as in Luton."),
        ("", "Ofsted inspectors will visit Luton next week."),
        ("", "Luton is preparing for its Ofsted inspection, expected in the autumn."),
        ("", "Luton's director wants a good rating from Ofsted within three years."),
        ("Budget 2026", "Luton, rated inadequate by Ofsted in 2017, has set its budget for 2026."),
        ("", "At the time, Ofsted rated Luton inadequate. Luton has since hired 40 social workers."),
        ("", "Luton was last inspected by Ofsted in 2019, when inspectors found weaknesses."),
        ("", "Ofsted grades are inadequate, requires improvement, good and outstanding, as in Luton."),
        ("", "Ofsted's new system means 'good' councils such as Luton will get shorter visits."),
    ],
)
def test_other_settings_inspectorates_inspections_to_come_and_background_are_not_findings(title, text):
    assert read(text, title) == {}


def test_in_a_story_about_an_inspection_to_come_what_was_found_before_is_history():
    text = (
        "Ofsted inspectors will arrive at Luton next week.\n"
        "The council was rated inadequate in 2019.\n"
        "Inspectors then said leaders lacked grip.\n"
        "In March this year, a monitoring visit found that Luton had made progress."
    )
    assert read(text, "Inspectors heading to Luton") == {"Luton": T.MONITORING_VISIT}
    assert read("\n".join(text.split("\n")[:3]), "Inspectors heading to Luton") == {}


@pytest.mark.parametrize(
    ("title", "text", "kind"),
    [
        ("Luton's focused visit letter", "Ofsted found practice has improved.", T.FOCUSED_VISIT),
        ("", "Ofsted found Luton improving. The next monitoring visit is in May.", T.ILACS),
        ("", "A full inspection found Luton's services improved.", T.ILACS),
        (
            "",
            "Since the last focused visit, Ofsted's letter says Luton has made progress.",
            T.MONITORING_VISIT,
        ),
    ],
)
def test_the_kind_is_named_by_the_finding_the_title_and_the_sentences_about_it(title, text, kind):
    assert read(text, title) == {"Luton": kind}


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "it has no text"),
        ("Ofsted rated Luton good. " * 8000, "characters, more than any story's"),
        ('<div class="a"><script>var x = {luton: "good"};</script></div>' * 50, "% markup, not prose"),
    ],
)
def test_a_text_that_is_no_story_is_skipped_with_a_reason_in_the_debug_log(text, why, caplog):
    with caplog.at_level("DEBUG", logger="reader.news"):
        assert reports("Ofsted rates Luton good", text, SECTOR, "https://example.com/a") == []
    assert f"news item skipped, {why}" in caplog.text or why in caplog.text


def test_a_dated_finding_followed_by_since_then_is_told_as_the_past():
    text = (
        "Luton launches a recruitment drive.\n"
        "In May 2024 an Ofsted inspection found Luton's services inadequate.\n"
        "Since then, it has appointed a new director."
    )
    assert read(text, published=date(2024, 9, 1)) == {}
    recent = "Ofsted rated Luton's services good last month.\nSince then, it has hired more staff."
    assert read(recent, published=date(2024, 9, 1)) == {"Luton": T.ILACS}


@pytest.mark.parametrize(
    "text",
    [
        "Ofsted said this week that Luton's children's services are good.",
        "The council will publish its plan.\nAn Ofsted inspection in March 2026 rated Luton's services good.",
    ],
)
def test_a_story_that_only_says_this_week_or_will_is_not_about_an_inspection_to_come(text):
    assert read(text) == {"Luton": T.ILACS}


def test_a_sentence_only_adding_something_about_an_authority_does_not_take_the_finding_before_it():
    text = "Ofsted rated nine councils inadequate this year.\nLuton also published its budget."
    assert read(text, "Ofsted inspections") == {}


@pytest.mark.parametrize(
    ("title", "text", "url", "expected"),
    [
        # A form that also names another place counts where the story shows the council is meant.
        ("", "In Richmond, inspectors found that social workers know children well.", "", {}),
        (
            "",
            "Ofsted found that Richmond Council's social workers know children well.",
            "",
            {"Richmond upon Thames"},
        ),
        (
            "Richmond upon Thames: inspection",
            "Ofsted found that social workers in Richmond know children well.",
            "",
            {"Richmond upon Thames"},
        ),
        (
            "",
            "Ofsted rated Richmond and Kingston councils good.",
            "",
            {"Richmond upon Thames", "Kingston upon Thames"},
        ),
        ("", "Ofsted found that Bury's SEND services are too slow.", "", {"Bury"}),
        (
            "",
            "Ofsted found that social workers in Richmond know children well.",
            "https://www.richmond.gov.uk/n",
            {"Richmond upon Thames"},
        ),
        ("", "Reading the report, Ofsted found that children in the county wait too long.", "", {}),
        (
            "",
            "Ministers in Westminster want every council rated good, but Ofsted found most are not.",
            "",
            {},
        ),
        ("", "Windsor Castle's education programme was rated outstanding by Ofsted.", "", {}),
        # A name joined to another proper name is that name: a place, a team, a paper, a person.
        ("", "Ofsted found that children in Sutton Coldfield wait too long.", "", {}),
        ("", "Ofsted found strong practice in Ipswich and Bury St Edmunds.", "", {}),
        ("", "Ofsted found that social workers in Newcastle-under-Lyme know children well.", "", {}),
        ("", "Ofsted rated the Newcastle United Foundation's holiday club good.", "", {}),
        ("", "Ofsted rated Bolton's services good, the Manchester Evening News reported.", "", {"Bolton"}),
        ("", "Ofsted found that Mr Bolton's team in New York was strong.", "", {}),
        ("", "Ofsted found that councils across Greater Manchester had improved.", "", {}),
        # Unless the word goes on with the council's own name or work, or the line is in title case.
        ("", "Ofsted rated Durham County Council's children's services good.", "", {"Durham"}),
        ("Sutton Children's Services Rated Good By Ofsted", "Inspectors praised leaders.", "", {"Sutton"}),
    ],
)
def test_a_name_counts_where_it_is_the_councils(title, text, url, expected):
    assert set(read(text, title, url)) == set(expected)


@pytest.mark.parametrize(
    ("title", "text", "expected"),
    [
        # Partners named beside the council in a joint inspection: the council is kept.
        (
            "",
            "Sutton Council, Surrey Police and health partners were praised by a joint targeted area "
            "inspection.",
            {"Sutton": T.JTAI},
        ),
        (
            "",
            "The joint targeted area inspection found that Medway and Kent Police share information well.",
            {"Medway": T.JTAI},
        ),
        # "The council" is the one in view, not the places in its partners' names.
        (
            "Joint targeted area inspection (Luton)",
            "Members heard the key findings and how the council and partners in Hertfordshire and Essex "
            "responded.",
            {"Luton": T.JTAI},
        ),
    ],
)
def test_partners_named_beside_the_council_leave_it_in_view(title, text, expected):
    assert read(text, title) == expected


@pytest.mark.parametrize(
    "text",
    [
        "A Luton children's centre was rated good by Ofsted.",
        "Luton's adult and community learning service was rated good by Ofsted.",
        "Ofsted rated Luton Council's fostering service outstanding.",
        "A special school in Luton was rated good by Ofsted, which praised its SEND provision.",
        "An academy in Luton was judged good by Ofsted.",
        "Luton's self-assessment found that its front door is strong.",
    ],
)
def test_ofsteds_other_remits_and_other_assessors_are_not_the_councils_childrens_services(text):
    assert read(text) == {}


def test_a_title_naming_a_primary_is_a_schools():
    assert read("Inspectors praised its teaching.", "Luton primary rated outstanding by Ofsted") == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Luton Council, whose children's services were judged inadequate by Ofsted, has agreed a budget.",
            {},
        ),
        ("Luton, rated requires improvement by Ofsted, is recruiting 30 social workers.", {}),
        (
            "Luton Council, which was rated inadequate in 2017, has been judged good by Ofsted.",
            {"Luton": T.ILACS},
        ),
        (
            "Luton's children's services, rated good by Ofsted last week, are to get more money.",
            {"Luton": T.ILACS},
        ),
    ],
)
def test_a_judgement_in_a_clause_of_its_own_is_background_unless_recent(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Luton Council is awaiting the verdict of Ofsted inspectors who visited in June.",
        "Ofsted inspectors carried out a monitoring visit to Luton.\nThe council is hopeful the letter will "
        "show further progress.",
        "Luton wants to be rated good when Ofsted next inspects its children's services.",
        "Luton could be rated inadequate at its next Ofsted inspection.",
    ],
)
def test_a_verdict_awaited_or_hoped_for_is_no_finding(text):
    assert read(text) == {}


def test_a_long_awaited_report_is_out():
    assert read("The long-awaited Ofsted report rated Luton's services good.") == {"Luton": T.ILACS}


@pytest.mark.parametrize(
    "text",
    [
        "Ofsted and the CQC found that Luton's SEND arrangements lead to inconsistent experiences and "
        "outcomes.",
        "Luton's local area partnership typically leads to positive experiences and outcomes, inspectors "
        "said.",
        "Inspectors found widespread and/or systemic failings in Luton's SEND services.",
        "Luton must write a priority action plan, inspectors found.",
        "According to the inspection, Luton's SEND arrangements lead to inconsistent experiences and "
        "outcomes.",
        "Luton's SEND services concerned inspectors, who asked for a written statement of action.",
    ],
)
def test_area_send_outcomes_as_worded_since_2023(text):
    assert read(text) == {"Luton": T.AREA_SEND}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("A joint multi-agency inspection found Luton's response to youth violence strong.", T.JTAI),
        (
            "A joint inspection by Ofsted, the CQC, HMICFRS and HMI Probation found Luton's partners work "
            "well.",
            T.JTAI,
        ),
        ("A joint inspection by Ofsted and the CQC found Luton's SEND services weak.", T.AREA_SEND),
        (
            "Ofsted's two-day visit in May, the fifth since Luton was judged inadequate, found progress.",
            T.MONITORING_VISIT,
        ),
    ],
)
def test_joint_inspections_and_monitoring_visits_by_what_names_them(text, kind):
    assert read(text) == {"Luton": kind}


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "In December 2024, Ofsted inspectors rated Luton's children's services good.",
            date(2025, 1, 20),
            True,
        ),
        ("In 2023 Ofsted rated Luton's children's services good.", date(2025, 6, 1), False),
        ("In 2023 Ofsted rated Luton's children's services good.", None, True),
    ],
)
def test_a_date_is_old_news_against_the_storys_own(text, published, expected):
    assert bool(read(text, published=published)) == expected


@pytest.mark.parametrize(
    ("url", "text", "day"),
    [
        ("https://news.example/2016/11/01/luton-rated-good/", "", date(2016, 11, 1)),
        ("https://news.example/2024/12/luton/", "", date(2024, 12, 1)),
        ("https://news.example/anglia/2024-07-11/luton/", "", date(2024, 7, 11)),
        ("https://news.example/2013/february/luton.aspx", "", date(2013, 2, 1)),
        ("https://news.example/article.php?s=2018-12-04-luton", "", date(2018, 12, 4)),
        (
            "https://news.example/a/1",
            "Luton rated good\n\nWednesday, April 27, 2022\n\nOfsted found",
            date(2022, 4, 27),
        ),
        (
            "https://news.example/a/1",
            "Luton rated good\nPublished: 8th Jun 2018\nOfsted found",
            date(2018, 6, 8),
        ),
        ("https://news.example/a/1", "Date Released - 14/02/2024\nLuton", date(2024, 2, 14)),
        ("https://news.example/news/2015/luton", "Inspectors visited on 4 May 2015 and found", None),
    ],
)
def test_a_storys_date_from_its_address_or_dateline(url, text, day):
    assert story_date(url, text) == day


def test_a_sentence_naming_only_in_passing_is_not_about_the_sites_council():
    text = "Members noted that Ofsted had rated neighbouring Merton outstanding."
    assert (
        read(text, "Agenda item: learning from others", "https://democracy.sutton.gov.uk/mgAi.aspx?ID=1")
        == {}
    )


def test_a_story_whose_title_gives_a_judgement_names_its_inspection_anywhere():
    text = "The report praised leaders.\nThe council welcomed Ofsted's verdict."
    assert read(text, "Luton's services for children rated good") == {"Luton": T.ILACS}
    assert read("Luton's children's services have been rated outstanding.") == {"Luton": T.ILACS}


def test_a_hope_after_a_finding_does_not_make_the_story_about_an_inspection_to_come():
    text = "Ofsted rated Luton good.\nThe council hopes the next inspection will find it outstanding."
    assert read(text) == {"Luton": T.ILACS}


def test_a_link_to_another_story_is_not_the_storys_text():
    text = "Inspectors found Luton's services improving.\nRead more: Bolton's children's services rated good"
    assert read(text) == {"Luton": T.ILACS}


@pytest.mark.parametrize(
    ("host", "name"),
    [
        ("www.nottinghamcity.gov.uk", "Nottingham"),
        ("democracy.hants.gov.uk", "Hampshire"),
        ("www.n-somerset.gov.uk", "North Somerset"),
        ("www.brighton-hove.gov.uk", "Brighton and Hove"),
        ("www.example.com", None),
    ],
)
def test_a_councils_own_site_by_its_name_or_its_sites(host, name):
    from reader.names import index

    at = index(SECTOR).of_site(host)
    assert (SECTOR[at].name if at is not None else None) == name


def test_a_title_naming_several_is_credited_to_those_the_story_goes_on_about():
    text = "Ofsted's inspection of Hampshire found that its partnership with the Isle of Wight is strong."
    assert read(text, "Hampshire and Isle of Wight: joint working praised") == {"Hampshire": T.ILACS}
    both = "The two councils were found to be good by inspectors."
    assert read(both, "Luton and Bolton rated good by Ofsted") == {"Luton": T.ILACS, "Bolton": T.ILACS}
