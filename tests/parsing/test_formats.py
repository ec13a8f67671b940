"""HTML, .docx and PDF files reach the parser as text; offsets point into the extracted text."""
import io

import docx
import pypdf
import pytest

from reports.parsing import ParseError, parse_file
from reports.parsing.formats import NO_TEXT_LAYER, text_from_bytes

TITLE = "政协武义县第十届委员会常务委员会工作报告"
BODY = ["各位委员：", "我受常务委员会委托，向大会报告工作，请予审议。", "一年来共收到提案215件，经审查立案198件。"]


def check(parsed):
    (doc,) = parsed.documents
    assert doc.kind == "standing_committee_work_report" and doc.county.name == "武义县"
    assert {(s.metric, s.value) for s in doc.statistics} >= {("proposals_received", 215), ("proposals_filed", 198)}
    for stat in doc.statistics:
        assert parsed.text[stat.start : stat.end] == stat.quote


def test_html_saved_from_a_browser(tmp_path):
    page = (
        "<!DOCTYPE html><html><head><title>武义县人民政府</title><script>var a = '政协';</script><style>p{}</style></head>"
        "<body><div class='nav'><a>首页</a> &gt; <a>两会专题</a></div><h1>" + TITLE + "</h1>"
        + "".join(f"<p>{line}</p>" for line in BODY) + "<!-- 政协 comment --></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    parsed = parse_file(path)
    check(parsed)
    assert "var a" not in parsed.text and "<p>" not in parsed.text
    assert any(w.code == "read_as_html" for w in parsed.warnings)


def test_word_document(tmp_path):
    document = docx.Document()
    document.add_paragraph(TITLE)
    for line in BODY:
        document.add_paragraph(line)
    path = tmp_path / "report.docx"
    document.save(path)
    check(parse_file(path))


def test_pdf_without_a_text_layer_is_refused_clearly(tmp_path):
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    path = tmp_path / "scan.pdf"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ParseError) as caught:
        parse_file(path)
    assert str(path) in str(caught.value) and NO_TEXT_LAYER in str(caught.value)


def test_a_broken_docx_is_refused_clearly():
    with pytest.raises(ParseError, match="docx"):
        text_from_bytes(b"PK\x03\x04 not really a zip", "old.docx")


def test_plain_text_is_unchanged():
    assert text_from_bytes("政协\n".encode("gb18030"), "a.txt") == ("政协\n", "gb18030")
