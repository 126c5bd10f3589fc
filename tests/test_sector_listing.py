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
        croydon.name == "Croydon" and croydon.latest_report == date(2024, 12, 3) and croydon.rating == "Good"
    )
    unrated = [a for a in first + second if a.rating is None]
    assert len(unrated) == sum(1 for a in listed if a.rating is None)


@pytest.mark.parametrize("older", [False, True])
def test_a_listing_that_does_not_say_how_many_results_it_has_is_refused(older):
    listed = sector.authorities(153)
    with pytest.raises(PageError, match="does not say how many results it has"):
        parse(sector.page(listed, 0, older=older, count=False), URL)
