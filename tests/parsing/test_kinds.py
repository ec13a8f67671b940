"""The kind of a document that has no formal title, or a slogan for one."""
import pytest

from reports.parsing import NoDocumentFound, parse_text
from reports.parsing.segment import body_kind, title_kind


def kinds(text):
    return [d.kind for d in parse_text(text, source="test").documents]


@pytest.mark.parametrize(
    "opening, kind",
    [
        (["各位委员：", "现在，我受政协第八届云和县委员会常务委员会的委托，向大会报告一年来的工作，请予审议。"], "standing_committee_work_report"),
        (["各位委员：", "我代表县政协常委会，向大会报告本次会议以来的提案工作情况，请予审议。"], "proposal_work_report"),
        (["各位委员、同志们：", "经过全体委员的共同努力，本次会议圆满完成了各项议程，今天就要闭幕了。"], "speech"),
        (["会议认为，过去一年县政协工作成效明显。", "会议同意常委会工作报告。", "会议号召，全县各级政协组织团结奋斗。"], "political_resolution"),
        (["3月2日，县政协副主席代表常委会向大会作工作报告，委员们认真听取。"], None),
        # A proposal review report without its title (tests/parsing/real 134, 319)…
        (["县政协十四届六次会议期间，广大政协委员积极运用提案履行职责。",
          "截至2026年1月20日下午17时，大会共收到委员提案184件。经提案审查委员会认真审查，不予立案15件，立案169件。"], "proposal_work_report"),
        # …but not the news of the review meeting, which narrates it (tests/parsing/real/121).
        (["3月14日，县政协提案委召开会议，研究提案审查、立案工作。",
          "县政协十一届五次会议期间，共收到原始提案73件。会议经过讨论，决定立案66件。"], None),
        # The same words in the third person are a news item's, not the report's own.
        (["4月21日上午，县政协召开第一次全体会议。县政协副主席白海珠受县政协常务委员会的委托，向大会报告四次会议以来提案工作情况。"], None),
        (["县政协主席李明同志代表县政协常委会，向大会报告工作。"], None),
        # Labels above the opening (a template site's title, date and salutation) do not hide it.
        (["提案工作情况报告", "发布时间:2024-11-14", "第1篇", "各位委员,同志们:",
          "我受政协xx县第九届委员会常务委员会的委托,向大会报告九届二次会议以来提案工作情况,请予审议。"], "proposal_work_report"),
    ],
)
def test_kind_from_the_opening(opening, kind):
    assert body_kind(opening) == kind


@pytest.mark.parametrize(
    "title, kind",
    [
        ("关于县政协九届三次会议提案审查情况的报告", "proposal_work_report"),
        ("在政协遂昌县第十届委员会第二次会议闭幕会上的讲话", "speech"),
        ("政协云和县第八届委员会第四次会议开幕词", "speech"),
        ("政协云和县委员会常务委员会工作报告（审议稿）", "standing_committee_work_report"),
        ("委员们分组讨论县政协常委会工作报告", "other"),
        # Template (范文) sites: the copy's number and the 范文 label are no part of the name.
        ("第1篇 提案工作情况报告", "proposal_work_report"),
        ("政协会议闭幕大会主持词范文", "speech"),
        ("某县政协社情民意信息工作发言材料", "speech"),
        # A proposal report is the CPPCC's even where its title does not say so; a standing committee's may be the 人大's.
        ("县人大常委会工作报告", None),
        ("学习习近平总书记重要讲话", None),
    ],
)
def test_title_kinds(title, kind):
    assert title_kind(title) == kind


def test_slogan_title_with_the_report_in_a_dash_subtitle():
    text = (
        "凝心聚力谋发展 同心共绘新画卷\n——政协景宁畲族自治县第九届委员会常务委员会工作报告\n"
        "各位委员：\n我受常务委员会委托，向大会报告工作，请予审议。\n"
    )
    (doc,) = parse_text(text, source="slogan").documents
    assert doc.kind == "standing_committee_work_report" and doc.county.name == "景宁畲族自治县"


def test_a_commentary_subtitle_is_no_report():
    text = "读懂一份报告 读懂一年履职\n——解读县政协常委会工作报告\n3月1日，县政协十届四次会议开幕，报告回顾了一年来的工作。\n"
    assert kinds(text) == ["other"]


def test_untitled_speech_after_a_date_line():
    text = "（2024年1月9日）\n各位委员、同志们：\n今天，政协松阳县第十届委员会第三次会议隆重开幕了，这是全县政治生活中的一件大事。\n"
    assert kinds(text) == ["speech"]


def test_a_title_with_its_adoption_note_on_the_same_line():
    # Failure class (tests/parsing/real/201): the note made the line too long and unlike a title.
    title = "中国人民政治协商会议吉安市第五届委员会提案委员会关于市政协五届四次会议提案初步审查情况的报告"
    text = f"{title} (2024年1月19日市政协五届四次会议审议通过)\n市政协五届四次会议期间，委员们积极建言资政，提交提案。截至1月17日12时，共收到提案345件。\n"
    (doc,) = parse_text(text, source="note").documents
    assert (doc.kind, doc.title) == ("proposal_work_report", title)
    assert (doc.term, doc.session, doc.date.isoformat()) == (5, 4, "2024-01-19")


def test_a_democratic_partys_meeting_is_no_cppcc_document():
    # Failure class (tests/parsing/real/210): 民建 preparing its proposals names 省政协 in passing only.
    text = (
        "民建江西省委会召开提案工作布置会\n10月31日下午，民建江西省委召开提案工作布置会。省委会副主委出席。\n"
        "会议由省委会秘书长主持。\n秘书长介绍了省委会提案和专题调研工作的基本情况，通报了省政协关于做好大会提案工作的要求。\n"
    )
    with pytest.raises(NoDocumentFound, match="another body \\(民建\\)"):
        parse_text(text, source="party")
    # The same party's members in a CPPCC session's news are the CPPCC's document.
    assert kinds("县政协十届三次会议开幕\n3月2日，县政协十届三次会议开幕，民建县委会提交集体提案5件。\n") == ["other"]
