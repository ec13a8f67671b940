"""Round-ups (各地政协动态): one page of short items, each about another body's CPPCC, each a document.

Failure class: such a page was read as one document that named several counties, so it abstained on
all of them and lost every item but the first (tests/parsing/real/108_…, 153_…).
"""
import opencc
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.parsing import parse_text

ITEMS = {
    "140428": "3月17日，长子县政协召开十五届二次会议提案交办会，138件提案分别交有关单位办理。县政协主席出席会议并讲话。",
    "140981": "4月16日，原平市政协首次召开季度协商座谈会，围绕食品安全监管建言献策，先后组织视察8次。",
    "140525": "泽州县政协近日在大东沟镇召开委员工作组长联席会议，听取各工作组工作汇报，安排部署委员之家创建工作。",
    "140430": "沁县政协日前组织委员视察乡村振兴重点项目，听取项目建设情况汇报，并提出意见建议。",
}


def counties(parsed):
    return [doc.county.code if doc.county else None for doc in parsed.documents]


def test_items_without_headlines_are_one_document_each():
    text = "\n".join(ITEMS.values())
    parsed = parse_text(text, source="roundup.txt")
    assert counties(parsed) == list(ITEMS)
    assert all(doc.kind == "other" and doc.title for doc in parsed.documents)
    assert parsed.documents[0].term == 15 and parsed.documents[0].session == 2
    assert parsed.documents[1].term is None  # 长子县's session is not 原平市's


def test_label_lines_and_bylines_separate_items():
    labelled = []
    for code, body in ITEMS.items():
        name = {"140428": "长子县", "140981": "原平市", "140525": "泽州县", "140430": "沁县"}[code]
        labelled += [f"● {name} ●", body + "（记者 王丽）"]
    # A label whose item the page cut off holds no document.
    parsed = parse_text("\n".join(labelled + ["● 壶关县 ●", "12月1"]), source="labels.txt")
    assert counties(parsed) == list(ITEMS)
    assert not any("●" in doc.text for doc in parsed.documents)


def test_traditional_script_round_up():
    text = opencc.OpenCC("s2t").convert("\n".join(ITEMS.values()))
    assert counties(parse_text(text, source="fanti.txt")) == list(ITEMS)


def test_a_city_item_takes_no_county_from_the_others():
    text = "\n".join([
        "3月17日，晋城市政协举行五届二次会议提案交办会，864件提案分别交有关单位办理。",
        ITEMS["140525"],
        "长治市政协从今年起在委员中开展“双创双争”活动，鼓励委员在本职、履职两个岗位上争先。",
    ])
    parsed = parse_text(text, source="cities.txt")
    assert counties(parsed) == [None, "140525", None]


def test_a_news_item_naming_other_bodies_stays_one_document():
    text = "\n".join([
        "3月17日，长子县政协召开十五届二次会议提案交办会，138件提案分别交有关单位办理。",
        "长治市政协副主席李明出席会议并讲话，对做好提案办理工作提出要求。",
        "屯留区政协主席王强应邀列席会议，介绍了该区提案办理的做法。",
    ])
    parsed = parse_text(text, source="news.txt")
    assert len(parsed.documents) == 1


def test_a_daily_digest_may_come_back_to_a_body_and_date_a_range():
    text = "\n".join([
        "6月23日，榆林市政协召开五届一次常委会议，邀请专家作专题辅导。市政协主席主持会议并讲话。",
        "6月20日至23日，商洛市政协围绕乡村振兴战略开展调研协商。市政协主席参加。",
        "6月24日，宝鸡市政协召开十三届三次主席会议。市政协主席主持会议。",
        "6月21日，榆林市政协副主席带队调研全市教育“双减”工作进展情况。",
    ])
    parsed = parse_text(text, source="digest.txt")
    openings = ["6月23日，榆林市政协", "6月20日至23日，商洛市政协", "6月24日，宝鸡市政协", "6月21日，榆林市政协"]
    assert len(parsed.documents) == 4
    assert all(doc.text.startswith(opening) for doc, opening in zip(parsed.documents, openings))
    assert counties(parsed) == [None] * 4  # prefectures' CPPCCs: no county


def test_two_items_make_no_round_up():
    text = "\n".join([ITEMS["140428"], ITEMS["140981"]])
    assert len(parse_text(text, source="two.txt").documents) == 1


@settings(max_examples=30, deadline=None)
@given(st.permutations(list(ITEMS)))
def test_item_order_does_not_change_what_each_item_is(order):
    parsed = parse_text("\n".join(ITEMS[code] for code in order), source="shuffled.txt")
    assert counties(parsed) == list(order)


def test_headlined_items_whose_paragraphs_end_in_a_byline():
    # Failure class (tests/parsing/real/229): a digest's items each under a headline, each paragraph closed
    # by its reporters' names run in — the headline after such a paragraph starts the next item.
    text = "\n".join([
        "原平市政协召开主席办公会研究全会筹备工作",
        "1月28日，原平市政协召开主席办公会，听取大会秘书处各工作组情况汇报，研究部署相关工作。（高新国）",
        "泽州县政协召开十四届四次常委会会议",
        "1月28日下午，泽州县政协召开十四届四次常委会会议，传达学习上级政协会议精神，审议有关事项。（朱耀廷 李红）",
        "沁县政协为基层群众发放爱心健康包",
        "春节前夕，沁县政协主席带队来到乡镇，将筹措的1700余份爱心健康包发放到百姓手中。（丁泉）",
    ])
    parsed = parse_text(text, source="headlines.txt")
    assert [doc.title for doc in parsed.documents] == [text.split("\n")[i] for i in (0, 2, 4)]
    assert counties(parsed) == ["140981", "140525", "140430"]
    assert (parsed.documents[1].term, parsed.documents[1].session) == (14, None)
