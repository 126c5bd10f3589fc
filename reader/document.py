"""Checking a downloaded document before it is parsed: a bad download is never read as whole."""

from __future__ import annotations

from reader import streams
from reader.text import ReadError

PDF_TYPES = ("application/pdf", "application/x-pdf", "application/octet-stream", "")
# %%EOF may be followed by a newline or a few bytes of padding.
TRAILER_WINDOW = 2048
# What a document's compressed streams but images may unpack to. The longest real
# report's content and fonts come to under 3 MB; a page built to hold 20 million characters
# unpacks to 20 MB or more, and pdfium would spend a minute and gigabytes building its text
# before any cap is checked.
MAX_CONTENT_BYTES = 16 * 1024 * 1024
# Images are never decoded to read text: theirs is a far larger allowance (a real report's
# come to under 1 MB), which only bounds the time the check itself takes.
MAX_IMAGE_BYTES = 128 * 1024 * 1024


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


def check_content(body: bytes) -> None:
    """Raise ReadError when the document's compressed streams unpack to more than any
    report's, before a parser spends time and memory on them (see reader.streams)."""
    try:
        unpacked = streams.measure(body, MAX_CONTENT_BYTES, MAX_IMAGE_BYTES)
    except streams.TooMuchToCheck as exc:
        raise ReadError(f"the document is not read: {exc}") from None
    if unpacked.content > MAX_CONTENT_BYTES:
        raise ReadError(
            f"the document's pages unpack to more than {MAX_CONTENT_BYTES // 2**20} MB of content, "
            "far more than any report, so it is not read"
        )
    if unpacked.images > MAX_IMAGE_BYTES:
        raise ReadError(
            f"the document's images unpack to more than {MAX_IMAGE_BYTES // 2**20} MB, "
            "far more than any report's, so it is not read"
        )
