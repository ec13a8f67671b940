"""The parser's output: plain dataclasses, no Django.

Offsets (``start``/``end``) everywhere are character offsets into the *file's*
decoded text as given to :func:`reports.parsing.parse_text`, so for every
statistic ``raw[start:end] == quote``. Ingestion rebases them onto the
document's own ``raw_text`` (``stat.start - doc.start``).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Optional

# Bump when the parser's output for the same text can change: stored rows
# record it, and ``manage.py reparse`` compares against it.
PARSER_VERSION = "1.3.0"

DOCUMENT_KINDS = (
    "standing_committee_work_report",
    "proposal_work_report",
    "political_resolution",
    "resolution",
    "speech",
    "member_speech",
    "other",
)

METRICS = (
    "proposals_received",
    "proposals_filed",
    "proposals_key",
    "proposals_supervised",
    "proposals_closed",
    "opinion_reports",
    "opinion_reports_to_city",
    "opinion_reports_to_province",
    "opinion_reports_to_national",
    "opinion_reports_adopted",
    "meetings_plenary",
    "meetings_standing_committee",
    "meetings_chair",
    "consultations",
    "inspections",
    "research_reports",
    "other",
)

QUALIFIERS = ("exact", "more_than", "about", "less_than")
PARTS = ("review", "plan", "other")

# Bounds of plausible values, shared by the parser (which drops what lies
# outside), the model's check constraints and the write validators.
MIN_YEAR, MAX_YEAR = 1949, 2100  # the PRC's CPPCC; anything else is a misprint
MIN_ORDINAL, MAX_ORDINAL = 1, 99  # 届 and 次
MIN_LEVEL, MAX_LEVEL = 1, 9  # depth of a section heading
MAX_VALUE = 10**12 - 1  # the largest count; anything larger is an OCR slip


@dataclass(frozen=True)
class ParseWarning:
    """Something the parser doubted or repaired: a stable code, a Chinese message for editors, where, and why.

    ``code`` is one of ``diagnostics.WARNINGS``; ``start``/``end`` are offsets
    into the file text where known; ``detail`` is English text for developers.
    """

    code: str
    message: str
    start: Optional[int] = None
    end: Optional[int] = None
    detail: str = ""

    def __str__(self):
        return self.message


@dataclass
class Place:
    """A gazetteer entry: a county or a province."""

    code: str
    name: str


@dataclass
class ParsedSection:
    label: str  # as printed: "一", "(一)", "1.", "——", "" for run-in or unnumbered
    heading: str
    level: int  # 1 = top level
    part: str  # one of PARTS
    body: str = ""  # the section's own text, debris removed, children excluded
    start: int = 0  # offset of the heading line in the file text
    end: int = 0  # offset just past the section's last own or child text
    children: list["ParsedSection"] = field(default_factory=list)

    def walk(self):
        """This section and its descendants, pre-order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class ParsedStatistic:
    metric: str  # one of METRICS
    value: int
    qualifier: str  # one of QUALIFIERS
    unit: str  # 件, 篇, 次, 场, 个, 人 …
    quote: str  # exactly raw[start:end]
    start: int
    end: int
    wording: str = ""  # the words that decided the metric, e.g. "立案", "上报省政协"
    year: Optional[int] = None
    period: Optional[str] = None  # the years the number covers: "2024", or "2020-2024" for a five-year total
    rule: str = ""  # name of the rule that chose the metric, e.g. "proposal:proposals_filed"


@dataclass
class ParsedDocument:
    kind: str  # one of DOCUMENT_KINDS
    title: str
    text: str  # raw[start:end]: the document's slice of the file text, debris included
    start: int
    end: int
    county: Optional[Place] = None
    province: Optional[Place] = None
    term: Optional[int] = None
    session: Optional[int] = None
    date: Optional[date] = None  # delivered or adopted
    session_start: Optional[date] = None
    session_end: Optional[date] = None
    venue: Optional[str] = None
    speaker: Optional[str] = None
    speaker_role: Optional[str] = None
    review_year: Optional[int] = None
    plan_year: Optional[int] = None
    is_fragment: bool = False
    is_excerpt: bool = False
    source_page: Optional[str] = None  # e.g. "第B07版:灵石·两会"
    checksum: str = ""  # sha256 hex of the normalised text
    sections: list[ParsedSection] = field(default_factory=list)
    statistics: list[ParsedStatistic] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)

    def walk_sections(self):
        for section in self.sections:
            yield from section.walk()


@dataclass
class ParsedFile:
    source: str  # file name or label
    text: str  # the decoded text all offsets point into
    documents: list[ParsedDocument] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    parser_version: str = PARSER_VERSION

    def as_dict(self):
        return asdict(self)
