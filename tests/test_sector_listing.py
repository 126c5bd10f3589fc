"""The reports site's listing of every authority, in each markup form the reference gives:
today's (results in ul.results-list, several provider-info lists a result) and the older
one (the rating in its own div, the number of results alone in strong.results-count).
A count the parser cannot find fails the read, in words; it is never read as 0."""

from __future__ import annotations

from datetime import date

import pytest

from scraper.provider_page import PageError
from scraper.sector_listing import parse
from tests.sites import sector

URL = "https://reports.ofsted.gov.uk/search?start=0"


@pytest.mark.parametrize("older", [False, True])
def test_each_layout_gives_every_authority_its_date_rating_and_the_count(older):
    listed = sector.authorities(153)
    first, total = parse(sector.page(listed, 0, older=older), URL)
    second, _ = parse(sector.page(listed, 100, older=older), URL)
    assert total == 153 and len(first) == 100 and len(second) == 53
    croydon = next(a for a in first + second if a.urn == "80492")
    assert (
        croydon.name == "London Borough of Croydon"
        and croydon.latest_report == date(2024, 12, 3)
        and croydon.rating == "Good"
    )
    unrated = [a for a in first + second if a.rating is None]
    assert len(unrated) == sum(1 for a in listed if a.rating is None)


@pytest.mark.parametrize("older", [False, True])
def test_a_listing_that_does_not_say_how_many_results_it_has_is_refused(older):
    listed = sector.authorities(153)
    with pytest.raises(PageError, match="does not say how many results it has"):
        parse(sector.page(listed, 0, older=older, count=False), URL)


def _without(body: str, *parts: str) -> str:
    for part in parts:
        assert part in body
        body = body.replace(part, "")
    return body


@pytest.mark.parametrize("older", [False, True])
@pytest.mark.parametrize(
    "change, said",
    [
        (
            lambda body: _without(body, "/provider/44/81001", "<li>URN: <strong>81001</strong></li>"),
            "1 result with no URN ('Authority 81001')",
        ),
        (
            lambda body: body.replace("<time>01 March 2024</time>", "<time>soon</time>", 1),
            "1 result with a latest report that is not a date (81000: 'Latest report: soon')",
        ),
        (
            lambda body: body.replace("<strong>Good</strong>", "<strong> </strong>", 1),
            "1 result with a rating but no grade",
        ),
        (
            lambda body: body.replace("Latest report:", "Last published:"),
            "no result has a 'Latest report' line",
        ),
    ],
)
def test_what_a_result_lacks_fails_the_listing_in_one_line_never_read_as_none(older, change, said):
    listed = sector.authorities(153)
    body = sector.page(listed, 0, older=older)
    parse(body, URL)  # as served, it reads
    with pytest.raises(PageError) as raised:
        parse(change(body), URL)
    assert said in str(raised.value) and "\n" not in str(raised.value)
