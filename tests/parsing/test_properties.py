"""Property tests: numerals round-trip, heading labels parse, quotes always match the text."""
import random

from hypothesis import given, settings, strategies as st

from reports.parsing import parse_text
from reports.parsing.headings import Block, classify
from reports.parsing.numerals import to_chinese, to_int
from tests.parsing.conftest import seed_path

SEED_TEXT = seed_path("003").read_text(encoding="utf-8")
CN = "一二三四五六七八九十"


@given(st.integers(min_value=0, max_value=10**8))
def test_chinese_numerals_round_trip(value):
    assert to_int(to_chinese(value)) == value


@given(st.integers(min_value=0, max_value=10**9))
def test_arabic_numerals_with_separators(value):
    assert to_int(str(value)) == value
    assert to_int(f"{value:,}") == value


@given(st.integers(min_value=1, max_value=99), st.sampled_from(["{}、", "({})", "（{}）", "{}."]), st.text(alphabet="政协工作协商民主建言资政凝聚共识", min_size=2, max_size=20))
def test_heading_labels(number, shape, heading):
    label = to_chinese(number) if "{}." not in shape else str(number)
    line = shape.format(label) + heading
    from reports.parsing.normalize import matching_view

    found = classify(Block(0, len(line), line, matching_view(line), 1))
    assert found is not None
    assert found.value == number and found.heading == heading


NOISE = ["\n", "  ", "\u3000", "(上接第一版)", "\n分享到:\n", "\r"]


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False))
def test_quotes_match_offsets_under_noise(rng: random.Random):
    text = SEED_TEXT
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(text))
        text = text[:at] + rng.choice(NOISE) + text[at:]
    parsed = parse_text(text, source="noisy")
    for doc in parsed.documents:
        assert text[doc.start : doc.end] == doc.text
        for stat in doc.statistics:
            assert text[stat.start : stat.end] == stat.quote
            assert stat.value >= 0


import pytest  # noqa: E402

from reports.parsing.headings import part_of  # noqa: E402


@pytest.mark.parametrize(
    "heading, expected",
    [
        ("2025年工作回顾", ("review", 2025)), ("过去一年的主要工作", ("review", None)), ("一年来的工作回顾", ("review", None)),
        ("2024年主要任务", ("plan", 2024)), ("今后一个时期的工作任务", ("plan", None)), ("新一年工作安排", ("plan", None)),
        ("今后工作建议", ("plan", None)), ("主要做法", None), ("情况", None), ("坚持政治引领，筑牢思想根基", None),
    ],
)
def test_part_headings(heading, expected):
    assert part_of(heading) == expected


from reports.parsing.places import default_gazetteer  # noqa: E402

GAZETTEER = default_gazetteer()
PLACE_NAMES = sorted(GAZETTEER._names)


def _mentions_by_every_length(text):
    """The scan as first written: every length at every position, longest first (the reference)."""
    longest = max(map(len, PLACE_NAMES))
    i, found = 0, []
    while i < len(text):
        for length in range(min(longest, len(text) - i), 1, -1):
            if text[i : i + length] in GAZETTEER._names:
                found.append((text[i : i + length], i))
                i += length
                break
        else:
            i += 1
    return found


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(PLACE_NAMES), st.text(alphabet="政协县区市山西大同朝阳委员会，。", max_size=6)), max_size=30))
def test_place_mentions_match_the_exhaustive_scan(pieces):
    # Names glued to each other and to filler overlap in every way a page can make them.
    text = "".join(pieces)
    assert list(GAZETTEER.mentions(text)) == _mentions_by_every_length(text)
