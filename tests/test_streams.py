"""The poison-document check reads each stream's filters as a PDF reader does: however the
dictionary is written, whatever the stream says it is, whatever wraps the compression."""

from __future__ import annotations

import base64
import zlib

import pytest

from reader.document import MAX_CONTENT_BYTES, check_content
from reader.streams import _lzw, measure
from reader.text import ReadError

# Twenty million characters of page content: far beyond any report.
CONTENT = b"BT /F1 2 Tf (Croydon Croydon Croydon) Tj ET\n" * 450_000


def _pdf(*streams: tuple[bytes, bytes]) -> bytes:
    """A PDF's bytes holding these (dictionary, data) streams, one object each."""
    body = bytearray(b"%PDF-1.7\n")
    for number, (dictionary, data) in enumerate(streams, 1):
        body += b"%d 0 obj\n<< /Length %d %s >>\nstream\n%s\nendstream\nendobj\n" % (
            number,
            len(data),
            dictionary,
            data,
        )
    return bytes(body + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")


@pytest.mark.parametrize(
    ("dictionary", "data"),
    [
        (b"/Filter /FlateDecode", zlib.compress(CONTENT)),
        (b"/Filter /Fl#61teDecode", zlib.compress(CONTENT)),  # a name escape: the same name
        (b"/Filter/FlateDecode" + b" /Padding (" + b"x" * 2_000 + b")", zlib.compress(CONTENT)),
        (b"/Filter [ /FlateDecode ]", zlib.compress(CONTENT)),
        (b"/Filter /FlateDecode /Length1 10 /Subtype /Type1C", zlib.compress(CONTENT)),  # "a font"
        (b"/Filter [/ASCII85Decode /FlateDecode]", base64.a85encode(zlib.compress(CONTENT)) + b"~>"),
        (b"/Filter [/AHx /Fl]", zlib.compress(CONTENT).hex().encode() + b">"),
        (b"/Filter /RunLengthDecode", b"\x81A" * 140_000 + b"\x80"),  # 128 bytes from every 2
    ],
    ids=["flate", "escaped", "long-dictionary", "array", "posing-as-a-font", "ascii85", "hex", "run-length"],
)
def test_content_that_unpacks_past_the_limit_is_refused_however_it_is_written(dictionary, data):
    with pytest.raises(ReadError, match="unpack to more than 16 MB of content"):
        check_content(_pdf((b"/Type /XObject", b"q Q"), (dictionary, data)))


def test_an_image_has_its_own_larger_allowance_and_nothing_stored_counts():
    image = zlib.compress(bytes(MAX_CONTENT_BYTES + 1))
    measured = measure(
        _pdf((b"/Subtype /Image /Filter /FlateDecode", image), (b"", CONTENT)), 1 << 24, 1 << 27
    )
    assert measured.images == MAX_CONTENT_BYTES + 1 and measured.content == 0
    check_content(_pdf((b"/Subtype /Im#61ge /Filter /FlateDecode", image)))


def test_an_endstream_inside_compressed_data_does_not_end_the_count():
    # One zlib stream: a stored block whose bytes hold "endstream", then the content packed.
    prefix = b"endstream\n" * 10
    stored, packed = zlib.compressobj(0, wbits=-15), zlib.compressobj(9, wbits=-15)
    deflated = stored.compress(prefix) + stored.flush(zlib.Z_FULL_FLUSH) + packed.compress(CONTENT)
    data = b"\x78\x9c" + deflated + packed.flush() + zlib.adler32(prefix + CONTENT).to_bytes(4, "big")
    assert zlib.decompress(data) == prefix + CONTENT and b"endstream" in data
    with pytest.raises(ReadError, match="unpack to more than 16 MB"):
        check_content(_pdf((b"/Filter /FlateDecode", data)))


def test_streams_that_never_end_are_refused_before_they_are_read_again_and_again():
    body = _pdf(*[(b"/Filter /ASCIIHexDecode", b"41" * 100)] * 200).replace(b"endstream", b"endstreak")
    with pytest.raises(ReadError, match="far more to read than the file itself"):
        check_content(body)


def test_lzw_unpacks_as_the_pdf_reference_gives_it():
    assert _lzw(bytes.fromhex("800B6050220C0C8501"), 100) == b"-----A---B"
