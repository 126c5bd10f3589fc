"""How far a PDF's compressed streams unpack, measured before any parser builds them.

Each stream's filters are read from its own dictionary as a PDF reader reads them: a name
written with escapes (`/Fl#61teDecode`) is the name it spells, and the dictionary is
everything between the object's header and the `stream` keyword, however long. Each
compression is undone as far as a limit and no further, and nothing unpacked is kept.

What a stream says it is cannot lower its count: every compressed stream counts, fonts
and page content alike; only images, which extracting text never decodes, count apart,
against a larger allowance. The input read is bounded too: a document whose streams
would have it read far more than the file's own size is refused.
"""

from __future__ import annotations

import binascii
import re
from base64 import a85decode
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

# zlib-ng reads zlib's format, to the byte, in half zlib's time: every document pays this check.
from zlib_ng import zlib_ng as zlib

_BROKEN = cast(type[Exception], zlib.error)  # its stub calls the class an instance

_STREAM = re.compile(rb"stream\r?\n")
_END = b"endstream"
_HEADER = re.compile(rb"\d+\s+\d+\s+$")  # what stands before `obj` in an object's header
# A dictionary longer than this before its stream is no real document's: the whole span is read.
MAX_DICTIONARY = 65_536
# How many times its own size a document's streams may have read before it is refused.
MAX_READ_RATIO = 4
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()%]+|\d+\s+\d+\s+R)")
_NAME = re.compile(rb"/([^\s/\[\]<>()%]+)")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_SPACE = re.compile(rb"\s+")


class TooMuchToCheck(Exception):
    """The document's streams overlap or never end: far more to read than the file holds."""


def _hex(data: bytes, limit: int) -> bytes:
    digits = _SPACE.sub(b"", data.split(b">", 1)[0])
    try:
        return binascii.unhexlify(digits + b"0" * (len(digits) % 2))[:limit]
    except binascii.Error:
        return b""


def _ascii85(data: bytes, limit: int) -> bytes:
    try:
        return a85decode(data.split(b"~>", 1)[0], ignorechars=b" \t\r\n\f\x00")[:limit]
    except ValueError:
        return b""


def _flate(data: bytes, limit: int) -> bytes:
    try:
        return zlib.decompressobj().decompress(data, limit)
    except _BROKEN:
        return b""  # not a stream the parser could read either: it says so


def _run_length(data: bytes, limit: int) -> bytes:
    out, at = bytearray(), 0
    while at < len(data) and len(out) < limit:
        length = data[at]
        if length == 128:  # the end of the data
            break
        if length < 128:
            out += data[at + 1 : at + 2 + length]
            at += length + 2
        else:
            out += data[at + 1 : at + 2] * (257 - length)
            at += 2
    return bytes(out[:limit])


def _lzw(data: bytes, limit: int) -> bytes:
    """PDF's LZW, with its default early change of the code width."""
    table = [bytes([n]) for n in range(256)] + [b"", b""]  # 256 clears the table, 257 ends
    out, previous, width, buffer, held = bytearray(), b"", 9, 0, 0
    for byte in data:
        buffer, held = (buffer << 8) | byte, held + 8
        while held >= width:
            held -= width
            code, buffer = buffer >> held, buffer & ((1 << held) - 1)
            if code == 256:
                table, previous, width = table[:258], b"", 9
                continue
            if code == 257:
                return bytes(out[:limit])
            if code < len(table):
                entry = table[code]
            elif code == len(table) and previous:
                entry = previous + previous[:1]
            else:
                return bytes(out[:limit])  # a broken stream: the parser would stop too
            out += entry
            if len(out) >= limit:
                return bytes(out[:limit])
            if previous:
                table.append(previous + entry[:1])
            previous = entry
            if len(table) + 1 >= 1 << width and width < 12:
                width += 1
    return bytes(out[:limit])


# Filters that unpack, by their names and the abbreviations readers also accept.
_UNPACK: dict[bytes, Callable[[bytes, int], bytes]] = {
    b"FlateDecode": _flate,
    b"Fl": _flate,
    b"ASCIIHexDecode": _hex,
    b"AHx": _hex,
    b"ASCII85Decode": _ascii85,
    b"A85": _ascii85,
    b"RunLengthDecode": _run_length,
    b"RL": _run_length,
    b"LZWDecode": _lzw,
    b"LZW": _lzw,
}


@dataclass
class Unpacked:
    """What a document's compressed streams unpack to, in bytes, so far."""

    content: int = 0  # every stream but images
    images: int = 0


def _unescaped(dictionary: bytes) -> bytes:
    return _ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), dictionary)


def _filters(dictionary: bytes) -> list[bytes]:
    """The stream's filters, in order; none when it names none."""
    found = _FILTER.search(dictionary)
    if found is None:
        return []
    if found[1].endswith(b"R"):  # held in another object: unpacked as Flate would be
        return [b"FlateDecode"]
    return _NAME.findall(found[1])


def _dictionary(body: bytes, stream_at: int) -> bytes:
    """The dictionary before a `stream` keyword, back to its object's header, unescaped."""
    start = at = max(0, stream_at - MAX_DICTIONARY)
    found = body.rfind(b"obj", start, stream_at)
    while found >= 0:
        if _HEADER.search(body, max(start, found - 24), found):
            at = found + 3
            break
        found = body.rfind(b"obj", start, found)
    return _unescaped(body[at:stream_at])


class _Reading:
    """The document's bytes, read stream by stream within a budget of input."""

    def __init__(self, body: bytes):
        self.body, self.view = body, memoryview(body)
        self.budget = MAX_READ_RATIO * len(body)

    def take(self, start: int, end: int) -> memoryview:
        self.budget -= end - start
        if self.budget < 0:
            raise TooMuchToCheck("its streams hold far more to read than the file itself")
        return self.view[start:end]

    def segment(self, start: int) -> tuple[memoryview, int]:
        """The bytes from `start` to the next `endstream` (included), and where it ends."""
        end = self.body.find(_END, start)
        end = len(self.body) if end < 0 else end + len(_END)
        return self.take(start, end), end

    def flate(self, start: int, limit: int) -> bytes:
        """A Flate stream from `start`: fed to the next `endstream` and on past any
        `endstream` its own data holds, until its end or the limit."""
        inflating, out, at = zlib.decompressobj(), bytearray(), start
        while at < len(self.body) and len(out) < limit and not inflating.eof:
            chunk, at = self.segment(at)
            try:
                out += inflating.decompress(chunk, limit - len(out))
            except _BROKEN:
                break  # not a stream the parser could read either: it says so
        return bytes(out[:limit])


def measure(body: bytes, content_limit: int, image_limit: int) -> Unpacked:
    """How far the document's streams unpack, stopping once either limit is passed.
    TooMuchToCheck when its streams would have far more read than the file holds."""
    reading, unpacked = _Reading(body), Unpacked()
    for stream in _STREAM.finditer(body):
        if body[stream.start() - 3 : stream.start()] == b"end":
            continue  # the end of a stream, not the start of one
        dictionary = _dictionary(body, stream.start())
        filters = _filters(dictionary)
        if not filters or filters[0] not in _UNPACK:
            continue  # stored as it is, or an image codec: nothing unpacks
        image = bool(_IMAGE.search(dictionary))
        allowance = (image_limit - unpacked.images if image else content_limit - unpacked.content) + 1
        if filters[0] in (b"FlateDecode", b"Fl"):
            data = reading.flate(stream.end(), allowance)
        else:
            data = _UNPACK[filters[0]](bytes(reading.segment(stream.end())[0]), allowance)
        for name in filters[1:]:
            if (unpack := _UNPACK.get(name)) is None:
                break  # an image codec, or one no reader knows: nothing more unpacks
            data = unpack(data, allowance)
        if image:
            unpacked.images += len(data)
        else:
            unpacked.content += len(data)
        if unpacked.content > content_limit or unpacked.images > image_limit:
            break
    return unpacked
