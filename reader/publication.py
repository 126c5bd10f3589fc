"""Reading one publication's document into facts and a summary."""

from __future__ import annotations

from reader.document import check_content, check_pdf
from reader.facts import extract
from reader.summary import summarise
from reader.text import read_text


def read_pdf(status: int, content_type: str, body: bytes, declared_length: int | None) -> dict:
    """{"facts", "summary", "text"}; raises ReadError with a reason people can act on."""
    check_pdf(status, content_type, body, declared_length)
    check_content(body)
    text = read_text(body)
    return {"facts": extract(text), "summary": summarise(text), "text": text}
