"""A matching view of the text: simplified characters, half-width digits and punctuation.

The view has exactly the length of the original, character for character, so
an offset found in the view is the same offset in the original: quotes and
offsets always point into the text as published. OpenCC converts traditional
to simplified; a conversion that would change the length (rare multi-character
phrases) is redone character by character.
"""
from __future__ import annotations

import functools
import re

import opencc

# Full-width ASCII (！ to ～: digits, ，：；（）) and the ideographic space map to
# their ASCII forms; both are one character, so lengths are kept.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH[0x3000] = 0x20
# Zero-width characters (pasted from web pages) read as spaces, which titles ignore.
_WIDTH.update({code: 0x20 for code in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF)})
# Brackets and stops that newspapers mix: fold them so patterns need one form.
_WIDTH.update({ord("【"): ord("["), ord("】"): ord("]"), ord("〔"): ord("("), ord("〕"): ord(")")})


@functools.lru_cache(maxsize=1)
def _t2s():
    return opencc.OpenCC("t2s")


def matching_view(text: str) -> str:
    """Simplified, half-width text of the same length as ``text``."""
    converter = _t2s()
    converted = converter.convert(text)
    if len(converted) != len(text):
        converted = "".join(c if len(c2 := converter.convert(c)) != 1 else c2 for c in text)
    return converted.translate(_WIDTH)


_SPACE = re.compile(r"\s+")


def compact(text: str) -> str:
    """The view without any white space: what titles and checksums compare on."""
    return _SPACE.sub("", text)


# Reposts annotate characters with pinyin: 政协(xié)白河县第九届委员会(huì).
_PINYIN = re.compile(r"\((?:[a-zü\u00e0-\u01dc]+\s*)+\)")


def strip_pinyin(text: str) -> str:
    return _PINYIN.sub("", text)


# A gloss as template sites print them: right after a Han character, syllables with a tone mark (or ü) among
# them, on one line. The tone mark keeps an English word in brackets, (covid), from reading as a gloss.
_GLOSS = re.compile(r"(?<=[\u3400-\u9fff])\((?=[a-z ]*[ü\u00e0-\u01dc])[a-zü\u00e0-\u01dc]+(?: [a-zü\u00e0-\u01dc]+)*\)")
GLOSSED_PAGE = 5  # glosses on a page before it is read without them


def glosses(text: str) -> list[tuple[int, int]]:
    """Spans of the pinyin glosses in ``text`` (會(huì) → the span of "(huì)")."""
    return [m.span() for m in _GLOSS.finditer(text)]


def without(text: str, spans: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """``text`` without ``spans``, and where each of its characters stands in ``text``.

    The list has one entry more than the result: the offset just past the
    text, so an end offset maps like a start.
    """
    kept, where, position = [], [], 0
    for start, end in spans + [(len(text), len(text))]:
        kept.append(text[position:start])
        where.extend(range(position, start))
        position = end
    where.append(len(text))
    return "".join(kept), where


def reading(text: str) -> str:
    """The compact view with pinyin annotations removed: what metadata rules read (no offsets kept)."""
    return strip_pinyin(compact(text))
