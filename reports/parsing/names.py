"""Is a short line a person's name? Chinese surnames decide.

Names in this genre stand alone on a line (under a title, before a member's
speech) as two to four Han characters. A surname list keeps short headings such
as 委员 or 协商议政 from passing for names; it holds the common single surnames
and the compound ones (欧阳, 司马 …), which together cover nearly all people.
"""
from __future__ import annotations

import re

SINGLE_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
)
COMPOUND_SURNAMES = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "令狐", "慕容", "长孙", "宇文", "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "百里", "呼延", "万俟"}
# Words that look like names but are the genre's vocabulary.
NOT_NAMES = {"委员", "常委", "主席", "副主席", "秘书长", "同志们", "各位委员", "代表", "全体委员", "主任", "部长", "书记", "简介", "王牌", "高质量", "文史", "党组", "万元", "时代", "金钥匙", "周年", "明年", "元旦", "全会", "全县", "全市", "全区", "全旗"}
# Han characters, or transliterated parts joined by · (努尔兰·阿不都满金: up to 12 characters in all).
HAN_NAME = re.compile(r"^(?=.{2,12}$)[\u4e00-\u9fff]+(?:·[\u4e00-\u9fff]+)*$")


def is_person_name(text: str) -> bool:
    """True for a line like 吴斌, 丁卫娜, 欧阳春华 or 阿拉腾·巴特尔."""
    if not HAN_NAME.match(text) or text in NOT_NAMES:
        return False
    if "·" in text:  # transliterated names of ethnic-minority members
        return len(text) >= 4
    if len(text) > 4:
        return False
    if text[:2] in COMPOUND_SURNAMES:
        return len(text) >= 3
    return text[0] in SINGLE_SURNAMES
