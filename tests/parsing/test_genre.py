"""Pages from other provinces and county kinds, other encodings and scripts.

The samples are written in the genre's shapes the seeds lack: a proposal work
report from 浙江 with a speaker line and （一） headings, a traditional-character
news item from 山西, a 旗 in 内蒙古 with numbered part headings, a GBK resolution
from 四川.
"""
import datetime

import opencc
import pytest

from reports.parsing import BinaryInput, EmptyInput, NoDocumentFound, UndecodableInput, parse_file, parse_text
from reports.parsing.errors import BINARY, EMPTY, NO_DOCUMENT
from tests.parsing.conftest import seed_path


def by_metric(doc):
    return {(s.metric, s.value) for s in doc.statistics if s.metric != "other"}


def test_proposal_report_from_zhejiang(samples):
    (doc,) = samples["a"].documents
    assert doc.kind == "proposal_work_report"
    assert (doc.county.code, doc.province.name) == ("330521", "浙江省")
    assert (doc.term, doc.session, doc.date) == (11, 4, datetime.date(2025, 1, 8))
    assert (doc.speaker, doc.speaker_role) == ("沈建华", "县政协副主席")
    assert doc.source_page == "第03版：要闻"
    assert [s.heading for s in doc.sections] == ["提案工作基本情况", "主要做法", "今后工作建议"]
    assert [c.label for c in doc.sections[1].children] == ["（一）", "（二）", "（三）"]
    assert doc.sections[2].part == "plan"
    assert {("proposals_received", 318), ("proposals_filed", 291), ("proposals_closed", 291), ("consultations", 36)} <= by_metric(doc)
    # Rates are no counts.
    assert all(s.value not in (91, 100) for s in doc.statistics)


def test_traditional_news_item(samples):
    (doc,) = samples["b"].documents
    assert doc.kind == "other"
    assert doc.county.code == "140925" and (doc.term, doc.session) == (9, 3)
    assert doc.venue == "县会议中心"
    assert by_metric(doc) == {
        ("inspections", 21), ("consultations", 8), ("opinion_reports", 96), ("opinion_reports_adopted", 7), ("proposals_received", 142),
    }
    # Quotes point into the traditional original.
    assert any(s.quote == "報送社情民意信息96篇" for s in doc.statistics)


def test_banner_report_with_numbered_parts(samples):
    (doc,) = samples["c"].documents
    assert doc.county.name == "鄂托克前旗" and doc.province.name == "内蒙古自治区"
    assert (doc.term, doc.session, doc.date, doc.speaker) == (11, 3, datetime.date(2024, 1, 15), "巴图")
    assert (doc.review_year, doc.plan_year) == (2023, 2024)
    assert [(s.heading, s.part) for s in doc.sections] == [("2023年工作回顾", "review"), ("2024年工作安排", "plan")]
    assert by_metric(doc) == {
        ("meetings_standing_committee", 4), ("meetings_chair", 11), ("consultations", 5), ("inspections", 17),
        ("research_reports", 9), ("opinion_reports", 58), ("opinion_reports_to_city", 23), ("opinion_reports_adopted", 4),
    }


def test_gbk_resolution(samples):
    (doc,) = samples["d"].documents
    assert doc.kind == "resolution" and doc.county.code == "511421"
    assert (doc.term, doc.session, doc.date) == (12, 2, datetime.date(2023, 2, 12))
    assert by_metric(doc) == {("proposals_received", 205), ("proposals_filed", 186)}
    assert [(w.code, w.message) for w in samples["d"].warnings] == [("encoding_not_utf8", "文件不是 UTF-8 编码，已按 GB18030/GBK 解码")]


def summary(parsed):
    return [
        (d.kind, d.county and d.county.code, d.term, d.session, d.date, d.speaker, [s.heading for s in d.walk_sections()],
         sorted((s.metric, s.value, s.qualifier) for s in d.statistics))
        for d in parsed.documents
    ]


@pytest.mark.parametrize("prefix", ["000", "003", "004"])
def test_encodings_scripts_and_widths_parse_alike(tmp_path, seeds, prefix):
    original = seeds[prefix]
    text = original.text
    variants = {
        "gb18030.txt": text.encode("gb18030"),
        "bom.txt": text.encode("utf-8-sig"),
    }
    for name, data in variants.items():
        (tmp_path / name).write_bytes(data)
        assert summary(parse_file(tmp_path / name)) == summary(original)
    traditional = opencc.OpenCC("s2t").convert(text)
    parsed = parse_text(traditional, source="traditional")
    assert [(k, c, t, s) for k, c, t, s, *_ in summary(parsed)] == [(k, c, t, s) for k, c, t, s, *_ in summary(original)]
    assert [sorted((m, v) for m, v, _ in row[-1]) for row in summary(parsed)] == [sorted((m, v) for m, v, _ in row[-1]) for row in summary(original)]
    for doc in parsed.documents:
        for stat in doc.statistics:
            assert traditional[stat.start : stat.end] == stat.quote
    wide = text.translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
    assert summary(parse_text(wide, source="wide"))[0][:6] == summary(original)[0][:6]
    assert [s.value for d in parse_text(wide, source="wide").documents for s in d.statistics] == [
        s.value for d in original.documents for s in d.statistics
    ]


def test_clear_errors(tmp_path):
    cases = {
        "empty.txt": (b"  \n\n", EmptyInput, EMPTY),
        "binary.txt": (b"PK\x03\x04\x00\x00binary", BinaryInput, BINARY),
        "latin.txt": (b"caf\xe9 au lait, na\xefve \xfa\xfb", UndecodableInput, "neither UTF-8 nor GB18030"),
        "news.txt": ("今日天气晴，最高气温十八度，适宜出行。".encode(), NoDocumentFound, NO_DOCUMENT),
    }
    for name, (data, error, reason) in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(error) as caught:
            parse_file(path)
        assert str(path) in str(caught.value) and reason in str(caught.value)
