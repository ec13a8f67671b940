"""Lines of a newspaper page and the debris among them.

A page is cut into lines that remember their offsets in the original text. Each
line's *content* span excludes what the newspaper added around the documents:
page headers (第B07版:灵石·两会), continuation markers ((上接 A4 版), (下转第三版)),
bylines ((本报综合报道), 本报讯（记者 王丽）), share buttons and the list of past
issues at the page's end (分享到, 过往期刊, 第2025-12-23期). Debris never reaches a
heading, a body or a statistic; continuation markers are remembered because
they make a document a fragment.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .normalize import compact, matching_view, strip_pinyin

PAGE_HEADER = re.compile(r"^\s*第\s*[A-Z]?\s*\d{1,3}\s*版\s*[:：]?.{0,30}$")
# (上接 A4 版) (上接第一版) (下转第三版) (转第2版) (接上期) — anywhere in a line.
CONTINUATION = re.compile(r"[(\[]\s*(?:上接|下转|转接|接上|转下|续上|接第|转第|转至|接)\s*[^()\[\]]{0,14}?(?:版|页|期)?\s*[)\]]")
CONTINUATION_WORDS = re.compile(r"^(?:上接|下转|接上|转下|续上|接第|转第|转至)")
# 本报讯(记者 何晴), (本报记者 张泓), 本报讯 2月6日…: bracketed, the byline runs to its bracket; bare, it is the
# two words and a bracket after them, never the sentence that follows (本报讯 2月6日至9日,九龙坡区政协…).
BYLINE = re.compile(
    r"^\s*(?:[(\[]\s*本报(?:综合报道|讯|记者|通讯员)[^)\]。]{0,30}[)\]]|本报(?:综合报道|讯)(?:\s*[(\[][^)\]。]{0,30}[)\]])?)\s*"
)
# Web-page furniture: each such line is debris.
FURNITURE = re.compile(r"^\s*(?:分享到|分享至|返回目录|版面导航|上一版|下一版|上一篇|下一篇|打印本页|关闭窗口|\[打印\]|责任编辑|编辑[:：]|校对[:：]|审核[:：]|来源[:：])")
# Web-portal furniture: breadcrumbs, 来源/时间/浏览量 lines, greetings, accessibility and
# print links, site navigation, hotlines and registration numbers.
PORTAL = re.compile(
    r"^\s*[•·\-*]?\s*(?:当前位置|当前页面|您当前的位置|您现在的位置|您的位置|所在位置|位置\s*[:：]|首页\s*[>＞»/]"
    r"|(?:文章)?来\s*源\s*[:：]|发\s*布\s*[:：]|分享\s*[:：]?\s*$|(?:发布|更新|发表|刊发|出版)?\s*(?:时间|日期)\s*[:：]|作\s*者\s*[:：]|(?:浏览|访问|点击|阅读)(?:量|次数|数)?\s*[:：]"
    r"|欢迎(?:您)?(?:访问|进入|光临|来到)|今天是|无障碍|长者模式|字号|\[?\s*字体|打印|关闭|收藏|站群导航|网站地图|网站导航|新闻热线|举报电话"
    r"|.{0,30}ICP备|版权所有|主办单位|承办单位|技术支持|扫一扫|微信扫一扫|手机版|信息来源|【\s*(?:大|中|小)\s*】)"
)
# Essay and document sites' own lines: the editor's intro (下面是小编为大家整理的…，供大家参考), the download
# notice (温馨提示 1. 本文档由用户上传…), the teaser (导语:…来源于网友上传), popularity counters.
TEMPLATE_SITE = re.compile(
    r"^\s*(?:\d{1,2}[.、．]\s*)?(?:请升级(?:您的)?浏览器|(?:你|您)正在使用(?:旧版本|低版本)?的?浏览器|(?:下面|以下)是小编|小编(?:为|给)大家|导语\s*[:：]|温馨提示\s*[:：]?\s*$|网站客服|热度\s*[:：]|精选word|本文档由"
    r"|.{0,40}(?:为大家(?:整理|收集|搜集|精心整理)|供大家参考|欢迎(?:阅读|参考|借鉴)|来源于网友上传|不代表本站观点|下载可编辑"
    r"|查看预览时|付费完成后|后进行下载|内容与标题不符|下载文档时))"
)
# A site's stamp line: 2021年02月05日 10:06 来源:新疆日报.
STAMP_SOURCE = re.compile(r"^\s*\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*(?:来源|作者|编辑|发布)\s*[:：]")
# A breadcrumb: short steps joined by > (河北频道 > 全景河北; 报告大全 > 工作报告 > 工作报告).
BREADCRUMB = re.compile(r"^\s*[^>＞»\s。，,]{1,10}(?:\s*[>＞»]\s*[^>＞»\s。，,]{1,10}){1,5}\s*$")
# A counter left alone on its line (a slideshow's 1, a page number): no text, and run into the next line
# it would make 1 + 1月24日 read as 11月24日.
COUNTER = re.compile(r"^\s*\d{1,3}\s*$")
# An image's file name left where the picture was: 1.jpg, _MG_5768.JPG.
IMAGE_FILE = re.compile(r"^\s*\S{1,60}\.(?:jpe?g|png|gif|bmp|webp)\s*$", re.IGNORECASE)
# A line of short words only (a navigation menu: 首页 北京 天津 河北 …).
MENU_ITEM = re.compile(r"^[\u4e00-\u9fff]{1,6}$")
# A page's publication date on its 时间/日期 line: the fallback for a document's own.
PUBLISHED = re.compile(r"(?:时间|日期|发布)\s*[:：]?\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
# A line that is nothing but a copy's time stamp, day first: 18.02.2020  12:01.
BARE_STAMP = re.compile(r"^\s*\d{1,2}[./-]\d{1,2}[./-]\d{4}\s+\d{1,2}:\d{2}(?::\d{2})?\s*$")
# A time stamp the site prints by itself: 2021-01-09 18:15, 2023年01月11日 16:13.
STAMP = re.compile(r"(?<!\d)(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?\s+\d{1,2}:\d{2}")
STAMP_LINES = 15  # a stamp counts only near the page's top
# A portal's date beside its view counter: 2012-03-26 浏览.
DATED_COUNTER = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*(?:浏览|阅读|点击|访问)")
# A list of past issues: everything from here on is debris.
TRAILER = re.compile(r"^\s*(?:过往期刊|往期回顾|往期推荐|更多期刊)")
ISSUE_LIST = re.compile(r"^\s*[•·\-*]?\s*第?\s*\d{4}-\d{2}-\d{2}\s*期?\s*$")
# The same notes in parentheses anywhere in a line: ……保障更优。(本报综合报道)
BYLINE_NOTE = re.compile(r"[(\[]\s*(?:本报(?:综合报道|讯|记者|通讯员)|记者|通讯员)[^()\[\]]{0,20}?[)\]]")
# …and a short caption signed by its photographer: 大会现场。(潘 华 摄), …(黄永福 摄).JPG
PHOTO_CAPTION = re.compile(
    r"^\s*[(\[]?\s*(?:图为|摄影|记者\s*\S{2,4}\s*摄)|^.{0,40}[(\[][^()\[\]]{1,16}摄[)\]](?:\.(?:jpe?g|png|gif))?\s*$", re.IGNORECASE
)


@dataclass
class Line:
    start: int  # offset of the first content character in the original text
    end: int  # offset just past the last content character
    text: str  # original characters, content only
    view: str  # matching view of ``text`` (same length)
    number: int  # 1-based line number in the file
    debris: bool = False
    continuation: bool = False  # the line held a continuation marker
    page_label: str | None = None
    cuts: list[tuple[int, int]] = field(default_factory=list)  # debris spans removed inside the line

    @property
    def empty(self) -> bool:
        return not self.text.strip()


# Whole lines that are furniture by their own look (PORTAL is read without pinyin and menus by their words,
# in split_lines).
DEBRIS_LINES = (FURNITURE, BARE_STAMP, ISSUE_LIST, IMAGE_FILE, TEMPLATE_SITE, BREADCRUMB, STAMP_SOURCE, COUNTER)


def split_lines(text: str) -> list[Line]:
    """Every line of ``text`` with debris marked and continuation markers cut out."""
    view = matching_view(text)
    lines: list[Line] = []
    offset = 0
    trailer = False
    for number, raw in enumerate(text.split("\n"), start=1):
        start, end = offset, offset + len(raw)
        offset = end + 1
        line = _trim(text, view, start, end, number)
        trailer = trailer or bool(TRAILER.match(line.view))
        if not trailer and PORTAL.match(strip_pinyin(line.view)) and (body := _run_in_body(line.view)):
            # 时间:2023-02-12 17:172月11日，政协米脂县…: the site's stamp line runs into the news item's first paragraph.
            stamp = _trim(text, view, line.start, line.start + body, number)
            stamp.debris = True
            lines.append(stamp)
            line = _trim(text, view, line.start + body, line.end, number)
            _cut_markers(line, text, view)
        elif trailer or any(p.match(line.view) for p in DEBRIS_LINES) or PORTAL.match(strip_pinyin(line.view)) or _menu(line.view):
            line.debris = True
        elif PAGE_HEADER.match(line.view):
            line.debris = True
            line.page_label = line.text.strip()
        elif PHOTO_CAPTION.match(line.view):
            line.debris = True
        else:
            _cut_markers(line, text, view)
        if not line.debris and not line.empty and _label_value(lines, line):
            line.debris = True
        lines.append(line)
    return lines


EMPTY_LABEL = re.compile(r"^[\u4e00-\u9fff]{1,6}[:：]$")  # 来源: alone on its line
LABEL_VALUE = 20  # the longest value a portal prints on the line under its label (来源: / 石榴云/新疆日报)


def _label_value(lines: list[Line], line: Line) -> bool:
    """A portal's label left empty on its line (来源:), its value on the next: the value is furniture too."""
    previous = next((earlier for earlier in reversed(lines) if not earlier.empty), None)
    view = compact(line.view)
    return (
        previous is not None and previous.debris and EMPTY_LABEL.match(compact(previous.view)) is not None
        and len(view) <= LABEL_VALUE and not re.search(r"[。，,；;]", view)
    )


RUN_IN_STAMP = re.compile(r"\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?\s+\d{1,2}:\d{2}(?::\d{2})?")
RUN_IN_MIN = 20  # characters of running text after the stamp that make it a paragraph


def _run_in_body(view: str) -> int | None:
    """Where running text starts after a furniture line's time stamp, if a paragraph follows it."""
    stamps = list(RUN_IN_STAMP.finditer(view))
    if not stamps:
        return None
    rest = view[stamps[-1].end() :]
    return stamps[-1].end() if len(rest.strip()) >= RUN_IN_MIN and re.search(r"[，,。]", rest) else None


def _menu(view: str) -> bool:
    """Five or more short words separated by spaces or bars: a navigation menu."""
    words = [w for w in re.split(r"[\s|｜/]+", view.strip()) if w]
    return len(words) >= 5 and all(MENU_ITEM.match(w) for w in words)


def publication_date(lines: list[Line]):
    """(year, month, day) of the first 时间/日期 line among the page's furniture, or None."""
    for line in lines:
        if line.debris and (match := PUBLISHED.search(strip_pinyin(line.view))):
            return _valid(match)
    for line in lines[:STAMP_LINES]:
        if match := STAMP.search(line.view) or DATED_COUNTER.match(line.view):
            return _valid(match)
    return None


def _valid(match: re.Match):
    year, month, day = (int(part) for part in match.groups())
    return (year, month, day) if 1 <= month <= 12 and 1 <= day <= 31 else None


def _trim(text: str, view: str, start: int, end: int, number: int) -> Line:
    while start < end and view[start].isspace():
        start += 1
    while end > start and view[end - 1].isspace():
        end -= 1
    return Line(start, end, text[start:end], view[start:end], number)


def _cut_markers(line: Line, text: str, view: str) -> None:
    """Remove continuation markers and bylines from a line, keeping offsets right."""
    spans = [(m.start(), m.end()) for m in CONTINUATION.finditer(line.view) if _is_continuation(m.group())]
    if spans:
        line.continuation = True
    byline = BYLINE.match(line.view)
    if byline and byline.end() > 0:
        spans.append((byline.start(), byline.end()))
    spans.extend((m.start(), m.end()) for m in BYLINE_NOTE.finditer(line.view) if not byline or m.start() >= byline.end())
    if not spans:
        return
    spans.sort()
    line.cuts = [(line.start + a, line.start + b) for a, b in spans]
    first, last = spans[0], spans[-1]
    # Markers sit at the edges of a line; what lies between them stays content.
    new_start = line.start + (first[1] if first[0] == 0 else 0)
    new_end = line.start + (last[0] if last[1] == len(line.view) else len(line.view))
    if new_end <= new_start:
        line.debris = True
        return
    trimmed = _trim(text, view, new_start, new_end, line.number)
    line.start, line.end, line.text, line.view = trimmed.start, trimmed.end, trimmed.text, trimmed.view


def _is_continuation(marker: str) -> bool:
    inner = marker.strip("()[] ")
    # A bare 接 only with a page after it: (接待群众) is text, (接2版) is a marker.
    return bool(CONTINUATION_WORDS.match(inner) or re.match(r"^接\s*[A-Z]?\d{1,2}\s*版", inner))


def content_spans(line: Line) -> list[tuple[int, int]]:
    """The line's content as (start, end) spans, skipping markers cut from its middle."""
    spans, cursor = [], line.start
    for a, b in line.cuts:
        if line.start < a < line.end:
            spans.append((cursor, a))
            cursor = max(cursor, b)
    spans.append((cursor, line.end))
    return [(a, b) for a, b in spans if b > a]
