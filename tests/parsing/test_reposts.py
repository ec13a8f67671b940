"""Web-portal reposts, and term and session in the wordings counties use."""
import pytest

from reports.parsing import parse_text
from reports.parsing.metadata import term_and_session

PORTAL_PAGE = """欢迎您访问仙居县人民政府门户网站
首页 北京 天津 河北 山西 海南 浙江
当前位置：首页 > 政务动态 > 两会专题
政协仙居县第十届委员会第三次会议开幕
政协仙居县第十届委员会第三次会议开幕
发布时间：2023-02-14 09:30  来源：仙居新闻网  浏览量：321
2月13日上午，政协仙居县第十届委员会第三次会议隆重开幕，应到委员210人，实到196人。
会议听取了县政协常委会工作报告和提案工作情况报告，大会共收到提案188件。
【打印本页】【关闭窗口】
"""


def test_portal_furniture_and_a_repeated_heading_make_one_document():
    parsed = parse_text(PORTAL_PAGE, source="portal")
    (doc,) = parsed.documents
    assert doc.kind == "other" and doc.county.name == "仙居县"
    assert (doc.term, doc.session) == (10, 3)
    assert "浏览量" not in "".join(s.quote for s in doc.statistics)
    assert {(s.metric, s.value) for s in doc.statistics if s.metric.startswith("proposals")} == {("proposals_received", 188)}


def test_a_summary_line_and_a_dateline_above_the_document_make_no_second_document():
    # Failure class: portals print the title, then a summary (title run into the opening, cut off), then a
    # dateline, then the document; the summary made an extra document and the dateline joined the title.
    title = "政协云和县第九届委员会第三次会议决议"
    text = (
        f"{title}\n{title}(2024年1月9日政协云和县第九届委员会第三次会议通过)政协云和县第九届委员会第三次会议于…\n"
        f"2024年1月9日\n{title}\n(2024年1月9日政协云和县第九届委员会第三次会议通过)\n"
        "政协云和县第九届委员会第三次会议于2024年1月7日至9日召开。会议认为，过去一年县政协工作成效明显。\n"
        "会议号召，全县各级政协组织和广大政协委员团结奋斗。\n"
    )
    (doc,) = parse_text(text, source="summary").documents
    assert doc.kind == "resolution" and doc.title == title
    assert (doc.term, doc.session, doc.date.isoformat()) == (9, 3, "2024-01-09")


def test_letter_spaced_title_over_three_lines_with_a_single_dash_subtitle():
    text = (
        "中国人民政治协商会议\n庆元县第九届委员会常务委员会\n工 作 报 告\n"
        "—在政协庆元县第九届委员会第四次会议上\n叶  青\n各位委员：\n我受常务委员会委托，向大会报告工作，请予审议。\n"
    )
    (doc,) = parse_text(text, source="spaced").documents
    assert doc.kind == "standing_committee_work_report"
    assert (doc.county.name, doc.term, doc.session, doc.speaker) == ("庆元县", 9, 4, "叶青")


@pytest.mark.parametrize(
    "wording, expected",
    [
        ("县政协十二届四次全会胜利闭幕", (12, 4)),
        ("政协第十二届云和县委员会第四次会议在县城召开", (12, 4)),
        ("出席十二届县政协常委会议", (12, None)),
        ("县政协十二届二十一次常委会会议召开", (12, None)),
        ("项城市政协召开六届四次常委会会议", (6, None)),
        ("区政协召开五届五十六次主席会议", (5, None)),
        ("政协第十二届云和县委员会常务委员会第二十一次会议", (12, None)),
        ("县政协十二届三次会议以来，委员们积极建言", (None, None)),
        ("县委十五届六次全会精神", (None, None)),
        ("第12届龙舟赛在江边举行", (None, None)),
        ("在关键时期当一届政协委员，是一种荣誉", (None, None)),
        ("区政协主席参加上清寺街道第一届议事代表会第三次会议", (None, None)),
        ("列席县人大常委会第五次会议", (None, None)),
        ("湘鄂黔渝边区县(市区)政协工作联系会第31次全体会议在龙山落下帷幕", (None, None)),
        ("县政协第三次会议期间，委员提交提案", (None, 3)),
        ("政协(xié)云和县第十二届委员会(huì)第四次会(huì)议", (12, 4)),
    ],
)
def test_term_and_session_wordings(wording, expected):
    assert term_and_session([wording]) == expected


def test_session_from_the_opening_or_the_subtitle_when_the_head_gave_only_the_term():
    # Failure class (tests/parsing/real 202, 223): the head (a cut-short first paragraph, or a title naming
    # 第四届) gave the term, and the session printed just after it was never read.
    (news,) = parse_text(
        "16日上午，中国人民政治协商会议陵水黎族自治县第十届委员会第二次会议在县人民会堂召开。应到会委员122人，实到112人。\n",
        source="news",
    ).documents
    assert (news.term, news.session) == (10, 2)
    (report,) = parse_text(
        "中国人民政治协商会议景洪市第四届\n委员会常务委员会工作报告\n——2012年2月20日在政协景洪市委员会四届五次会议上\n"
        "各位委员:\n我受政协景洪市第四届委员会常务委员会的委托,向大会作工作报告,请予审议。\n",
        source="report",
    ).documents
    assert (report.term, report.session) == (4, 5)


@pytest.mark.parametrize("headline", ["县政协召开十届十二次常委会会议", "12月25日，区政协召开十届常委会第十二次会议 会议审议通过有关事项"])
def test_a_standing_committee_meeting_takes_no_session_from_its_agenda(headline):
    (doc,) = parse_text(
        f"{headline}\n会议审议通过了关于召开政协云和县第十届委员会第四次会议的决定(草案)，会议议程(草案)。\n",
        source="meeting",
    ).documents
    assert (doc.term, doc.session) == (10, None)


@pytest.mark.parametrize(
    "line, heading",
    [
        # Failure class (tests/parsing/real/225): the body run on after a space was read as part of the heading.
        ("一、围绕中心，服务大局，政治协商逐步规范 五年来，区政协重视研究政治协商的有效形式和方法，坚持把促进发展作为第一要务。",
         "围绕中心，服务大局，政治协商逐步规范"),
        # A heading of two phrases keeps both.
        ("二、聚焦中心大局 积极建言献策，助力经济高质量发展", "聚焦中心大局 积极建言献策，助力经济高质量发展"),
    ],
)
def test_a_heading_and_its_body_run_on_after_a_space(line, heading):
    text = f"政协云和县第九届委员会常务委员会工作报告\n各位委员：\n我受常务委员会委托，向大会报告工作，请予审议。\n{line}\n全年共收到提案236件。\n"
    (doc,) = parse_text(text, source="spaced").documents
    assert [s.heading for s in doc.sections][0] == heading


def test_a_portals_empty_label_and_its_value_on_the_next_line_are_no_title():
    text = """当前位置: 首页 > 头条新闻
来源:
某某日报
中国人民政治协商会议某某县委员会常务委员会工作报告
——在县政协十一届四次会议上
各位委员:
我受政协某某县第十一届委员会常务委员会的委托,向大会报告工作,请予审议。
"""
    (doc,) = parse_text(text, source="label").documents
    assert doc.title == "中国人民政治协商会议某某县委员会常务委员会工作报告"


def test_a_titleless_report_takes_its_date_from_the_adoption_note_it_opens_on():
    text = ("(2024年1月13日政协第十届某某县委员会第二次会议通过) 政协第十届某某县委员会第二次会议期间,委员们积极提交提案。"
            "共收到提案241件,经审查,立案230件。\n")
    (doc,) = parse_text(text, source="note").documents
    assert doc.kind == "proposal_work_report" and doc.date.isoformat() == "2024-01-13"


def test_transliterated_names_joined_by_a_dot_are_names():
    from reports.parsing.names import is_person_name

    assert is_person_name("努尔兰·阿不都满金") and is_person_name("阿拉腾·巴特尔")
    assert not is_person_name("·巴特尔") and not is_person_name("政协委员会常务委员会")


def test_agenda_and_rule_lists_are_no_headings_but_sections_are():
    notice = """政协某某县第六届委员会第四次会议议程
建议会议的主要议程:
一、听取并审议政协某某县第六届委员会常务委员会工作报告;
二、听取并审议常务委员会提案工作情况的报告;
三、大会议政发言;
四、审议通过会议政治决议。
"""
    (doc,) = parse_text(notice, source="agenda").documents
    assert [s.heading for s in doc.walk_sections()] == []
    report = """政协某某县委员会常务委员会工作报告
一、提高政治站位
县政协坚持党的领导,扎实履职。
二、服务发展大局
围绕中心工作建言献策。
三、加强自身建设
提升履职能力。
"""
    (doc,) = parse_text(report, source="sections").documents
    assert [s.heading for s in doc.sections] == ["提高政治站位", "服务发展大局", "加强自身建设"]


def test_a_headline_with_a_column_label_over_the_same_title_without_an_adverb_is_one_document():
    text = """【两会时光】政协某某旗第十一届委员会第四次会议闭幕
政务 2025-01-08 15:47
政协某某旗第十一届委员会
第四次会议胜利闭幕
政协某某旗第十一届委员会第四次会议圆满完成各项议程,于1月8日上午胜利闭幕。
会议期间共收到提案148件,立案121件。
"""
    (doc,) = parse_text(text, source="headline").documents
    assert doc.text.startswith("【两会时光】")  # the page's headline is the document's too
    assert doc.date.isoformat() == "2025-01-08"


def test_a_label_alone_on_its_line_takes_the_heading_from_the_next():
    text = """政协某某县委员会常务委员会工作报告
各位委员:
一、
围绕中心,服务大局,提案作用得到有效发挥 五年来,我县各民主党派、有关人民团体和政协委员坚持参政为民理念,积极建言献策。
二、
加强自身建设
提升履职能力。
"""
    (doc,) = parse_text(text, source="bare-label").documents
    assert [s.heading for s in doc.sections] == ["围绕中心,服务大局,提案作用得到有效发挥", "加强自身建设"]


def test_an_outgoing_committees_report_belongs_to_the_next_terms_first_session():
    text = """政协某某县第十一届委员会常务委员会工作报告
——2012年1月17日在政协某某县第十二届委员会第一次会议上
各位委员:
我受政协某某县第十一届委员会常务委员会的委托,向大会报告工作,请予审议。
"""
    (doc,) = parse_text(text, source="outgoing").documents
    assert (doc.term, doc.session) == (12, 1)
