"""A news item's date where the page states it only in part (tests/parsing/real: 026, 138, 157).

Failure classes: a relative day (今日开幕, 昨天下午) next to the page's publication date; a portal's
time stamp run into the first paragraph (时间:2023-02-12 17:172月11日，…); a date that lost its 年 in
a repost (——20261月5日在…).
"""
import datetime

import pytest

from reports.parsing import parse_text
from reports.parsing.layout import split_lines


def only(text):
    (doc,) = parse_text(text, source="news.txt").documents
    return doc


@pytest.mark.parametrize(
    "headline, published, expected",
    [
        ("县政协十一届六次会议今日开幕", "2012-02-12", datetime.date(2012, 2, 12)),
        ("县政协十一届六次会议昨天下午闭幕", "2012-02-12", datetime.date(2012, 2, 11)),
        ("县政协十一届六次会议昨日闭幕", "2012-03-01", datetime.date(2012, 2, 29)),
    ],
)
def test_a_relative_day_counts_from_the_publication_date(headline, published, expected):
    doc = only(
        f"{headline}\n发布时间:{published} 09:00:00 信息来源:桃源政府网\n"
        "政协桃源县第十一届委员会第六次会议在县会议中心开幕，应到委员二百一十人，实到二百人。\n"
    )
    assert doc.date == expected
    assert "day_from_publication" in [w.code for w in doc.warnings]


def test_no_publication_date_no_relative_day():
    doc = only("县政协十一届六次会议今日开幕\n政协桃源县第十一届委员会第六次会议在县会议中心开幕，应到委员二百一十人。\n")
    assert doc.date is None


def test_a_time_stamp_run_into_the_first_paragraph():
    text = (
        "政协米脂县第十届委员会常务委员会第四次会议召开\n"
        "来源:米脂新闻网 作者:吕云荣 时间:2023-02-12 17:172月11日,政协米脂县第十届委员会常务委员会第四次会议在县政协会议室召开。\n"
        "会议审议通过了关于召开政协米脂县第十届委员会第二次会议的决定(草案)。\n"
    )
    lines = split_lines(text)
    assert [line.debris for line in lines[1:3]] == [True, False]
    assert lines[2].text.startswith("2月11日")
    doc = only(text)
    assert doc.date == datetime.date(2023, 2, 11)
    assert doc.text.count("会议室召开") == 1  # the paragraph is read once (doc.text keeps the page's debris by design)


def test_a_furniture_line_without_running_text_stays_furniture():
    lines = split_lines("标题\n来源:米脂新闻网 时间:2023-02-12 17:17 浏览:33\n正文")
    assert lines[1].debris and len(lines) == 3


def test_a_date_that_lost_its_year_mark():
    doc = only(
        "政协北京市通州区第七届委员会常务委员会工作报告\n——20261月5日在政协北京市通州区第七届委员会第五次会议上\n张德启\n"
        "各位委员：\n现在，我受政协北京市通州区第七届委员会常务委员会的委托，向大会报告工作，请予审议。\n"
    )
    assert doc.date == datetime.date(2026, 1, 5)


def test_a_copy_time_stamp_between_title_and_date_line_is_no_header():
    # Failure class (tests/parsing/real/209): an aggregator's day-first stamp under the title hid the
    # report's own date and speaker lines below it.
    (doc,) = parse_text(
        "中国人民政治协商会议江西省第十二届委员会常务委员会工作报告\n\n18.02.2020  12:01\n\n(2020年1月14日)\n\n姚增科\n\n"
        "各位委员、同志们:\n我受政协江西省第十二届委员会常务委员会的委托,向大会报告工作,请予审议。\n",
        source="stamp",
    ).documents
    assert (doc.date, doc.speaker) == (datetime.date(2020, 1, 14), "姚增科")


def test_a_dashed_dateline_under_a_headline():
    doc = only("政协正蓝旗第十一届委员会第三次会议开幕\n———  2024-01-25\n1月25日，中国人民政治协商会议正蓝旗第十一届委员会第三次会议开幕。\n")
    assert doc.date == datetime.date(2024, 1, 25)


def test_a_bare_day_of_the_month_beside_a_portals_dated_counter():
    # Failure class (tests/parsing/real/048): 25号上午 under a "2012-03-26 浏览" line.
    doc = only("政协金湖县第九届委员会第一次会议胜利闭幕\n\n2012-03-26 浏览\n\n县政协九届一次会议圆满完成各项议程, 25号上午,在雄壮的国歌声中胜利闭幕。\n")
    assert doc.date == datetime.date(2012, 3, 25)
    # A day after the publication's falls in the month before.
    doc = only("政协金湖县第九届委员会第一次会议胜利闭幕\n\n2012-03-02 浏览\n\n县政协九届一次会议圆满完成各项议程, 28日上午,在雄壮的国歌声中胜利闭幕。\n")
    assert doc.date == datetime.date(2012, 2, 28)


def test_a_date_that_lost_its_year_and_month_marks():
    # Failure class (tests/parsing/real 039, 226): (2012324日) is 2012-03-24, the only split that is a date.
    doc = only("政协建湖县第十三届委员会第一次会议开幕词\n2012324日)\n各位委员、同志们:\n政协建湖县第十三届委员会第一次会议今天隆重开幕了。\n")
    assert doc.date == datetime.date(2012, 3, 24)


def test_a_day_to_come_is_not_the_items_date():
    doc = only(
        "政协内蒙古自治区第十二届一次会议新闻发布会召开\n发布时间:2018-01-20 00:00\n"
        "会议宣布将于1月23日开幕。1月19日,政协内蒙古自治区第十二届一次会议新闻发布会召开。\n"
    )
    assert doc.date == datetime.date(2018, 1, 19)


def test_a_newspapers_issue_date_line():
    # Failure class (tests/parsing/real/324): 刊发日期 is the page's publication date.
    doc = only("出席县政协十一届一次会议的委员陆续报到\n刊发日期:2022-04-26 作者:\n4月25日上午，参加县政协十一届一次会议的委员们陆续报到。\n")
    assert doc.date == datetime.date(2022, 4, 25)


def test_a_range_of_days_signed_photo_captions_and_a_browser_warning():
    text = """请升级浏览器版本
你正在使用旧版本浏览器。请升级浏览器以获得更好的体验。
政协第十届某某县委员会第四次会议召开
刊发日期:2024-03-08 阅读次数:
大会现场。(潘 华 摄)
大会现场。(潘 华 摄)
大会在庄严的国歌声中开幕。(陈某 摄)
委员们投下庄严一票。(黄某某 摄).JPG
委员们投下庄严一票。(黄某某 摄)
3月5~6日,政协第十届某某县委员会第四次会议在县文化中心召开,来自全县的164名政协委员齐聚一堂。
"""
    (doc,) = parse_text(text, source="range").documents
    assert doc.title == "政协第十届某某县委员会第四次会议召开"
    assert doc.date.isoformat() == "2024-03-05"
