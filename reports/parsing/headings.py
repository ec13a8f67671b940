"""Headings → a section tree, keeping printed labels and warning on numbering breaks.

Heading styles, outermost first (the usual order; a document may skip some):

    rank 0  第一部分 …
    rank 1  一、
    rank 2  (一) / （一）
    rank 3  1. / 1、 / (1)
    rank 4  ——… (a dash item with a heading)
    rank 5  a run-in heading: the first short sentence of a paragraph (旗帜鲜明讲政治。)

Part headings (2025年工作回顾, 2026年工作安排, 今后工作建议) are no sections when
unnumbered: they set the ``part`` of the top-level sections that follow.

Printed numbering is often wrong. When a document's 一、 headings are titles on
their own line and some other 二、 lines carry a run-in sentence and body, the
latter are sub-items printed with the wrong label: they are nested one level
down. Every break in a numbering sequence is recorded as a warning; labels are
never renumbered.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .numerals import ordinal
from .normalize import compact
from .diagnostics import warn
from .types import ParsedSection, ParseWarning

CN = "一二三四五六七八九十"
LABELS = [
    (0, re.compile(rf"^第([{CN}]{{1,3}})(?:部分|篇|章)\s*")),
    (1, re.compile(rf"^([{CN}]{{1,3}})\s*[、.,]\s*")),
    (2, re.compile(rf"^\(\s*([{CN}]{{1,3}})\s*\)\s*[、.]?\s*")),
    (3, re.compile(r"^(\d{1,2})\s*(?:[、]|\.(?!\d))\s*")),
    (3, re.compile(r"^\(\s*(\d{1,2})\s*\)\s*")),
    (3, re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*")),
    (4, re.compile(r"^(——)\s*")),
]
RUN_IN_RANK = 5
LIST_ITEM = re.compile(r"[;；]$")  # a numbered line ending in a semicolon is an item of a list (一、听取…报告;)
DEMOTED_RANK = 2  # a mislabelled sub-item sits where (一) items would
PART_REVIEW = re.compile(
    r"^(?:(\d{4})年(?:度)?|过去一年|一年来|过去五年|五年来|本届以来|上一年)?(?:的)?(?:主要)?(?:工作)?(?:回顾|总结|情况)$"
    r"|^(?:过去一年|一年来|过去五年|五年来|本届以来)(?:的)?(?:主要)?工作$"
    r"|^(\d{4})年(?:度)?(?:的)?主要工作$"  # 一、2024年主要工作 (a plan names its 安排, 任务 or 打算)
)
PART_PLAN = re.compile(
    r"^(?:(\d{4})年(?:度)?)?(?:今后|下一步|新的一年|新一年|今年|明年|今后一个时期|今后五年)?(?:的)?(?:主要)?(?:工作)?(?:安排|部署|任务|建议|打算|计划|思路|意见)$"
)
MAX_HEADING = 60
MAX_RUN_IN = 24
MIN_RUN_IN_BODY = 12


@dataclass
class Block:
    """A content line with its offsets, as the tree builder sees it."""

    start: int
    end: int
    text: str  # original
    view: str  # matching view
    number: int  # line number in the file


@dataclass
class Heading:
    rank: int
    label: str
    heading: str
    body: str  # text on the heading's own line after the heading
    part: str | None
    value: int | None  # the label's number, for sequence checks
    run_in: bool


def part_of(text: str) -> tuple[str, int | None] | None:
    """('review'|'plan', year or None) for a part heading such as 2025年工作回顾."""
    view = compact(text)
    if len(view) > 20:
        return None
    for part, pattern in (("review", PART_REVIEW), ("plan", PART_PLAN)):
        match = pattern.match(view)
        if match and view not in {"情况", "意见", "建议"}:
            year = next((g for g in match.groups() if g), None)
            return part, int(year) if year else None
    return None


# A first sentence with one of these subjects is a statement, not a heading.
STATEMENT_SUBJECT = re.compile(r"^(?:县政协|市政协|区政协|旗政协|政协|常委会|我们|会议|委员们|全县|全市|各位|这|今年|去年|一年来)")


def run_in(view: str) -> int | None:
    """Length of a run-in heading at the start of ``view`` (up to its 。), or None."""
    if STATEMENT_SUBJECT.match(view):
        return None
    stop = view.find("。")
    if stop <= 1 or stop > MAX_RUN_IN or len(view) - stop - 1 < MIN_RUN_IN_BODY:
        return None
    head = view[:stop]
    if re.search(r"[,，:：;；、“”\"]", head) and stop > 16:
        return None
    if re.search(r"[,，:：;]", head):
        return None
    return stop


def _spaced_run_in(view: str) -> tuple[int, int] | None:
    """(end of heading, start of body) where a space separates a heading from a sentence run on after it."""
    match = re.search(r"[ \u3000\t]+", view)
    if match is None or not 4 <= match.start() <= MAX_HEADING or "。" in view[: match.start()]:
        return None
    body = view[match.end() :]
    # A sentence, not a heading's second phrase (一、聚焦中心大局 积极建言献策，助力发展): it ends in 。.
    return (match.start(), match.end()) if len(body) >= 2 * MIN_RUN_IN_BODY and "。" in body else None


def classify(block: Block) -> Heading | None:
    view = block.view.strip()
    for rank, pattern in LABELS:
        match = pattern.match(view)
        if not match:
            continue
        label = match.group(1)
        rest_view, rest = view[match.end() :], block.text.strip()[match.end() :]
        if rank == 4 and not rest_view:
            return None
        stop = rest_view.find("。")
        gap = _spaced_run_in(rest_view)
        if gap and (stop < 0 or gap[0] < stop):
            # 一、围绕中心，服务大局，政治协商逐步规范 五年来，区政协…: the heading ends where a space opens the body.
            heading, body, is_run_in = rest[: gap[0]], rest[gap[1] :].strip(), True
        elif 0 < stop <= MAX_HEADING and len(rest_view) - stop - 1 >= 1:
            heading, body, is_run_in = rest[:stop], rest[stop + 1 :].strip(), True
        elif len(compact(rest_view)) <= MAX_HEADING and not re.search(r"[。;；]", rest_view.rstrip("。")):
            heading, body, is_run_in = rest.rstrip("。").strip(), "", False
        elif rank == 4:
            return None  # a dash paragraph without a heading is ordinary text
        elif LIST_ITEM.search(rest_view.rstrip()):
            heading, body, is_run_in = rest.strip().rstrip(";；"), "", False  # 一、听取…报告; an item of a list
        else:
            heading, body, is_run_in = rest[:MAX_HEADING], rest[MAX_HEADING:], True
        found = part_of(heading)
        return Heading(rank, label, heading.strip(), body, found[0] if found else None, ordinal(label) if rank < 4 else None, is_run_in)
    stop = run_in(view)
    if stop:
        text = block.text.strip()
        return Heading(RUN_IN_RANK, "", text[:stop], text[stop + 1 :].strip(), None, None, True)
    return None


BARE_LABEL = re.compile(rf"^(?:[{CN}]{{1,3}}\s*[、.]|\(\s*[{CN}]{{1,3}}\s*\)|\d{{1,2}}\s*[、.])\s*$")


def _join_bare_labels(blocks: list[Block]) -> list[Block]:
    """一、 alone on its line, the heading on the next (a page that broke the line after the label): one block."""
    joined: list[Block] = []
    skip = False
    for i, block in enumerate(blocks):
        if skip:
            skip = False
            continue
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        if following is not None and BARE_LABEL.match(block.view.strip()) and not BARE_LABEL.match(following.view.strip()):
            joined.append(Block(block.start, following.end, block.text.strip() + following.text.strip(),
                                block.view.strip() + following.view.strip(), block.number))
            skip = True
        else:
            joined.append(block)
    return joined


LIST_ITEM_END = re.compile(r"[。;；]$")
LIST_RUN = 3  # numbered lines in a row, with no text between them, that make a list rather than sections


def _drop_lists(headings: list[Heading | None], blocks: list[Block]) -> None:
    """An agenda or a list of rules numbers lines, not sections: three or more items of one rank in a row, none
    with text under it, each a sentence (一、听取…报告; 二、…; 1.提供线索应真实可靠。), are ordinary text; so is
    any item that ends in a semicolon, which only a list's items do."""
    i = 0
    while i < len(headings):
        first = headings[i]
        j = i
        while (
            j < len(headings) and (item := headings[j]) is not None and first is not None
            and item.rank == first.rank and item.rank < RUN_IN_RANK and not item.run_in
            and LIST_ITEM_END.search(blocks[j].view.rstrip())
        ):
            j += 1
        if j - i >= LIST_RUN:
            headings[i:j] = [None] * (j - i)
        i = max(j, i + 1)
    for k, item in enumerate(headings):
        if item is not None and LIST_ITEM.search(blocks[k].view.rstrip()):
            headings[k] = None


@dataclass
class _Node:
    section: ParsedSection
    rank: int
    value: int | None
    line: int


def build_tree(blocks: list[Block], warnings: list[ParseWarning]) -> tuple[list[ParsedSection], list[Block], dict]:
    """Sections, the preamble blocks before the first heading, and what the part headings said."""
    blocks = _join_bare_labels(blocks)
    headings = [classify(block) for block in blocks]
    _drop_lists(headings, blocks)
    _drop_lonely_run_ins(headings)
    demote = _mislabelled_sub_items(headings)
    promote = _mislabelled_top_items(headings)
    roots: list[ParsedSection] = []
    stack: list[_Node] = []
    preamble: list[Block] = []
    part = "other"
    years: dict[str, int | None] = {}
    last_labels: dict[int, dict[str, ParsedSection]] = {}
    bodies: dict[int, tuple[ParsedSection, list[str]]] = {}
    for block, heading in zip(blocks, headings):
        marker = part_of(block.text) if heading is None else None
        if marker:
            part = marker[0]
            years.setdefault(part, marker[1])
            continue
        if heading is None:
            if stack:
                _append_body(stack[-1].section, block, bodies)
            else:
                preamble.append(block)
            continue
        rank = DEMOTED_RANK if id(heading) in demote else 1 if id(heading) in promote else heading.rank
        if id(heading) in demote:
            warn(warnings, "heading_demoted", start=block.start, end=block.end, line=block.number, label=heading.label, heading=heading.heading[:20])
        if id(heading) in promote:
            warn(warnings, "heading_promoted", start=block.start, end=block.end, line=block.number, label=heading.label, heading=heading.heading[:20])
        if heading.part:
            part = heading.part
            years.setdefault(part, part_of(heading.heading)[1])
        elif rank == 1 and heading.value == 1 and part != "plan" and any(r.part == part for r in roots) and roots and roots[-1].label != "":
            # Top-level numbering starts again at 一 with no part heading: in a
            # report that is the plan for the coming year.
            if part == "review" or years:
                part = "plan"
                years.setdefault("plan", None)
                warn(warnings, "plan_without_heading", start=block.start, end=block.end, line=block.number, label=heading.label)
        while stack and stack[-1].rank >= rank:
            stack.pop()
        section = ParsedSection(
            label=_display_label(heading, block),
            heading=heading.heading,
            level=len(stack) + 1,
            part=part,
            body=heading.body,
            start=block.start,
            end=block.end,
        )
        siblings = stack[-1].section.children if stack else roots
        # The last sibling of each label style, so a sequence check does not rescan them all.
        last_by_style = last_labels.setdefault(id(siblings), {})
        _check_sequence(last_by_style.get(_label_style(section.label)), section, heading, block, warnings)
        last_by_style[_label_style(section.label)] = section
        siblings.append(section)
        for node in stack:
            node.section.end = max(node.section.end, block.end)
        stack.append(_Node(section, rank, heading.value, block.number))
    for section, lines in bodies.values():
        section.body = "\n".join(lines)
    for root in roots:
        for node in root.walk():
            node.part = root.part
    return roots, preamble, years


def _append_body(section: ParsedSection, block: Block, bodies: dict):
    """Add a line to the section's body; the lines are joined once at the end, since
    adding to a string copies it, and a long body would be copied for every line."""
    _section, lines = bodies.setdefault(id(section), (section, [section.body] if section.body else []))
    text = block.text.strip()
    if text or lines:
        lines.append(text)
    section.end = max(section.end, block.end)


def _display_label(heading: Heading, block: Block) -> str:
    """The label as printed, in its own brackets: (一) stays (一), （一） stays （一）."""
    if heading.rank == RUN_IN_RANK:
        return ""
    text = block.text.strip()
    if heading.rank in (2, 3) and text[:1] in "(（":
        close = min((i for i in (text.find(")"), text.find("）")) if i > 0), default=-1)
        if close > 0:
            return text[: close + 1].replace(" ", "")
    return heading.label


def _check_sequence(previous, section, heading, block, warnings):
    """Warn when ``section``'s number does not follow ``previous``, its last sibling labelled alike."""
    if heading.value is None:
        return
    # Numbering restarts with each part (review, plan).
    expected = (ordinal(_bare(previous.label)) or 0) + 1 if previous else 1
    restarted = heading.value == 1 and previous and previous.part != section.part
    if heading.value != expected and not restarted:
        after = f" after {previous.label}" if previous else " as the first of its level"
        warn(
            warnings, "heading_out_of_sequence", start=block.start, end=block.end, line=block.number, label=section.label,
            heading=section.heading[:20], value=heading.value, after=after, expected=expected,
        )


def _bare(label: str) -> str:
    return label.strip("()（）")


def _label_style(label: str) -> str:
    bare = _bare(label)
    if not bare:
        return ""
    kind = "cn" if bare[0] in CN else "digit"
    return ("paren-" if label[:1] in "(（" else "") + kind


def _drop_lonely_run_ins(headings: list[Heading | None]):
    """An unlabelled run-in heading counts only beside another one: a single short
    first sentence is more often an ordinary sentence than a heading.

    "Beside" means with no labelled heading between them, so the run-ins fall
    into groups split by labelled headings, and one alone in its group is
    dropped: one pass, linear in the number of blocks.
    """
    group: list[int] = []
    for i, heading in enumerate([*headings, None]):
        if i == len(headings) or (heading is not None and heading.rank < RUN_IN_RANK):
            if len(group) == 1:
                headings[group[0]] = None
            group = []
        elif heading is not None:
            group.append(i)


def _mislabelled_top_items(headings: list[Heading | None]) -> set[int]:
    """1. headings that are title lines among 1. headings with run-in bodies, in a
    document whose 一、 headings are title lines: a top-level heading misprinted."""
    top = [h for h in headings if h is not None and h.rank == 1]
    arabic = [h for h in headings if h is not None and h.rank == 3]
    if not top or top[0].run_in or len(arabic) < 3:
        return set()
    titles = [h for h in arabic if not h.run_in]
    if titles and len(titles) * 3 <= len(arabic):
        return {id(h) for h in titles}
    return set()


def _mislabelled_sub_items(headings: list[Heading | None]) -> set[int]:
    """一、 headings that carry a run-in sentence and body, in a document whose first
    一、 heading is a title line: those are sub-items printed with the wrong label."""
    top = [h for h in headings if h is not None and h.rank == 1]
    if not top or top[0].run_in or not any(h.run_in for h in top):
        return set()
    if all(h.run_in for h in top[1:]) and len(top) > 1 and sum(not h.run_in for h in top) == 1:
        return set()  # only the first is a title: likely a lone section title, not a pattern
    return {id(h) for h in top if h.run_in}
