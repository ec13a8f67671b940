"""One page → several documents: find title lines and member-speech blocks.

A title is a short line (or two or three short lines printed as one title) with
no sentence punctuation that names a CPPCC text: …工作报告, …决议, …讲话,
…提案工作情况报告, or a news headline about a session (…会议开幕). Members'
plenary speeches are printed as blocks: a person's name, then a two- or
three-line title, block after block.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .layout import Line
from .names import is_person_name
from .normalize import compact, matching_view, reading

EXCERPT = re.compile(r"[(\[]?摘要[)\]]?$|\([^()]{1,16}\)$")  # (摘要), (草案审议稿), (政协常委会工作报告)
CPPCC = re.compile(r"政协|政治协商|委员会")
# Order matters: a resolution on a work report is a resolution, a proposal report
# "of the standing committee" is a proposal report.
TITLE_RULES = [
    ("political_resolution", re.compile(r"政治决议(?:\(草案\))?$")),
    ("resolution", re.compile(r"决议(?:\(草案\))?$")),
    ("proposal_work_report", re.compile(r"提案(?:初步)?(?:工作|审查|办理)(?:工作)?(?:情况)?的?(?:报告|通报)$")),
    ("standing_committee_work_report", re.compile(r"(?:常务委员会|常委会)(?:的)?工作报告$")),
    ("speech", re.compile(r"^(?:在|于).{4,60}(?:上的|上)(?:讲话|致辞|发言|报告)$|(?:讲话|致辞|开幕词|闭幕词|主持词)$")),
    ("other", re.compile(r"(?:开幕|闭幕|召开|举行|胜利闭幕|隆重开幕|圆满完成各项议程)$")),
    ("other", re.compile(r"^关于(?:召开|举行).{4,60}的决定$")),
    ("other", re.compile(r"(?:提案|社情民意).{0,20}(?:综述|情况|工作)$")),
]
# Photo captions print a sentence without punctuation: 县政协副主席某某向大会作提案工作报告.
CAPTION = re.compile(r"向大会|主持(?!词)|出席|现场|^(?:热烈)?(?:祝贺|庆祝)")  # …and congratulation banners
SENTENCE_PUNCT = re.compile(r"[。；;！!？?，,：:]")
MAX_TITLE_LINE = 60
MAX_TITLE_LINES = 3
MAX_SPEECH_TITLE_LINE = 20


@dataclass
class DocSpan:
    kind: str
    title: str
    title_lines: list[Line]
    lines: list[Line] = field(default_factory=list)  # content lines after the title
    speaker: str | None = None
    is_excerpt: bool = False
    continued: bool = False  # a continuation marker stood on a line of its own
    before: list[Line] = field(default_factory=list)  # page lines before it that belong to no document (a banner)
    headline: bool = False  # started by a news headline rather than a formal title
    roundup_item: bool = False  # one item of a round-up: it names its own body and takes nothing from the page
    note: str = ""  # an adoption note printed on the title's line: (2024年1月19日…会议审议通过)
    heading: list[Line] = field(default_factory=list)  # the page's heading over it, repeating its title: in its text


# Template (范文) sites number and label their copies: 第1篇 提案工作情况报告, 政协会议闭幕大会主持词范文.
TEMPLATE_LABELS = re.compile(r"^第[\d一二三四五六七八九十]{1,3}篇|(?:范文|范例|模板)(?:大全)?$|篇[\d一二三四五六七八九十]{1,3}$")
# Names only a CPPCC text bears, with or without 政协 in the title (人大 has 议案, not 提案).
CPPCC_ONLY = re.compile(r"提案(?:初步)?(?:工作|审查|办理)(?:工作)?(?:情况)?的?(?:报告|通报)$")
# A speech's script names itself: …发言材料, …讲话稿 (…讲话 alone may be a headline about one).
SPEECH_SCRIPT = ("开幕词", "闭幕词", "主持词", "发言材料", "发言稿", "讲话稿", "讲话材料")


def title_kind(text: str) -> str | None:
    """The kind of document a title names, or None if it is no title."""
    text = TEMPLATE_LABELS.sub("", EXCERPT.sub("", ADOPTION_NOTE.sub("", compact(reading(matching_view(text)))))).strip()
    if len(text) < 6 or CAPTION.search(text) or not (CPPCC.search(text) or text.startswith("在") or CPPCC_ONLY.search(text)):
        return None
    if text.endswith(SPEECH_SCRIPT[3:]):
        return "speech"
    for kind, pattern in TITLE_RULES:
        if pattern.search(text):
            if kind.endswith("_report") and NEWS_VERBS.search(text):
                return "other"  # 委员们讨论常委会工作报告: a news headline about the report
            if kind == "speech" and "会" not in text and not text.endswith(SPEECH_SCRIPT):
                return None
            return kind
    return None


# How a text without a formal title shows its kind in its first paragraphs.
BODY_KINDS = [
    ("proposal_work_report", re.compile(r"(?:受|我代表).{0,30}向(?:大会|全会).{0,20}报告.{0,30}提案(?:工作|审查|办理)")),
    # The report speaks in the first person: 我受常务委员会的委托，向大会报告工作 (a news item says 代表常委会作报告).
    ("standing_committee_work_report", re.compile(
        r"(?:受.{0,30}(?:常务委员会|常委会).{0,6}委托|我代表.{0,30}(?:常务委员会|常委会)).{0,6}向(?:大会|全会)(?:报告.{0,12}工作|[作做]工作报告)"
    )),
    ("speech", re.compile(r"(?:各位委员|各位代表|同志们|各位领导).{0,200}?(?:闭幕|开幕|(?:圆满|顺利|胜利)完成(?:了)?各项议程|胜利召开)")),
]
NEWS_VERBS = re.compile(r"学习|讨论|审议|热议|解读|聆听|听取|分组")
# …with its adoption note above it, and the body named in full: (2009年1月13日…通过) 政协第十届某某自治区委员会第二次会议期间.
REVIEW_OPENING = re.compile(
    r"^\s*(?:\([^()]{4,60}通过\)\s*)?(?:自治区|[县市区旗]|[\u4e00-\u9fff]{2,8}(?:自治区|[县市区旗省州盟]))?(?:政协|中国人民政治协商会议)"
    r"[^，,。]{0,24}次(?:会议|全会|全体会议)(?:期间|开幕以来|召开以来)"
)
MEETING_NARRATION = re.compile(r"召开|主持|会议认为|会议指出|会议经过|会议要求|(?:^|[。])\d{1,2}月\d{1,2}日")
# A news item tells of the report in the third person: 县政协副主席白海珠受…委托，向大会报告….
REPORTED = re.compile(r"(?:主席|秘书长|主任|同志)[\u4e00-\u9fff·]{0,4}(?:受|代表)$")
# A subtitle that discusses the report is a commentary's, not the report's own.
COMMENTARY = re.compile(r"^(?:解读|学习|热议|聚焦|评析|读|看|谈|浅析|关于)")
RESOLUTION_WORDS = re.compile(r"会议(?:号召|认为|审议批准|同意|要求|强调)")


def body_kind(views: list[str]) -> str | None:
    """The kind an untitled text's opening shows (受常务委员会的委托，向大会报告工作 …), or None."""
    # The opening: the first three lines of running text (a template site prints its labels above them).
    running = [view for view in views if len(compact(view)) >= 20] or views
    opening = reading("".join(views[:3] + running[:2]))
    for kind, pattern in BODY_KINDS:
        if (found := pattern.search(opening)) and not (kind.endswith("_report") and REPORTED.search(opening[: found.start() + 1])):
            return kind
    if len(set(RESOLUTION_WORDS.findall(reading("".join(views[:8]))))) >= 3:
        return "political_resolution"
    # A proposal review report without its title: 县政协十四届六次会议期间，委员们…提案。…经审查，立案169件 —
    # told from a news item on the review meeting by the meeting it would narrate (召开, 主持, 会议认为).
    body = reading("".join(running[:4]))
    if REVIEW_OPENING.match(reading(running[0])) and re.search(r"立案\d+件", body) and not MEETING_NARRATION.search(body):
        return "proposal_work_report"
    return None


# The adoption note printed on the title's own line: …的报告 (2024年1月19日市政协五届四次会议审议通过).
ADOPTION_NOTE = re.compile(r"\([^()]{4,40}(?:通过|审议|会议上|草案|摘要|讨论稿|审议稿)\)$")


def _title_candidate(line: Line) -> bool:
    view = ADOPTION_NOTE.sub("", compact(line.view))
    return (
        0 < len(view) <= MAX_TITLE_LINE
        and not SENTENCE_PUNCT.search(view.replace("(摘要)", ""))
        and not view.startswith(("—", "(", "各位", "一、", "二、", "三、"))
    )


DATE_ONLY = re.compile(r"^\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}\s*日?$")  # a dateline above a title


def _match_title(lines: list[Line], i: int) -> tuple[str, int] | None:
    """(kind, number of lines) for the longest title starting at line ``i``."""
    if DATE_ONLY.match(compact(lines[i].view)):
        return None
    best = None
    joined = ""
    for j in range(i, min(i + MAX_TITLE_LINES, len(lines))):
        if not _title_candidate(lines[j]):
            break
        joined += lines[j].view
        kind = title_kind(joined)
        if kind:
            best = (kind, j - i + 1)
        elif best is None and j + 1 < len(lines) and compact(lines[j + 1].view).startswith("—"):
            # A slogan as the main title, the document's name in a —— subtitle.
            subtitle = compact(lines[j + 1].view).lstrip("—")
            kind = title_kind(subtitle)
            if kind and not COMMENTARY.match(subtitle):
                return kind, j - i + 2
    return best


def _speech_block(lines: list[Line], i: int) -> int:
    """Number of short title lines after a name line at ``i`` (0 if it starts no block)."""
    if not is_person_name(compact(lines[i].view)):
        return 0
    count = 0
    for j in range(i + 1, min(i + 4, len(lines))):
        view = compact(lines[j].view)
        if is_person_name(view) or not (2 < len(view) <= MAX_SPEECH_TITLE_LINE) or SENTENCE_PUNCT.search(view):
            break
        count += 1
    return count


def segment(lines: list[Line]) -> list[DocSpan]:
    """Documents in page order; lines before the first title form an untitled fragment."""
    content = [line for line in lines if (not line.debris and not line.empty) or line.continuation]
    spans: list[DocSpan] = []
    lead: list[Line] = []
    banner_lines: list[Line] = []
    i = 0
    while i < len(content):
        if content[i].debris:
            # A marker line such as (上接 A4 版): the document it sits in is a fragment.
            if spans:
                spans[-1].continued = True
            i += 1
            continue
        if CONGRATULATION.match(compact(content[i].view)) and (banner := _match_title(content, i + 1)):
            # 热烈祝贺 / 政协XX县第X届委员会第X次会议胜利召开: a banner over the page, no document.
            banner_lines.extend(content[i : i + 1 + banner[1]])
            i += 1 + banner[1]
            continue
        title = _match_title(content, i)
        if title:
            kind, n = title
            head = content[i : i + n]
            text = "".join(line.text for line in head)
            title_text = _clean_title(text)
            note = ADOPTION_NOTE.search(title_text)
            spans.append(
                DocSpan(
                    kind, title_text[: note.start()] if note else title_text, head, is_excerpt=bool(re.search(r"摘要", text)),
                    note=note.group() if note else "",
                )
            )
            i += n
            continue
        if _news_headline(content, i) and (spans[-1].kind == "other" if spans else bool(lead)):
            # A page of news items: each headline after a finished item starts the next.
            spans.append(DocSpan("other", _clean_title(content[i].text), [content[i]], headline=True))
            i += 1
            continue
        block = _speech_block(content, i) if _in_speech_run(content, i) else 0
        if block:
            if spans and spans[-1].kind != "member_speech" and spans[-1].lines and _is_column_title(spans[-1].lines[-1]):
                # A column heading over the speeches (协商议政建良言) belongs to no document.
                spans[-1].lines.pop()
            head = content[i + 1 : i + 1 + block]
            spans.append(
                DocSpan("member_speech", " ".join(line.text.strip() for line in head), head, speaker=compact(content[i].text))
            )
            i += 1 + block
            continue
        (spans[-1].lines if spans else lead).append(content[i])
        i += 1
    lead_text = "".join(line.view for line in lead)
    other_body = OTHER_BODY.search("".join(line.view for line in lead[:3])) and not CPPCC_BODY.search("".join(line.view for line in lead[:3]))
    # Text above the first title is a document if it reads as one (or is all the page has).
    if lead and (any(_body_like(line) for line in lead) or not spans) and CPPCC_BODY.search(lead_text) and not other_body:
        if (
            spans and spans[0].kind == "other" and not spans[0].headline and len(lead) <= NEWS_LEAD
            and not any(line.continuation for line in lead) and not _headline_like(lead[0])
        ):
            spans[0].lines = lead + spans[0].lines  # a news item's first paragraphs printed above its headline
            spans[0].lines.sort(key=lambda line: line.start)
        else:
            spans.insert(0, DocSpan(body_kind([line.view for line in lead]) or "other", "", [], lead))
    elif lead and spans:
        spans[0].before = lead  # a site's name, a slogan banner, a menu: no document
    if spans and banner_lines:
        spans[0].before = sorted(spans[0].before + banner_lines, key=lambda line: line.start)
    spans = [item for span in spans for item in split_roundup(span)]
    for span in spans:
        _drop_repeated_lines(span)
    return _drop_repeated_titles(spans)


# A round-up (各地政协动态): short items one after another, each about another body's CPPCC, with
# no headlines — each item opens on its subject (3月17日，郑州市中原区政协…, 尉氏县政协近日…) or stands
# under a label line (● 黔江区 ●, 【尉氏县】). Each item is a document of its own.
ITEM_LABEL = re.compile(r"^[●■◆▲★☆◇○□◎▌【\[]\s*([\u4e00-\u9fff]{1,9}?[县区市旗州盟])\s*[●■◆▲★☆◇○□◎】\]]?$")
ITEM_DATE = r"(?:\d{1,2}月\d{1,2}日(?:(?:至|到|—|-)(?:\d{1,2}月)?\d{1,2}日)?(?:[上中下]午|晚|晚上)?[,，]?|(?:近日|日前|近期)[,，]?)?"
ITEM_SUBJECT = re.compile(ITEM_DATE + r"((?:[\u4e00-\u9fff]{2,8}?[省市州盟])?[\u4e00-\u9fff]{1,8}?[县区市旗州盟])(?:政协|政治协商)")
# …but a paragraph on someone attending (长治市政协副主席李明出席会议) goes on the item before it.
ATTENDING = re.compile(r"^[^，,。；]{0,30}?(?:出席|列席|参加|陪同|应邀|到会|莅临|讲话)")
MIN_ROUNDUP_ITEMS = 3
MAX_ITEM_LINES = 4  # paragraphs (and bylines) an item holds; more makes a report, not a round-up


def _item_subject(line: Line) -> str | None:
    """The body a paragraph opens on (郑州市中原区 in 4月16日，郑州市中原区政协首次…), if it is a sentence."""
    view = compact(line.view)
    match = ITEM_SUBJECT.match(view)
    return match.group(1) if match and _body_like(line) and not ATTENDING.match(view) else None


def split_roundup(span: DocSpan) -> list[DocSpan]:
    """An untitled page of round-up items as one document per item; any other span as it is."""
    if span.title or span.kind != "other" or len(span.lines) < MIN_ROUNDUP_ITEMS:
        return [span]
    items: list[tuple[str, list[Line], list[Line]]] = []  # (subject, label lines, item lines)
    before: list[Line] = []
    for line in span.lines:
        view = compact(line.view)
        if label := ITEM_LABEL.match(view):
            items.append((label.group(1), [line], []))
            continue
        subject = _item_subject(line)
        current = items[-1] if items else None
        if subject and (current is None or (current[2] and subject != current[0])):
            items.append((subject, [], [line]))
        elif current is not None:
            current[2].append(line)
        else:
            before.append(line)  # the site's lines above the first item
    kept = [item for item in items if any(CPPCC_BODY.search(line.view) for line in item[2])]
    if (
        len({subject for subject, _, _ in kept}) < MIN_ROUNDUP_ITEMS  # a daily digest may come back to a body
        or any(len(lines) > MAX_ITEM_LINES for _, _, lines in kept)
    ):
        return [span]
    spans = [DocSpan("other", "", [], lines, before=labels, roundup_item=True) for _, labels, lines in kept]
    spans[0].before = span.before + before + spans[0].before
    spans[0].continued = span.continued
    return spans


REPEAT_WINDOW = 6  # lines under a title where a page prints its heading a second time


def _drop_repeated_lines(span: DocSpan) -> None:
    """The headline printed again under itself (page heading + article heading) is no body text."""
    seen = {compact(span.title)} if span.title else set()
    kept = []
    for n, line in enumerate(span.lines):
        view = compact(line.view)
        if n < REPEAT_WINDOW and not _body_like(line) and view in seen:
            continue
        seen.add(view)
        kept.append(line)
    span.lines = kept


CPPCC_BODY = re.compile(r"政协|政治协商")  # text naming no CPPCC (a 人大 page) is no document here
# …nor text that opens on another body's meeting: a people's congress, a party congress, a democratic party.
OTHER_BODY = re.compile(r"人大|人民代表大会|党代会|民革|民盟|民建|民进|农工党|致公党|九三学社|台盟")
CONGRATULATION = re.compile(r"^(?:热烈)?(?:祝贺|庆祝)$")
NEWS_LEAD = 3  # lines above a news headline that still belong to its item


def _body_like(line: Line) -> bool:
    """A line of running text: long enough, with a comma or a full stop."""
    view = compact(line.view)
    return len(view) >= 20 and bool(re.search(r"[。，,；;]", view))


def _drop_repeated_titles(spans: list[DocSpan]) -> list[DocSpan]:
    """A page's heading repeating the article's title (often letter-spaced or broken) makes no document."""
    kept: list[DocSpan] = []
    for i, span in enumerate(spans):
        following = spans[i + 1] if i + 1 < len(spans) else None
        if (
            following is not None
            and span.title
            and following.kind == span.kind
            and not any(_body_like(line) and not _summary_of(line, following.title) for line in span.lines)
            and (_repeats(span.title, following.title)
                 or span.kind in PAGE_HEADED and sum(len(compact(line.view)) for line in span.lines) < PAGE_HEADING_TEXT)
        ):
            following.before = span.before + span.title_lines + span.lines + following.before
            following.heading = span.heading + span.title_lines + span.lines
            continue
        kept.append(span)
    return kept


PAGE_HEADING_TEXT = 40  # characters under a page's heading (a date, a counter) before the article of the same kind starts
PAGE_HEADED = {"standing_committee_work_report", "proposal_work_report"}  # reports, never a few lines (member speeches may be)


COLUMN_LABEL = re.compile(r"^\[[^\[\]]{1,10}\]")  # 【两会时光】 before a headline
HEADLINE_ADVERBS = re.compile(r"胜利|隆重|圆满")


def _repeats(title: str, other: str) -> bool:
    """One title holds the other, read as the same body's (``_same_body``)."""
    one, two = _same_body(title), _same_body(other)
    return one in two or two in one


def _same_body(title: str) -> str:
    """A title compared with its repetition: the page may name the CPPCC in full once and short once, put a
    column label before one, or say 胜利闭幕 in one and 闭幕 in the other."""
    title = COLUMN_LABEL.sub("", compact(matching_view(title)))
    return HEADLINE_ADVERBS.sub("", title.replace("中国人民政治协商会议", "政协"))


def _summary_of(line: Line, title: str) -> bool:
    """A portal's summary line: the article's title run into its opening words (…决议(2023年…通过)中国人民…)."""
    return bool(title) and compact(line.view).startswith(compact(title))


NEWS_WORDS = re.compile(r"政协|委员")
MAX_HEADLINE = 40
SUBHEAD = re.compile(r"(?:讲话|致辞|发言|主持|报告)$")  # 某某讲话 under a news item is its subheading


def _headline_like(line: Line) -> bool:
    """A short unpunctuated line about a CPPCC: 某县政协开展委员走访活动."""
    view = compact(line.view)
    if not (6 <= len(view) <= MAX_HEADLINE) or SENTENCE_PUNCT.search(view) or not NEWS_WORDS.search(view) or SUBHEAD.search(view):
        return False
    return not (re.match(r"^[(\[（]?[一二三四五六七八九十\d]", view) or view.startswith(("—", "·", "•")))


def _news_headline(lines: list[Line], i: int) -> bool:
    """A headline-like line between a finished paragraph (or byline) and a new paragraph."""
    if not _headline_like(lines[i]):
        return False
    previous = compact(lines[i - 1].view) if i > 0 else ""
    # After a paragraph's full stop, or after the item's byline: (张 北), (记者 王丽).
    # …or after the item's closing byline, on its own line or run in: ……工作成效。(朱耀廷 李红)
    ended = previous.endswith(("。", "!", "！")) or bool(re.search(r"[。！!]\s*\([^()]{1,16}\)$", previous))
    finished = ended and _body_like(lines[i - 1]) or bool(re.match(r"^\(.{1,16}\)$", previous))
    return finished and i + 1 < len(lines) and _body_like(lines[i + 1])


def _in_speech_run(lines: list[Line], i: int) -> bool:
    """A name line starts a speech block only among at least two such blocks."""
    n = _speech_block(lines, i)
    if not n:
        return False
    after = i + 1 + n
    before_ok = False
    # Look back for a previous block ending right before this one.
    for back in range(2, 5):
        j = i - back
        if j >= 0 and _speech_block(lines, j) == back - 1:
            before_ok = True
            break
    return before_ok or (after < len(lines) and _speech_block(lines, after) > 0)


def _is_column_title(line: Line) -> bool:
    view = compact(line.view)
    return len(view) <= 12 and not SENTENCE_PUNCT.search(view) and not re.match(r"^[(（]?[一二三四五六七八九十\d]", view)


def _clean_title(text: str) -> str:
    # Titles are broken over lines and padded with spaces; inside a Chinese title
    # a space carries no meaning, so it goes.
    return re.sub(r"\s+", "", text)
