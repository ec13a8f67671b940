"""The parser's warning vocabulary, declared once: code → Chinese message for editors, English detail for developers.

Codes are stable (stored with documents, filtered on in the admin and the API);
messages may be reworded. Add a code here before warning with it: ``warn``
refuses codes it does not know, and a test checks every code has both texts.
"""
from __future__ import annotations

from typing import NamedTuple

from .types import ParseWarning


class WarningText(NamedTuple):
    message: str  # Chinese, for editors: str.format fields from ``warn``'s keyword arguments
    detail: str  # English, for developers: same fields


WARNINGS: dict[str, WarningText] = {
    "encoding_not_utf8": WarningText("文件不是 UTF-8 编码，已按 {encoding} 解码", "decoded as {encoding} (no UTF-8)"),
    "truncated_utf8": WarningText(
        "文件在一个 UTF-8 字符中间结束（可能不完整），残缺的字符已丢弃",
        "the file ends in the middle of a UTF-8 character (truncated?); the partial character was dropped",
    ),
    "duplicate_document": WarningText(
        "第 {line} 行：《{title}》与本版前面的文件重复，已跳过", "line {line}: {title} repeats a document earlier on the page; skipped"
    ),
    "html_markup": WarningText(
        "文本含有 HTML 标记，标签按文字读取（请将网页另存为纯文本）",
        "the text contains HTML markup; tags were read as text (save the page as plain text)",
    ),
    "heading_demoted": WarningText(
        "第 {line} 行：“{label}、{heading}”像是子项，已归入上一级标题之下，编号照原样保留",
        "line {line}: {label}、{heading} reads as a sub-item; nested under the heading above, label kept",
    ),
    "heading_promoted": WarningText(
        "第 {line} 行：“{label}. {heading}”像是一级标题，已提升，编号照原样保留",
        "line {line}: {label}. {heading} reads as a top-level heading; moved up, label kept",
    ),
    "plan_without_heading": WarningText(
        "第 {line} 行：编号从“{label}”重新开始而没有部分标题，视为工作安排的开始",
        "line {line}: numbering restarts at {label} without a part heading; taken as the start of the plan",
    ),
    "heading_out_of_sequence": WarningText(
        "第 {line} 行：标题“{label} {heading}”编号为 {value}，应为 {expected}",
        "line {line}: heading {label} {heading} is numbered {value}{after}; expected {expected}",
    ),
    "number_too_large": WarningText(
        "数字 {number}（“{clause}”）过大，不像是计数，已跳过", "number {number} in {clause!r} is too large to be a count; skipped"
    ),
    "impossible_date": WarningText("日期 {date} 不存在，已忽略", "impossible date {date} ignored"),
    "impossible_session_dates": WarningText("会期 {dates} 不存在，已忽略", "impossible session dates {dates} ignored"),
    "session_dates_reversed": WarningText("会期 {dates} 结束早于开始，已忽略", "session dates {dates} end before they start; ignored"),
    "year_out_of_range": WarningText(
        "年份 {year} 不在 {low}–{high} 之间，已忽略", "year {year} is outside {low}–{high}; ignored"
    ),
    "ordinal_out_of_range": WarningText(
        "{what_zh}“{value}”不是合理的数字（{low}–{high}），已忽略", "{what} {value} is not a plausible number ({low}–{high}); ignored"
    ),
    "title_without_text": WarningText("文件只有标题，没有正文", "the document has a title but no text"),
    "county_not_in_gazetteer": WarningText(
        "标题中的“{county}”不在行政区划表中", "county {county} named in the title is not in the gazetteer"
    ),
    "county_from_page": WarningText("县（区）“{county}”取自本版其他内容", "county {county} taken from the rest of the page"),
    "county_unknown": WarningText("无法确定所属县（区）", "no county could be identified"),
    "term_session_from_peer": WarningText(
        "届次和会次取自同版的《{title}》", "term and session taken from {title} on the same page"
    ),
    "session_from_peer": WarningText("会次取自同版的《{title}》", "session taken from {title} on the same page"),
    "county_higher_cppcc": WarningText(
        "文中的政协是{name}的，不是县级政协；未确定县（区）", "the CPPCC named is {name}'s, not a county's"
    ),
    "county_no_cppcc_context": WarningText(
        "没有在政协语境（政协XX县、XX县政协、政协XX县委员会）中出现的县名；未确定县（区）",
        "no county named in a CPPCC context (the CPPCC of a county, a county's CPPCC, its committee)",
    ),
    "county_ambiguous": WarningText("县（区）无法在 {names} 之间确定；未采用", "county unclear between {names}; none taken"),
    "county_one_of_several": WarningText(
        "“{county}”只是文中提到的多个县（区）之一；未采用", "county {county} is one of several counties the text names; none taken"
    ),
    "county_from_elided": WarningText(
        "文中只称“{elided}政协”，县（区）“{county}”取自文中对它的唯一提及，请核对",
        "the text says only {elided}政协; county {county} is the one county it mentions elsewhere",
    ),
    "county_weak_evidence": WarningText(
        "“{county}”只出现一次且远离标题；未采用", "county {county} named only once, far from the head; not taken"
    ),
    "county_outweighed": WarningText(
        "{name}政协的证据多于“{county}”；未确定县（区）", "{name}'s CPPCC outweighs county {county}; no county taken"
    ),
    "county_wrong_province": WarningText(
        "“{county}”不在标题所说的省份；未采用", "county {county} is not in the province the head names; not taken"
    ),
    "county_evidence_note": WarningText("县（区）依据：{note}", "county read from {note}"),
    "county_from_peer": WarningText("县（区）“{county}”取自同版的《{title}》", "county {county} taken from {title} on the same page"),
    "year_from_publication": WarningText(
        "日期 {date} 的年份取自网页的发布日期", "date {date}: year taken from the page's publication date"
    ),
    "day_from_publication": WarningText(
        "日期 {date} 由“今日/昨天”和网页的发布日期推得", "date {date}: 今日/昨天 counted from the page's publication date"
    ),
    "read_as_html": WarningText(
        "按网页（HTML）读取：保存的是提取出的正文，偏移量指向它", "read as HTML: the page's text was extracted and is what offsets point into"
    ),
    "read_as_docx": WarningText("按 Word（.docx）文档读取：每段为一行", "read as a Word .docx document: paragraphs became lines"),
    "read_as_pdf": WarningText("按 PDF 文字层读取：请检查标题中的换行", "read from the PDF's text layer: check line breaks inside titles"),
    # Warnings stored as plain text by parsers before 1.1.0, until ``manage.py reparse`` replaces them.
    "unclassified": WarningText("{text}", "{text}"),
}

# Why the parser abstained from a county: a document that abstained takes no county from elsewhere on the page.
ABSTENTIONS = frozenset(
    {"county_higher_cppcc", "county_ambiguous", "county_one_of_several", "county_weak_evidence", "county_outweighed", "county_wrong_province"}
)
# Warnings about the county: ingestion quotes them when a document cannot be placed.
COUNTY_WARNINGS = frozenset(
    {"county_not_in_gazetteer", "county_from_page", "county_unknown", "county_from_peer", "county_from_elided"} | ABSTENTIONS
)


def make_warning(code: str, *, start: int | None = None, end: int | None = None, **fields) -> ParseWarning:
    """A typed warning from the vocabulary; ``fields`` fill both texts' placeholders."""
    text = WARNINGS[code]  # an unknown code is a programming error: fail loudly
    return ParseWarning(code=code, message=text.message.format(**fields), start=start, end=end, detail=text.detail.format(**fields))


def warn(warnings: list | None, code: str, *, start: int | None = None, end: int | None = None, **fields) -> None:
    """Append a typed warning to ``warnings`` (ignored when the caller keeps none)."""
    if warnings is not None:
        warnings.append(make_warning(code, start=start, end=end, **fields))


def warning_to_dict(warning: ParseWarning) -> dict:
    """The JSON shape stored with a document and printed by ``parse_report --json``."""
    return {"code": warning.code, "message": warning.message, "start": warning.start, "end": warning.end, "detail": warning.detail}
