"""Numbers as printed in Chinese reports: Arabic, full-width (already folded), or Chinese.

cn2an converts Chinese numerals; around it this module handles what cn2an does
not: 两 and 〇 in numbers, thousands separators, and the qualifiers that follow
or precede a number (余/多/以上 = more than, 约/近 = about, 不到/不足 = less than).
"""
from __future__ import annotations

import functools
import re

CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万"
CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
CN_DIGITS["零"] = 0
CN_DIGITS["两"] = 2

NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|[{CN_NUMERAL_CHARS}]+)"

MORE_THAN_AFTER = ("余", "多", "以上", "逾")
MORE_THAN_BEFORE = ("超过", "逾", "多于", "达到", "突破")
ABOUT_BEFORE = ("约", "近", "大约", "将近", "接近")
LESS_THAN_BEFORE = ("不到", "不足", "少于")


@functools.cache
def _cn2an():
    """cn2an, imported on first use: its import compiles ~0.5 s of regexes that commands which never parse should not pay."""
    import cn2an

    return cn2an


def to_int(text: str) -> int:
    """The integer a printed number stands for; ValueError if it is not one.

    >>> to_int("二十三"), to_int("236"), to_int("1,024"), to_int("两"), to_int("二〇二四")
    (23, 236, 1024, 2, 2024)
    """
    text = text.strip()
    if not text:
        raise ValueError("empty number")
    if text.replace(",", "").isdigit() and text.isascii():
        return int(text.replace(",", ""))
    if all(c in CN_DIGITS for c in text) and len(text) > 1 and not set(text) <= {"零"}:
        # Digit by digit (二〇二四): a year or code, not a counted quantity.
        return int("".join(str(CN_DIGITS[c]) for c in text))
    if text == "两":
        return 2
    try:
        value = _cn2an().cn2an(text.replace("两", "二").replace("〇", "零"), "strict")
    except (ValueError, KeyError) as exc:
        raise ValueError(f"not a number: {text!r}") from exc
    if value != int(value):
        raise ValueError(f"not an integer: {text!r}")
    return int(value)


def to_chinese(value: int) -> str:
    """A non-negative integer in Chinese numerals (the inverse of :func:`to_int`)."""
    if value < 0:
        raise ValueError("negative")
    return _cn2an().an2cn(value, "low")


def ordinal(text: str) -> int | None:
    """The number in an ordinal like 十四 or 14 (届, 次), or None."""
    try:
        return to_int(text)
    except ValueError:
        return None


def qualifier(before: str, after: str) -> str:
    """exact / more_than / about / less_than from the words around a number."""
    if after.startswith(MORE_THAN_AFTER):
        return "more_than"
    if before.endswith(LESS_THAN_BEFORE):
        return "less_than"
    if before.endswith(ABOUT_BEFORE):
        return "about"
    if before.endswith(MORE_THAN_BEFORE[:2]) or before.endswith(("多于", "突破")):
        return "more_than"
    return "exact"
