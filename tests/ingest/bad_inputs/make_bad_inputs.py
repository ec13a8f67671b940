"""Writes the bad-input catalogue (run once; the files are committed)."""
from pathlib import Path
import opencc

OUT = Path("tests/ingest/bad_inputs")
SEED = Path("fixtures/raw/004_60010aeb0866013c.txt").read_text(encoding="utf-8")
RESOLUTION = (
    "中国人民政治协商会议第十二届仁寿县委员会第二次会议\n关于常务委员会工作报告的决议\n"
    "（2023年2月12日政协第十二届仁寿县委员会第二次会议通过）\n"
    "政协第十二届仁寿县委员会第二次会议审议通过了李强主席代表第十二届常务委员会所作的工作报告。全年提交提案205件，立案186件。\n"
)
files = {
    "01_empty.txt": b"",
    "02_whitespace_only.txt": " \n\t\n\u3000\n".encode(),
    "03_binary_png.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "04_nul_inside_text.txt": SEED[:300].encode() + b"\x00" + SEED[300:600].encode(),
    "05_truncated_utf8.txt": SEED.encode()[:-1],
    "06_gbk_without_declaration.txt": SEED.encode("gb18030"),
    "07_utf16_with_bom.txt": SEED.encode("utf-16"),
    "08_big5_traditional.txt": opencc.OpenCC("s2t").convert(RESOLUTION).encode("big5", errors="replace"),
    "09_unrelated_news.txt": "本市今日多云转晴，最高气温十八度。\n市区主要道路车流平稳，地铁运行正常。\n分享到：\n".encode(),
    "10_english.txt": b"The county committee met on Tuesday to discuss the harvest.\n",
    "11_only_debris.txt": "第A03版:两会专刊\n分享到：\n过往期刊\n• 第2025-12-23期\n".encode(),
    "12_county_not_in_gazetteer.txt": RESOLUTION.replace("仁寿县", "青云县").replace("仁寿", "青云").encode(),
    "13_impossible_date.txt": RESOLUTION.replace("2023年2月12日", "2023年2月30日").encode(),
    "14_twenty_digit_number.txt": RESOLUTION.replace("全年提交提案205件", "全年提交提案12345678901234567890件").encode(),
    "15_duplicated_documents.txt": (RESOLUTION + "\n" + RESOLUTION).encode(),
    "16_title_without_body.txt": "中国人民政治协商会议第十二届仁寿县委员会常务委员会工作报告\n".encode(),
    "17_year_out_of_range.txt": SEED.replace("2023年工作回顾", "1850年工作回顾").replace("(2024年4月23日)", "(1850年4月23日)").encode(),
    "18_term_zero.txt": RESOLUTION.replace("第十二届", "第零届").encode(),
    "19_session_dates_reversed.txt": "中国人民政治协商会议第十二届仁寿县委员会第二次会议政治决议\n中国人民政治协商会议第十二届仁寿县委员会第二次会议，于2023年2月20日至18日在仁寿县会议中心举行。\n会议号召全县政协组织团结奋进。\n".encode(),
    "20_crlf_line_endings.txt": RESOLUTION.replace("\n", "\r\n").encode(),
    "21_control_characters.txt": RESOLUTION.replace("审议通过", "审\x07议\x1b通过").encode(),
    "22_zero_width_spaces.txt": RESOLUTION.replace("政协", "政\u200b协").encode(),
    "23_html_page.txt": ("<html><head><title>两会</title></head><body>\n<p>" + RESOLUTION.replace("\n", "</p>\n<p>") + "</p>\n</body></html>\n").encode(),
    "24_json_dump.txt": b'{"id": 1, "title": "weather", "items": [1, 2, 3]}\n',
    "25_latin1.txt": "Caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u00fa\u00fb\n".encode("latin-1"),
    "26_long_title_line.txt": ("中国人民政治协商会议" * 40 + "\n" + "会议指出，政协委员要履职尽责。\n").encode(),
    "27_only_a_date_line.txt": "（2023年2月12日政协第十二届仁寿县委员会第二次会议通过）\n".encode(),
    "28_negative_and_percent.txt": RESOLUTION.replace("立案186件", "立案-186件，立案率-5%").encode(),
    "29_ambiguous_county.txt": "中国人民政治协商会议朝阳区委员会常务委员会工作报告\n一、过去一年的工作\n全年共立案120件。\n二、今年的工作\n继续做好提案工作。\n".encode(),
    "30_mixed_encodings.txt": RESOLUTION[:60].encode() + RESOLUTION[60:].encode("gb18030"),
}
OUT.mkdir(parents=True, exist_ok=True)
for name, data in files.items():
    (OUT / name).write_bytes(data)
(OUT / "31_one_megabyte_of_one_line.txt").write_bytes(("政协委员会议召开，委员们踊跃发言。" * 3 + "\n").encode() * (1024 * 1024 // 150))
print(len(list(OUT.iterdir())), "files")
