"""Numbers that matter, with the metric they measure and the clause they came from.

A number counts when it has a unit (件, 篇, 次 …) and is not an ordinal (第四次,
十届五次会议), a year, a date, an anniversary or a slogan in quotation marks
(“两个确立”). Its metric comes from the words around it inside its clause,
nearest first, and from the topic of its sentence: in "全年共收集社情民意信息412篇，
上报市政协58篇、省政协12篇" the second and third numbers are public-opinion
reports sent up although their clauses do not say 社情民意 again.

The quote is the clause (between ，；。) that holds the number, so it is short and
``raw[start:end] == quote`` by construction.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .diagnostics import warn
from .numerals import CN_NUMERAL_CHARS, qualifier, to_int
from .types import MAX_VALUE, ParsedStatistic, ParseWarning

UNITS = "场次|人次|件次|万人次|余次|次|件|篇|场|个|项|条|期|份|批|名|人|家|所|部|处|册|本|幅|首"
NUMBER_UNIT = re.compile(
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+|\d+|[{CN_NUMERAL_CHARS}]+)(?P<q>余|多)?\s*(?P<unit>{UNITS})"
)
SENTENCE_END = re.compile(r"[。！？!?；;]")
CLAUSE_END = re.compile(r"[。！？!?；;,，:：]")

# After the number: words that make it no count at all.
NOT_COUNT_AFTER = re.compile(r"^(?:全会|党代会|代表大会|次会议|会议以来|届|周年|年|月|日)")
ORDINAL_BEFORE = re.compile(r"(?:第|届|十|县|市)$")

MEETINGS = [
    ("meetings_plenary", re.compile(r"全体会议|全体委员会议|全会")),
    ("meetings_standing_committee", re.compile(r"常委会议|常委会会议|常务委员会会议|常委会")),
    ("meetings_chair", re.compile(r"主席会议|主席会|主席办公会")),
    ("consultations", re.compile(r"协商座谈会|座谈会|专题协商|协商会|协商活动|对口协商|界别协商|议政会|协商议政|提案办理协商|协商")),
    ("inspections", re.compile(r"调研视察|视察调研|调研|视察|考察|督查|暗访")),
]
RESEARCH = re.compile(r"调研报告|建议案|协商报告|视察报告|专题报告|调研成果|建议报告")
OPINION = re.compile(r"社情民意")
OPINION_ADOPTED = re.compile(r"采用|采纳|录用|批示|肯定性批示|转化")
OPINION_LEVELS = [
    ("opinion_reports_to_national", re.compile(r"全国政协")),
    ("opinion_reports_to_province", re.compile(r"省政协|自治区政协")),
    ("opinion_reports_to_city", re.compile(r"市政协|州政协|盟政协|地区政协")),
]
PROPOSAL = re.compile(r"提案")
PAST = re.compile(r"以往|往年|历年|历届|上届")
TARGET = re.compile(r"(?:要|应当|应|需|力争|确保|争取|每人|至少|不少于)[^，,。]{0,8}$")
OPINION_UNITS = {"篇", "份", "条", "件"}  # 编报信息刊物12期 counts issues of a bulletin, not reports
REFUSED = r"(?:不予|未予?|不)立案"
# 不予立案的17件: refused; 建议立案93件: a first reading's recommendation, not yet filed.
NOT_FILED = re.compile(rf"{REFUSED}|(?:建议|拟)立案")
CONVERTED = re.compile(r"转(?:为|作|交)?(?:社情民意|意见建议|委员来信)")
# 其中…: a part of the total just given (其中集体提案25件), unless it says which stage (其中立案…, 其中重点提案…).
PART = re.compile(r"其中(?!.{0,6}(?:立案|重点|督办|办结|办复|答复)).{0,14}$|(?:集体|个人|联名|界别|党派)提案(?:共|有)?$")
BREAKDOWN = re.compile(r"(?:方面|领域|类)(?:的)?(?:提出|提交)?(?:提案|建议)?(?:共|有)?$|^.*就.{2,14}(?:提出|提交)(?:提案)?$")
# 围绕乡村振兴提出提案46件: a count by topic, a part of the total.
TOPIC_PART = re.compile(r"^\s*(?:围绕|关于|涉及|针对|聚焦)[^。；;，,]{2,40}?(?:提出|提交|撰写)了?(?:的)?(?:提案)?$")
# 其中，专门委员会提出的提案1件，乡镇联络组提出的提案8件: every count after 其中 in the sentence is a part,
# unless it names a stage (其中立案…, 其中重点提案…).
SENTENCE_PART = re.compile(r"其中(?![^。；;]{0,8}(?:立案|重点|督办|办结|办复|答复))[^。；;]*$")
# 在经济建设上，提出提案64件，占24.7%: a count followed by its share of the whole is a part of it
# (unless its own clause says it is the whole: 共收到提案236件).
SHARE = re.compile(r"^[,，]\s*占(?:[^，,。；;]{0,10}?\d+(?:\.\d+)?\s*[%％]|[^，,。；;]{0,6}总数)")
WHOLE = re.compile(r"共|总|累计|合计|全年|全部")
# 报送相关部门800条: passed on to government departments, not a count of reports collected or sent up.
FORWARDED = re.compile(r"(?:报送|转送|转交|转给|送交)(?:给)?(?:有关|相关|各)?(?:部门|单位)")
# 有26件提案因不属于本区工作范围不予立案: the refusal said after the number.
REFUSED_AFTER = re.compile(rf"^[^，,。；;]{{0,24}}?{REFUSED}")
# The noun a number is followed by, before the next number's words: 5件重点提案和10件提案.
PREVIOUS_NOUN = re.compile(r"^(?:的)?(?:重点提案|提案|社情民意信息|社情民意|信息)(?:和|、|及|与|以及)")
MERGED = re.compile(r"并案(?:处理)?后(?:为|共|实际)?(?:立案)?")
FILED_PROPOSALS = re.compile(r"^(?:的)?立案(?:的)?提案")
# 对闭会期间收到的2件提案: proposals that came between sessions, beside the session's total.
BETWEEN_SESSIONS = re.compile(r"闭会期间")
# 11个重点提案办理协商, 3个提案督办调研: the number counts the meetings named after the proposals.
EVENT_AFTER = re.compile(r"^[^，,。；;、]{0,10}?(?:协商|座谈会|会议|活动|调研|视察)(?=[，,。；;、和及与]|$)")
# 提出…意见建议130多条: suggestions, not proposals, though the sentence speaks of proposals too.
SUGGESTIONS = re.compile(r"(?:意见建议|意见和建议|建议|意见)$")
# 提案被…采纳的187件占提案总数的87%: a share of the proposals; the total named after 占 is not this number's.
SHARE_OF = re.compile(r"占")
# 提案被…采纳的187件: how many were taken up (the adoption said before the number)…
ADOPTED_BEFORE = re.compile(r"被[^，,。；;]{0,20}(?:采纳|采用)的?$")
# …and 有190条信息被自治区、贵港市政协采用: said after it.
ADOPTED_AFTER = re.compile(r"^[^，,。；;]{0,24}?被[^，,。；;]{0,24}?(?:采用|采纳|录用|批示)")
PROPOSAL_RULES = [
    ("proposals_supervised", re.compile(r"督办")),
    ("proposals_key", re.compile(r"重点提案")),
    ("proposals_filed", re.compile(r"立案|列为提案")),
    ("proposals_closed", re.compile(r"办结|办复|答复|办理完毕|已办理|已全部办理|已全部办复")),
    ("proposals_received", re.compile(r"收到|征集|提交|提出|共收|收集|收提案|交提案|报送提案|撰写|提案总数|总数")),
]
MEETING_UNITS = {"次", "场", "场次", "余次", "期"}
DOCUMENT_UNITS = {"篇", "份", "个", "条", "期", "件", "部"}
OTHER_UNITS = {"件", "篇", "次", "场", "场次", "个", "项", "条", "人次", "名", "人", "家", "批", "份", "期", "万人次"}


@dataclass
class _Number:
    start: int  # offsets in the view/original
    end: int
    value: int
    unit: str
    qualifier: str
    chinese: bool  # printed in Chinese numerals: counted only for a named metric


# A sentence about several years: 五年来, 过去五年, 本届以来 (the term so far), 2019年以来.
YEARS_SINCE = re.compile(
    r"(?:过去|近)([两三四五六七八九十\d]{1,2})年|([两三四五六七八九十\d]{1,2})年(?:来|间|以来|中)|本届(?:以来|来|政协以来)|届内|(\d{4})年以来"
)


NAMED_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)(?!以来)")


LAST_YEAR = re.compile(r"去年|上年度|上一年")


def sentence_start(view: str, offset: int) -> int:
    """Where the sentence holding ``offset`` begins (after the last 。！？； or line break)."""
    return max(view.rfind(mark, 0, offset) for mark in "。！？!?；;\n") + 1


def period_of(sentence: str, year: int | None, session: int | None = None) -> str | None:
    """"2024", or "2020-2024" when the sentence counts over several years ending with ``year``."""
    named = NAMED_YEAR.search(sentence)
    if named and not YEARS_SINCE.search(sentence):
        return named.group(1)  # 对2020年10件重点提案进行督办: the year the sentence names
    if year is None:
        return None
    match = YEARS_SINCE.search(sentence)
    if match is None:
        return str(year)
    if match.group(3):
        first = int(match.group(3))
        return f"{first}-{year}" if first < year else str(year)
    if match.group(1) or match.group(2):
        span = to_int(match.group(1) or match.group(2))
    else:
        span = session  # 本届以来 in the n-th session's report covers n years
    if not span or span <= 1:
        return str(year) if span == 1 else None
    return f"{year - span + 1}-{year}"


def extract(
    text: str, view: str, spans: list[tuple[int, int]], warnings: list[ParseWarning], year: int | None = None, session: int | None = None,
    municipality: bool = False,
) -> list[ParsedStatistic]:
    """Statistics in ``spans`` (offsets into ``text``/``view``, the file's original and matching view).

    In a municipality's district or county (``municipality``) 市政协 is the provincial level.
    """
    found: list[ParsedStatistic] = []
    for span_start, span_end in spans:
        segment = view[span_start:span_end]
        for s_start, s_end in _pieces(segment, SENTENCE_END):
            sentence = segment[s_start:s_end]
            period = period_of(sentence, year, session)
            first = len(found)
            for c_start, c_end in _pieces(sentence, CLAUSE_END):
                clause = sentence[c_start:c_end]
                base = span_start + s_start + c_start
                numbers = list(_numbers(clause, base, warnings))
                cursor = 0
                for number in numbers:
                    local_start, local_end = number.start - base, number.end - base
                    nxt = [n.start - base for n in numbers if n.start - base > local_start]
                    before = clause[cursor:local_start]
                    if cursor and (own := PREVIOUS_NOUN.match(before)):
                        before = before[own.end() :]  # 5件重点提案和10件提案: 重点提案 is the 5's, not the 10's
                    after = clause[local_end : (nxt[0] if nxt else len(clause))]
                    topic = sentence[: c_start + local_start]
                    metric, wording, rule = classify(before, after, number.unit, topic)
                    if metric == "proposals_received" and not WHOLE.search(clause) and SHARE.match(sentence[c_end:]):
                        metric, wording, rule = "other", "", "proposal:share"  # 提出提案64件，占24.7%: one topic's share
                    if municipality and metric == "opinion_reports_to_city" and "市政协" in wording:
                        metric = "opinion_reports_to_province"  # 重庆市政协 is a province-level CPPCC
                    cursor = local_end
                    if metric is None or (metric == "other" and number.chinese):
                        continue
                    q_start, q_end = _quote_bounds(clause, base)
                    if metric == "other":
                        wording = text[q_start:q_end][:40]
                    found.append(
                        ParsedStatistic(
                            metric=metric,
                            value=number.value,
                            qualifier=number.qualifier,
                            unit=number.unit.replace("余", ""),
                            quote=text[q_start:q_end],
                            start=q_start,
                            end=q_end,
                            wording=wording,
                            year=year,
                            period=period,
                            rule=rule,
                        )
                    )
            _settle_filed(found[first:], view)
    return found


ACTUAL = re.compile(r"实际立案|合并后立案|并案后立案|并案(?:处理)?后")


def _settle_filed(sentence_stats: list[ParsedStatistic], view: str) -> None:
    """立案78件、并案6件，实际立案72件: once merged proposals are netted out, only the actual count is the filed total."""
    filed = [stat for stat in sentence_stats if stat.metric == "proposals_filed"]
    actual = [stat for stat in filed if ACTUAL.search(view[stat.start : stat.end])]
    if actual:
        for stat in filed:
            if stat not in actual:
                stat.metric, stat.wording = "other", stat.quote[:40]


def _pieces(text: str, boundary: re.Pattern) -> list[tuple[int, int]]:
    pieces, cursor = [], 0
    for match in boundary.finditer(text):
        pieces.append((cursor, match.start()))
        cursor = match.end()
    pieces.append((cursor, len(text)))
    return [(a, b) for a, b in pieces if b > a]


def _quote_bounds(clause: str, base: int) -> tuple[int, int]:
    start, end = 0, len(clause)
    while start < end and clause[start].isspace():
        start += 1
    while end > start and clause[end - 1].isspace():
        end -= 1
    if end - start > 200:
        end = start + 200
    return base + start, base + end


def _inside_quotes(clause: str, index: int) -> bool:
    opened = clause.count("“", 0, index) + clause.count("「", 0, index)
    closed = clause.count("”", 0, index) + clause.count("」", 0, index)
    return opened > closed or clause[:index].count('"') % 2 == 1


def _numbers(clause: str, base: int, warnings: list[ParseWarning]):
    for match in NUMBER_UNIT.finditer(clause):
        raw, unit = match.group("num"), match.group("unit")
        before, after = clause[: match.start()], clause[match.end() :]
        if ORDINAL_BEFORE.search(before) and not raw.isdigit():
            continue
        if before.endswith("第") or NOT_COUNT_AFTER.match(after) or _inside_quotes(clause, match.start()):
            continue
        if unit in {"个", "次"} and after.startswith(("百分点", "一百年", "确立", "维护", "意识", "自信")):
            continue
        try:
            value = to_int(raw)
        except ValueError:
            continue
        chinese = not raw[0].isdigit()
        if chinese and value == 1:
            continue  # 一次, 一项: an article, not a count
        if chinese and raw in {"十", "百", "千", "万"}:
            continue
        if value > MAX_VALUE:
            warn(warnings, "number_too_large", start=base + match.start(), end=base + match.end(), number=raw, clause=clause.strip()[:30])
            continue
        q = "more_than" if match.group("q") or unit == "余次" else qualifier(before, after)
        yield _Number(base + match.start(), base + match.end(), value, unit.replace("余", "") or unit, q, chinese)


# What may stand between a keyword and its number: 召开常委会议5次, 开展协商活动36场次.
BETWEEN = re.compile(r"^(?:等|等活动|活动|会|共|累计|总计|合计|达|计|了|共计)?$")


def _right_before(pattern: re.Pattern, before: str) -> str | None:
    matches = list(pattern.finditer(before))
    if matches and BETWEEN.match(before[matches[-1].end() :].strip()):
        return matches[-1].group()
    return None


def _right_after(pattern: re.Pattern, after: str) -> str | None:
    match = pattern.match(re.sub(r"^(?:\(次\)|的|各类)", "", after))
    return match.group() if match else None


def _opinion_topic(topic: str) -> bool:
    """The sentence so far speaks of opinion reports, and of them after any proposals it names.

    转为社情民意 names what proposals became, not a report; and when the sentence speaks of opinion reports and
    then of proposals (作为社情民意综合反映的政协提案，去年达到了348件), the nearer word is this number's.
    """
    words = CONVERTED.sub("", topic)
    opinions = [m.start() for m in OPINION.finditer(words)]
    proposals = [m.start() for m in PROPOSAL.finditer(words)]
    return bool(opinions) and (not proposals or proposals[-1] < opinions[-1])


def classify(before: str, after: str, unit: str, topic: str) -> tuple[str | None, str, str]:
    """(metric, wording, rule) for a number from its words; metric None if it is no statistic.

    ``rule`` names the branch that decided, so a stored statistic says why it got its metric.
    """
    near_after = after[:10]
    near_before = before[-16:]
    unit = unit.replace("余", "") or "次"
    if NOT_FILED.search(near_before) or CONVERTED.search(near_before) or _right_after(CONVERTED, after) or REFUSED_AFTER.match(after):
        return "other", "", "refused_or_converted"  # 不予立案的17件, 转为社情民意信息32件: not counted as filed or as opinion reports
    if unit in MEETING_UNITS:
        for metric, pattern in MEETINGS:
            match = _right_after(pattern, after) or _right_before(pattern, before)
            if match:
                return metric, match, f"meeting:{metric}"
    if unit in DOCUMENT_UNITS and (match := RESEARCH.search(near_before) or RESEARCH.search(near_after)):
        return "research_reports", match.group(), "research"
    if TARGET.search(near_before):
        return "other", "", "target"  # 每人要撰写社情民意6篇: a target, not a count
    if unit in OPINION_UNITS and (_opinion_topic(topic) or OPINION.search(CONVERTED.sub("", near_before)) or OPINION.search(near_after)):
        if FORWARDED.search(near_before):
            return "other", "", "opinion:forwarded"
        if not PROPOSAL.search(near_before) and ADOPTED_AFTER.match(after):
            return "opinion_reports_adopted", ADOPTED_AFTER.match(after).group(), "opinion:adopted_after"
        if not PROPOSAL.search(near_before):
            # Only this number's own words: in 上报市政协108篇、省政协32篇 the next
            # number's 省政协 must not leak back.
            if match := OPINION_ADOPTED.search(near_before) or _right_after(OPINION_ADOPTED, after):
                return "opinion_reports_adopted", match if isinstance(match, str) else match.group(), "opinion:adopted"
            for metric, pattern in OPINION_LEVELS:
                if match := pattern.search(near_before) or _right_after(pattern, after):
                    return metric, match if isinstance(match, str) else match.group(), f"opinion:{metric}"
            return "opinion_reports", "社情民意信息", "opinion"
    if unit == "件" and (match := _right_before(MERGED, before)):
        return "proposals_filed", match, "filed:merged"  # 共立案133件，并案处理后为123件: the filed total after merging
    if unit == "件" and (match := _right_before(re.compile(r"立案"), before)):
        return "proposals_filed", match, "filed"  # 立案 counts proposals even where 提案 is not said
    if unit in {"件", "条", "个"} and (PROPOSAL.search(topic) or PROPOSAL.search(near_before) or PROPOSAL.search(near_after)):
        if PAST.search(near_before):
            return "other", "", "proposal:past"  # 以往确定的30件重点提案: earlier years' proposals
        if PART.search(near_before) or BREAKDOWN.search(near_before) or TOPIC_PART.match(before) or SENTENCE_PART.search(topic):
            return "other", "", "proposal:part"  # 其中网上提交100件, 经济方面提案70件: a part of the total
        if BETWEEN_SESSIONS.search(near_before):
            return "other", "", "proposal:between_sessions"
        if EVENT_AFTER.match(after):
            return "other", "", "proposal:event"
        if not PROPOSAL.search(near_before) and SUGGESTIONS.search(near_before):
            return "other", "", "proposal:suggestions"
        if ADOPTED_BEFORE.search(near_before):
            return "other", "", "proposal:adopted"  # 被…采纳的187件: how many were taken up, not received
        # This number's own words first: in 提交提案4311件、经审查立案4098件 the 立案 is the next number's.
        # 135件立案提案已全部办理完毕: 立案 describes the proposals; what is said of them (办理完毕) is the metric.
        described = FILED_PROPOSALS.sub("", after[:24])
        for context in (near_before, SHARE_OF.split(described[:20])[0]):
            for metric, pattern in PROPOSAL_RULES:
                if match := pattern.search(context):
                    return metric, match.group(), f"proposal:{metric}"
    if unit in OTHER_UNITS:
        wording = re.sub(r"^[\s、和及与]+", "", near_before[-10:]) + unit + re.split(r"[、，,。]", near_after)[0][:8]
        return "other", wording.strip(), "other_unit"
    return None, "", ""
