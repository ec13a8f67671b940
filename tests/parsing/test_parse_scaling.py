"""Parse time grows linearly with the input: a page dense with headings cannot stall an import.

The admin imports a page inside one request; a parse that grows with the square
of the input (every heading compared with every other) turned a 680 kB page into
25 s. The time test compares a page with one four times its size: linear
parsing takes about 4×, quadratic 16×. bench/parse_scaling.py prints the figures.
"""
import time

from hypothesis import given, strategies as st

from reports.parsing import default_gazetteer, parse_text
from reports.parsing.headings import RUN_IN_RANK, Heading, _drop_lonely_run_ins

TITLE = "政协第十四届绛县委员会常务委员会工作报告\n——2024年2月18日在政协第十四届绛县委员会第四次会议上\n董宏运\n各位委员：\n"
CN = "一二三四五六七八九十"


def heading_dense_report(size: int) -> str:
    """A report of about ``size`` characters in every heading style at once: titles, run-in
    headings, long runs of numbered siblings and long section bodies."""
    lines = [TITLE]
    total, group = len(TITLE), 0
    while total < size:
        group += 1
        chunk = [f"{CN[group % 10]}、聚焦中心工作全力服务发展大局"]
        chunk += [f"（{CN[j]}）围绕重点议题协商议政" for j in range(3)]
        chunk += [f"{k}.全年共提交提案{100 + k}件，立案{90 + k}件，办复率100%" for k in range(1, 30)]
        chunk += ["旗帜鲜明讲政治。全年召开常委会议六次，协商议政成效明显提升。"] * 20
        chunk += ["全年召开常委会议六次，专题协商会议四次，协商议政成效明显提升。"] * 20
        lines.extend(chunk)
        total += sum(len(line) + 1 for line in chunk)
    return "\n".join(lines)


def timed_parse(text: str, repeat: int = 2):
    """The parse and its best time of ``repeat``: another process on the machine only ever adds time."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        parsed = parse_text(text, source="dense.txt")
        best = min(best, time.perf_counter() - started)
    return parsed, best


def test_parse_time_grows_linearly_with_a_heading_dense_page():
    default_gazetteer()
    _, small = timed_parse(heading_dense_report(40_000))
    parsed, large = timed_parse(heading_dense_report(160_000))
    assert sum(1 for doc in parsed.documents for root in doc.sections for _ in root.walk()) > 3000
    ratio = large / small
    assert ratio < 8, f"4× the text took {ratio:.1f}× the time (linear ≈ 4, quadratic ≈ 16)"


def _lonely_by_definition(headings):
    """The rule as stated: a run-in heading with no other run-in heading and no labelled heading between them."""
    runs = [i for i, h in enumerate(headings) if h is not None and h.rank == RUN_IN_RANK]
    lonely = set()
    for i in runs:
        if not any(
            j != i and not any(headings[k] is not None and headings[k].rank < RUN_IN_RANK for k in range(min(i, j) + 1, max(i, j)))
            for j in runs
        ):
            lonely.add(i)
    return lonely


@given(st.lists(st.sampled_from([None, 1, 3, RUN_IN_RANK]), max_size=30))
def test_lonely_run_ins_are_dropped_exactly_as_the_rule_says(ranks):
    headings = [None if rank is None else Heading(rank, "", "标题", "", None, None, True) for rank in ranks]
    expected = [None if i in _lonely_by_definition(headings) else h for i, h in enumerate(headings)]
    _drop_lonely_run_ins(headings)
    assert headings == expected
