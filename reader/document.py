"""Checking a downloaded document before it is parsed: a bad download is never read as whole."""

from __future__ import annotations

from reader.text import ReadError

PDF_TYPES = ("application/pdf", "application/x-pdf", "application/octet-stream", "")
# %%EOF may be followed by a newline or a few bytes of padding.
TRAILER_WINDOW = 2048


def check_pdf(status: int, content_type: str, body: bytes, declared_length: int | None) -> None:
    """Raise ReadError saying what is wrong with this download, if anything."""
    if status != 200:
        raise ReadError(f"the document could not be downloaded (HTTP {status})")
    media = content_type.split(";")[0].strip().lower()
    if not body:
        raise ReadError("the document is empty (0 bytes)")
    if "html" in media or body.lstrip()[:1] == b"<":
        raise ReadError("an HTML page was served instead of the PDF")
    if media not in PDF_TYPES:
        raise ReadError(f"unexpected content type {media!r} for a PDF")
    if not body.startswith(b"%PDF-"):
        raise ReadError("the file is not a PDF (it does not start with %PDF-)")
    if declared_length is not None and declared_length != len(body):
        raise ReadError(f"the download is truncated ({len(body)} of {declared_length} bytes)")
    if b"%%EOF" not in body[-TRAILER_WINDOW:]:
        raise ReadError("the PDF is truncated (no %%EOF at its end)")
