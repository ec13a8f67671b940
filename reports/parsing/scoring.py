"""How well the parser reads a corpus of real pages with hand-made truth (no Django).

Each page is ``NNN_….txt`` (the text as published) beside ``NNN_….json`` (its
truth: see ``tests/parsing/real/README.md``). ``score_page`` pairs the truth's
documents with the parser's in page order by overlapping text and counts:

- documents: truth documents paired with a parsed document of the same kind
  (found), parsed documents paired with nothing (extra; their headings and
  statistics count against precision);
- metadata: the fields the truth states that the parser gives equally, and the
  values the parser gives where the truth says null (invented);
- headings: numbered headings, text compared normalised, level ignored;
- statistics: distinct core (metric, value) pairs; the period of a found
  statistic is scored only when the parser exposes one;
- wrong county: a parsed document whose county is set and differs from the
  truth's (a county where the truth has none is wrong too).

A truth document the parser misses keeps its fields, headings and statistics in
the denominators: a parser that finds nothing does not score well.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Callable, Iterable, Optional

from .normalize import compact, glosses, matching_view, without
from .types import DOCUMENT_KINDS, METRICS, ParsedDocument

# The core metrics: every proposal and public-opinion count of the vocabulary (parsing/types.py).
CORE_METRICS = tuple(metric for metric in METRICS if metric.startswith(("proposals_", "opinion_reports")))
METADATA_FIELDS = ("county_code", "province", "term", "session", "date", "speaker", "review_year", "plan_year")
# Page classes a truth file may list under "layout"; the breakdown is per class.
LAYOUTS = (
    "portal",  # a government or CPPCC portal: navigation, breadcrumbs, 来源/时间/浏览量 lines
    "newspaper",  # a newspaper page (版面, 本报讯, several items)
    "news_item",  # a news report about a session or meeting, no full document
    "traditional",  # traditional script
    "titleless",  # the document starts without its formal title
    "slogan_title",  # a slogan as the main title, the report's name in a —— subtitle
    "repost",  # a copy on a site other than the publisher's (template and essay sites)
    "proposal_report",
    "standing_committee_report",
    "resolution",
    "speech",
    "opinion_news",  # 社情民意 news
    "not_county",  # no county CPPCC document: prefecture, province, 人大, several counties
)
PERIOD = re.compile(r"^(\d{4})(?:-(\d{4}))?$")
# Labels of numbered headings; run-in ("") and dash ("——") sections carry none and are not scored.
UNNUMBERED_LABELS = {"", "——"}
EDGE_PUNCTUATION = "。.，,；;：:、！!？? "


class TruthError(ValueError):
    """A truth file that does not follow the format; the message names the file and the field."""


@dataclass
class TruthDocument:
    kind: str
    title: Optional[str]
    county_code: Optional[str]
    province: Optional[str]
    term: Optional[int]
    session: Optional[int]
    date: Optional[str]
    speaker: Optional[str]
    review_year: Optional[int]
    plan_year: Optional[int]
    headings: list[tuple[int, str]]
    statistics: list[tuple[str, int, Optional[str]]]  # (metric, value, period)


@dataclass
class Truth:
    name: str  # the page's file stem
    source_url: str
    layout: list[str]
    documents: list[TruthDocument]


@dataclass
class Tally:
    """Counts that add up over pages; figures are ratios of them."""

    pages: int = 0
    docs_truth: int = 0
    docs_found: int = 0
    docs_extra: int = 0
    meta_stated: int = 0
    meta_correct: int = 0
    meta_invented: int = 0
    headings_truth: int = 0
    headings_parsed: int = 0
    headings_matched: int = 0
    stats_truth: int = 0
    stats_parsed: int = 0
    stats_matched: int = 0
    periods_scored: int = 0
    periods_correct: int = 0
    wrong_county: int = 0
    stated_by_field: Counter = field(default_factory=Counter)  # metadata field -> values the truth states
    correct_by_field: Counter = field(default_factory=Counter)

    def __iadd__(self, other: "Tally") -> "Tally":
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def figures(self) -> dict:
        """The scorer's figures: ratios (None where nothing was there to score) and counts."""
        return {
            "pages": self.pages,
            "documents_found": _ratio(self.docs_found, self.docs_truth),
            "extra_documents": self.docs_extra,
            "metadata": _ratio(self.meta_correct, self.meta_stated),
            "invented_values": self.meta_invented,
            "headings_recall": _ratio(self.headings_matched, self.headings_truth),
            "headings_precision": _ratio(self.headings_matched, self.headings_parsed),
            "statistics_recall": _ratio(self.stats_matched, self.stats_truth),
            "statistics_precision": _ratio(self.stats_matched, self.stats_parsed),
            "period_accuracy": _ratio(self.periods_correct, self.periods_scored),
            "wrong_county": self.wrong_county,
            "metadata_by_field": {
                key: _ratio(self.correct_by_field[key], self.stated_by_field[key]) for key in METADATA_FIELDS if self.stated_by_field[key]
            },
        }


# Figures where more is better; the others (counts of mistakes) must not rise.
HIGHER_IS_BETTER = (
    "documents_found",
    "metadata",
    "headings_recall",
    "headings_precision",
    "statistics_recall",
    "statistics_precision",
    "period_accuracy",
)
LOWER_IS_BETTER = ("extra_documents", "invented_values", "wrong_county")


def _ratio(part: int, whole: int) -> Optional[float]:
    return round(part / whole, 4) if whole else None


@dataclass
class PageScore:
    name: str
    layout: list[str]
    tally: Tally
    problems: list[str] = field(default_factory=list)  # what went wrong, for --details


# ---------------------------------------------------------------- truth files


def load_truth(path: Path | str) -> Truth:
    """The truth file at ``path``; raises TruthError naming the file and what is wrong."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TruthError(f"{path.name}: cannot read the truth file: {exc}") from exc
    return truth_from_dict(data, path.stem)


def truth_from_dict(data, name: str) -> Truth:
    """A truth read from its JSON object; raises TruthError naming ``name`` and the field at fault."""
    where = name
    if not isinstance(data, dict):
        raise TruthError(f"{where}: the truth must be a JSON object")
    layout = data.get("layout")
    if not isinstance(layout, list) or not layout:
        raise TruthError(f"{where}: 'layout' must be a non-empty list")
    unknown = [tag for tag in layout if tag not in LAYOUTS]
    if unknown:
        raise TruthError(f"{where}: unknown layout {unknown}; known: {', '.join(LAYOUTS)}")
    for key in ("source_url", "retrieved"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise TruthError(f"{where}: '{key}' must be a non-empty string")
    documents = data.get("documents")
    if not isinstance(documents, list):
        raise TruthError(f"{where}: 'documents' must be a list")
    return Truth(
        name=name,
        source_url=data["source_url"],
        layout=layout,
        documents=[_truth_document(doc, f"{where}: documents[{i}]") for i, doc in enumerate(documents)],
    )


def _truth_document(doc: dict, where: str) -> TruthDocument:
    if not isinstance(doc, dict):
        raise TruthError(f"{where}: must be an object")
    if doc.get("kind") not in DOCUMENT_KINDS:
        raise TruthError(f"{where}: kind {doc.get('kind')!r} is not one of {', '.join(DOCUMENT_KINDS)}")
    county = _optional(doc, "county_code", str, where)
    if county is not None and not (len(county) == 6 and county.isdigit()):
        raise TruthError(f"{where}: county_code {county!r} is not a 6-digit code")
    date = _optional(doc, "date", str, where)
    if date is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise TruthError(f"{where}: date {date!r} is not YYYY-MM-DD")
    headings = doc.get("headings", [])
    if not isinstance(headings, list) or not all(
        isinstance(h, list) and len(h) == 2 and isinstance(h[0], int) and isinstance(h[1], str) and h[1].strip() for h in headings
    ):
        raise TruthError(f"{where}: headings must be [level, text] pairs")
    statistics = []
    for j, stat in enumerate(doc.get("statistics", [])):
        if not isinstance(stat, dict) or stat.get("metric") not in CORE_METRICS:
            raise TruthError(f"{where}: statistics[{j}]: metric must be one of {', '.join(CORE_METRICS)}")
        if not isinstance(stat.get("value"), int) or isinstance(stat.get("value"), bool):
            raise TruthError(f"{where}: statistics[{j}]: value must be an integer")
        period = stat.get("period")
        if period is not None and not (isinstance(period, str) and PERIOD.match(period)):
            raise TruthError(f"{where}: statistics[{j}]: period {period!r} is not YYYY or YYYY-YYYY")
        statistics.append((stat["metric"], stat["value"], period))
    return TruthDocument(
        kind=doc["kind"],
        title=_optional(doc, "title", str, where),
        county_code=county,
        province=_optional(doc, "province", str, where),
        term=_optional(doc, "term", int, where),
        session=_optional(doc, "session", int, where),
        date=date,
        speaker=_optional(doc, "speaker", str, where),
        review_year=_optional(doc, "review_year", int, where),
        plan_year=_optional(doc, "plan_year", int, where),
        headings=[(level, text) for level, text in headings],
        statistics=statistics,
    )


def _optional(doc: dict, key: str, kind: type, where: str):
    value = doc.get(key)
    if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
        raise TruthError(f"{where}: {key} must be {kind.__name__} or null, not {value!r}")
    return value


# ---------------------------------------------------------------- pairing


def same_text(text: str) -> str:
    """Text as compared: no pinyin glosses, simplified, half-width, no white space, no punctuation at its ends."""
    text = text or ""
    text, _ = without(text, glosses(text))
    return compact(matching_view(text)).strip(EDGE_PUNCTUATION)


def _anchors(truth: TruthDocument) -> list[str]:
    """Pieces of a truth document's text that the parsed document's text must hold."""
    pieces = [truth.title] + [text for _level, text in truth.headings]
    return [a for a in (same_text(p)[:20] for p in pieces if p) if len(a) >= 4]


def _overlaps(truth: TruthDocument, parsed: ParsedDocument, parsed_text: str) -> bool:
    anchors = _anchors(truth)
    # A document with neither title nor headings (a short news item) pairs by kind alone.
    return not anchors or any(anchor in parsed_text for anchor in anchors)


def pair_documents(truths: list[TruthDocument], parsed: list[ParsedDocument]) -> list[tuple[int, int]]:
    """(truth index, parsed index) pairs, in page order, by overlapping text; the same kind is preferred."""
    texts = [same_text(p.title) + same_text(p.text) for p in parsed]
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for want_kind in (True, False):
        for t_index, truth in enumerate(truths):
            if any(t == t_index for t, _ in pairs):
                continue
            # Keep page order: only parsed documents between the neighbours already paired.
            low = max((p for t, p in pairs if t < t_index), default=-1)
            high = min((p for t, p in pairs if t > t_index), default=len(parsed))
            for p_index in range(low + 1, high):
                candidate = parsed[p_index]
                if p_index in used or (want_kind and candidate.kind != truth.kind):
                    continue
                if _overlaps(truth, candidate, texts[p_index]):
                    pairs.append((t_index, p_index))
                    used.add(p_index)
                    break
    return sorted(pairs)


# ---------------------------------------------------------------- scoring


def parsed_metadata(doc: ParsedDocument) -> dict:
    """The parsed document's metadata fields as the truth writes them."""
    return {
        "county_code": doc.county.code if doc.county else None,
        "province": doc.province.name if doc.province else None,
        "term": doc.term,
        "session": doc.session,
        "date": doc.date.isoformat() if doc.date else None,
        "speaker": doc.speaker,
        "review_year": doc.review_year,
        "plan_year": doc.plan_year,
    }


def _same_value(key: str, truth_value, parsed_value) -> bool:
    if key == "speaker":
        return same_text(truth_value) == same_text(parsed_value or "")
    return truth_value == parsed_value


def numbered_headings(doc: ParsedDocument) -> list[str]:
    """Normalised texts of the parsed document's numbered headings (run-in and dash items excluded)."""
    return [same_text(s.heading) for s in doc.walk_sections() if s.label.strip() not in UNNUMBERED_LABELS]


_NO_PERIOD = object()


def statistic_period(stat) -> object:
    """The period a parsed statistic covers as "YYYY" / "YYYY-YYYY" / None, or _NO_PERIOD if the parser exposes none.

    Read from ``period`` if the parser has it, else ``period_start``/``period_end``, else ``year``.
    """
    if hasattr(stat, "period"):
        value = stat.period
        return None if value is None else str(value).replace("–", "-")
    if hasattr(stat, "period_start") and hasattr(stat, "period_end"):
        start, end = stat.period_start, stat.period_end
        if start is None:
            return None
        return str(start) if end in (None, start) else f"{start}-{end}"
    if hasattr(stat, "year"):
        return None if stat.year is None else str(stat.year)
    return _NO_PERIOD


def score_page(truth: Truth, parsed: Optional[list[ParsedDocument]], error: Optional[str] = None) -> PageScore:
    """The counts for one page; ``parsed`` is None when the parser raised (``error`` says what)."""
    tally = Tally(pages=1)
    problems: list[str] = []
    documents = parsed or []
    if error:
        problems.append(f"parser: {error}")
    pairs = pair_documents(truth.documents, documents)
    paired_truth = {t: p for t, p in pairs}
    paired_parsed = {p for _t, p in pairs}
    tally.docs_truth = len(truth.documents)
    truth_counties = {doc.county_code for doc in truth.documents}
    for t_index, doc in enumerate(truth.documents):
        parsed_doc = documents[paired_truth[t_index]] if t_index in paired_truth else None
        label = f"doc {t_index + 1} ({doc.kind})"
        if parsed_doc is None:
            problems.append(f"{label}: not found")
        elif parsed_doc.kind != doc.kind:
            problems.append(f"{label}: parsed as {parsed_doc.kind}")
        else:
            tally.docs_found += 1
        _score_document(doc, parsed_doc, tally, problems, label)
    for p_index, doc in enumerate(documents):
        if p_index in paired_parsed:
            continue
        tally.docs_extra += 1
        # What an extra document claims counts against precision: no truth heading or figure matches it.
        tally.headings_parsed += len(numbered_headings(doc))
        tally.stats_parsed += len({(s.metric, s.value) for s in doc.statistics if s.metric in CORE_METRICS})
        county = doc.county.code if doc.county else None
        problems.append(f"extra parsed {doc.kind}: {doc.title[:30]!r}")
        if county is not None and county not in truth_counties:
            tally.wrong_county += 1
            problems.append(f"WRONG COUNTY {county} {doc.county.name} on an extra document")
    return PageScore(truth.name, truth.layout, tally, problems)


def _score_document(truth: TruthDocument, parsed: Optional[ParsedDocument], tally: Tally, problems: list[str], label: str):
    got = parsed_metadata(parsed) if parsed else dict.fromkeys(METADATA_FIELDS)
    for key in METADATA_FIELDS:
        want = getattr(truth, key)
        if want is None:
            if got[key] is not None:
                tally.meta_invented += 1
                problems.append(f"{label}: {key} invented: {got[key]!r}")
            continue
        tally.meta_stated += 1
        tally.stated_by_field[key] += 1
        if _same_value(key, want, got[key]):
            tally.meta_correct += 1
            tally.correct_by_field[key] += 1
        elif parsed is not None:
            problems.append(f"{label}: {key} {got[key]!r}, truth {want!r}")
    if parsed is not None and got["county_code"] is not None and got["county_code"] != truth.county_code:
        tally.wrong_county += 1
        problems.append(f"{label}: WRONG COUNTY {got['county_code']} {parsed.county.name}, truth {truth.county_code}")

    want_headings = Counter(same_text(text) for _level, text in truth.headings)
    got_headings = Counter(numbered_headings(parsed)) if parsed else Counter()
    matched = want_headings & got_headings
    tally.headings_truth += sum(want_headings.values())
    tally.headings_parsed += sum(got_headings.values())
    tally.headings_matched += sum(matched.values())
    for text in (want_headings - got_headings).elements():
        if parsed is not None:
            problems.append(f"{label}: heading missed: {text[:30]}")
    for text in (got_headings - want_headings).elements():
        problems.append(f"{label}: heading extra: {text[:30]}")

    _score_statistics(truth, parsed, tally, problems, label)


def _score_statistics(truth: TruthDocument, parsed: Optional[ParsedDocument], tally: Tally, problems: list[str], label: str):
    """Distinct (metric, value) pairs: a figure the text repeats is one fact, found once."""
    got: dict[tuple[str, int], list] = {}
    for stat in parsed.statistics if parsed else []:
        if stat.metric in CORE_METRICS:
            got.setdefault((stat.metric, stat.value), []).append(stat)
    want: dict[tuple[str, int], Optional[str]] = {}
    for metric, value, period in truth.statistics:
        want.setdefault((metric, value), period)
    tally.stats_truth += len(want)
    tally.stats_parsed += len(got)
    for (metric, value), period in want.items():
        if (metric, value) not in got:
            if parsed is not None:
                problems.append(f"{label}: statistic missed: {metric}={value}")
            continue
        tally.stats_matched += 1
        periods = [statistic_period(stat) for stat in got[(metric, value)]]
        if period is not None and _NO_PERIOD not in periods:
            tally.periods_scored += 1
            if period in periods:
                tally.periods_correct += 1
            else:
                problems.append(f"{label}: period of {metric}={value}: {periods[0]!r}, truth {period!r}")
    for (metric, value), stats in got.items():
        if (metric, value) not in want:
            problems.append(f"{label}: statistic extra: {metric}={value} «{stats[0].quote[:30]}»")


# ---------------------------------------------------------------- a corpus


@dataclass
class CorpusScore:
    pages: list[PageScore]

    def overall(self) -> Tally:
        total = Tally()
        for page in self.pages:
            total += page.tally
        return total

    def per_class(self) -> dict[str, Tally]:
        """A tally per layout class; a page counts in every class it lists."""
        classes: dict[str, Tally] = {}
        for name in LAYOUTS:
            for page in self.pages:
                if name in page.layout:
                    classes.setdefault(name, Tally())
                    classes[name] += page.tally
        return classes

    def report(self) -> dict:
        """Overall and per-class figures: the shape of baseline.json."""
        return {
            "overall": self.overall().figures(),
            "per_class": {name: tally.figures() for name, tally in self.per_class().items()},
        }


def page_pairs(directory: Path | str) -> list[tuple[Path, Path]]:
    """(text, truth) file pairs in ``directory``; raises TruthError for a page missing its other half."""
    directory = Path(directory)
    texts = {p.stem: p for p in directory.glob("*.txt")}
    truths = {p.stem: p for p in directory.glob("*.json") if p.name != "baseline.json"}
    lonely = sorted(set(texts) ^ set(truths))
    if lonely:
        raise TruthError(f"{directory}: pages without their .txt or .json: {', '.join(lonely)}")
    if not texts:
        raise TruthError(f"{directory}: no pages (NNN_….txt with NNN_….json)")
    return [(texts[stem], truths[stem]) for stem in sorted(texts)]


def score_corpus(directory: Path | str, parse: Callable, errors: Iterable[type[Exception]] = ()) -> CorpusScore:
    """Score every page in ``directory`` with ``parse(path) -> ParsedFile``.

    An exception of a type in ``errors`` (the parser's "no document here") scores as no documents.
    """
    catch = tuple(errors)
    pages = []
    for text_path, truth_path in page_pairs(directory):
        truth = load_truth(truth_path)
        try:
            parsed, error = parse(text_path).documents, None
        except catch as exc:  # noqa: PERF203 - one page's failure is a score, not a crash
            parsed, error = None, str(exc)
        pages.append(score_page(truth, parsed, error))
    return CorpusScore(pages)


def regressions(current: dict, baseline: dict) -> list[str]:
    """Figures in ``current`` worse than in ``baseline`` (both shaped like ``CorpusScore.report()``)."""
    found = []
    scopes = [("overall", baseline.get("overall", {}), current.get("overall", {}))]
    scopes += [(f"class {name}", figures, current.get("per_class", {}).get(name, {})) for name, figures in baseline.get("per_class", {}).items()]
    for scope, old, new in scopes:
        for key in HIGHER_IS_BETTER:
            if old.get(key) is not None and (new.get(key) is None or new[key] < old[key]):
                found.append(f"{scope}: {key} fell from {old[key]} to {new.get(key)}")
        for key in LOWER_IS_BETTER:
            if key in old and new.get(key, 0) > old[key]:
                found.append(f"{scope}: {key} rose from {old[key]} to {new.get(key)}")
        new_fields = new.get("metadata_by_field", {})
        for key, value in old.get("metadata_by_field", {}).items():
            if value is not None and (new_fields.get(key) is None or new_fields[key] < value):
                found.append(f"{scope}: metadata {key} fell from {value} to {new_fields.get(key)}")
    return found
