"""The series summary (``SeriesPoint``): a metric's figures per county and year, kept current in one place.

/statistics/series/ used to group every statistic of the selection at each
request (a GROUP BY over the whole table for the national series). The
summary holds that GROUP BY's result, so a page of the national series is an
index read (bench/RESULTS.md). It stays current because every write that can
change a point calls ``refresh_series`` in the writer's own transaction:
ingestion and re-parses (``reports.ingest``), bulk loads, corrections and
deletions (``reports.services``), restores (``reports.backup``).
``manage.py rebuild_series`` rebuilds it all; ``tests/api/test_series.py``
holds it equal to the live query after each kind of write.

A refresh recomputes whole counties (their points are a few hundred rows):
deleting and inserting them is simpler than patching a max, a min and a
distinct count, and cannot drift.
"""
from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, Max, Min
from django.db.models.functions import Coalesce

from reports.models import County, SeriesPoint, Statistic

# The response's columns: (header, lookup in the live GROUP BY, lookup in the summary).
COLUMNS = (
    ("metric", "metric", "metric"),
    ("county_code", "document__county_id", "county_id"),
    ("county", "document__county__name", "county__name"),
    ("year", "series_year", "year"),
    ("value", "point_value", "value"),
    ("min", "point_min", "min"),
    ("count", "count", "count"),
    ("documents", "documents", "documents"),
)
LIVE_COLUMNS = tuple((header, live) for header, live, _summary in COLUMNS)
SUMMARY_COLUMNS = tuple((header, summary) for header, _live, summary in COLUMNS)
# What the summary is grouped by, as a statistic's lookups: the filters on these it can answer (reports/api/views.py).
SUMMARY_LOOKUPS = {
    "metric": "metric",
    "document__county": "county",
    "document__county__prefecture": "county__prefecture",
    "document__county__province": "county__province",
}


def live_points(statistics, *, named=True):
    """The series computed from ``statistics`` (a Statistic queryset): one row per metric, county and year.

    A point's ``value`` is the largest value reported, not a sum: the same
    figure often appears in several documents (a report and its 摘要).
    ``named=False`` leaves out the county's name (and its join).
    """
    group = ("metric", "document__county_id", *(("document__county__name",) if named else ()), "series_year")
    return (
        statistics.annotate(series_year=Coalesce("year", "document__review_year"))
        .values(*group)
        .annotate(
            # Aliases, not "value": an annotation may not shadow the column it aggregates.
            point_value=Max("value"), point_min=Min("value"), count=Count("id"), documents=Count("document", distinct=True)
        )
        .order_by("metric", "document__county_id", "series_year")
    )


def summary_points(points=None):
    """The same rows read from the summary, in the same order (``points``: a filtered SeriesPoint queryset)."""
    points = SeriesPoint.objects.all() if points is None else points
    return points.values(*(summary for _header, summary in SUMMARY_COLUMNS)).order_by("metric", "county_id", "year")


def as_point(row, columns) -> dict:
    """One JSON point from a row of either query; ``columns`` is LIVE_COLUMNS or SUMMARY_COLUMNS."""
    value = {header: row[lookup] for header, lookup in columns}
    return {
        "metric": value["metric"], "county": {"code": value["county_code"], "name": value["county"]}, "year": value["year"],
        "value": value["value"], "min": value["min"], "count": value["count"], "documents": value["documents"],
    }


@transaction.atomic
def refresh_series(*, counties: Iterable[str] | None = None) -> int:
    """Recompute the summary's points of ``counties`` (codes), or of every county when None; returns the points written.

    Run inside the writer's transaction, after its writes. The counties' rows
    are locked first (FOR NO KEY UPDATE, in code order), so two writers
    refreshing the same county queue instead of inserting the same point twice,
    while documents of that county can still be inserted meanwhile.
    """
    statistics = Statistic.objects.all()
    points = SeriesPoint.objects.all()
    if counties is not None:
        counties = sorted(set(counties))
        if not counties:
            return 0
        statistics = statistics.filter(document__county_id__in=counties)
        points = points.filter(county_id__in=counties)
    locked = County.objects.select_for_update(no_key=True).order_by("code").values_list("code", flat=True)
    list(locked if counties is None else locked.filter(code__in=counties))
    points.delete()
    grouped = live_points(statistics, named=False).values_list(
        "metric", "document__county_id", "series_year", "point_value", "point_min", "count", "documents"
    ).order_by()
    select, params = grouped.query.sql_with_params()
    table = connection.ops.quote_name(SeriesPoint._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in ("metric", "county_id", "year", "value", "min", "count", "documents"))
    with connection.cursor() as cursor:
        # INSERT … SELECT: the grouped rows never travel to Python (a full rebuild is one statement).
        cursor.execute(f"INSERT INTO {table} ({columns}) {select}", params)
        return cursor.rowcount
