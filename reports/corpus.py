"""Synthetic raw pages at national scale, in the genre's real shape, for benchmarks.

Pure Python (no Django), deterministic for a given seed. Each page is what a
county newspaper prints for one session: a standing committee work report
(review of last year with numbered sections and run-in headings, numbers for
proposals, public-opinion reports and meetings; plan for the coming year), often
a proposal work report, and resolutions. Counties are real (the gazetteer);
terms run five years and sessions follow one another, one a year, so a county's
documents form a believable time series. The sentences are the patterns of the
seed texts with other numbers, so the parser, the search index and the
statistics see text of the true shape.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Iterator

from reports.parsing.gazetteer import GazetteerRow, read_rows

CN_DIGITS = "零一二三四五六七八九"
PLACEHOLDER_CITIES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}

REVIEW_HEADINGS = [
    "坚持用党的创新理论凝心铸魂，思想政治引领更加有力",
    "坚持围绕中心服务大局，助推高质量发展更有质效",
    "坚持广泛凝聚共识，大团结大联合局面更加生动",
    "坚持加强自身建设，履职保障基础更加坚实",
    "聚焦民生福祉，为民服务更加用心",
    "深化民主监督，监督实效进一步彰显",
]
PLAN_HEADINGS = [
    "以更高的思想站位坚守“政协初心”",
    "以更实的履职尽责践行“政协使命”",
    "以更深的民生情怀展现“政协担当”",
    "以更广的凝聚共识激发“政协力量”",
    "以更严的自身建设树优“政协形象”",
]
RUN_IN = [
    "旗帜鲜明讲政治。坚持把党的领导作为根本政治原则，重大问题、重要事项和重要工作及时向县委请示报告。",
    "聚焦乡村振兴开展议政协商。围绕建设宜居宜业和美乡村深入调研，提出意见建议{a}条，多项被采纳。",
    "聚焦转型发展开展深度协商。着眼破解产业发展瓶颈，组织委员深入企业、园区调研，形成调研报告{b}篇。",
    "加强合作共事凝聚向心力。依托委员联络站、委员之家等履职平台，开展各类活动{c}场次。",
    "多措并举强化委员队伍。组织委员学习培训{d}次，参训委员{e}人次，委员履职能力不断提升。",
]
FILLER = [
    "常委会坚持把学习贯彻习近平新时代中国特色社会主义思想作为首要政治任务，深刻领悟“两个确立”的决定性意义。",
    "县政协始终将保障和改善民生作为履职的出发点和落脚点，围绕群众急难愁盼问题建言献策。",
    "坚持“民有所呼、我有所应”，推动一批群众关心的实际问题得到解决。",
    "充分发挥政协文史“存史、资政、团结、育人”作用，推动文化传承发展。",
    "我们要始终保持奋斗者的姿态，适应新形势新要求，苦练内功、锤炼本领。",
]


def chinese_number(n: int) -> str:
    """Small integers (< 100) in Chinese, as terms and sessions are printed."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_DIGITS[tens]) + "十" + (CN_DIGITS[ones] if ones else "")


@dataclass
class Page:
    name: str
    text: str
    documents: int


class CorpusGenerator:
    def __init__(self, seed: int = 0, counties: list[GazetteerRow] | None = None):
        self.rng = random.Random(seed)
        self.counties = counties if counties is not None else read_rows()

    def pages(self, documents: int) -> Iterator[Page]:
        """Pages until at least ``documents`` documents are written, counties in turn, years ascending."""
        written = 0
        year_offset = 0
        while written < documents:
            for county in self.counties:
                if written >= documents:
                    return
                page = self._page(county, 2006 + year_offset % 20, written)
                written += page.documents
                yield page
            year_offset += 1

    def _page(self, county: GazetteerRow, year: int, serial: int) -> Page:
        rng = self.rng
        term = 8 + (year - 2006) // 5  # a five-year term, the county's 8th from 2006
        session = (year - 2006) % 5 + 1
        term_cn, session_cn = chinese_number(term), chinese_number(session)
        name = county.name
        start = (year, 1 + rng.randrange(3), 5 + rng.randrange(18))
        date = f"{start[0]}年{start[1]}月{start[2]}日"
        meeting = f"政协第{term_cn}届{name}委员会第{session_cn}次会议"
        # Real pages name their city or province somewhere; without it, names that
        # exist twice (朝阳区, 通州区) could not be told apart.
        region = county.province_name if county.city_name in PLACEHOLDER_CITIES else county.city_name
        parts = [f"第A{rng.randrange(1, 9):02d}版:{region}·{name}·两会\n"]
        parts.append(self._work_report(county, year, term, session, meeting, date))
        documents = 1
        if rng.random() < 0.6:
            parts.append(self._proposal_report(name, term_cn, session_cn, meeting, date))
            documents += 1
        if rng.random() < 0.5:
            parts.append(self._resolution(name, term_cn, session_cn, meeting, date))
            documents += 1
        parts.append("分享到:\n")
        return Page(name=f"{county.code}_{year}_{serial:07d}.txt", text="\n".join(parts), documents=documents)

    def _work_report(self, county, year, term, session, meeting, date) -> str:
        term_cn = chinese_number(term)
        rng = self.rng
        name = county.name
        received = rng.randrange(80, 400)
        filed = received - rng.randrange(5, max(6, received // 5))
        opinions = rng.randrange(30, 500)
        lines = [
            f"中国人民政治协商会议{name}委员会常务委员会工作报告{'(摘要)' if rng.random() < 0.3 else ''}",
            f"——在{meeting}上",
            f"({date})",
            rng.choice(["王建国", "李红梅", "张伟", "刘志强", "陈静", "赵晓东"]),
            "各位委员：",
            f"我代表政协第{term_cn}届{name}委员会常务委员会，向大会报告工作，请予审议。",
            f"{year - 1}年工作回顾",
            f"{year - 1}年是全面贯彻落实党的二十大精神的关键之年。一年来，在中共{name}委的坚强领导下，县政协常委会认真履行职能。",
        ]
        headings = rng.sample(REVIEW_HEADINGS, 4)
        for i, heading in enumerate(headings):
            lines.append(f"{CN_DIGITS[i + 1]}、{heading}")
            lines.append(rng.choice(FILLER))
            for sentence in rng.sample(RUN_IN, 2):
                lines.append(sentence.format(**{k: rng.randrange(2, 60) for k in "abcde"}))
                lines.extend(rng.sample(FILLER, 2))
            if i == 1:
                lines.append(
                    f"聚焦提案社情民意同步发力。{term_cn}届{chinese_number(max(1, session - 1))}次会议以来"
                    f"共征集提案{received}件，立案{filed}件，确定重点提案{rng.randrange(5, 20)}件，"
                    f"全年共收集社情民意信息{opinions}篇，上报市政协{rng.randrange(10, 80)}篇，"
                    f"被省政协采用{rng.randrange(1, 15)}篇。"
                )
                lines.append(
                    f"先后召开{rng.randrange(1, 4)}次全体会议、{rng.randrange(4, 9)}次常委会议、"
                    f"{rng.randrange(8, 15)}次主席会议，开展{rng.randrange(10, 40)}次调研视察活动。"
                )
        lines.append(f"{year}年工作安排")
        lines.append(f"{year}年是实现规划目标任务的关键一年。做好今年政协工作的总体要求是：坚持团结和民主两大主题。")
        for i, heading in enumerate(rng.sample(PLAN_HEADINGS, 3)):
            lines.append(f"{CN_DIGITS[i + 1]}、{heading}")
            lines.append(rng.choice(FILLER))
        lines.append("各位委员！让我们更加紧密地团结在以习近平同志为核心的党中央周围，为谱写中国式现代化新篇章作出新的更大贡献！")
        return "\n".join(lines) + "\n"

    def _proposal_report(self, name, term_cn, session_cn, meeting, date) -> str:
        rng = self.rng
        received = rng.randrange(60, 350)
        filed = received - rng.randrange(3, max(4, received // 6))
        return "\n".join(
            [
                f"中国人民政治协商会议{name}委员会常务委员会关于提案工作情况的报告",
                f"——在{meeting}上",
                "各位委员：",
                "一、提案提交和立案情况",
                f"本届上次会议以来，共收到提案{received}件，经审查，立案{filed}件，其中重点提案{rng.randrange(5, 20)}件。",
                "二、提案办理情况",
                f"截至目前，已办结{filed}件，县领导领衔督办提案{rng.randrange(5, 25)}件，召开提案办理协商会{rng.randrange(3, 20)}次。",
                "三、主要做法",
                rng.choice(FILLER),
            ]
        ) + "\n"

    def _resolution(self, name, term_cn, session_cn, meeting, date) -> str:
        return "\n".join(
            [
                f"中国人民政治协商会议第{term_cn}届{name}委员会第{session_cn}次会议关于常务委员会工作报告的决议",
                f"({date}{meeting}通过)",
                f"中国人民政治协商会议第{term_cn}届{name}委员会第{session_cn}次会议，批准常务委员会所作的工作报告。",
            ]
        ) + "\n"

