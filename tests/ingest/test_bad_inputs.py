"""The bad-input catalogue (tests/ingest/bad_inputs/): a clear error or warning for each, nothing half-written.

The files are real-shaped (made by make_bad_inputs.py from the seeds). A file
that fails must leave the database exactly as it was: the whole archive app,
history tables included, is dumped before and after and compared.
"""
from pathlib import Path

import pytest
from django.core import serializers
from django.apps import apps

from reports.ingest import ingest_path
from reports.models import Document

BAD = Path(__file__).resolve().parent / "bad_inputs"

# file → (outcome, words the error must contain, or the code of the warning expected)
EXPECTED = {
    "01_empty.txt": ("error", "empty"),
    "02_whitespace_only.txt": ("error", "empty"),
    "03_binary_png.txt": ("error", "binary"),
    "04_nul_inside_text.txt": ("error", "binary"),
    "05_truncated_utf8.txt": ("warning", "truncated_utf8"),
    "06_gbk_without_declaration.txt": ("warning", "encoding_not_utf8"),
    "07_utf16_with_bom.txt": ("warning", "encoding_not_utf8"),
    "08_big5_traditional.txt": ("warning", "encoding_not_utf8"),
    "09_unrelated_news.txt": ("error", "no CPPCC document"),
    "10_english.txt": ("error", "no CPPCC document"),
    "11_only_debris.txt": ("error", "no CPPCC document"),
    "12_county_not_in_gazetteer.txt": ("error", "青云县 named in the title is not in the gazetteer"),
    "13_impossible_date.txt": ("warning", "impossible_date"),
    "14_twenty_digit_number.txt": ("warning", "number_too_large"),
    "15_duplicated_documents.txt": ("warning", "duplicate_document"),
    "16_title_without_body.txt": ("warning", "title_without_text"),
    "17_year_out_of_range.txt": ("warning", "year_out_of_range"),
    "18_term_zero.txt": ("warning", "ordinal_out_of_range"),
    "19_session_dates_reversed.txt": ("warning", "session_dates_reversed"),
    "20_crlf_line_endings.txt": ("loads", None),
    "21_control_characters.txt": ("loads", None),
    "22_zero_width_spaces.txt": ("loads", None),
    "23_html_page.txt": ("warning", "read_as_html"),
    "24_json_dump.txt": ("error", "no CPPCC document"),
    "25_latin1.txt": ("error", "neither UTF-8 nor GB18030"),
    "26_long_title_line.txt": ("error", "no county could be identified"),
    "27_only_a_date_line.txt": ("warning", "title_without_text"),
    "28_negative_and_percent.txt": ("loads", None),
    "29_ambiguous_county.txt": ("error", "no county could be identified"),
    "30_mixed_encodings.txt": ("error", "neither UTF-8 nor GB18030"),
    "31_one_megabyte_of_one_line.txt": ("error", "no county could be identified"),
}


def test_the_catalogue_is_complete():
    files = sorted(p.name for p in BAD.glob("*.txt"))
    assert files == sorted(EXPECTED) and len(files) >= 30


def whole_archive():
    models = [m for m in apps.get_app_config("reports").get_models()]
    return {m.__name__: serializers.serialize("json", m.objects.order_by("pk")) for m in models}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input(seed_archive, name):
    outcome, words = EXPECTED[name]
    path = BAD / name
    before = whole_archive()
    documents = Document.objects.count()
    report = ingest_path(path)
    if outcome == "error":
        assert report.failed, f"{name} should fail"
        assert str(path) in report.error or path.name in report.error
        assert words in report.error
        assert whole_archive() == before, "a failed file changed the database"
        return
    assert not report.failed, report.error
    # A re-encoded seed is the seed again: found, not duplicated.
    assert report.created + report.unchanged >= 1 and Document.objects.count() == documents + report.created
    if outcome == "warning":
        codes = {w.code for w in report.parse_warnings} | {
            w["code"] for d in Document.objects.filter(source_file=name) for w in d.warnings
        }
        assert words in codes, codes
