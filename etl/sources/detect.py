"""What a byte string is (binary, empty, HTML, feed, text) and how to decode it, before any parser runs."""

from __future__ import annotations

import codecs
import re

_MAGIC = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"PK\x03\x04": "ZIP archive (or Office document)",
    b"\x1f\x8b": "gzip archive",
    b"\x7fELF": "ELF executable",
    b"BZh": "bzip2 archive",
    b"\xfd7zXZ": "xz archive",
    b"SQLite format 3": "SQLite database",
}
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""")
_FEED_ROOT = re.compile(rb"<(?:[A-Za-z0-9_-]+:)?(rss|feed|RDF)[\s>/]")
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)[\s>]", re.I | re.S)


class DecodeError(ValueError):
    """Bytes that are not text the reader can trust; the message is one line for the user."""


def bom_encoding(data: bytes) -> str | None:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    return None


def binary_problem(data: bytes) -> str | None:
    """Why these bytes are not a text document, or None. UTF-16/32 with a BOM is text."""
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return f"binary file ({kind}), not an article"
    if bom_encoding(data) in ("utf-16", "utf-32"):
        return None
    nul = data.find(b"\x00", 0, 1 << 16)
    if nul >= 0:
        return f"binary file (NUL byte at offset {nul}), not an article"
    return None


def decode_strict(data: bytes, encoding: str = "utf-8") -> str:
    """Text in the given (or BOM-declared) encoding; DecodeError naming the first bad byte."""
    encoding = bom_encoding(data) or encoding
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise DecodeError(f"unknown character encoding {encoding!r}") from None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        name = "UTF-8" if codecs.lookup(encoding).name == "utf-8" else encoding
        bad = data[exc.start : exc.start + 1].hex()
        raise DecodeError(f"invalid {name} at byte offset {exc.start} (0x{bad})") from None
    return text.removeprefix("\ufeff")


def declared_encoding(data: bytes) -> str | None:
    """The charset an HTML page or XML document declares in its first 4 KB."""
    head = data[:4096]
    m = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    return m.group(1).decode("ascii") if m else None


def decode_markup(data: bytes) -> str:
    """HTML/XML text: BOM, then the declared charset, else UTF-8 (undeclared non-UTF-8 is refused)."""
    declared = declared_encoding(data)
    if declared and bom_encoding(data) is None:
        try:
            return decode_strict(data, declared)
        except DecodeError as exc:
            raise DecodeError(f"{exc} (page declares charset {declared})") from None
    try:
        return decode_strict(data)
    except DecodeError as exc:
        raise DecodeError(f"{exc} (no charset declared)") from None


def sniff(data: bytes) -> str:
    """'feed', 'html' or 'text' from the first bytes, for sources without a telling extension."""
    head = data[:2048].lstrip()
    enc = bom_encoding(head)
    if enc in ("utf-16", "utf-32"):
        head = data[:4096].decode(enc, "ignore").encode("utf-8", "ignore").lstrip()
    head = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if _HTML_START.match(head):
        return "html"
    if head.startswith(b"<?xml") or head.startswith(b"<"):
        if _FEED_ROOT.search(head):
            return "feed"
        if re.search(rb"<html[\s>]", head, re.I):
            return "html"
        if head.startswith(b"<?xml"):
            return "xml"
        return "html"
    return "text"


def is_feed(data: bytes) -> bool:
    return sniff(data) == "feed"
