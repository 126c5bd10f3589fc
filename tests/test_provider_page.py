"""Reading provider pages: every quirk the reference lists, and broken pages."""

from datetime import date

import pytest

from scraper.provider_page import PageError, classify, file_id, gaps, parse, split_label
from tests.sites.ofsted import ERROR_PAGE, Entry, ProviderPage, croydon

BASE = "https://reports.ofsted.gov.uk/provider/44/80492"


def listed(page=None):
    return {
        p.id: p
        for p in parse(
            (page or croydon()).render("https://files.ofsted.gov.uk", "https://files.api.ofsted.gov.uk"), BASE
        )
    }


@pytest.mark.parametrize(
    "label, title, published",
    [
        (
            "Children's services focused visit, PDF - 01 August 2024",
            "Children's services focused visit",
            date(2024, 8, 1),
        ),
        (
            "Children's services focused visit,  PDF - 26 July 2021",
            "Children's services focused visit",
            date(2021, 7, 26),
        ),
        ("Monitoring visit as PDF - 10 February 2015", "Monitoring visit", date(2015, 2, 10)),
        (
            "Joint area review - progress inspection, PDF - 03 July 2009",
            "Joint area review - progress inspection",
            date(2009, 7, 3),
        ),
        (
            "Children's services inspection, pdf - 3 December 2024",
            "Children's services inspection",
            date(2024, 12, 3),
        ),
        ("Review of the LSCB, PDF", "Review of the LSCB", None),
        ("A title with no marker at all", "A title with no marker at all", None),
    ],
)
def test_labels_split_into_title_and_publication_date(label, title, published):
    assert split_label(label) == (title, published)


@pytest.mark.parametrize(
    "title, kind",
    [
        ("Children's services inspection", "ilacs"),
        ("Children\u2019s services focused visit", "focused-visit"),
        ("Monitoring visit", "monitoring-visit"),
        ("Monitoring visit to Croydon local authority children's services", "monitoring-visit"),
        ("Joint area child protection inspection", "jtai"),
        ("Area SEND full inspection", "area-send"),
        ("Single inspection of LA children's services", "ilacs"),
        ("Joint area review - progress inspection", "other"),
        ("Something Ofsted has never published before", "other"),
    ],
)
def test_titles_are_classified_and_unknown_ones_kept(title, kind):
    assert classify(title) == kind


def test_every_document_on_croydon_page_is_read_once_with_its_dates():
    found = listed()
    # 10 documents; the "Latest inspection" repeat and the link-less event add nothing.
    assert len(found) == 10
    latest = found["50265318"]
    assert (latest.type, latest.published, latest.event_date) == (
        "ilacs",
        date(2024, 12, 3),
        date(2024, 10, 14),
    )
    assert found["50066541"].title == "Monitoring visit"
    assert found["50066541"].published == date(2019, 3, 14)
    assert found["2447163"].published is None
    assert found["50010187"].url == "https://files.api.ofsted.gov.uk/v1/file/50010187"


def test_publication_date_falls_back_to_event_metadata_when_label_has_none():
    page = ProviderPage(
        "X",
        "1",
        [Entry("7", "Monitoring visit", "05 May 2022", "2022-04-01", label="Monitoring visit")],
        latest=False,
    )
    assert listed(page)["7"].published == date(2022, 5, 5)


def test_file_id_is_the_number_ending_the_link():
    assert file_id("https://files.ofsted.gov.uk/v1/file/50265318") == "50265318"
    assert file_id("https://files.api.ofsted.gov.uk/v1/file/2736521/") == "2736521"


@pytest.mark.parametrize(
    "body, reason",
    [
        (ERROR_PAGE, "error page"),
        (croydon().render("https://f")[:3000], "truncated"),
        (
            "<html><body><h1 class='heading--title'>Croydon</h1><p>Redesigned</p></body></html>",
            "no publication timeline",
        ),
    ],
)
def test_broken_pages_are_failed_reads_never_empty_lists(body, reason):
    with pytest.raises(PageError, match=reason):
        parse(body, BASE)


@pytest.mark.parametrize("older", [False, True])
def test_each_layout_of_the_provider_page_reads_the_same(older):
    today, before = croydon(), croydon()
    before.older = older
    assert listed(before) == listed(today)
    # The metadata's date when the label has none, in its span or beside it.
    page = ProviderPage(
        "X",
        "1",
        [Entry("7654321", "Monitoring visit", "05 May 2022", "2022-04-01", label="Monitoring visit")],
        latest=False,
        older=older,
    )
    found = listed(page)["7654321"]
    assert (found.published, found.event_date) == (date(2022, 5, 5), date(2022, 4, 1))


def test_a_date_the_page_should_give_and_does_not_is_said_in_one_line():
    page = ProviderPage(
        "X",
        "1",
        [
            Entry("7", "Monitoring visit", "Spring 2022", "2022-04-01", label="Monitoring visit, pdf"),
            Entry("8", "Children's services focused visit", "05 May 2022", "2022-04-01"),
        ],
        latest=False,
    )
    found = listed(page)
    assert found["7"].published is None
    assert found["7"].missing == ("publication date 'Spring 2022' is not a date",)
    assert found["8"].missing == ()
    said = gaps(list(found.values()))
    assert said == (
        "1 publication listed without a date the page should give, kept without it: "
        "7 'Monitoring visit': publication date 'Spring 2022' is not a date"
    )
    assert gaps([found["8"]]) is None


def test_a_document_link_with_no_title_fails_the_page():
    page = ProviderPage("X", "1", [Entry("7", "", "05 May 2022", "2022-04-01", label=" ")], latest=False)
    with pytest.raises(PageError, match=r"a document link gives no title: .*/v1/file/7"):
        listed(page)


@pytest.mark.parametrize(
    ("answered", "stated"),
    [
        ("https://reports.ofsted.gov.uk/provider/44/2637539", "2637539"),  # redirected to another
        (BASE, "2637539"),  # at its own address, but another's page
    ],
)
def test_another_provider_s_page_fails_the_read_never_stores_as_this_one_s(answered, stated):
    other = ProviderPage("North Northamptonshire", stated, croydon().entries)
    with pytest.raises(PageError, match=r"the page for URN 80492 is another provider's, URN '2637539'"):
        parse(other.render("https://files.ofsted.gov.uk"), answered, "80492")
    assert len(parse(croydon().render("https://files.ofsted.gov.uk"), BASE, "80492")) == 10


@pytest.mark.parametrize(
    "host",
    [
        "https://evil.example\\@files.ofsted.gov.uk",  # a browser opens evil.example
        "https://someone@files.ofsted.gov.uk",
        "https://files.ofsted.gov.uk:99999",  # no port there is
    ],
)
def test_a_document_link_a_browser_would_read_as_another_host_is_skipped(host, caplog):
    page = croydon()
    page.entries.insert(
        0, Entry("50300021", "Children's services focused visit", "1 December 2026", "2026-11-02", host=host)
    )
    found = listed(page)
    assert "50300021" not in found and len(found) == len(listed())
    assert "a document link that is no plain web address is skipped" in caplog.text


def test_document_links_are_stored_as_a_browser_reads_them():
    page = croydon()
    page.entries.insert(
        0,
        Entry(
            "50300022",
            "Monitoring visit",
            "1 December 2026",
            "2026-11-02",
            host="HTTPS://Files.Ofsted.GOV.UK",
        ),
    )
    assert listed(page)["50300022"].url == "https://files.ofsted.gov.uk/v1/file/50300022"
