"""Which county a text is about: gazetteer names, short forms, and disambiguation.

Newspapers write the full name (绛县, 灵石县, 鄂托克前旗) in titles and often a
short form in the body (灵石, 长子). Some names exist in several provinces
(朝阳区, 城区, 永定区), so a match is scored: where it appears (the title counts
most), how often, and whether the text also names the candidate's prefecture or
province (山西, 运城). A name that stays ambiguous gives no county rather than a
guess.
"""
from __future__ import annotations

import functools
import re
from collections import defaultdict
from dataclasses import dataclass

from .normalize import matching_view
from .gazetteer import DEFAULT_CSV, FORMER_NAMES_CSV, FormerName, GazetteerRow, read_former_names, read_rows
from .types import Place

# Suffixes stripped to make short forms: longest first so 自治县 wins over 县.
SUFFIXES = ("自治县", "自治旗", "林区", "特区", "县", "区", "市", "旗")
# Province names as written in running text (山西 for 山西省, 内蒙古 for 内蒙古自治区).
PROVINCE_SUFFIXES = ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市")
# Full names that are also ordinary words: they count only in a title.
GENERIC_NAMES = {"城区", "郊区", "矿区", "新区", "市中区", "市辖区", "城中区", "城关区", "河东区", "河西区", "开发区"}
# Short forms that are ordinary words in this genre, never evidence on their own.
GENERIC_SHORT = {"长子", "朝阳", "新华", "和平", "友谊", "团结", "胜利", "前进", "民主", "红旗", "东方", "中山", "人民", "文化", "发展", "平安", "安全", "城关", "合作", "开放", "共和", "和谐", "永和", "太平", "长安", "新城", "东山", "西山", "南山", "北山", "会同"}  # 政协会同有关部门: "together with"
CPPCC_TITLE = re.compile(r"政协|委员会")
TITLE_WEIGHT, FULL_WEIGHT, SHORT_WEIGHT, CONTEXT_WEIGHT = 20, 3, 1, 2


# The 55 minority nationalities as autonomous counties name them (长阳土家族自治县 → 长阳).
NATIONALITIES = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 "
    "仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各"
).split()
NATIONALITY_TAIL = re.compile(rf"(?:{'|'.join(sorted(NATIONALITIES, key=len, reverse=True))})族$")
BANNER_WING = re.compile(r"^(.{2,})(左|右)翼(前|中|后)?旗$")  # 科尔沁左翼中旗 → 科左中旗
BANNER_SIDE = re.compile(r"^(.{3,})(左|右|前|中|后)旗$")  # 土默特左旗 → 土左旗, 乌拉特前旗 → 乌前旗
UNITED_BANNER = re.compile(r"^(.{3})(.{3})联合旗$")  # 达尔罕茂明安联合旗 → 达茂旗


def abbreviations(name: str) -> set[str]:
    """How the genre shortens a name the suffix rule cannot: 自治县 bases and banner abbreviations.

    >>> sorted(abbreviations("科尔沁左翼中旗"))
    ['科左中', '科左中旗']
    >>> sorted(abbreviations("长阳土家族自治县"))
    ['长阳', '长阳县']
    """
    found = set()
    for suffix, plain in (("自治县", "县"), ("自治旗", "旗")):
        if name.endswith(suffix):
            base = name[: -len(suffix)]
            while NATIONALITY_TAIL.search(base):
                base = NATIONALITY_TAIL.sub("", base)
            if len(base) >= 2 and base != name[: -len(suffix)]:
                found |= {base, base + plain}
            elif not base and len(name) - len(suffix) >= 3:  # 东乡族自治县 → 东乡县
                found |= {name[: -len(suffix) - 1] + plain}
            if (wing := re.match(r"^(.{2,})(左|右)翼$", base)):  # 喀喇沁左翼蒙古族自治县 → 喀左县
                found |= {wing.group(1)[0] + wing.group(2) + plain}
    if match := BANNER_WING.match(name):
        short = match.group(1)[0] + match.group(2) + (match.group(3) or "")
        found |= {short + "旗"} | ({short} if len(short) >= 3 else set())
    elif match := BANNER_SIDE.match(name):
        found |= {match.group(1)[0] + match.group(2) + "旗"}
    elif match := UNITED_BANNER.match(name):
        found |= {match.group(1)[0] + match.group(2)[0] + "旗"}
    return found


def short_form(name: str, suffixes=SUFFIXES) -> str | None:
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return None


@dataclass
class CountyMatch:
    row: GazetteerRow
    score: int

    @property
    def county(self) -> Place:
        return Place(self.row.code, self.row.name)

    @property
    def province(self) -> Place:
        return Place(self.row.province_code, self.row.province_name)


class Gazetteer:
    """County lookup over the gazetteer rows; build once, reuse for every file."""

    def __init__(self, rows: list[GazetteerRow], former: list[FormerName] = ()):
        self.rows = rows
        self.by_full: dict[str, list[GazetteerRow]] = defaultdict(list)
        self.by_short: dict[str, list[GazetteerRow]] = defaultdict(list)
        self.context: dict[str, set[str]] = defaultdict(set)  # name of a prefecture/province → codes under it
        for row in rows:
            self.by_full[row.name].append(row)
            short = short_form(row.name)
            if short and short not in GENERIC_SHORT:
                self.by_short[short].append(row)
            for name in (row.city_name, short_form(row.city_name, ("地区", "自治州", "盟", "市"))):
                if name and name not in {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}:
                    self.context[name].add(row.code)
            for name in (row.province_name, short_form(row.province_name, PROVINCE_SUFFIXES)):
                if name:
                    self.context[name].add(row.code)
        # Texts are read in their simplified matching view, where a name may change
        # (乾安县 reads 干安县): each such name is known under its view too.
        views = matching_view("\n".join(row.name for row in rows)).split("\n")
        for row, view in zip(rows, views):
            if view != row.name:
                self.by_full[view].append(row)
                short = short_form(view)
                if short and short not in GENERIC_SHORT:
                    self.by_short[short].append(row)
        # Short forms that are also another county's full name are dropped (e.g. 沙县 vs 沙县区).
        for short in list(self.by_short):
            if short in self.by_full:
                del self.by_short[short]
        self.by_code = {row.code: row for row in rows}
        # Other names of a division: abbreviations (科左中旗) and former names (开县 until 2016).
        self.aliases: dict[str, list[tuple[GazetteerRow, str]]] = defaultdict(list)
        taken = set(self.by_full) | set(self.by_short) | set(self.context)
        for row in rows:
            for alias in abbreviations(row.name) - taken:
                self.aliases[alias].append((row, f"{alias} = {row.name}"))
        for old in former:
            if old.code in self.by_code and old.name not in self.by_full:
                self.aliases[old.name].append((self.by_code[old.code], f"{old.name} (until {old.valid_until}) = {self.by_code[old.code].name}"))
        self._names = taken | set(self.aliases)
        # Name lengths by first character, longest first: most characters start no
        # name at all, so a scan tries a slice only where one could begin.
        lengths: dict[str, set[int]] = defaultdict(set)
        for name in self._names:
            if len(name) >= 2:  # a lone character is never a place name here
                lengths[name[0]].add(len(name))
        self._lengths = {first: sorted(found, reverse=True) for first, found in lengths.items()}

    def knows(self, name: str) -> bool:
        """Is ``name`` a county-level division, possibly after its city (太原市小店区)?"""
        for cut in range(len(name) - 1):
            prefix, rest = name[:cut], name[cut:]
            if prefix and prefix not in self.context:
                continue
            if self.rows_named(rest) or short_form(rest) in self.by_full:
                return True
        return False

    def is_higher(self, name: str) -> bool:
        """A prefecture's or province's name, possibly after its province's (辽宁省丹东市)."""
        return name in self.context or any(
            name[:cut] in self.context and name[cut:] in self.context for cut in range(2, len(name) - 1)
        )

    def rows_named(self, name: str) -> list[tuple[GazetteerRow, str | None]]:
        """Divisions a county-level name may stand for, each with a note when it is an alias."""
        if name in self.by_full:
            return [(row, None) for row in self.by_full[name]]
        # 东乡县 may be 东乡区 (东乡县 until 2016) or 东乡族自治县: every reading counts.
        found = [(row, None) for row in self.by_short.get(name, ())] + list(self.aliases.get(name, ()))
        base = short_form(name)
        if base and base != name:
            found += [(row, f"{name} = {row.name}") for row in self.by_short.get(base, ())] + list(self.aliases.get(base, ()))
        unique = {}
        for row, note in found:
            unique.setdefault(row.code, (row, note))
        return list(unique.values())

    def mentions(self, text: str):
        """(name, start) for every gazetteer name in ``text``, longest match at each place.

        A set lookup per position and possible length: a regular-expression
        alternation of thousands of names is tried name by name and is two
        orders slower.
        """
        i, n = 0, len(text)
        names, lengths = self._names, self._lengths
        while i < n:
            for length in lengths.get(text[i], ()):
                if length <= n - i and text[i : i + length] in names:
                    yield text[i : i + length], i
                    i += length
                    break
            else:
                i += 1

    def match(self, title: str, body: str) -> CountyMatch | None:
        """The county a document is about, from its title (strong) and body (weak).

        When the title names a county, only the counties it names can win; the
        body then only tells them apart (which 市中区?). Otherwise the body's
        mentions decide.
        """
        title_scores = self._scores(title, TITLE_WEIGHT, TITLE_WEIGHT // 2, in_title=True)
        body_scores = self._scores(body, FULL_WEIGHT, SHORT_WEIGHT, in_title=False)
        scores = defaultdict(int)
        for code in title_scores or body_scores:
            scores[code] = title_scores.get(code, 0) + body_scores.get(code, 0)
        if not scores:
            return None
        context_codes: dict[str, int] = defaultdict(int)
        for name, _ in self.mentions(title + "\n" + body):
            for code in self.context.get(name, ()):
                context_codes[code] += 1
        for code in scores:
            scores[code] += CONTEXT_WEIGHT * min(context_codes.get(code, 0), 5)
        best = max(scores.values())
        leaders = [code for code, score in scores.items() if score == best]
        if len(leaders) != 1:
            return None
        return CountyMatch(self.by_code[leaders[0]], best)

    def _scores(self, text: str, weight_full: int, weight_short: int, *, in_title: bool) -> dict[str, int]:
        scores: dict[str, int] = defaultdict(int)
        formal = bool(CPPCC_TITLE.search(text))
        for name, _ in self.mentions(text):
            if name in self.by_full:
                if name in GENERIC_NAMES and not in_title:
                    continue
                for row in self.by_full[name]:
                    scores[row.code] += weight_full
            elif name in self.by_short and (not in_title or formal):
                # A short form in a slogan-like title (最大同心圆 → 大同) is no evidence.
                for row in self.by_short[name]:
                    scores[row.code] += weight_short
        return scores


@functools.lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    return Gazetteer(read_rows(DEFAULT_CSV), read_former_names(FORMER_NAMES_CSV))

