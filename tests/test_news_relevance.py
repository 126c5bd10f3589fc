"""Which sector stories report an Ofsted finding on a watched authority's children's
services, and of what kind: a test for each pattern, from a short text of that form."""

from __future__ import annotations

import pytest

from config import Authority
from reader.news import reported_on, types_named
from vocabulary import PublicationType as T


def relevant(story: str, watched: list[Authority]) -> Authority | None:
    """The authority the story reports most on, or None."""
    found = reported_on(story, watched)
    return found[0] if found else None


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
        "Ofsted judged Lambeth's children's services good, aided by improvement partner Camden council.",
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
    authority = relevant(story, WATCHED)
    assert authority is not None and authority.name == "Croydon"
    assert types_named(story, authority) == {kind}


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
