"""The summary's rules, each on a short text of its form (written here, not quoted)."""

from __future__ import annotations

import pytest

from reader.improvement import Body
from reader.summary import _graveness, _gravity, _strength_score, summarise

# A focused visit letter as such letters are laid out: its summary, its list of what
# needs to improve (areas, not findings) and its findings.
LETTER = (
    "Focused visit to Anyshire children’s services\n"
    "Headline findings\n"
    "Anyshire’s children’s services were last inspected in March 2021, when they were judged good.\n"
    "Leaders know their services well and are committed to improving them.\n"
    "Most children who need help receive a prompt and effective response.\n"
    "Children in care live in stable homes, although some wait too long for their plans.\n"
    "What needs to improve in this area of social work practice\n"
    "• The frequency of contact with children in care.\n"
    "• Workloads in the assessment teams.\n"
    "Main findings\n"
    "• Social workers know children well and see them alone. Visits to children in care are not always "
    "made within timescales, and four children were not seen for three months.\n"
    "• Workloads in the assessment teams are too high, with some social workers holding 30 children.\n"
    "• Managers have a clear view of the service.\n"
)


def test_an_improvement_point_introduces_the_bodys_finding_about_it_and_a_point_that_is_a_finding_stands():
    concerns = summarise(LETTER)["concerns"]
    assert set(concerns) == {
        "The frequency of contact with children in care: Visits to children in care are not always made "
        "within timescales, and four children were not seen for three months.",
        "Workloads in the assessment teams are too high, with some social workers holding 30 children.",
    }


def test_a_point_the_body_says_nothing_more_about_stands_as_it_is():
    text = LETTER.replace("• Workloads in the assessment teams.\n", "• The quality of life-story work.\n")
    assert "The quality of life-story work." in summarise(text)["concerns"]


def test_a_letters_headline_is_how_services_are_now_not_their_history_or_what_leaders_know():
    assert summarise(LETTER)["headline"] == (
        "Most children who need help receive a prompt and effective response. "
        "Children in care live in stable homes, although some wait too long for their plans."
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Leaders recognise that there is more to do to improve the quality of plans.",
        "The new audit process is beginning to show a positive impact on practice.",
        "Inspectors saw examples of effective direct work with children.",
        "It is positive that managers now review every referral promptly.",
        "While this approach is a clear strength, plans are written too late for some children.",
        "Managers are focused on improving the timeliness of assessments, with effective new tracking.",
        "Staff turnover remains a challenge, though the new recruitment campaign is effective.",
    ],
)
def test_hedged_praise_is_no_strength(sentence):
    assert _strength_score(sentence) == 0


def test_plain_praise_is_a_strength():
    assert _strength_score("Children are seen promptly and their plans are clear and effective.") > 0


PRAISE = "Children are seen promptly and their plans are clear and effective."


@pytest.mark.parametrize(
    "mixed",
    [
        # praise of most, in a paragraph that then worries about the rest
        "Most children in care live in stable homes with effective support. For a small number of "
        "children, moves are made too late.",
        # what leaders know or plan, not yet what children get
        "Senior leaders know their services well and have clear plans to improve them.",
    ],
)
def test_praise_that_is_half_the_story_is_no_strength(mixed):
    headline = "Most children in Anyshire receive a good and timely service."
    text = f"Headline findings\n{headline}\nMain findings\n• {mixed}\n• {PRAISE}\n"
    assert summarise(text)["strengths"] == [PRAISE]


def test_praise_of_an_area_the_document_says_must_improve_is_no_strength():
    text = LETTER.replace(
        "• Managers have a clear view of the service.\n",
        "• Workloads in the assessment teams are well managed and effective.\n",
    )
    assert not any("Workloads" in s for s in summarise(text)["strengths"])


def test_a_sentence_pointing_back_after_an_opening_phrase_is_dropped_but_a_bare_contrast_stands():
    text = (
        "Main findings\n"
        "• In some cases, this is made worse by frequent changes of social worker. However, plans are "
        "not reviewed when risks rise, and some children wait too long for help.\n"
    )
    assert summarise(text)["concerns"] == [
        "However, plans are not reviewed when risks rise, and some children wait too long for help."
    ]


def test_praise_of_some_children_is_no_strength():
    assert _strength_score("Some children benefit from strong and effective assessments.") == 0


def test_one_shared_word_puts_no_praise_on_an_improvement_points_area():
    praise = "Social workers are skilled, and they know the children they support well."
    text = LETTER.replace("• Managers have a clear view of the service.\n", f"• {praise}\n")
    assert praise in summarise(text)["strengths"]


def test_a_summary_sentence_on_leaders_that_also_says_what_children_get_can_be_the_verdict():
    text = LETTER.replace(
        "Most children who need help receive a prompt and effective response.\n",
        "Leaders have strengthened the front door, and most children receive a prompt and "
        "effective response.\n",
    )
    assert summarise(text)["verdict"].startswith("Leaders have strengthened the front door")


@pytest.mark.parametrize(
    "sentence",
    [
        # praise that outweighs the worry it mentions
        "The leaving care service supports young people at risk of becoming homeless well.",
        # a worry in a condition, an aim or a concession only sets the scene
        "When circumstances do not improve, child protection procedures are initiated appropriately.",
        "Proceedings are initiated quickly to ensure that children are not left in neglect for too long.",
        "Children at risk of harm are seen alone in enquiries, despite the challenges of social distancing.",
        "Inspectors looked at the response to children who are not in school.",  # method, not a finding
        "Reviews now challenge plans where there is evidence of drift, or where plans do not reflect needs.",
        # what leaders know, however long the way to it
        "Senior leaders are in regular contact with staff, and this supports their understanding of "
        "work pressures.",
        # a worry denied
        "Practice has been adapted so that children are not inappropriately seen before a strategy meeting.",
    ],
)
def test_a_worry_that_is_no_finding_makes_no_concern(sentence):
    assert _gravity(sentence) <= 0


def test_risk_to_children_is_graver_than_a_worry_about_process():
    assert _gravity("Some children at risk of exploitation are not protected quickly enough.") > _gravity(
        "Some supervision records are not detailed enough."
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "In these instances, infrequent contact has left a few young people without support.",
        "It has maintained a sharp focus on improvement priorities.",
        "When this is not possible, carers help children keep in touch with their families.",
    ],
)
def test_a_sentence_that_points_back_is_not_quoted_alone(sentence):
    text = f"Main findings\n• {sentence}\n"
    assert not any(sentence in point for point in summarise(text)["concerns"] + summarise(text)["strengths"])


def test_a_letters_verdict_is_how_services_are_despite_the_pandemic_not_what_is_too_soon_to_tell():
    text = (
        "Headline findings\n"
        "While it is too soon to evaluate the impact of these changes, credible plans are in place.\n"
        "Despite the challenges of the COVID-19 pandemic, leaders have continued to improve services for "
        "children in care.\n"
    )
    assert summarise(text)["verdict"].startswith("Despite the challenges of the COVID-19 pandemic")


def test_the_definition_of_a_grade_is_no_finding():
    text = (
        "Headline findings\n"
        "Most children in Anyshire receive a good and timely service.\n"
        "Main findings\n"
        "• A local authority that is inadequate is providing services where there are widespread or serious "
        "failures that leave children being harmed.\n"
        "• Some children wait too long for their plans to be reviewed.\n"
    )
    assert summarise(text)["concerns"] == ["Some children wait too long for their plans to be reviewed."]


def test_a_sentence_naming_children_only_by_pointing_back_is_quoted_with_what_it_points_to():
    text = (
        "Headline findings\n"
        "Most children in Anyshire receive a good and timely service.\n"
        "Main findings\n"
        "• Some disabled children wait months for an assessment. Management oversight has not identified "
        "these children.\n"
    )
    assert summarise(text)["concerns"] == [
        "Some disabled children wait months for an assessment. Management oversight has not identified "
        "these children."
    ]


def test_a_points_reference_to_the_framework_is_left_out():
    text = (
        "What needs to improve?\n"
        "• The quality of plans for children in need. (Outcome 1, national framework)\n"
        "Main findings\n"
        "• Children are seen promptly and social workers know them well.\n"
    )
    assert summarise(text)["concerns"] == ["The quality of plans for children in need."]


def test_the_improvement_lists_first_points_findings_come_before_graver_sounding_others():
    text = (
        "Headline findings\n"
        "Most children in Anyshire receive a good and timely service.\n"
        "What needs to improve in this area of social work practice\n"
        "• The quality of written plans.\n"
        "Main findings\n"
        "• Written plans are too often vague and out of date.\n"
        "• Some health records are not always completed, and a few reviews are delayed.\n"
    )
    concerns = summarise(text)["concerns"]
    assert concerns[0] == "Written plans are too often vague and out of date."


def test_a_few_words_someone_told_inspectors_are_no_worry_of_the_finding():
    sentence = "Social workers say they ‘never feel alone’ because managers are available and supportive."
    assert _gravity(sentence) <= 0


@pytest.mark.parametrize(
    "history",
    [
        "Anyshire children’s services were judged inadequate in 2016.",
        "Anyshire and Otherdale unitary authorities came into being on 1 April 2023.",  # its founding
    ],
)
def test_a_reports_summary_that_opens_with_its_history_gives_its_gist_first(history):
    text = (
        "Overall effectiveness Requires improvement to be good\n"
        f"{history}\n"
        "Services for children have improved since then, and most children now receive effective help.\n"
    )
    assert summarise(text)["headline"].startswith("Services for children have improved since then")


def test_an_area_for_priority_action_introduces_its_finding_and_one_shared_word_finds_none():
    text = (
        "Headline findings\n"
        "Most children in Anyshire receive a good and timely service.\n"
        "Areas for priority action\n"
        "• The response to children at risk of harm out of hours.\n"
        "• The quality of written plans.\n"
        "Main findings\n"
        "• After 5pm, social workers are often not available, and children at risk wait until morning.\n"
        "• Social workers do not always record why children are visited.\n"
    )
    assert summarise(text)["priority_actions"] == [
        "The response to children at risk of harm out of hours: After 5pm, social workers are often not "
        "available, and children at risk wait until morning.",
        "The quality of written plans.",
    ]


def test_a_joint_inspections_standard_framing_of_its_theme_is_no_verdict():
    text = (
        "The inspectorates recognise the complexities for agencies in intervening in families where "
        "risk is hidden, and the impact on the child is not always apparent.\n"
        "A multi-agency inspection of this area of practice is more likely to highlight challenges.\n"
        "The partnership in Anyshire is well established and most children receive effective help.\n"
    )
    assert summarise(text)["verdict"].startswith("The partnership in Anyshire is well established")


def test_what_a_past_visit_found_is_history_not_the_letters_verdict():
    text = (
        "Headline findings\n"
        "Anyshire’s previous focused visit took place in March 2021.\n"
        "Inspectors made areas for priority action following serious weaknesses in practice.\n"
        "Since then, a new chief executive has secured investment to improve services for children.\n"
        "Most children referred to the front door receive a timely and effective response.\n"
    )
    assert (
        summarise(text)["verdict"]
        == "Most children referred to the front door receive a timely and effective response."
    )


def test_a_past_inspections_finding_is_quoted_with_what_has_changed_since_that_time():
    text = (
        "Headline findings\n"
        "An inspection of Anyshire took place in 2018, when help and protection were found to require "
        "improvement to be good.\n"
        "Since that time, the quality of work with children in need has improved in some areas.\n"
    )
    assert summarise(text)["verdict"].endswith(
        "Since that time, the quality of work with children in need has improved in some areas."
    )


@pytest.mark.parametrize(
    "pointing",
    [
        "Their needs are reflected sensitively in pathway plans that are clear and effective.",
        "During these periods, there is a lack of oversight of children at risk of harm.",
    ],
)
def test_a_sentence_opening_with_their_or_during_these_is_quoted_with_what_it_points_to(pointing):
    first = "Care leavers are visited by their workers every month."
    headline = "Headline findings\nMost children in Anyshire receive a good service.\n"
    text = f"{headline}Main findings\n• {first} {pointing}\n"
    said = summarise(text)["concerns"] + summarise(text)["strengths"]
    assert f"{first} {pointing}" in said and pointing not in said


def test_whom_a_service_is_for_is_no_worry_of_the_finding():
    described = (
        "The council commissions alternative provision, which provides education for pupils, including "
        "those who cannot attend school or are at risk of exclusion."
    )
    assert _gravity(described) <= 0
    assert (
        _gravity("Leaders review the quality of providers for those not accessing mainstream education.") <= 0
    )
    assert (
        _gravity("Pupils, including those who are at risk of exclusion, do not receive a timely response.")
        > 0
    )


def test_in_relation_to_names_no_area_a_point_is_matched_on():
    point = "Decisions in relation to referrals."
    said = [
        "Information relating to referrals is not shared.",
        "Decisions on referrals by the hub team are not always recorded.",
    ]
    assert Body(said, [point]).finding(point, _graveness, []) == said[1]


def test_what_a_past_visit_found_is_no_concern_of_this_one():
    text = (
        "Headline findings\n"
        "Anyshire’s previous focused visit took place in March 2021.\n"
        "Inspectors made areas for priority action following serious weaknesses in practice.\n"
        "Most children referred to the front door receive a timely and effective response.\n"
        "Main findings\n"
        "• Some children wait too long for their plans to be reviewed.\n"
    )
    assert summarise(text)["concerns"] == ["Some children wait too long for their plans to be reviewed."]


def test_the_it_of_it_is_too_soon_points_back_to_nothing():
    sentence = "It is too soon to see the impact of the new service on children at risk of exploitation."
    text = (
        f"Headline findings\nMost children in Anyshire receive a good service.\nMain findings\n• {sentence}\n"
    )
    assert summarise(text)["concerns"] == [sentence]


@pytest.mark.parametrize(
    "sentence",
    [
        "It features a lively group of young people who work well to raise the profile of children in care.",
        "Its actions have been timely and well considered, with an effective focus on the most vulnerable.",
        "In response to this demand, senior leaders have begun a clear and effective sufficiency strategy.",
        "Inspectors found no detriment to services as a result of these changes, which were managed well.",
    ],
)
def test_praise_of_something_said_before_is_not_quoted_alone(sentence):
    text = (
        f"Headline findings\nMost children in Anyshire receive a good service.\nMain findings\n• {sentence}\n"
    )
    assert not any(sentence in point for point in summarise(text)["strengths"])


def test_what_a_later_past_visit_found_is_history_too():
    text = (
        "Headline findings\n"
        "Anyshire was judged to require improvement to be good at the inspection in June 2019.\n"
        "At a focused visit in June 2021, progress had been made for children in need of protection.\n"
        "Progress for children in care has been made in some areas but there is still work to do.\n"
    )
    assert summarise(text)["verdict"].startswith("Progress for children in care has been made")


def test_a_past_inspection_that_judged_is_history_not_a_concern():
    text = (
        "Overall effectiveness\n"
        "The overall judgement is adequate.\n"
        "Main findings\n"
        "• The previous inspection, in October 2010, judged services for children to be inadequate.\n"
        "• Some children wait too long for their plans to be reviewed.\n"
    )
    assert summarise(text)["concerns"] == ["Some children wait too long for their plans to be reviewed."]
