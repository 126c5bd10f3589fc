"""A PDF's text, extracted with pypdfium2 and cleaned for reading.

Cleaning: NFKC; hyphens at line ends kept as compound words; Word's bullet glyphs
and a list's leading dashes turned into "•"; Ofsted's letterhead (address and phone numbers printed mid-page),
running headers, footers and page numbers dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from reader.neutral import neutral

BULLET = "•"
# pdfium marks a hyphen at a line end (it removes the line break) with U+FFFE.
_PDFIUM_HYPHEN = "\ufffe"
_BULLETS = re.compile(
    r"^[\s\uf000-\uf8ff\ue000-\uefff◼▪■●•◦‣∙·o§Ø]\s+|^[\uf000-\uf8ff\ue000-\uefff◼▪■●•◦‣∙]\s*"
)
_LINE_END_HYPHEN = re.compile(r"(\w)-\n\s*(\w)")
# A list printed with dashes: "- The clarity of plans" (never a date range's "– 25 June").
_DASH_BULLET = re.compile(r"^[-–]\s+(?=[A-Z])")
# Ofsted's letterhead: addresses, phone numbers and emails, alone or several on a line
# ("Manchester M1 2WD", "E: enquiries@ofsted.gov.uk").
_LETTERHEAD_PART = re.compile(
    r"\b(?:Ofsted|Piccadilly Gate|Store Street|Manchester|M1 2WD|Agora|6 Cumberland Place|"
    r"Nottingham|NG1 6HJ|Aviation House|125 Kingsway|London|WC2B 6SE)\b|"
    r"\b(?:T|F|E|Textphone|Direct T|Direct F|Tel|Fax|Email)\s*:?\s*(?:[\d ]{8,}|[\w.]+@ofsted\.gov\.uk)|"
    r"[\w.]+@ofsted\.gov\.uk|www\.(?:gov\.uk/ofsted|ofsted\.gov\.uk)",
    re.IGNORECASE,
)


def _is_letterhead(line: str) -> bool:
    """A line made only of the letterhead's parts (it starts with one: a cheap test first)."""
    return bool(_LETTERHEAD_PART.match(line)) and not _LETTERHEAD_PART.sub("", line).strip(" ,.")


_PAGE_NUMBER = re.compile(r"^(page\s+)?\d{1,3}(\s+of\s+\d{1,3})?$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
# Lines this close to a page's top or bottom may be running headers or footers.
_EDGE = 3


# Limits no real report comes near (the longest, a 2015 single inspection, has about
# 150,000 characters on 60 pages): past them a document is refused, not read for minutes.
MAX_TEXT_CHARS = 2_000_000
MAX_PAGES = 1_500
# A real page holds a few hundred objects (text runs, lines, images); pdfium's text page
# costs time and memory by what the page holds, so a page past this is refused before it.
MAX_PAGE_OBJECTS = 20_000


class ReadError(Exception):
    """The document could not be read; the message says why, for people."""


def extract_pages(data: bytes) -> list[str]:
    """The raw text of each page. Fails loudly on truncated, encrypted or non-PDF data."""
    # Imported here: the crawl imports this module for the summary's bullet mark (through
    # the news reader), and pdfium is only for the reading workers, which preload it.
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        reason = str(exc).lower()
        if "password" in reason:
            raise ReadError("the document is password-protected, so it cannot be read") from None
        raise ReadError(f"the document is damaged and cannot be opened ({exc})") from None
    try:
        if len(document) > MAX_PAGES:
            raise ReadError(
                f"the document has {len(document):,} pages, more than any report, so it is not read"
            )
        pages, read = [], 0
        for index in range(len(document)):
            page = document[index]
            if (objects := pdfium_c.FPDFPage_CountObjects(page.raw)) > MAX_PAGE_OBJECTS:
                raise ReadError(
                    f"page {index + 1} of the document holds {objects:,} objects, far more than any "
                    "report's, so it is not read"
                )
            textpage = page.get_textpage()
            pages.append(textpage.get_text_range())
            textpage.close()
            page.close()
            read += len(pages[-1])
            if read > MAX_TEXT_CHARS:
                raise ReadError(
                    f"the document has far more text than any report (over {MAX_TEXT_CHARS:,} "
                    "characters), so it is not read"
                )
        return pages
    finally:
        document.close()


def _normalise(page: str) -> list[str]:
    page = neutral(unicodedata.normalize("NFKC", page.replace("\r\n", "\n").replace("\r", "\n")))
    page = page.replace(_PDFIUM_HYPHEN, "-")
    page = _LINE_END_HYPHEN.sub(r"\1-\2", page)
    lines = []
    for line in page.split("\n"):
        line = line.strip()
        if _BULLETS.match(line):
            line = f"{BULLET} {_BULLETS.sub('', line, count=1).strip()}"
        elif line[:1] in "-–" and _DASH_BULLET.match(line):
            line = f"{BULLET} {_DASH_BULLET.sub('', line, count=1)}"
        lines.append(" ".join(line.split()))
    return lines


def _running_lines(pages: list[list[str]]) -> set[str]:
    """Lines that recur at the top or bottom of many pages, digits ignored."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines in pages:
        content = [line for line in lines if line]
        counts.update({_DIGITS.sub("#", line) for line in content[:_EDGE] + content[-_EDGE:]})
    threshold = max(2, len(pages) // 2)
    return {shape for shape, n in counts.items() if n >= threshold}


def clean_pages(raw_pages: list[str]) -> list[str]:
    """Cleaned text of each page, one line per printed line."""
    pages = [_normalise(p) for p in raw_pages]
    running = _running_lines(pages)
    cleaned = []
    for lines in pages:
        kept = [
            line
            for line in lines
            if line
            and not _is_letterhead(line)
            and not _PAGE_NUMBER.match(line)
            and _DIGITS.sub("#", line) not in running
        ]
        cleaned.append("\n".join(kept))
    return cleaned


def read_text(data: bytes) -> str:
    """The document's cleaned text, pages separated by blank lines."""
    text = "\n\n".join(clean_pages(extract_pages(data))).strip()
    if not text:
        raise ReadError("the document has no text to read (it may be a scanned image)")
    return text
