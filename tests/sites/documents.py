"""PDFs the tests generate: realistic letters and reports, broken files, and rendered text."""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from fpdf import FPDF

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LETTERHEAD = [
    "Ofsted",
    "Piccadilly Gate",
    "Store Street",
    "Manchester",
    "M1 2WD",
    "T 0300 123 1231",
    "Textphone 0161 618 8524",
    "enquiries@ofsted.gov.uk",
    "www.gov.uk/ofsted",
]


def render(text: str, *, letterhead: bool = True, encrypt_with: str | None = None) -> bytes:
    """A PDF of this text, one paragraph per line, with Ofsted's letterhead on page one."""
    pdf = FPDF(format="A4")
    text = _set_font(pdf)(text)
    if encrypt_with:
        pdf.set_encryption(owner_password="owner", user_password=encrypt_with)
    pdf.add_page()
    for line in text.split("\n"):
        pdf.multi_cell(0, 6, line if line.strip() else " ", new_x="LMARGIN", new_y="NEXT")
    if letterhead:
        pdf.set_y(-70)
        for line in LETTERHEAD:
            pdf.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT")
    out = io.BytesIO()
    pdf.output(out)
    return out.getvalue()


def _set_font(pdf: FPDF) -> Callable[[str], str]:
    """Sets the body font; returns what makes a text printable in it."""
    if FONT.exists():
        pdf.add_font("body", "", str(FONT))
        pdf.set_font("body", size=11)
        return str
    pdf.set_font("helvetica", size=11)  # the core font covers Latin-1 only
    return lambda text: text.replace("’", "'").replace("‘", "'").replace("◼", "-").replace("–", "-")


def render_pages(pages: list[list[str | tuple[str, str]]], running: str) -> bytes:
    """A PDF of these pages, each under a running header and over a page number, as a long
    report prints them. A line given as two strings is a row of a two-column table."""
    pdf = FPDF(format="A4")
    printable = _set_font(pdf)
    pdf.set_auto_page_break(False)
    for number, lines in enumerate(pages, 1):
        pdf.add_page()
        pdf.cell(0, 6, running, new_x="LMARGIN", new_y="NEXT")
        for line in lines:
            if isinstance(line, tuple):
                pdf.cell(90, 6, printable(line[0]))
                pdf.cell(0, 6, printable(line[1]), new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.multi_cell(0, 6, printable(line), new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(-20)
        pdf.cell(0, 6, str(number), align="R")
    out = io.BytesIO()
    pdf.output(out)
    return out.getvalue()


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def letter_text(kind: str, authority: str, published: date, visited: date) -> str:
    """A realistic letter or report of the given type about one authority."""
    end = visited + timedelta(days=1)
    dates = (
        f"{visited.day} and {_long(end)}"
        if visited.month == end.month
        else f"{_long(visited)} and {_long(end)}"
    )
    if kind == "ilacs":
        finish = visited + timedelta(days=11)
        return "\n".join(
            [
                f"Inspection of {authority} local authority children’s services",
                f"Inspection dates: {visited.day} to {_long(finish)}"
                if visited.month == finish.month
                else f"Inspection dates: {_long(visited)} to {_long(finish)}",
                "Lead inspector: Rowan Ashdown, His Majesty’s Inspector",
                "Judgement Grade",
                "The impact of leaders on social work practice with children and families Good",
                "The experiences and progress of children who need help and protection Requires improvement to be good",
                "The experiences and progress of children in care Good",
                "The experiences and progress of care leavers Good",
                "Overall effectiveness Good",
                f"Since the last inspection, leaders in {authority} have improved services for children in care and care leavers. "
                "Not all children who need help and protection receive a consistently effective service.",
                "What needs to improve?",
                "◼ The timeliness of strategy meetings for children at risk of significant harm.",
                "◼ The consistency of management oversight in the assessment service.",
                "Main findings",
                "Children in care are supported by skilled and committed social workers who know them well. "
                "Care leavers benefit from strong relationships with their personal advisers. "
                "However, some children experience delay when risks escalate, and plans are not always specific enough.",
            ]
        )
    title = {"monitoring-visit": "Monitoring visit", "focused-visit": "Focused visit"}.get(kind, "Visit")
    return "\n".join(
        [
            _long(published),
            "Director of Children’s Services",
            f"London Borough of {authority}",
            "Dear Director",
            f"{title} to {authority} local authority children’s services",
            f"This letter summarises the findings of the {title.lower()} to {authority} local authority "
            f"children’s services on {dates}. His Majesty’s Inspectors for this visit were "
            "Rowan Ashdown and Priya Castell.",
            "Headline findings",
            "Leaders have strengthened the front door, and most children receive a timely and effective response. "
            "Some children experience delay when their needs escalate.",
            "What needs to improve in this area of social work practice",
            "◼ The timeliness of strategy meetings for children at risk of harm.",
            "◼ The quality of written plans for children in need.",
            "Main findings",
            "Social workers are skilled and committed, and they know their children well. "
            "Managers provide clear and effective direction in most cases. "
            "However, management oversight is not consistently recorded, and some plans are not specific enough.",
            "Ofsted will take the findings from this visit into account when planning your next inspection or visit.",
            "Yours sincerely",
            "Rowan Ashdown",
            "His Majesty’s Inspector",
        ]
    )


def truncated(pdf: bytes) -> bytes:
    return pdf[: len(pdf) // 2]


def wall_of_text(chars: int, pages: int, *, compressed: bool = False) -> bytes:
    """A valid PDF carrying `chars` characters of text over `pages` pages, written by hand
    (a generator would take minutes): a poison document, far beyond any real report.
    `compressed`: its pages' content Flate-compressed, so that a small file holds it all."""
    line = ("Croydon " * 9)[:70]
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>"
        % (" ".join(f"{4 + 2 * i} 0 R" for i in range(pages)).encode(), pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for index in range(pages):
        shown = "".join(f"({line}) Tj T* " for _ in range(chars // pages // len(line)))
        stream = f"BT /F1 2 Tf 2 TL 10 800 Td {shown} ET".encode()
        stream = zlib.compress(stream) if compressed else stream
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (5 + 2 * index)
        )
        filters = b" /Filter /FlateDecode" if compressed else b""
        objects.append(b"<< /Length %d%s >>\nstream\n%s\nendstream" % (len(stream), filters, stream))
    body, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, content in enumerate(objects, 1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(body)
