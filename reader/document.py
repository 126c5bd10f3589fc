"""Checking a downloaded document before it is parsed: a bad download is never read as whole."""

from __future__ import annotations

from reader.text import ReadError

PDF_TYPES = ("application/pdf", "application/x-pdf", "application/octet-stream", "")
# %%EOF may be followed by a newline or a few bytes of padding.
TRAILER_WINDOW = 2048


def check_pdf(status: int, content_type: str, body: bytes, declared_length: int | None) -> None:
    """Raise ReadError saying what is wrong with this download, if anything."""
    if status != 200:
        raise ReadError(f"the document could not be downloaded (the site answered HTTP {status})")
    media = content_type.split(";")[0].strip().lower()
    if not body:
        raise ReadError("the document was empty when downloaded")
    if "html" in media or body.lstrip()[:1] == b"<":
        raise ReadError("the site sent a web page (HTML) instead of the document")
    if media not in PDF_TYPES:
        raise ReadError(f"the site sent something other than a PDF document ({media})")
    if not body.startswith(b"%PDF-"):
        raise ReadError("the file sent is not a PDF document")
    if declared_length is not None and declared_length != len(body):
        raise ReadError(
            "the document could not be downloaded completely "
            f"({len(body):,} of {declared_length:,} bytes arrived)"
        )
    if b"%%EOF" not in body[-TRAILER_WINDOW:]:
        raise ReadError("the document could not be downloaded completely (its end is missing)")
