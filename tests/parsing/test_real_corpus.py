"""The parser on real pages (tests/parsing/real): no figure may fall below the committed baseline.

When rules improve, raise the baseline:
    python manage.py score_parse tests/parsing/real --json --per-class > tests/parsing/real/baseline.json
"""
import json
from pathlib import Path

import pytest

from reports.parsing import NoDocumentFound, parse_file
from reports.parsing.gazetteer import read_rows
from reports.parsing.scoring import load_truth, page_pairs, regressions, same_text, score_corpus

REAL = Path(__file__).resolve().parent / "real"
BASELINE = REAL / "baseline.json"
REGENERATE = "python manage.py score_parse tests/parsing/real --json --per-class > tests/parsing/real/baseline.json"


@pytest.fixture(scope="module")
def report():
    return score_corpus(REAL, parse_file, errors=(NoDocumentFound,)).report()


def test_no_figure_falls_below_the_baseline(report):
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    assert report["overall"]["pages"] == baseline["overall"]["pages"], f"the corpus changed; measure again: {REGENERATE}"
    assert regressions(report, baseline) == []


def test_truth_counties_are_in_the_gazetteer_and_their_provinces_agree():
    provinces = {row.code: row.province_name for row in read_rows()}
    for _text, truth_path in page_pairs(REAL):
        for doc in load_truth(truth_path).documents:
            if doc.county_code is not None:
                assert doc.county_code in provinces, f"{truth_path.name}: county {doc.county_code} is not in the gazetteer"
                assert doc.province == provinces[doc.county_code], f"{truth_path.name}: {doc.county_code} is in {provinces[doc.county_code]}"


def test_truth_titles_headings_and_figures_are_on_the_page():
    """Annotation slips show up here: what the truth quotes must be in the page's text."""
    for text_path, truth_path in page_pairs(REAL):
        page = same_text(text_path.read_text(encoding="utf-8"))
        for doc in load_truth(truth_path).documents:
            for quoted in [doc.title] + [heading for _level, heading in doc.headings]:
                if quoted is not None:
                    assert same_text(quoted) in page, f"{truth_path.name}: {quoted!r} is not on the page"
            for metric, value, _period in doc.statistics:
                assert str(value) in page, f"{truth_path.name}: {metric} {value} is not on the page"


def test_every_page_has_its_text_and_provenance():
    pairs = page_pairs(REAL)
    assert len(pairs) >= 5
    for text_path, truth_path in pairs:
        assert text_path.read_text(encoding="utf-8").strip(), text_path.name
        data = json.loads(truth_path.read_text(encoding="utf-8"))
        assert data["source_url"].startswith(("http://", "https://")), truth_path.name
