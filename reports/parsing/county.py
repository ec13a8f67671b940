"""Which county a document belongs to: CPPCC-context evidence weighed by where it stands.

A county name counts only where the text says it is that county's CPPCC:
政协XX县…, XX县政协, 政协第十届XX县委员会, 中国人民政治协商会议XX县委员会,
XX县第十届政协. A bare name is no evidence: 代县长 is an acting county head, a
province list in a portal's menu names no county, 中原 in a slogan is no 中原区,
and a county in a footer link is another county's page. Evidence counts more
the nearer it stands to the document's head: the title and its header lines,
then the opening paragraphs, then the page banner (text before the first
document, the newspaper's page label), then the rest of the body.

A wrong county is worse than none, so the finder abstains, with a warning, when
the evidence is thin, split between counties, contradicted by a province the
head names, or outweighed by a prefecture's or province's CPPCC (a city-level
report that mentions one county in passing).
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field

from .diagnostics import warn
from .normalize import strip_pinyin
from .places import GENERIC_NAMES, CountyMatch, Gazetteer
from .types import Place

TITLE, OPENING, BANNER, BODY = 8, 4, 2, 1  # weights by position
MIN_SCORE = 2  # one mention deep in the body is not enough
SEVERAL = 4  # counties named in CPPCC context that make a digest, not one county's document
# What may follow a name for it to be the CPPCC's: 县政协, 县第十届政协, 县委员会 (after 政协).
# A portal's bracketed place label counts as the name before 政协: [富民县]政协十届四次会议.
# A prefecture's counties together (景德镇市县(市、区)政协, 各县市区政协) make the prefecture's context.
AFTER_NAME = re.compile(
    r"^(?:[县区市旗]|县\s*\([市区、\s]{1,4}\)|县市区)?(?:\]\s*)?(?:第?[一二三四五六七八九十\d]{1,3}届)?(?:政协|政治协商)"
)
# 在乐平市政协会议室召开: a venue lent by a county's CPPCC, not the document's owner.
VENUE_AFTER = re.compile(r"^[县区市旗]?政协(?:机关)?(?:会议室|大楼|礼堂|办公楼|会议中心|报告厅)")
COMMITTEE_AFTER = re.compile(r"^(?:[县区市旗])?(?:第?[一二三四五六七八九十\d]{1,3}届)?(?:委员会)")
# What may precede a name: 政协, 政协第十届, 中国人民政治协商会议.
BEFORE_NAME = re.compile(
    r"(?:政协|政治协商会议)(?:第?[一二三四五六七八九十\d]{1,3}届)?(?:[\u4e00-\u9fff]{2,7}?(?:省|自治区|市|州|盟|地区))?$"
)
# The county's own organs and media establish it too, at half weight: 中共XX县委, XX县人民政府, XX县融媒体中心.
ORGAN_AFTER = re.compile(
    r"^(?:[县区市旗])?(?:委(?!员)|人民政府|政府|人大|[\u4e00-\u9fff]{0,4}(?:传媒|广播电视|电视台|融媒|新闻网|新闻中心)|门户网|提案工作|讯(?!息))"
)
# 县政协 with its county left out: the document is a county's, named elsewhere.
# …and 我市/我县 in the head: the text is that kind of place's own (我市进入“两会”时间).
ELIDED = re.compile(r"([县区旗市])政协|我([县区旗市])")
# Before a two-character name (代县, 开县) only these may stand: 召开县政协 is no 开县.
FUNCTION_WORDS = set("和与及对向在于从由到是")
NAME_HOLDERS = set("协议届省市州盟区")
NAME_LEAD = set("在于与和及赴到是对向由从协议届市省州盟区共了的、，,:： \n()（）[]【】“”《》")
PARTY = re.compile(r"(?:中共|中国共产党|人大|人民代表大会)")
MUNICIPALITIES = {"北京市", "天津市", "上海市", "重庆市"}
# Words before a name that make it another place than the text's own: 赴XX县考察, 与XX县, 来自XX县.
RELATION = re.compile(r"(?:赴|到|往|来自|与|同|和|及|、|对口|帮扶|结对|援建|考察|学习|交流|邻县|兄弟)$")


@dataclass
class Attribution:
    """The county (or None), the province when it is known without a county, and why."""

    match: CountyMatch | None = None
    province: Place | None = None
    warnings: list[str] = field(default_factory=list)


def _cppcc_context(text: str, start: int, end: int) -> bool:
    before, after = text[max(0, start - 14) : start], text[end : end + 8]
    if AFTER_NAME.match(after) or BEFORE_NAME.search(before):
        return True
    # XX县委员会 is the CPPCC's only after 政协 (政协第十届XX县委员会), never 中共XX县委员会.
    return bool(COMMITTEE_AFTER.match(after)) and "政协" in before and not PARTY.search(before)


def _whole_name(text: str, end: int, name: str, gazetteer: Gazetteer) -> bool:
    """A county named in passing, not a look-alike: not half of 政协 (和政|协), not a two-character
    full name (和县 in 县委和县政府)."""
    return text[end - 1 : end + 1] != "政协" and not (name in gazetteer.by_full and len(name) < 3)


def _title_word(text: str, start: int, end: int, name: str) -> bool:
    """代县长, 副区长: the name's suffix belongs to an office; 召开县政协: the name is half a word."""
    if name[-1] not in "县区市旗":
        return False
    if text[end : end + 1] == "长":
        return True
    if len(name) != 2 or start == 0 or text[start - 1] == "\n":
        return False
    # 和县 after a comma is more often "and the county …": a function word needs 政协/届/省/市 before it.
    return text[start - 1] not in (NAME_HOLDERS if name[0] in FUNCTION_WORDS else NAME_LEAD)


@functools.lru_cache(maxsize=4)
def province_names(gazetteer: Gazetteer) -> frozenset[str]:
    """Provinces' names in full and short: 浙江省 and 浙江, 广西壮族自治区 and 广西."""
    full = {row.province_name for row in gazetteer.by_code.values()}
    return frozenset(full | {re.sub(r"(?:(?:壮族|回族|维吾尔)?自治区|省|市)$", "", name) for name in full})


def _named_in_full(name: str) -> bool:
    """承德市, 浙江省: a place the text names; 承德 or 金华 alone may be inside a word or a name (传承德, 唐金华)."""
    return name[-1] in "省市州盟区" or name.endswith("地区")


class Evidence:
    """Scores per county code and per higher-level (prefecture/province) CPPCC, from weighted zones."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.counties: dict[str, int] = defaultdict(int)
        self.higher: dict[str, int] = defaultdict(int)  # province code → score of 市政协/省政协 evidence
        self.higher_names: dict[str, str] = {}
        self.notes: dict[str, str] = {}
        self.head_provinces: set[str] = set()  # province codes named in the title and opening
        self.head_named_provinces: set[str] = set()  # …by a full name or a province's (承德 alone may be 传承德)
        self.context: dict[str, int] = defaultdict(int)  # county code → prefecture/province names seen
        self.elided: set[str] = set()  # 县/区/市/旗 of a 县政协 the head names without its county
        self.passing: dict[str, set[str]] = defaultdict(set)  # county name → codes, named outside any CPPCC context
        self.passing_count: dict[str, int] = defaultdict(int)  # …and how often (a title counts three times)
        self.named_in_passing: set[str] = set()  # every county name outside a CPPCC context, 赴XX县 included

    def add(self, text: str, weight: int, *, title: bool = False):
        gazetteer = self.gazetteer
        if weight >= OPENING:
            self.elided |= {kind for pair in ELIDED.findall(text) for kind in pair if kind}
        found = list(gazetteer.mentions(text))
        starts = {start for _name, start in found}
        for name, start in found:
            end = start + len(name)
            in_context = _cppcc_context(text, start, end)
            if in_context and text[start - 1 : start] == "在" and VENUE_AFTER.match(text[end : end + 12]):
                in_context = False
            if name in gazetteer.context and end in starts:
                in_context = False  # 沈阳市辽中区: the prefecture only qualifies the county's name
            if name in gazetteer.context:
                for code in gazetteer.context[name]:
                    self.context[code] += 1
                province = self._province_of(name)
                if province and weight >= OPENING:
                    self.head_provinces.add(province)
                    if _named_in_full(name) or name in province_names(gazetteer):
                        self.head_named_provinces.add(province)
                if in_context and province and not gazetteer.rows_named(name):
                    self.higher[province] += weight
                    self.higher_names[province] = name
                continue
            if _title_word(text, start, end, name):
                continue
            rows = gazetteer.rows_named(name)
            organ = not in_context and bool(ORGAN_AFTER.match(text[end : end + 8]))
            plain_title = title and name in gazetteer.by_full and name not in GENERIC_NAMES
            if rows and not (in_context or organ or plain_title) and _whole_name(text, end, name, gazetteer):
                self.named_in_passing.add(name)
                if not RELATION.search(text[max(0, start - 4) : start]):
                    self.passing[name].update(row.code for row, _note in rows)
                    self.passing_count[name] += 3 if title else 1
            if not rows or not (in_context or organ or plain_title):
                continue
            for row, note in rows:
                self.counties[row.code] += weight if in_context else max(1, weight // 2)
                if note:
                    self.notes[row.code] = note

    def _province_of(self, name: str) -> str | None:
        codes = self.gazetteer.context[name]
        provinces = {self.gazetteer.by_code[code].province_code for code in codes}
        return provinces.pop() if len(provinces) == 1 else None

    def decide(self) -> Attribution:
        result = self._decide()
        if result.match is None and result.province is None:
            # No county, but the province may still be plain: every candidate in it, or the only one the head names.
            provinces = {self.gazetteer.by_code[code].province_code for code in self.counties} | set(self.higher)
            if len(provinces) == 1:
                result.province = self._province_place(provinces.pop())
            elif not provinces and len(self.head_provinces) == 1:
                result.province = self._province_place(next(iter(self.head_provinces)))
        return result

    def _decide(self) -> Attribution:
        result = Attribution()
        higher = max(self.higher.values(), default=0)
        if not self.counties and not higher and (match := self._from_elided(result)):
            result.match = match
            return result
        if not self.counties:
            if higher:
                result.province = self._province_place(max(self.higher, key=self.higher.get))
                warn(result.warnings, "county_higher_cppcc", name=self.higher_names[max(self.higher, key=self.higher.get)])
            else:
                warn(result.warnings, "county_no_cppcc_context")
            return result
        context = {code: min(self.context.get(code, 0), 5) for code in self.counties}
        ranked = sorted(self.counties, key=lambda code: (self.counties[code], context[code]), reverse=True)
        best = ranked[0]
        row = self.gazetteer.by_code[best]
        raw = self.counties[best]
        if len(ranked) > 1:
            second = ranked[1]
            # The same name in two places (朝阳区): the province or prefecture the text names decides.
            same_name = self.gazetteer.by_code[second].name == row.name
            told_apart = same_name and self.counties[second] == raw and context[best] > context[second]
            if self.counties[second] * 2 > raw and not told_apart:
                names = "、".join(f"{self.gazetteer.by_code[c].province_name}{self.gazetteer.by_code[c].name}" for c in ranked[:3])
                warn(result.warnings, "county_ambiguous", names=names)
                return result
        # Several different counties (one name in several provinces counts once): a digest, not one county's text.
        by_name: dict[str, int] = {}
        for code, score in self.counties.items():
            name = self.gazetteer.by_code[code].name
            by_name[name] = max(by_name.get(name, 0), score)
        if raw * 2 < sum(by_name.values()) or len(by_name) >= SEVERAL:
            warn(result.warnings, "county_one_of_several", county=row.name)
            return result
        if raw < (1 if row.name[-1] in self.elided else MIN_SCORE):
            warn(result.warnings, "county_weak_evidence", county=row.name)
            return result
        if higher >= raw and row.province_name not in MUNICIPALITIES:
            name = self.higher_names[max(self.higher, key=self.higher.get)]
            warn(result.warnings, "county_outweighed", name=name, county=row.name)
            result.province = self._province_place(max(self.higher, key=self.higher.get))
            return result
        if self.head_named_provinces and row.province_code not in self.head_named_provinces:
            warn(result.warnings, "county_wrong_province", county=row.name)
            return result
        if best in self.notes:
            warn(result.warnings, "county_evidence_note", note=self.notes[best])
        result.match = CountyMatch(row, raw)
        return result

    def _from_elided(self, result: Attribution) -> CountyMatch | None:
        """县政协 with its county left out, and one county of that kind named elsewhere (助力始兴发展): that one.

        Only when nothing else is in sight: no county or higher CPPCC in context, a single county
        name in the whole text, of the elided kind (县 for 县政协), at least once not after 赴/与/来自,
        and no province named against it.
        """
        elided = self.elided - {"市"}  # 市政协 is a prefecture's as often as a county-level city's
        if not elided:
            return None
        candidates = {
            name: {code for code in codes if self.gazetteer.by_code[code].name[-1] in elided}
            for name, codes in self.passing.items()
        }
        candidates = {name: codes for name, codes in candidates.items() if codes}
        if len(candidates) != 1 or set(candidates) != self.named_in_passing:
            return None  # another county named too (赴XX县, 太湖县、宿松县): no telling which is the text's
        ((name, codes),) = candidates.items()
        # A short form (始兴 for 始兴县) may be an ordinary word: it must come back, or stand in the title.
        if len(codes) != 1 or (name not in self.gazetteer.by_full and self.passing_count[name] < 2):
            return None
        row = self.gazetteer.by_code[codes.pop()]
        if self.head_named_provinces and row.province_code not in self.head_named_provinces:
            return None
        warn(result.warnings, "county_from_elided", elided="".join(sorted(self.elided)), county=row.name)
        return CountyMatch(row, 1)

    def _province_place(self, code: str) -> Place:
        row = next(r for r in self.gazetteer.rows if r.province_code == code)
        return Place(row.province_code, row.province_name)


def attribute(gazetteer: Gazetteer, title: str, opening: str, banner: str, body: str) -> Attribution:
    """The county of a document from its zones (each the matching view of that text)."""
    evidence = Evidence(gazetteer)
    evidence.add(strip_pinyin(title), TITLE, title=True)
    evidence.add(strip_pinyin(opening), OPENING)
    evidence.add(strip_pinyin(banner), BANNER)
    evidence.add(strip_pinyin(body), BODY)
    return evidence.decide()

