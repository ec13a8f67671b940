"""Typed parser warnings: one vocabulary of codes, each with a Chinese message and an English detail."""
import re
from pathlib import Path

import pytest

from reports.parsing import ParseError, ParseWarning, parse_file
from reports.parsing.diagnostics import WARNINGS, make_warning
from reports.parsing.export import file_to_dict

ROOT = Path(__file__).resolve().parents[2]
PARSING = ROOT / "reports" / "parsing"
INPUTS = sorted((ROOT / "fixtures" / "raw").glob("*.txt")) + sorted((ROOT / "tests" / "ingest" / "bad_inputs").glob("*.txt"))
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_code_has_a_chinese_message_and_an_english_detail():
    for code, text in WARNINGS.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]+", code)
        assert code == "unclassified" or CJK.search(text.message), code
        assert text.detail.isascii() or code == "unclassified" or "{" in text.detail, code


def test_the_parser_warns_only_with_declared_codes():
    # Every literal code passed to warn() in the parser's source is in the vocabulary, and no free text is appended.
    used = set()
    for path in PARSING.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"warn\(\s*[\w.]+,\s*\"(\w+)\"", source))
        assert not re.search(r"warnings\.append\(f?\"", source), f"{path.name} appends a free-text warning"
    assert used and used <= set(WARNINGS), used - set(WARNINGS)


def test_an_unknown_code_is_refused():
    with pytest.raises(KeyError):
        make_warning("no_such_code")


@pytest.fixture(scope="module")
def parsed_inputs():
    found = []
    for path in INPUTS:
        try:
            found.append(parse_file(path))
        except ParseError:
            continue
    return found


def test_warnings_on_real_inputs_are_typed_and_point_into_the_text(parsed_inputs):
    seen = set()
    for parsed in parsed_inputs:
        for warning in parsed.warnings + [w for d in parsed.documents for w in d.warnings]:
            assert isinstance(warning, ParseWarning) and warning.code in WARNINGS
            assert CJK.search(warning.message) and warning.detail
            if warning.start is not None:
                assert 0 <= warning.start <= warning.end <= len(parsed.text)
            seen.add(warning.code)
    # The catalogue exercises most of the vocabulary.
    assert {"heading_demoted", "heading_out_of_sequence", "number_too_large", "impossible_date", "read_as_html"} <= seen


def test_statistics_name_their_rule_and_json_keeps_its_keys(parsed_inputs):
    for parsed in parsed_inputs:
        for doc in parsed.documents:
            for stat in doc.statistics:
                assert stat.rule, stat
                if stat.rule.startswith(("proposal:", "opinion:", "meeting:")) and stat.rule != "proposal:past":
                    assert stat.rule.split(":")[1] == stat.metric
        data = file_to_dict(parsed)
        assert data["parser_version"] == parsed.parser_version
        for doc, parsed_doc in zip(data["documents"], parsed.documents):
            # The English text stays where it was; the typed warnings sit beside it.
            assert doc["warnings"] == [w.detail for w in parsed_doc.warnings]
            assert [d["code"] for d in doc["diagnostics"]] == [w.code for w in parsed_doc.warnings]
            for stat in doc["statistics"]:
                assert {"metric", "value", "quote", "start", "end", "rule"} <= set(stat)
