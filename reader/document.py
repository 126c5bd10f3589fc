"""Checking a downloaded document before it is parsed: a bad download is never read as whole."""

from __future__ import annotations

import re
import zlib

from reader.text import ReadError

PDF_TYPES = ("application/pdf", "application/x-pdf", "application/octet-stream", "")
# %%EOF may be followed by a newline or a few bytes of padding.
TRAILER_WINDOW = 2048
# What a document's compressed page content may unpack to. The longest real report's is
# about 1 MB; a page built to hold 20 million characters unpacks to 20 MB or more, and
# pdfium would spend a minute and gigabytes building its text before any cap is checked.
MAX_CONTENT_BYTES = 16 * 1024 * 1024
_STREAM = re.compile(rb"stream\r?\n")
_FLATE = re.compile(rb"/FlateDecode")
# Streams that are no page content (images, fonts, cross-references, object streams).
_NOT_CONTENT = re.compile(
    rb"/Subtype\s*/Image|/Length[123]\b|/FontFile|/Type\s*/(?:XRef|ObjStm|Metadata|EmbeddedFile)"
    rb"|/Subtype\s*/(?:Type1C|CIDFontType0C|OpenType|XML)"
)


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
    """Raise ReadError when the document's compressed page content unpacks to more than any
    report's, before a parser spends time and memory on it. Each stream is unpacked only
    as far as the limit, and not kept."""
    unpacked, view = 0, memoryview(body)
    for start in _STREAM.finditer(body):
        head = body[max(0, start.start() - 400) : start.start()]
        head = head[head.rfind(b"obj") :]  # this stream's own dictionary
        if not _FLATE.search(head) or _NOT_CONTENT.search(head):
            continue
        try:
            unpacked += len(
                zlib.decompressobj().decompress(view[start.end() :], MAX_CONTENT_BYTES - unpacked + 1)
            )
        except zlib.error:
            continue  # not a stream the parser could read either: it says so
        if unpacked > MAX_CONTENT_BYTES:
            raise ReadError(
                f"the document's pages unpack to more than {MAX_CONTENT_BYTES // 2**20} MB of content, "
                "far more than any report, so it is not read"
            )
