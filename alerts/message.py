"""What an alert says, as plain text."""

from __future__ import annotations

from storage.models import Alert, Publication

TYPE_LABELS = {
    "monitoring-visit": "Monitoring visit letter",
    "focused-visit": "Focused visit letter",
    "ilacs": "Inspection report",
    "jtai": "Joint targeted area inspection letter",
    "area-send": "Area SEND inspection report",
    "other": "Ofsted publication",
}


def headline(publication: Publication, alert: Alert) -> str:
    label = TYPE_LABELS.get(publication.type, TYPE_LABELS["other"])
    prefix = "Updated: " if alert.kind == "changed" else ""
    return f"{prefix}{label}: {publication.authority}"


def plain_text(alert: Alert, publication: Publication) -> str:
    published = publication.published.isoformat() if publication.published else "date not given"
    lines = [
        headline(publication, alert),
        f"{publication.title} (published {published})",
        f"Document: {publication.url}",
        f"Listed on: {publication.page_url}",
    ]
    return "\n".join(lines)
