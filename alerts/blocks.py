"""Slack messages in Block Kit, with a plain-text fallback, kept inert and within limits.

Every scraped string is escaped (`&`, `<`, `>`), so `<!channel>` or `<url|label>` in a
title arrive as text. Links are built here, only to https URLs or the configured hosts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from alerts import journey as journeys
from alerts.message import (
    SUMMARY_POINTS,
    change_note,
    fields,
    heading,
    notification,
    on_request,
    plain_text,
    shown_url,
    unread_reason,
)
from config import Origin
from storage.models import Alert, NewsItem, Publication
from vocabulary import AlertKind, PublicationType, counted
from wording import OVERALL, day, headline_rest, judgements, rank, safe_url, verdict

# Slack's limits (see the Block Kit reference), with a margin under the total that has
# been seen to fail with msg_blocks_too_long.
MAX_BLOCKS = 50
MAX_HEADER = 150
MAX_SECTION = 3000
MAX_FIELD = 2000
MAX_FIELDS = 10
MAX_TEXT = 300
MAX_TOTAL = 11000
DIGEST_LINES = 40
MAX_PASSAGE = 300  # of a news story's deciding passage
ALERT_EVENT = "ofsted_watch_alert"
DIGEST_EVENT = "ofsted_watch_digest"


@dataclass
class Post:
    """One chat.postMessage payload, less the channel and thread, and its console form."""

    text: str
    blocks: list[dict] = field(default_factory=list)
    metadata: dict | None = None
    label: str = "message"  # e.g. "alert 12", for people reading a console
    plain: str = ""  # the whole message as plain text, for the console


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def link(url: str | None, label: str, origins: frozenset[Origin]) -> str:
    target = safe_url(url, origins)
    return f"<{target}|{escape(label)}>" if target else escape(label)


def _mrkdwn(text: str) -> dict:
    return {"type": "mrkdwn", "text": clip(text, MAX_SECTION), "verbatim": True}


def _section(text: str) -> dict:
    return {"type": "section", "text": _mrkdwn(text)}


def _buttons(publication: Publication, origins: frozenset[Origin]) -> dict | None:
    elements = []
    for label, url in (("Open the document", publication.url), ("Source page", publication.page_url)):
        if target := safe_url(url, origins):
            elements.append({"type": "button", "text": {"type": "plain_text", "text": label}, "url": target})
    return {"type": "actions", "elements": elements} if elements else None


# A grade's mark in the judgement table, so the weakest stands out at a glance.
_GRADE_MARKS = {
    0: ":red_circle:",
    1: ":large_orange_circle:",
    2: ":large_green_circle:",
    3: ":large_green_circle:",
}


def _judgement_table(publication: Publication) -> str | None:
    rows = judgements(publication.facts or {})
    if not rows or PublicationType.of(publication.type) is not PublicationType.ILACS:
        return None
    lines = []
    # The overall grade is the verdict line's already: the table gives the rest.
    for row in [r for r in rows if r.name != OVERALL] or rows:
        graded = rank(row.grade)
        mark = _GRADE_MARKS[graded] if graded is not None else ":white_circle:"
        grade = f"*{escape(row.grade)}*" if row.weakest else escape(row.grade)
        lines.append(f"{mark} {escape(row.name)}: {grade}")
    return "*Judgements*\n" + "\n".join(lines)


def alert_post(
    alert: Alert,
    publication: Publication,
    earlier: list[Publication],
    origins: frozenset[Origin],
    compared: str | None = None,
    texts: Mapping[str, str] | None = None,
    *,
    peer: bool = False,
) -> Post:
    """The whole alert: verdict first, then the journey, what changed since the last
    letter, the facts, judgements and summary.

    `earlier` is the same authority's earlier publications, newest first; `compared`,
    how its region stands beside it (see message.comparison), or for a `peer`'s, how the
    home authority stands (message.standing); `texts`, the documents' texts by
    publication id, for the comparison with the last letter.
    """
    title = heading(publication, alert, peer=peer)
    summary = publication.summary or {}
    blocks: list[dict] = [
        {"type": "header", "text": {"type": "plain_text", "text": clip(escape(title), MAX_HEADER)}},
    ]
    if line := verdict(publication):
        blocks.append(_section(f"*{escape(line)}*"))
    journey = journeys.of(publication, earlier)
    if way := journeys.under(line, journeys.line(journey)):
        blocks.append({"type": "context", "elements": [_mrkdwn(escape(way))]})
    if since := journeys.since_last(journey, texts or {}):
        blocks += as_sections([f"*{escape(since[0])}*", *(f"• {escape(said)}" for said in since[1])])
    if compared:
        blocks.append({"type": "context", "elements": [_mrkdwn(escape(compared))]})
    if safe_url(publication.url, origins) is None:  # else the header and the button say it
        blocks.append(_section(escape(publication.title)))
    facts = [_mrkdwn(clip(f"*{label}*\n{escape(value)}", MAX_FIELD)) for label, value in fields(publication)][
        :MAX_FIELDS
    ]
    blocks.append({"type": "section", "fields": facts})
    if table := _judgement_table(publication):
        blocks.append(_section(table))
    if rest := headline_rest(publication):
        blocks.append(_section(f"*Headline*\n{escape(rest)}"))
    for title, key, _ in SUMMARY_POINTS:
        if summary.get(key):
            # Up to five long concerns may need more than one section: none is cut short.
            blocks += as_sections([f"*{title}*", *(f"• {escape(point)}" for point in summary[key])])
    if summary.get("overview"):
        blocks.append(_section(f"*Overview*\n{escape(summary['overview'])}"))
    if reason := unread_reason(publication):
        blocks.append({"type": "context", "elements": [_mrkdwn(f"Summary unavailable: {escape(reason)}")]})
    if buttons := _buttons(publication, origins):
        blocks.append(buttons)
    blocks = _within_total(blocks)
    return Post(
        text=clip(escape(notification(publication, alert, peer=peer)), MAX_TEXT),
        blocks=blocks[:MAX_BLOCKS],
        metadata={
            "event_type": ALERT_EVENT,
            "event_payload": {"publication_id": publication.id, "alert_id": alert.id},
        },
        label=f"alert {alert.id}",
        plain=plain_text(alert, publication, origins, way, since, peer=peer),
    )


def change_post(alert: Alert, publication: Publication) -> Post:
    """The threaded reply to an edited alert, saying exactly what changed."""
    note = f"Updated: {change_note(alert)}"
    return Post(
        text=clip(escape(note), MAX_TEXT),
        blocks=[_section(f":pencil2: {escape(note)}")],
        metadata={
            "event_type": ALERT_EVENT,
            "event_payload": {"publication_id": publication.id, "alert_id": alert.id},
        },
        label=f"update {alert.id}",
        plain=f"{heading(publication, alert)}: {change_note(alert)}",
    )


def news_post(
    alert: Alert, item: NewsItem, letter: Publication | None, origins: frozenset[Origin], *, threaded: bool
) -> Post:
    """Sector news: threaded under its letter's alert, or standalone naming the letter."""
    published = day(item.published) if item.published else "undated"
    source = item.source.removeprefix("news:")
    blocks: list[dict] = []
    if not threaded:
        blocks.append(
            {
                "type": "header",
                "text": {
                    "type": "plain_text",
                    "text": clip(escape(f"Sector news: {item.authority}"), MAX_HEADER),
                },
            }
        )
    blocks.append(_section(f"*{link(item.url, item.title, origins)}*\n{escape(source)} · {published}"))
    if item.summary:
        blocks.append(_section(escape(item.summary)))
    if why := why_here(item):
        blocks.append({"type": "context", "elements": [_mrkdwn(escape(why))]})
    if letter and not threaded:
        blocks.append(
            {
                "type": "context",
                "elements": [
                    _mrkdwn(
                        f"Reports on: {link(letter.url, letter.title, origins)} "
                        f"({day(letter.published) if letter.published else 'undated'})"
                    )
                ],
            }
        )
    prefix = "Sector news" if not threaded else "In the news"
    plain = "\n".join(
        filter(
            None,
            [
                f"{prefix}: {item.authority}: {item.title}",
                f"{source}, {published}",
                item.summary,
                why_here(item),
                f"Link: {item.url}",
                f"Reports on: {letter.title} ({letter.url})" if letter else None,
            ],
        )
    )
    return Post(
        text=clip(escape(f"{prefix}: {item.title}"), MAX_TEXT),
        blocks=_within_total(blocks),
        metadata={"event_type": ALERT_EVENT, "event_payload": {"news_id": item.id, "alert_id": alert.id}},
        label=f"news {alert.id}",
        plain=plain,
    )


def why_here(item: NewsItem) -> str | None:
    """Why the story was taken to report on its authority: the passage that decided it,
    and the kind of publication it was read as, so that a wrong match shows."""
    if not item.passage:
        return None
    kind = f" (read as {item.authority}’s {PublicationType.of(item.kind).label.lower()})" if item.kind else ""
    return f"Why it is here{kind}: “{clip(' '.join(item.passage.split()), MAX_PASSAGE)}”"


def ops_post(alert: Alert) -> Post:
    """A message to ops about the service itself, such as a source that broke."""
    body = alert.body or ""
    # A recovery is good news and looks it; a problem carries the warning sign.
    sign = ":white_check_mark:" if alert.kind == AlertKind.RECOVERED else ":warning:"
    return Post(
        text=clip(f"ofsted-watch: {escape(body)}", MAX_TEXT),
        blocks=[_section(f"{sign} *ofsted-watch*\n{escape(body)}")],
        metadata={"event_type": ALERT_EVENT, "event_payload": {"alert_id": alert.id}},
        label=f"ops {alert.id}",
        plain=f"ofsted-watch ops: {body}",
    )


def _within_total(blocks: list[dict]) -> list[dict]:
    """Shorten the longest sections until the whole message is safely under Slack's total."""
    while len(json.dumps(blocks, ensure_ascii=False)) > MAX_TOTAL:
        sections = [b for b in blocks if b["type"] == "section" and "text" in b]
        longest = max(sections, key=lambda b: len(b["text"]["text"]))
        text = longest["text"]["text"]
        longest["text"]["text"] = clip(text, max(200, len(text) * 2 // 3))
        if len(text) <= 200:
            break
    return blocks


def as_sections(lines: list[str]) -> list[dict]:
    """As many sections as the lines need, each under the section limit."""
    sections: list[dict] = []
    chunk: list[str] = []
    for line in lines:
        if chunk and len("\n".join([*chunk, line])) > MAX_SECTION:
            sections.append(_section("\n".join(chunk)))
            chunk = []
        chunk.append(line)
    if chunk:
        sections.append(_section("\n".join(chunk)))
    return sections


# The sector digest's order: full inspections first, then letters, then the rest.
SECTOR_ORDER = (
    PublicationType.ILACS,
    PublicationType.AREA_SEND,
    PublicationType.MONITORING_VISIT,
    PublicationType.FOCUSED_VISIT,
    PublicationType.JTAI,
    PublicationType.OTHER,
)


def sector_digest_post(
    digest_id: int, items: list[tuple[Alert, Publication]], origins: frozenset[Origin]
) -> Post:
    """Other authorities' new publications in one message, grouped by type, each with its
    verdict line and link."""
    lines: list[str] = []
    shown = 0
    for kind in SECTOR_ORDER:
        group = sorted((p for _, p in items if PublicationType.of(p.type) is kind), key=lambda p: p.authority)
        if not group or shown >= DIGEST_LINES:
            continue
        lines.append(f"*{escape(kind.label)}s*")
        for publication in group[: DIGEST_LINES - shown]:
            published = day(publication.published) if publication.published else "undated"
            said = verdict(publication)
            document = link(publication.url, publication.title, origins)
            line = f"• {escape(publication.authority)}: {document} ({published})"
            lines.append(line + (f": {escape(said)}" if said else ""))
            shown += 1
    if len(items) > shown:
        lines.append(f"…and {len(items) - shown} more.")
    earlier = [(a, p) for a, p in items if a.on_request]
    fresh = len(items) - len(earlier)
    title = "Sector: " + " and ".join(
        ([counted(fresh, "new Ofsted publication", "new Ofsted publications")] if fresh else [])
        + ([on_request(earlier)] if earlier else [])
    )
    blocks: list[dict] = [{"type": "header", "text": {"type": "plain_text", "text": title}}]
    plain = _plain_list(title, items, origins)
    return Post(
        text=title,
        blocks=_within_total(blocks + as_sections(lines))[:MAX_BLOCKS],
        metadata={"event_type": DIGEST_EVENT, "event_payload": {"digest_id": digest_id}},
        label=f"sector digest {digest_id}",
        plain=plain,
    )


def _plain_list(title: str, items: list[tuple[Alert, Publication]], origins: frozenset[Origin]) -> str:
    """A digest as plain text, for the console: its title, then a line a publication."""
    return "\n".join(
        [title] + [f"- {p.authority}: {p.title} ({shown_url(p.url, origins)})" for _, p in items]
    )


def digest_post(digest_id: int, items: list[tuple[Alert, Publication]], origins: frozenset[Origin]) -> Post:
    """One message listing a burst of publications, inspections first, then by authority,
    each with its link and verdict line."""
    lines = []
    ordered = sorted(
        (p for _, p in items),
        key=lambda p: (SECTOR_ORDER.index(PublicationType.of(p.type)), p.authority),
    )
    for publication in ordered[:DIGEST_LINES]:
        label = PublicationType.of(publication.type).label
        published = day(publication.published) if publication.published else "undated"
        said = verdict(publication)
        lines.append(
            f"• {escape(publication.authority)}: "
            f"{link(publication.url, publication.title, origins)} "
            f"({escape(label)}, {published})" + (f": {escape(said)}" if said else "")
        )
    if len(items) > DIGEST_LINES:
        lines.append(f"…and {len(items) - DIGEST_LINES} more, in the thread.")
    requested = all(a.on_request for a, _ in items)
    title = on_request(items) if requested else f"{len(items)} new Ofsted publications"
    blocks: list[dict] = [{"type": "header", "text": {"type": "plain_text", "text": title}}]
    blocks += as_sections(lines)
    blocks.append({"type": "context", "elements": [_mrkdwn("Each is posted in full in this thread.")]})
    plain = _plain_list(title, items, origins)
    return Post(
        text=f"{title}; details in the thread",
        blocks=_within_total(blocks)[:MAX_BLOCKS],
        metadata={"event_type": DIGEST_EVENT, "event_payload": {"digest_id": digest_id}},
        label=f"digest {digest_id}",
        plain=plain,
    )


def sent_again(post: Post, first: Alert) -> Post:
    """A publication's alert sent again on request, pointing back to its first message,
    whose thread keeps everything that follows about it."""
    when = f"{first.delivered_at.day} {first.delivered_at:%B %Y}" if first.delivered_at else "earlier"
    linkable = first.permalink and not set("<>| ") & set(first.permalink)
    first_post = f"<{first.permalink}|its first post>" if linkable else "its first post"
    note = f"Sent again on request. Updates and news about it stay in the thread of {first_post} ({when})."
    blocks = [*post.blocks, {"type": "context", "elements": [_mrkdwn(note)]}]
    return replace(post, blocks=_within_total(blocks)[:MAX_BLOCKS])


def posted_late(post: Post, found_at: datetime, reason: str, now: datetime) -> Post:
    """An alert held by a delivery outage says so under its header, and when it was found:
    "Found at 15:46 UTC; posted late: Slack could not be reached"."""
    when = (
        f"{found_at:%H:%M} UTC"
        if found_at.date() == now.date()
        else f"{found_at.day} {found_at:%B %H:%M} UTC"
    )
    note = f"Found at {when}; posted late: Slack {reason}"
    blocks = [*post.blocks[:1], {"type": "context", "elements": [_mrkdwn(escape(note))]}, *post.blocks[1:]]
    return replace(post, blocks=_within_total(blocks)[:MAX_BLOCKS], plain=f"{post.plain}\n{note}")
