"""Who, when, where: term, session, dates, venue, speaker and years of a document.

Each finder reads the matching view (simplified, half-width) of the places where
the genre puts the fact: the title and the lines under it first (——在政协第十届
灵石县委员会第六次会议上, (2024年4月23日), a name line), then the opening
paragraphs. Abbreviated references such as 十届五次会议以来 name an earlier
session and are not taken as the document's own.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from .diagnostics import warn
from .names import is_person_name
from .normalize import compact, reading
from .numerals import ordinal
from .types import ParseWarning

CN_NUM = "〇零一二两三四五六七八九十"
ORD = rf"(\d{{1,2}}|[{CN_NUM}]{{1,3}})"
# 第十届 counts only as the CPPCC's: 政协第十届, 第十届XX县委员会, 十四届县政协 — not 第32届联系会,
# nor 当一届政协委员 (to serve one term).
# …and 六届四次常委会会议 (a standing committee's meeting: the term, no session).
TERM = re.compile(
    rf"第{ORD}届(?=[^,，。;；]{{0,12}}?(?:委员会|政协))|(?<=政协)第?{ORD}届|(?<![第\d{CN_NUM}当这每那同新]){ORD}届(?:[县区市旗])?政协"
    rf"|(?<![第\d{CN_NUM}]){ORD}届(?={ORD}次(?:常委会|常务委员会|主席会议|主席办公会))"
)
# 第五次会议, but not a standing committee's or a chair's meeting, nor "since the fifth session".
# 街道议事代表会第三次会议, 县人大常委会第五次会议: another body's meeting, right before 第X次会议.
OTHER_MEETING = re.compile(
    r"(?:代表会|代表大会|人大|常委会|党委|党组|村委|居委|议事会|联席会|联系会|联谊会|协作会|理事会|董事会)(?:第?[一二三四五六七八九十\d]{1,3}届)?$"
)
SESSION = re.compile(rf"(?<!常委会)(?<!常务委员会)(?<!主席)第{ORD}次(?:全体)?会议(?!以来)")
# 十届五次会议以来: an earlier session, which names neither the document's term nor its session.
SINCE = re.compile(rf"(?:第?{ORD}届)?(?:[县区市旗]?政协)?(?:第?{ORD}届)?(?:委员会)?第?{ORD}次(?:全体会议|会议|全会)(?:期间)?以来")
# 十届五次会议 / 十三届五次全会 / 十届五次: abbreviated term and session.
SHORT_FORM = re.compile(rf"(?<![委大{CN_NUM}\d]){ORD}届{ORD}次(?:全体会议|会议|全会|大会)(?!以来|期间以来|闭会)")
MIXED_YEAR = re.compile(rf"[{CN_NUM}0]{{4}}(?=年)")  # 二0一一年: a zero typed as a digit
DATE = re.compile(rf"(\d{{4}}|[{CN_NUM}]{{4}})年(\d{{1,2}}|[{CN_NUM}]{{1,3}})月(\d{{1,2}}|[{CN_NUM}]{{1,3}})日")
DATE_RANGE = re.compile(
    rf"(\d{{4}})年(\d{{1,2}})月(\d{{1,2}})日(?:上午|下午)?\s*(?:至|到|-|—|~)\s*(?:(\d{{4}})年)?(?:(\d{{1,2}})月)?(\d{{1,2}})日"
)
VENUE = re.compile(r"在([^\s,，。;；、在于]{2,20}?)(?:隆重|胜利|顺利)?(?:举行|召开|开幕|闭幕)")
SUBTITLE = re.compile(r"^—")
# (2024年1月10日), or a copy's date line that lost a parenthesis or its 年月: 2012324日).
DATE_LINE = re.compile(r"^[(\[].{0,60}[)\]]$|^[(\[]?\d{4}[年\d月]{2,8}日[)\]]?$")
NAME_LINE = re.compile(r"^(?:(.{0,16}?(?:主席|副主席|秘书长|书记|主任|县长|委员|常委))\s*)?([\u4e00-\u9fff·]{2,5})$")
SALUTATION = re.compile(r"^(?:各位委员|各位代表|委员们|同志们|各位领导)")
REPORTER = re.compile(
    r"(?:批准|听取|通过了|审议了|审议通过了|同意|讨论了|审议并通过了)([\u4e00-\u9fff]{2,4}?)(代?主席|副主席|秘书长)(?:代表.{0,40}?)?所作的(.{0,16}?报告)"
)
YEAR_IN_TEXT = re.compile(r"(\d{4})年")
# 政协第十届灵石县委员会 / 中国人民政治协商会议绛县委员会 / 政协鄂托克前旗第十一届委员会
TITLE_COUNTY = re.compile(
    rf"(?:政治协商会议|政协)(?:第{ORD}届)?([\u4e00-\u9fff]{{1,12}}?(?:自治县|自治旗|县|区|市|旗|林区|特区))(?:第{ORD}届)?(?:委员会|委員會)"
)


def county_named_in_title(title: str) -> str | None:
    """The county a formal title names (绛县 in 政协第十四届绛县委员会…), or None."""
    match = TITLE_COUNTY.search(compact(title))
    # A copy that stutters the name (第七届汶上汶上县委员会) names it once.
    return STUTTER.sub(r"\1", match.group(2)) if match else None


STUTTER = re.compile(r"^([\u4e00-\u9fff]{2,4})\1")


def term_and_session(texts: list[str]) -> tuple[int | None, int | None]:
    """Term (届) and session (次会议) from the first texts that name them."""
    term = session = None
    for text in texts:
        view = SINCE.sub("", reading(text))
        for match in SHORT_FORM.finditer(view):
            short_term = ordinal(match.group(1))
            # 四届五次会议 under a title that gave the term (第四届): the session, if the terms agree.
            if session is None and term in (None, short_term):
                term, session = short_term, ordinal(match.group(2))
        if term is None and (m := TERM.search(view)):
            term = ordinal(next(g for g in m.groups() if g))
        if session is None and (m := SESSION.search(view)):
            # The session must follow the committee's name, not some 第二次会议 of another body.
            if (term is None or view.find("届") < m.start()) and not OTHER_MEETING.search(view[max(0, m.start() - 8) : m.start()]):
                session = ordinal(m.group(1))
        if term is not None and session is not None:
            break
    return term, session


def parse_date(match: re.Match) -> date | None:
    try:
        return date(ordinal(match.group(1)), ordinal(match.group(2)), ordinal(match.group(3)))
    except (TypeError, ValueError):
        return None


# A dateline of its own under a headline: ———  2024-01-25.
DASHED_DATE = re.compile(r"^[—\-–\s]*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")


def _unsquash(match: re.Match) -> str:
    """2012324日 → 2012年3月24日 when only one split of the digits is a date; else unchanged."""
    year, digits = match.group(1), match.group(2)
    readings = []
    for cut in range(1, len(digits)):
        month, day = int(digits[:cut]), int(digits[cut:])
        if digits[cut] != "0" and 1 <= month <= 12 and 1 <= day <= 31:
            readings.append(f"{year}年{month}月{day}日")
    return readings[0] if len(readings) == 1 else match.group()


# A date that lost its 年 and 月 in a copy: (2012324日).
SQUASHED = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{3,4})日")


def first_date(texts: list[str], warnings: list[ParseWarning] | None = None) -> date | None:
    for text in texts:
        if dateline := DASHED_DATE.match(text):
            return parse_date(dateline)
        view = SQUASHED.sub(_unsquash, NO_YEAR_MARK.sub(r"\1年\2月\3日", first_day(compact(text))))
        for match in DATE.finditer(MIXED_YEAR.sub(lambda m: m.group().replace("0", "〇"), view)):
            found = parse_date(match)
            if found:
                return found
            if warnings is not None:
                warn(warnings, "impossible_date", date=match.group())
    return None


def session_dates(texts: list[str], warnings: list[ParseWarning] | None = None) -> tuple[date | None, date | None]:
    """A session's first and last day from '2024年2月18日至20日' style ranges."""
    for text in texts:
        view = compact(text)
        if "会议" not in view:
            continue
        match = DATE_RANGE.search(view)
        if match:
            y1, m1, d1, y2, m2, d2 = match.groups()
            try:
                start = date(int(y1), int(m1), int(d1))
                end = date(int(y2 or y1), int(m2 or m1), int(d2))
            except ValueError:
                if warnings is not None:
                    warn(warnings, "impossible_session_dates", dates=match.group())
                continue
            if end >= start:
                return start, end
            if warnings is not None:
                warn(warnings, "session_dates_reversed", dates=match.group())
    return None, None


def venue(texts: list[str]) -> str | None:
    for text in texts:
        view = compact(text)
        if "会议" not in view and "开幕" not in view:
            continue
        match = VENUE.search(view)
        if match and not re.search(r"\d|月|日|政协|委员会|届|次会议", match.group(1)):
            return match.group(1)
    return None


def header_lines(views: list[str]) -> int:
    """How many lines under a title are its subtitle, date and speaker lines."""
    count = 0
    for view in views[:5]:
        text = compact(view)
        if SUBTITLE.match(text) or DATE_LINE.match(text) or text in {"(摘要)", "摘要"}:
            count += 1
        elif speaker_line(view):
            count += 1
        else:
            break
    return count


def speaker_line(view: str) -> tuple[str, str | None] | None:
    """(name, role) for a line like '吴斌' or '县政协副主席  沈建华'."""
    text = view.strip()
    match = NAME_LINE.match(re.sub(r"\s+", " ", text).replace(" ", ""))
    if not match:
        parts = text.split()
        if len(parts) == 2 and is_person_name(parts[1]) and len(parts[0]) <= 16:
            return parts[1], parts[0]
        return None
    role, name = match.group(1), match.group(2)
    if role is None and not is_person_name(name):
        return None
    if role is not None:
        # '县政协副主席沈建华': the name is what follows the role word.
        if not is_person_name(name):
            return None
    return name, role


def reporters(views: list[str]) -> dict[str, tuple[str, str]]:
    """Speakers named in resolutions: {kind: (name, role)} for the reports they approve."""
    found = {}
    for view in views:
        for match in REPORTER.finditer(compact(view)):
            name, role, report = match.groups()
            kind = "proposal_work_report" if "提案" in report else "standing_committee_work_report" if "工作报告" in report else None
            if kind and is_person_name(name):
                found.setdefault(kind, (name, role))
    return found


def years_mentioned(text: str) -> list[int]:
    return [int(y) for y in YEAR_IN_TEXT.findall(text) if 1949 <= int(y) <= 2100]


MONTH_DAY = re.compile(rf"(?<![\d年{CN_NUM}])(\d{{1,2}}|[{CN_NUM}]{{1,3}})月(\d{{1,2}}|[{CN_NUM}]{{1,3}})[日号](电|讯)?")


# A site's time stamp run into the dateline (时间:2023-02-12 17:172月11日) is no part of the day.
TIME_OF_DAY = re.compile(r"\d{1,2}:\d{2}(?::\d{2})?")
# 今日开幕, 昨天下午: a news item's day counted from its page's publication date.
RELATIVE_DAY = re.compile(r"(今日|今天|昨日|昨天)(?:上午|下午|晚上|晚|凌晨)?")
DAYS_BACK = {"今日": 0, "今天": 0, "昨日": 1, "昨天": 1}
# A date that lost its 年 on a reposted page: 20261月5日.
NO_YEAR_MARK = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{1,2})月(\d{1,2})日")


def month_day(texts: list[str], published: tuple[int, int, int]) -> date | None:
    """The first 4月23日 in ``texts`` in the publication's year (the year before if it would be later)."""
    year, month, day = published
    for text in ["".join(texts)]:
        view = TIME_OF_DAY.sub("|", first_day(compact(text)))
        matches = [m for m in MONTH_DAY.finditer(view) if not FUTURE.search(view[: m.start()])]
        if len(matches) > 1 and matches[0].group(3):
            matches = matches[1:]  # 绥化1月31日讯 1月23日…: the dateline is the report's day, not the event's
        for match in matches:
            try:
                found = date(year, ordinal(match.group(1)), ordinal(match.group(2)))
                if found > date(year, month, day):
                    found = found.replace(year=year - 1)
            except (TypeError, ValueError):
                continue
            return found
    return None


# 将于1月23日开幕: a day to come, not the item's.
FUTURE = re.compile(r"(?:将于|拟于|定于|计划于|将在)$")
# 25号上午，…闭幕: a day of the month alone, the month and year the page's.
DAY_ONLY = re.compile(r"(?<![\d月〇零一二两三四五六七八九十])(\d{1,2})[日号](?:上午|下午|晚上|晚|凌晨|早上|中午)?[,，]")


def day_of_month(texts: list[str], published: tuple[int, int, int]) -> date | None:
    """A bare 25号 / 16日 in a news item's opening, in the publication's month (or the month before)."""
    year, month, day = published
    for text in texts:
        if (match := DAY_ONLY.search(compact(text))) and 1 <= (found := int(match.group(1))) <= 31:
            if found > day:
                year, month = (year, month - 1) if month > 1 else (year - 1, 12)
            try:
                return date(year, month, found)
            except ValueError:
                return None
    return None


def relative_day(texts: list[str], published: tuple[int, int, int]) -> date | None:
    """今日/昨天 in a news item's title or opening, counted from the publication date."""
    for text in texts:
        if match := RELATIVE_DAY.search(compact(text)):
            return date(*published) - timedelta(days=DAYS_BACK[match.group(1)])
    return None


# A report's review opens on its year: 2016年，对我省来说，是…的一年; 2017年是…开局之年.
OPENING_YEAR = re.compile(r"^((?:19|20)\d{2})年(?:是|[,，]|对)")
OPENING_YEAR_BLOCKS = 8


def opening_year(texts: list[str], dated: int | None) -> int | None:
    """The year the first paragraphs of a work report open on, when it is the year before its date (or it has none)."""
    for text in texts[:OPENING_YEAR_BLOCKS]:
        if match := OPENING_YEAR.match(compact(text)):
            year = int(match.group(1))
            return year if dated is None or year in (dated - 1, dated) else None
    return None


# 3月5~6日, 3月5-6日: a range of days read as its first day (a news item's date is the day its event began).
DAY_RANGE = re.compile(r"(\d{1,2}月\d{1,2})\s*[~～\-—–]\s*\d{1,2}日")


def first_day(view: str) -> str:
    return DAY_RANGE.sub(r"\1日", view)
