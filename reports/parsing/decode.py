"""Bytes → text: UTF-8 (with or without BOM), UTF-16 with a BOM, or GB18030/GBK; nothing guessed silently.

A file cut off in the middle of its last UTF-8 character (a truncated
download) is read without that character, and says so.
"""
from __future__ import annotations

import re

from .errors import BINARY, EMPTY, UNDECODABLE, BinaryInput, EmptyInput, UndecodableInput

# GB18030 is a superset of GBK and GB2312, so one attempt covers all three.
ENCODINGS = ("utf-8-sig", "gb18030")


TRUNCATED = "utf-8, truncated"
_LINE_END = re.compile(r"\r\n?")
_TRAILING_SPACE = re.compile(r"[ \t\u3000]+$", re.MULTILINE)


def normalize_text(text: str) -> str:
    """The text as every import stores it: no BOM, LF line endings, no blank lines at its end, no white space at line ends.

    Blank lines at the start stay, so the line numbers in warnings are the file's.

    A browser's form field turns LF into CRLF (and Django's form fields strip
    the ends); an editor may add a BOM or trailing blanks: none of that makes
    the page a different document.
    """
    text = _TRAILING_SPACE.sub("", _LINE_END.sub("\n", text)).lstrip("\ufeff").rstrip("\n")
    return text + "\n" if text else ""


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """The decoded text and the encoding used; raises a ParseError naming ``source``."""
    if not data.strip():
        raise EmptyInput(source, EMPTY)
    if data.startswith(UTF16_BOMS):
        # Windows "Unicode" text: NUL bytes are expected here, not a sign of binary.
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            pass
        else:
            if text.strip():
                return text, "utf-16"
    if b"\x00" in data:
        raise BinaryInput(source, BINARY, line=data[: data.index(b"\x00")].count(b"\n") + 1)
    first_error = None
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
            continue
        if not text.strip():
            raise EmptyInput(source, EMPTY)
        return text, encoding
    if first_error.reason == "unexpected end of data" and first_error.start >= len(data) - 3:
        return data[: first_error.start].decode("utf-8-sig"), TRUNCATED
    offset = first_error.start
    raise UndecodableInput(source, UNDECODABLE.format(offset=offset), line=data[:offset].count(b"\n") + 1)
