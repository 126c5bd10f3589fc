"""The labelled news pages of the shared material, scored as the product reads them.

Relevance is measured per (page, authority) pair: for each page, every authority it
names (in any case), every authority its label holds, and two it does not name; type
over the relevant pages. A page is dated as the product dates a story whose listing
gives no date: by its address or its dateline, where it has one. Used by
benchmarks/news.py and tests/test_news_pages.py.
"""

from __future__ import annotations

import json
import re
import time
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from config import Authority, Config
from reader import news
from reader.names import index

NOT_NAMED = 2  # authorities a page does not name, asked about too


@dataclass(frozen=True)
class Page:
    id: str
    url: str
    title: str
    text: str
    relevant: frozenset[str]
    kinds: dict[str, str]  # each relevant authority's type
    published: date | None = None  # as the listing gives it


@dataclass(frozen=True)
class Miss:
    page: str
    authority: str
    what: str  # "not kept", "kept, not relevant", "type X, labelled Y"
    passage: str  # what decided it, or where the page names the authority


@dataclass
class Score:
    true_positive: int = 0
    false_positive: int = 0
    false_negative: int = 0
    typed_right: int = 0
    typed: int = 0
    milliseconds: list[float] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)

    @property
    def precision(self) -> float:
        kept = self.true_positive + self.false_positive
        return self.true_positive / kept if kept else 1.0

    @property
    def recall(self) -> float:
        relevant = self.true_positive + self.false_negative
        return self.true_positive / relevant if relevant else 1.0

    @property
    def type_accuracy(self) -> float:
        return self.typed_right / self.typed if self.typed else 1.0


def sector_authorities() -> list[Authority]:
    """Every English authority with its press forms, as the product watches the sector."""
    return Config.model_validate({"ofsted": {"sector": True}}).news_authorities


def pages(path: Path) -> list[Page]:
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        truth = row["truth"]
        relevant = frozenset(truth["relevant_las"])
        kinds = {name: (truth.get("la_types") or {}).get(name, truth["type"]) for name in relevant}
        # Dated as the product dates a story its listing leaves undated: by its address
        # or its dateline.
        published = news.story_date(row["url"], row["text"])
        found.append(Page(row["id"], row["url"], row["title"], row["text"], relevant, kinds, published))
    return found


def asked(page: Page, authorities: Sequence[Authority]) -> list[Authority]:
    """The authorities a page is asked about: those it names in any form and case (as a
    word of an organisation's name too: "Kent Police" names Kent), those labelled, and
    two others picked from its id."""
    whole = f"{page.title}\n{page.text}"
    named = {authorities[m.authority].name for m in index(authorities).mentions(whole, any_case=True)}
    named |= {
        a.name for a in authorities if any(re.search(rf"\b{re.escape(n)}\b", whole, re.I) for n in a.names)
    }
    chosen = named | page.relevant
    others = [a for a in authorities if a.name not in chosen]
    seed = zlib.crc32(page.id.encode())
    picked = {others[(seed // 7**turn) % len(others)].name for turn in range(NOT_NAMED)}
    return [a for a in authorities if a.name in chosen | picked]


def score(labelled: Sequence[Page], authorities: Sequence[Authority]) -> Score:
    result = Score()
    for page in labelled:
        started = time.perf_counter()
        reports = {
            r.authority.name: r
            for r in news.reports(page.title, page.text, authorities, page.url, page.published)
        }
        result.milliseconds.append((time.perf_counter() - started) * 1000)
        for authority in asked(page, authorities):
            _pair(result, page, authority, reports.get(authority.name))
        if page.relevant:
            result.typed += 1
            found = [name for name in page.relevant if name in reports]
            right = [name for name in found if reports[name].kind == page.kinds[name]]
            result.typed_right += bool(found) and len(right) == len(found)
            for name in set(found) - set(right):
                what = f"type {reports[name].kind}, labelled {page.kinds[name]}"
                result.misses.append(Miss(page.id, name, what, reports[name].passage))
    return result


def _pair(result: Score, page: Page, authority: Authority, report: news.Report | None) -> None:
    relevant = authority.name in page.relevant
    if report and relevant:
        result.true_positive += 1
    elif report:
        result.false_positive += 1
        result.misses.append(Miss(page.id, authority.name, "kept, not relevant", report.passage))
    elif relevant:
        result.false_negative += 1
        where = news.first_named(page.title, page.text, authority) or "(the page never names it)"
        result.misses.append(Miss(page.id, authority.name, "not kept", where))
