"""Bytes → text: UTF-8 (with or without BOM) or GB18030/GBK, nothing guessed silently."""
from __future__ import annotations

from .errors import BINARY, EMPTY, UNDECODABLE, BinaryInput, EmptyInput, UndecodableInput

# GB18030 is a superset of GBK and GB2312, so one attempt covers all three.
ENCODINGS = ("utf-8-sig", "gb18030")


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    """The decoded text and the encoding used; raises a ParseError naming ``source``."""
    if not data.strip():
        raise EmptyInput(source, EMPTY)
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
    offset = first_error.start
    raise UndecodableInput(source, UNDECODABLE.format(offset=offset), line=data[:offset].count(b"\n") + 1)
