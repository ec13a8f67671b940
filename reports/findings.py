"""Consistency checks an editor can work through: typed findings with a stable code, a Chinese message, the rows involved.

``CHECKS`` declares every code once, with its severity (3 error, 2 warning,
1 note) and message. ``refresh_document`` recomputes a document's findings;
``refresh_around`` also recomputes those of the other documents of the county
that state one of its figures for the same year. That runs at ingestion and after every correction
(reports/services.py), so the admin's review queue and the API's
``?has_findings=`` / ``?finding=`` filters always describe the stored values,
on both sides of a disagreement.
"""
from __future__ import annotations

import statistics as stats
from typing import NamedTuple

from django.db import transaction
from django.db.models.functions import Coalesce

from reports.models import Document, Finding, Statistic
from reports.parsing.statistics import NUMBER_UNIT
from reports.parsing.numerals import to_int


class Check(NamedTuple):
    severity: int
    message: str  # Chinese, str.format fields from the check


CHECKS: dict[str, Check] = {
    "filed_exceeds_received": Check(3, "立案提案 {filed} 件多于收到的提案 {received} 件"),
    "key_exceeds_filed": Check(3, "重点提案 {key} 件多于立案提案 {filed} 件"),
    "supervised_exceeds_filed": Check(3, "督办提案 {supervised} 件多于立案提案 {filed} 件"),
    "closed_exceeds_filed": Check(3, "办结提案 {closed} 件多于立案提案 {filed} 件"),
    "opinion_sent_up_exceeds_collected": Check(3, "上报市、省、全国政协的社情民意信息共 {sent} 篇，多于收集的 {collected} 篇"),
    "value_contradicts_quote": Check(3, "数值 {value} 与引文“{quote}”不符"),
    "quote_not_in_text": Check(3, "引文“{quote}”与原文在其位置上的文字不符"),
    "values_differ_across_documents": Check(2, "{year} 年“{metric}”在另一文件中为 {other}，本文件为 {value}"),
    "far_outside_series": Check(1, "{year} 年“{metric}”为 {value}，超过本县该指标中位数 {median} 的 {factor} 倍"),
    "session_of_another_county": Check(3, "所属会议属于另一县（市、区）的委员会"),
}
OUTLIER_FACTOR = 5  # a value above 5× the county's own median for the metric
MIN_SERIES = 3  # points needed before a median means anything

# (larger, smaller, code, field names): the larger metric's value may not exceed the smaller's.
ORDERED = (
    ("proposals_filed", "proposals_received", "filed_exceeds_received", ("filed", "received")),
    ("proposals_key", "proposals_filed", "key_exceeds_filed", ("key", "filed")),
    ("proposals_supervised", "proposals_filed", "supervised_exceeds_filed", ("supervised", "filed")),
    ("proposals_closed", "proposals_filed", "closed_exceeds_filed", ("closed", "filed")),
)
SENT_UP = ("opinion_reports_to_city", "opinion_reports_to_province", "opinion_reports_to_national")


def _finding(document, code, rows=(), **fields):
    check = CHECKS[code]
    return Finding(document=document, code=code, severity=check.severity, message=check.message.format(**fields)[:300]), list(rows)


def numbers_in(quote: str) -> set[int]:
    """The counts a quote states, read as the parser reads them."""
    found = set()
    for match in NUMBER_UNIT.finditer(quote):
        try:
            found.add(to_int(match.group("num")))
        except ValueError:
            continue
    return found


def _document_checks(document: Document, rows: list[Statistic]):
    by_metric: dict[str, list[Statistic]] = {}
    for row in rows:
        by_metric.setdefault(row.metric, []).append(row)

    def first(metric):
        return by_metric.get(metric, [None])[0]

    for larger, smaller, code, (big, small) in ORDERED:
        a, b = first(larger), first(smaller)
        if a and b and a.value > b.value:
            yield _finding(document, code, (a, b), **{big: a.value, small: b.value})
    sent = [first(m) for m in SENT_UP if first(m)]
    collected = first("opinion_reports")
    if sent and collected and sum(s.value for s in sent) > collected.value:
        yield _finding(document, "opinion_sent_up_exceeds_collected", [*sent, collected], sent=sum(s.value for s in sent), collected=collected.value)
    for row in rows:
        if document.raw_text[row.start : row.end] != row.quote:
            yield _finding(document, "quote_not_in_text", (row,), quote=row.quote[:40])
        numbers = numbers_in(row.quote)
        if numbers and row.value not in numbers:
            yield _finding(document, "value_contradicts_quote", (row,), value=row.value, quote=row.quote[:40])
    session = document.session
    if session is not None and session.committee.county_id != document.county_id:
        yield _finding(document, "session_of_another_county")


def _series_checks(document: Document, rows: list[Statistic]):
    """The same county, year and metric in other documents: disagreements and outliers."""
    wanted = [r for r in rows if r.metric != "other" and (r.year or document.review_year)]
    if not wanted:
        return
    others = (
        Statistic.objects.filter(document__county_id=document.county_id, metric__in={r.metric for r in wanted})
        .exclude(document_id=document.pk)
        .select_related("document")
        .only("id", "metric", "value", "year", "document_id", "document__review_year")
    )
    series: dict[str, list[int]] = {}
    by_key: dict[tuple, dict[int, list[Statistic]]] = {}
    for other in others:
        year = other.year or other.document.review_year
        series.setdefault(other.metric, []).append(other.value)
        by_key.setdefault((other.metric, year), {}).setdefault(other.document_id, []).append(other)
    labels = dict(Statistic._meta.get_field("metric").choices)
    once = {metric for metric in {r.metric for r in wanted} if sum(r.metric == metric for r in wanted) == 1}
    for row in wanted:
        year = row.year or document.review_year
        label = str(labels.get(row.metric, row.metric))
        # Only a figure each document states once is comparable (视察 5 次 and 调研 12 次 are both inspections).
        single = [found[0] for found in by_key.get((row.metric, year), {}).values() if len(found) == 1] if row.metric in once else []
        differing = [o for o in single if o.value != row.value]
        if differing:
            yield _finding(
                document, "values_differ_across_documents", (row, differing[0]), year=year, metric=label, value=row.value, other=differing[0].value
            )
        points = series.get(row.metric, []) + [row.value]
        if len(points) >= MIN_SERIES:
            median = stats.median(points)
            if median > 0 and row.value > OUTLIER_FACTOR * median:
                yield _finding(document, "far_outside_series", (row,), year=year, metric=label, value=row.value, median=median, factor=OUTLIER_FACTOR)


@transaction.atomic
def refresh_document(document: Document) -> list[Finding]:
    """Recompute and store the findings of one document; returns them."""
    rows = list(document.statistics.all())
    found = list(_document_checks(document, rows)) + list(_series_checks(document, rows))
    Finding.objects.filter(document=document).delete()
    Finding.objects.bulk_create([finding for finding, _rows in found])
    links = [
        Finding.statistics.through(finding_id=finding.pk, statistic_id=row.pk) for finding, involved in found for row in involved
    ]
    Finding.statistics.through.objects.bulk_create(links)
    return [finding for finding, _rows in found]


def related_documents(document: Document, county_id: str | None = None) -> set[int]:
    """Other documents of the county (``county_id``, else the document's) stating one of this document's metrics for
    the same year: their ``values_differ_across_documents`` findings read its statistics. (An outlier note of
    another document, which reads the county's whole series, is brought up to date when that document changes.)"""
    year = Coalesce("year", "document__review_year")
    mine = set(
        Statistic.objects.filter(document_id=document.pk).exclude(metric="other").annotate(series_year=year).values_list("metric", "series_year")
    )
    if not mine:
        return set()
    others = (
        Statistic.objects.filter(document__county_id=county_id or document.county_id, metric__in={metric for metric, _year in mine})
        .exclude(document_id=document.pk)
        .annotate(series_year=year)
        .values_list("document_id", "metric", "series_year")
    )
    return {other for other, metric, series_year in others if (metric, series_year) in mine}


def refresh_around(document: Document, related=()) -> None:
    """Recompute the findings of ``document`` and of the documents compared with it, before (``related``,
    from ``related_documents`` taken before the write) and after the write."""
    refresh_document(document)
    others = (set(related) | related_documents(document)) - {document.pk}
    for other in Document.objects.filter(pk__in=others).order_by("pk"):
        refresh_document(other)


def refresh_documents(documents) -> int:
    """Recompute the findings of many documents (after a bulk load); returns how many were found."""
    return sum(len(refresh_document(document)) for document in documents)
