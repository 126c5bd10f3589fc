"""A PDF's text, extracted with pypdfium2 and cleaned for reading.

Cleaning: NFKC; hyphens at line ends kept as compound words; Word's bullet glyphs
and a list's leading dashes turned into "•"; Ofsted's letterhead (address and phone numbers printed mid-page),
running headers, footers and page numbers dropped.
"""

from __future__ import annotations

import codecs
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
# What a bullet line may start with, besides the private-use glyphs (U+E000 to U+F8FF).
_BULLET_MARKS = frozenset("◼▪■●•◦‣∙·o§Ø")
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
_PAGE_NUMBER_MARKS = frozenset("0123456789pP")
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
            pages.append(_page_text(document.raw, index))
            read += len(pages[-1])
            if read > MAX_TEXT_CHARS:
                raise ReadError(
                    f"the document has far more text than any report (over {MAX_TEXT_CHARS:,} "
                    "characters), so it is not read"
                )
        return pages
    finally:
        document.close()


def _page_text(document: object, index: int) -> str:
    """One page's text, through pdfium's own calls: pypdfium2's page and text page objects
    (their finalizers, parents and kids) cost about a millisecond a document."""
    import pypdfium2.raw as pdfium_c

    page = pdfium_c.FPDF_LoadPage(document, index)
    if not page:
        raise ReadError(f"page {index + 1} of the document is damaged and cannot be read")
    try:
        if (objects := pdfium_c.FPDFPage_CountObjects(page)) > MAX_PAGE_OBJECTS:
            raise ReadError(
                f"page {index + 1} of the document holds {objects:,} objects, far more than any "
                "report's, so it is not read"
            )
        textpage = pdfium_c.FPDFText_LoadPage(page)
        if not textpage:
            raise ReadError(f"page {index + 1} of the document is damaged and cannot be read")
        try:
            return _all_text(textpage)
        finally:
            pdfium_c.FPDFText_ClosePage(textpage)
    finally:
        pdfium_c.FPDF_ClosePage(page)


def _all_text(textpage: object) -> str:
    """A text page's text, as pypdfium2's PdfTextPage.get_text_range() gives it: characters
    pdfium leaves out of its text at either end are left out of the range asked for, or
    pdfium reads past it (pypdfium2 issue 261, pdfium bug 2079)."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    first, last = 0, pdfium_c.FPDFText_CountChars(textpage) - 1
    while first <= last and pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, first) == -1:
        first += 1
    while first <= last and pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, last) == -1:
        last -= 1
    if first > last:
        return ""
    size = (
        pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, last)
        - pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, first)
        + 2  # and the terminating NUL
    )
    buffer = (ctypes.c_ushort * size)()
    written = pdfium_c.FPDFText_GetText(textpage, first, last - first + 1, buffer)
    return codecs.decode(memoryview(buffer)[: written - 1], "utf-16-le", "ignore")


def _normalise(page: str) -> list[str]:
    page = neutral(unicodedata.normalize("NFKC", page.replace("\r\n", "\n").replace("\r", "\n")))
    page = page.replace(_PDFIUM_HYPHEN, "-")
    if "-\n" in page:
        page = _LINE_END_HYPHEN.sub(r"\1-\2", page)
    lines = []
    for line in page.split("\n"):
        line = line.strip()
        # Each test is tried only where it can hold, by the line's first character: most
        # lines are prose, and a pattern tried on every line costs more than the page's text.
        mark = line[:1]
        if (mark in _BULLET_MARKS or "\ue000" <= mark <= "\uf8ff") and _BULLETS.match(line):
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
    # A line has a running line's shape only if it starts as that shape does (a shape's
    # "#" stands for digits, or is a "#" printed).
    starts = tuple(start for shape in running if (start := shape.split("#", 1)[0]))
    digit_first = any(shape.startswith("#") for shape in running)
    cleaned = []
    for lines in pages:
        kept = [
            line
            for line in lines
            if line
            and not _is_letterhead(line)
            and not (line[0] in _PAGE_NUMBER_MARKS and _PAGE_NUMBER.match(line))
            and not (
                (line.startswith(starts) or (digit_first and (line[0] == "#" or line[0].isdigit())))
                and _DIGITS.sub("#", line) in running
            )
        ]
        cleaned.append("\n".join(kept))
    return cleaned


def read_text(data: bytes) -> str:
    """The document's cleaned text, pages separated by blank lines."""
    text = "\n\n".join(clean_pages(extract_pages(data))).strip()
    if not text:
        raise ReadError("the document has no text to read (it may be a scanned image)")
    return text
