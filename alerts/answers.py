"""What `/ofsted` answers in Slack, from the store alone: where an authority stands (its
latest judgement, the journey since, its last publications, the news about it), the home
region's authorities side by side, or how to ask.

The command's text is data: it is only looked up among England's authorities' names (never
a path, a query fragment or markup), cut to a bound, and escaped wherever it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import authorities
from alerts import journey as journeys
from alerts.blocks import as_sections, escape, link
from config import Config
from storage.catalogue import Catalogue
from storage.models import Publication
from storage.sector import standings_of
from storage.store import Store
from vocabulary import PublicationType, counted
from wording import day, judgement_month, verdict

COMMAND = "/ofsted"
LONGEST_ASKED = 100  # characters of the command's text looked at
LAST_PUBLICATIONS = 3
MOST_PEERS = 40
HELP = (
    f"*{COMMAND}*: where the home authority stands\n"
    f"*{COMMAND} <authority>*: any English authority, by its name or a press form "
    f"(`{COMMAND} Hull`, `{COMMAND} Richmond upon Thames`)\n"
    f"*{COMMAND} sector*: the home region's authorities side by side\n"
    f"*{COMMAND} help*: this"
)


@dataclass(frozen=True)
class Answer:
    """A reply only the person who asked sees: its fallback text and its blocks."""

    text: str
    blocks: list[dict]

    def payload(self) -> dict:
        return {"response_type": "ephemeral", "text": self.text, "blocks": self.blocks}


class Answers:
    def __init__(self, config: Config, store: Store):
        self.config = config
        self.catalogue = Catalogue(store)
        self.store = store
        self.places = authorities.regions(config.ofsted.regions_file)

    def answer(self, asked: str) -> Answer:
        """The reply to `/ofsted <asked>`."""
        asked = " ".join(asked[:LONGEST_ASKED].split())
        if asked.casefold() == "help":
            return Answer(f"How to ask {COMMAND}", as_sections([HELP]))
        if asked.casefold() == "sector":
            return self.sector()
        if not asked:
            home = self.config.ofsted.authorities[0]
            return self.authority(home.urn, home.name)
        urn = authorities.named(asked, self.places) or next(
            (a.urn for a in self.config.ofsted.authorities if asked.casefold() in map(str.casefold, a.names)),
            None,
        )
        if urn is None:
            near = authorities.nearest(asked, self.places)
            said = f"No English authority is called “{escape(asked)}”."
            said += f" Did you mean: {', '.join(map(escape, near))}?" if near else f" Try `{COMMAND} help`."
            return Answer(said, as_sections([said]))
        place = self.places.get(urn)
        return self.authority(urn, place.name if place and place.name else asked)

    def authority(self, urn: str, name: str) -> Answer:
        """Its latest judgement and date, the journey since, its last publications with
        their verdicts and links, the news stories about it, and its page."""
        newest_first = list(reversed(self.catalogue.authority(urn)))
        origins = self.config.link_origins
        lines = [f"*{escape(name)}*"]
        if not newest_first:
            lines.append("Nothing about it is stored: it is not watched, or not yet read.")
        journey = journeys.of(_today(), newest_first)
        if journey.judgement is not None:
            report = journey.judgement
            judged = (report.facts or {}).get("outcome") or verdict(report) or "no grade read"
            lines.append(f"Latest judgement: *{escape(str(judged))}* ({judgement_month(report)})")
            if said := journeys.line(journey):  # "Last judged ...; visits since: ..."
                since = said.split("; ", 1)[-1]
                lines.append(escape(since[:1].upper() + since[1:]))
        elif newest_first:
            lines.append("No full inspection's judgement is stored.")
        for publication in newest_first[:LAST_PUBLICATIONS]:
            lines.append(_publication_line(publication, origins))
        stories = self.catalogue.news_count(urn)
        lines.append(f"{counted(stories, 'news story', 'news stories')} about it stored")
        lines.append(self._page(urn, name))
        return Answer(f"{name}: where it stands", as_sections(lines))

    def sector(self) -> Answer:
        """The home region's authorities side by side: each one's latest judgement and visit."""
        home = self.config.ofsted.authorities[0]
        region = self.places[home.urn].region if home.urn in self.places else None
        if region is None:
            said = f"The home authority ({escape(home.name)}) is in no region the authorities file names."
            return Answer(said, as_sections([said]))
        members = {urn: place.name for urn, place in self.places.items() if place.region == region}
        many = counted(len(members), "authority", "authorities")
        lines = [f"*{escape(region)}*: {many}, each one's latest judgement and visit"]
        for standing in standings_of(self.store, members)[:MOST_PEERS]:
            full, visit = standing.full, standing.visit
            grade = (full.facts or {}).get("outcome") if full else None
            judged = (
                f"{escape(str(grade))} ({judgement_month(full)})" if full and grade else "no judgement stored"
            )
            visited = f"; visit {visit.published:%b %Y}" if visit and visit.published else ""
            lines.append(f"• {escape(standing.name)}: {judged}{visited}")
        if len(members) > MOST_PEERS:
            lines.append(f"…and {len(members) - MOST_PEERS} more on the sector page")
        return Answer(f"{region}: the region side by side", as_sections(lines))

    def _page(self, urn: str, name: str) -> str:
        base = self.config.web.base_url.rstrip("/")
        if not base:
            return "Its web page: not linked (`[web] base_url` is not set)"
        return f"<{base}/authority/{urn}|{escape(name)} on the web pages>"


def _today() -> Publication:
    """Where a journey is told from when asked: today, after everything stored."""
    return Publication(type=PublicationType.OTHER.value, facts={}, published=date.today())


def _publication_line(publication: Publication, origins) -> str:
    label = PublicationType.of(publication.type).label
    when = day(publication.published) if publication.published else "undated"
    said = verdict(publication)
    return f"• {link(publication.url, f'{label}, {when}', origins)}" + (f": {escape(said)}" if said else "")
