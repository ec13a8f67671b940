"""Pages whose characters carry pinyin glosses (政協(xié)), as template sites print traditional text."""
from hypothesis import given, strategies as st

from reports.parsing import parse_text
from reports.parsing.normalize import glosses, without

# Our own report in traditional script, each character glossed the way such sites do it.
GLOSSED = """\
中國(guó)人民政治協(xié)商會(huì)議
青川縣第九屆委員會(huì)提案委員會(huì)關(guān)於第三次會(huì)議提案審查情況的報(bào)告
(2024年1月10日政協(xié)青川縣第九屆委員會(huì)第三次會(huì)議通過(guò))
各位委員:
本次會(huì)議期間,共收到提案(tí àn)126件,經(jīng)審查,立案118件。
一、提案的主要內(nèi)容
圍繞鄉(xiāng)村振興建言獻(xiàn)策。
二、下一步工作
做好提案辦理協(xié)商。
"""


def test_a_glossed_report_reads_as_if_unglossed():
    doc, = parse_text(GLOSSED, source="glossed.txt").documents
    assert doc.kind == "proposal_work_report"
    assert (doc.county.name, doc.term, doc.session) == ("青川县", 9, 3)
    assert [s.heading for s in doc.sections] == ["提案的主要內容", "下一步工作"]  # read without glosses
    assert "(" not in doc.title


def test_offsets_and_quotes_point_into_the_page_as_given():
    parsed = parse_text(GLOSSED, source="glossed.txt")
    doc = parsed.documents[0]
    assert parsed.text == GLOSSED and doc.text == GLOSSED[doc.start : doc.end]
    stats = {s.metric: s for s in doc.statistics}
    assert stats["proposals_received"].value == 126 and stats["proposals_filed"].value == 118
    for stat in doc.statistics:
        assert GLOSSED[stat.start : stat.end] == stat.quote
    assert "(tí àn)" in stats["proposals_received"].quote  # the gloss inside a quote stays as printed
    for section in doc.walk_sections():
        assert GLOSSED[section.start :].startswith(("一、", "二、"))


def test_brackets_that_are_not_glosses_stay():
    assert glosses("新冠(covid)疫情,政協(xié)委員(A)") == [(len("新冠(covid)疫情,政協"), len("新冠(covid)疫情,政協(xié)"))]


@given(st.text(alphabet="政協會議報告(xiéhuì) àn\n一、", max_size=80))
def test_removal_maps_every_kept_character_back(text):
    read, where = without(text, glosses(text))
    assert len(where) == len(read) + 1 and where[-1] == len(text)
    assert all(text[where[i]] == ch for i, ch in enumerate(read))
