"""A small, realistic archive built with the ORM, for the API tests.

``build_archive()`` is the one place the API tests get their data from: three
Shanxi counties with real codes, their committees and sessions, documents of
several kinds with real report wording, section trees with levels and parts,
and statistics whose quotes are exactly ``raw_text[start:end]``. When the real
seed ingestion is ready, the ``archive`` fixture can call it instead; the
tests compare against the database rather than hard-coded totals wherever
they can.
"""
import datetime
import hashlib
from dataclasses import dataclass, field

import pytest
from rest_framework.test import APIClient

from reports import search, series
from reports.models import Committee, County, Document, Prefecture, Province, Section, Session, Statistic


@dataclass
class Sec:
    label: str
    heading: str
    body: str
    part: str = "other"
    children: list = field(default_factory=list)


def _section_text(sec, level):
    prefix = {1: f"{sec.label}、", 2: f"（{sec.label}）", 3: f"{sec.label}."}[level]
    return f"{prefix}{sec.heading}\n{sec.body}\n" if sec.heading else f"{sec.body}\n"


def _flatten(secs, level=1, parent=None, out=None):
    out = [] if out is None else out
    for sec in secs:
        out.append((sec, level, parent))
        _flatten(sec.children, level + 1, sec, out)
    return out


def _document(county, kind, title, preamble, sections, stats, **meta):
    """A document with its sections and statistics; offsets computed from the assembled raw text."""
    flat = _flatten(sections)
    raw_text = f"{title}\n{preamble}\n"
    spans = []
    for sec, level, _parent in flat:
        start = len(raw_text)
        raw_text += _section_text(sec, level)
        spans.append((start, len(raw_text)))
    doc = Document(
        county=county, kind=kind, title=title, raw_text=raw_text,
        checksum=hashlib.sha256(raw_text.encode()).hexdigest(), source_file=f"{county.code}-{kind}.txt", **meta,
    )
    doc.search_text = search.document_search_text(doc)
    doc.save()
    made = {}
    for position, ((sec, level, parent), (start, end)) in enumerate(zip(flat, spans)):
        row = Section(
            document=doc, parent=made.get(id(parent)), position=position, level=level, label=sec.label,
            heading=sec.heading, body=sec.body, part=sec.part, start=start, end=end,
        )
        row.search_text = search.section_search_text(row)
        row.save()
        made[id(sec)] = row
    for metric, quote, value, *rest in stats:
        qualifier = rest[0] if rest else "exact"
        year = rest[1] if len(rest) > 1 else meta.get("review_year")
        start = raw_text.index(quote)
        section = next((made[id(s)] for (s, _l, _p), (a, b) in zip(flat, spans) if a <= start < b and not s.children), None)
        Statistic.objects.create(
            document=doc, section=section, metric=metric, wording=quote, value=value, qualifier=qualifier,
            unit=quote[-1] if quote[-1] in "件条次篇个项" else "", year=year, quote=quote, start=start, end=start + len(quote),
        )
    return doc


def build_archive():
    """Create the test archive; returns a dict of the objects tests refer to by name."""
    shanxi = Province.objects.create(code="140000", name="山西省", slug="shan-xi-sheng")
    Province.objects.create(code="110000", name="北京市", slug="bei-jing-shi")
    yuncheng = Prefecture.objects.create(code="140800", name="运城市", slug="yun-cheng-shi", province=shanxi)
    jinzhong = Prefecture.objects.create(code="140700", name="晋中市", slug="jin-zhong-shi", province=shanxi)
    xinzhou = Prefecture.objects.create(code="140900", name="忻州市", slug="xin-zhou-shi", province=shanxi)
    jiang = County.objects.create(code="140826", name="绛县", kind="县", slug="jiang-xian", prefecture=yuncheng, province=shanxi)
    lingshi = County.objects.create(code="140729", name="灵石县", kind="县", slug="ling-shi-xian", prefecture=jinzhong, province=shanxi)
    dai = County.objects.create(code="140923", name="代县", kind="县", slug="dai-xian", prefecture=xinzhou, province=shanxi)

    jiang14 = Committee.objects.create(county=jiang, term=14, start_year=2021, end_year=2026)
    jiang10 = Committee.objects.create(county=jiang, term=10, start_year=2016, end_year=2021)
    ling14 = Committee.objects.create(county=lingshi, term=14, start_year=2021, end_year=2026)
    dai13 = Committee.objects.create(county=dai, term=13, start_year=2021, end_year=2026)
    jiang14_4 = Session.objects.create(committee=jiang14, number=4, start_date=datetime.date(2025, 1, 8), end_date=datetime.date(2025, 1, 10), venue="绛县会议中心")
    jiang10_5 = Session.objects.create(committee=jiang10, number=5, start_date=datetime.date(2020, 5, 12), end_date=datetime.date(2020, 5, 14))
    ling14_4 = Session.objects.create(committee=ling14, number=4, start_date=datetime.date(2025, 1, 6))
    dai13_3 = Session.objects.create(committee=dai13, number=3, start_date=datetime.date(2024, 1, 15))

    docs = {}
    docs["jiang_proposals"] = _document(
        jiang, "proposal_work_report", "政协绛县委员会关于十四届三次会议以来提案工作情况的报告",
        "各位委员：我代表政协绛县委员会，向大会报告提案工作情况，请予审议。",
        [
            Sec("一", "提案工作回顾", "十四届三次会议以来共征集提案236件，立案188件，其中重点提案10件，已全部办复。", "review", [
                Sec("一", "坚持高质量提案", "委员围绕乡村振兴、营商环境建言资政，提案人深入调研。", "review"),
                Sec("二", "强化办理协商", "召开提案办理协商会3次，督办重点提案10件。", "review"),
            ]),
            Sec("二", "2025年工作安排", "持续提升提案质量，做好社情民意信息工作，服务乡村振兴。", "plan"),
        ],
        [
            ("proposals_received", "征集提案236件", 236), ("proposals_filed", "立案188件", 188),
            ("proposals_key", "重点提案10件", 10), ("proposals_supervised", "督办重点提案10件", 10),
        ],
        committee=jiang14, session=jiang14_4, date=datetime.date(2025, 1, 9), review_year=2024, plan_year=2025,
        speaker_name="王建华", speaker_role="副主席", source_page="绛县报 2025年1月10日 第2版",
    )
    docs["jiang_old"] = _document(
        jiang, "proposal_work_report", "政协绛县委员会十届五次会议提案工作报告",
        "十届四次会议以来共征集提案201件，立案160件。", [], [
            ("proposals_received", "征集提案201件", 201), ("proposals_filed", "立案160件", 160),
        ],
        committee=jiang10, session=jiang10_5, date=datetime.date(2020, 5, 13), review_year=2019, review_status="reviewed",
    )
    docs["lingshi_standing"] = _document(
        lingshi, "standing_committee_work_report", "中国人民政治协商会议灵石县委员会常务委员会工作报告(摘要)",
        "过去一年，在县委坚强领导下，县政协常务委员会团结带领全体政协委员履职尽责。",
        [
            Sec("一", "坚持党的领导", "", "review", [
                Sec("一", "旗帜鲜明讲政治", "深入学习贯彻党的二十大精神。", "review"),
                Sec("二", "从严从实抓党建", "开展委员之家建设。", "review"),
            ]),
            Sec("二", "聚焦中心建言", "围绕乡村振兴开展专题协商2次，视察调研20余次，在公共场所配置AED设备。全年报送社情民意信息102条，被省政协采用5条。", "review"),
            Sec("三", "2025年工作", "召开全体会议1次、常委会会议5次，继续推进乡村振兴。", "plan"),
        ],
        [
            ("consultations", "专题协商2次", 2), ("inspections", "视察调研20余次", 20, "more_than"),
            ("opinion_reports", "社情民意信息102条", 102), ("opinion_reports_adopted", "被省政协采用5条", 5),
            ("meetings_plenary", "全体会议1次", 1, "exact", 2025), ("meetings_standing_committee", "常委会会议5次", 5, "exact", 2025),
        ],
        committee=ling14, session=ling14_4, date=datetime.date(2025, 1, 6), review_year=2024, plan_year=2025,
        is_excerpt=True, speaker_name="李明", speaker_role="主席",
    )
    docs["lingshi_resolution"] = _document(
        lingshi, "resolution", "政协灵石县第十四届委员会第四次会议关于常务委员会工作报告的决议",
        "会议同意常务委员会工作报告，号召全县各级政协组织和广大政协委员为乡村振兴贡献力量。", [], [],
        committee=ling14, session=ling14_4, date=datetime.date(2025, 1, 8), review_status="corrected",
    )
    docs["dai_speech"] = _document(
        dai, "member_speech", "关于发展全域旅游的建议",
        "代县文旅资源丰富，建议打造雁门关品牌，提案人张丽委员提出提案3件。社情民意", [], [
            ("proposals_received", "提出提案3件", 3, "exact", 2023),
        ],
        committee=dai13, session=dai13_3, date=datetime.date(2024, 1, 16), is_fragment=True, speaker_name="张丽", speaker_role="委员",
    )
    docs["dai_political"] = _document(
        dai, "political_resolution", "政协代县第十三届委员会第三次会议政治决议",
        "会议认为，一年来县政协报送社情民意信息412条，视察10余次，开展民主监督10余次。", [], [
            ("opinion_reports", "社情民意信息412条", 412, "exact", 2023),
            ("inspections", "视察10余次", 10, "more_than", 2023),
        ],
        committee=dai13, session=dai13_3, date=datetime.date(2024, 1, 17), review_year=2023,
    )
    series.refresh_series()  # rows written with the ORM directly, as no writer of the archive does: summarise them
    return {"provinces": [shanxi], "counties": {"jiang": jiang, "lingshi": lingshi, "dai": dai}, "documents": docs}


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Each test starts with empty throttle counters: a long walk over pages is not an abuser."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def archive(db):
    return build_archive()


@pytest.fixture
def client():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")
