"""Exports: CSV, XLSX and NDJSON parsed back and compared with the JSON API; the data package."""
import csv
import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from reports.models import Document, Section

from .helpers import API, all_pages

pytestmark = pytest.mark.django_db
RESOURCES = ["provinces", "prefectures", "counties", "committees", "sessions", "documents", "sections", "statistics"]


def body(response):
    assert response.status_code == 200, getattr(response, "content", b"")[:300]
    return b"".join(response.streaming_content) if response.streaming else response.content


def parse(fmt, data):
    """Rows of an export as dicts of strings (what a spreadsheet user would see)."""
    if fmt == "csv":
        assert data.startswith("\ufeff".encode())  # Excel needs the BOM to read UTF-8 Chinese
        return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    if fmt == "ndjson":
        return [{k: "" if v is None else str(v) for k, v in json.loads(line).items()} for line in data.splitlines()]
    sheet = list(load_workbook(io.BytesIO(data), read_only=True).active.iter_rows(values_only=True))
    return [{h: "" if v is None else str(v) for h, v in zip(sheet[0], row)} for row in sheet[1:]]


def id_key(resource):
    return "code" if resource in ("provinces", "prefectures", "counties") else "id"


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ndjson"])
@pytest.mark.parametrize("resource", RESOURCES)
def test_every_list_exports_what_the_json_list_holds(archive, client, resource, fmt):
    key = id_key(resource)
    expected = {str(r[key]) for r in all_pages(client, f"{API}/{resource}/")}
    rows = parse(fmt, body(client.get(f"{API}/{resource}/", {"format": fmt})))
    assert {r[key] for r in rows} == expected and len(rows) == len(expected)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ndjson"])
def test_statistics_export_equals_json_values(archive, client, fmt):
    params = {"metric": ["proposals_filed", "opinion_reports"], "province": "山西省"}
    api = {r["id"]: r for r in all_pages(client, f"{API}/statistics/", params)}
    rows = parse(fmt, body(client.get(f"{API}/statistics/", {**params, "format": fmt})))
    assert {int(r["id"]) for r in rows} == set(api)
    for row in rows:
        source = api[int(row["id"])]
        for column in ("metric", "value", "qualifier", "year", "quote", "start", "end", "unit"):
            assert row[column] == ("" if source[column] is None else str(source[column])), column
        assert row["county_code"] == source["county"]["code"] and row["county"] == source["county"]["name"]


def test_accept_header_and_filename(archive, client):
    response = client.get(f"{API}/statistics/", {"metric": "proposals_filed", "county": "140826"}, HTTP_ACCEPT="text/csv")
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="statistics-proposals_filed-140826.csv"' in response["Content-Disposition"]
    rows = parse("csv", body(client.get(f"{API}/statistics/", {"metric": "proposals_filed", "county": "140826", "format": "csv"})))
    assert sorted(r["quote"] for r in rows) == ["立案160件", "立案188件"]
    ndjson = client.get(f"{API}/documents/", {"kind": "resolution"}, HTTP_ACCEPT="application/x-ndjson")
    assert ndjson["Content-Type"] == "application/x-ndjson"
    assert 'filename="documents-resolution.ndjson"' in ndjson["Content-Disposition"]
    xlsx = client.get(f"{API}/counties/", {"format": "xlsx"})
    assert "counties.xlsx" in xlsx["Content-Disposition"]


def test_chinese_filename_is_encoded_for_browsers(archive, client):
    response = client.get(f"{API}/documents/", {"county": "绛县", "format": "csv"})
    # An ASCII name (pinyin) for every client, the Chinese one for those that read RFC 5987 (curl -OJ takes the first).
    assert response["Content-Disposition"] == (
        "attachment; filename=\"documents-jiangxian.csv\"; filename*=utf-8''documents-%E7%BB%9B%E5%8E%BF.csv"
    )


def test_export_honours_filters_and_search(archive, client):
    rows = parse("csv", body(client.get(f"{API}/documents/", {"kind": "proposal_work_report", "format": "csv"})))
    assert len(rows) == 2 and {r["kind"] for r in rows} == {"proposal_work_report"}
    rows = parse("csv", body(client.get(f"{API}/sections/", {"q": "乡村振兴", "format": "csv"})))
    assert {int(r["id"]) for r in rows} == {s.pk for s in Section.objects.all() if "乡村振兴" in s.body}
    assert client.get(f"{API}/statistics/", {"metric": "nonsense", "format": "csv"}).status_code == 400


def test_exports_stream(archive, client):
    assert client.get(f"{API}/statistics/", {"format": "csv"}).streaming
    assert client.get(f"{API}/statistics/", {"format": "ndjson"}).streaming


def test_series_groups_by_county_and_year(archive, client):
    rows = client.get(f"{API}/statistics/series/", {"metric": "proposals_received"}).json()["results"]
    assert [(r["county"]["code"], r["year"], r["value"], r["count"]) for r in rows] == [
        ("140826", 2019, 201, 1), ("140826", 2024, 236, 1), ("140923", 2023, 3, 1),
    ]


def test_series_does_not_add_up_a_figure_reported_twice(archive, client):
    """A report and its 摘要 both say 社情民意信息102条: the county sent 102, not 204."""
    from reports import series
    from reports.models import Statistic

    original = Statistic.objects.get(metric="opinion_reports", value=102)
    doc = original.document
    twin = Document.objects.create(
        county=doc.county, kind=doc.kind, title=doc.title + "（全文）", raw_text=doc.raw_text, checksum="f" * 64,
        source_file="twin.txt", review_year=doc.review_year,
    )
    Statistic.objects.create(document=twin, metric="opinion_reports", value=102, year=original.year, quote=original.quote,
                             start=original.start, end=original.end)
    series.refresh_series(counties=[doc.county_id])  # written with the ORM, past the writers that summarise
    [point] = client.get(f"{API}/statistics/series/", {"metric": "opinion_reports", "county": "灵石县"}).json()["results"]
    assert (point["value"], point["min"], point["count"], point["documents"]) == (102, 102, 2, 2)
    compare = client.get(f"{API}/statistics/series/", {"metric": ["proposals_filed", "opinion_reports"], "province": "山西省"}).json()["results"]
    assert {(r["metric"], r["county"]["code"]) for r in compare} == {
        ("proposals_filed", "140826"), ("opinion_reports", "140729"), ("opinion_reports", "140923"),
    }
    assert client.get(f"{API}/statistics/series/", {"metric": "nonsense"}).status_code == 400
    rows = parse("csv", body(client.get(f"{API}/statistics/series/", {"metric": "proposals_filed", "format": "csv"})))
    assert [(r["county_code"], r["year"], r["value"]) for r in rows] == [("140826", "2019", "160"), ("140826", "2024", "188")]


def test_datapackage(archive, client):
    response = client.get(f"{API}/export/datapackage.zip")
    assert response["Content-Type"] == "application/zip"
    package_zip = zipfile.ZipFile(io.BytesIO(body(response)))
    package = json.loads(package_zip.read("datapackage.json"))
    assert [r["name"] for r in package["resources"]] == RESOURCES
    for resource in package["resources"]:
        data = package_zip.read(resource["path"])
        assert data.startswith("\ufeff".encode())  # Excel reads the Chinese
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert [f["name"] for f in resource["schema"]["fields"]] == list(rows[0])
        # The package holds what the JSON API lists.
        key = id_key(resource["name"])
        assert {r[key] for r in rows} == {str(r[key]) for r in all_pages(client, f"{API}/{resource['name']}/")}
    docs = {r["name"]: r for r in package["resources"]}["documents"]
    types = {f["name"]: f["type"] for f in docs["schema"]["fields"]}
    assert types["id"] == "integer" and types["date"] == "date" and types["is_excerpt"] == "boolean"


COPY_PATHS = [f"/{resource}/" for resource in RESOURCES] + [
    "/statistics/?metric=proposals_filed&ordering=-value", "/documents/?q=提案", "/sections/?q=乡村振兴",
    "/statistics/series/?province=山西省", "/documents/?is_fragment=false&county=绛县",
    "/documents/?q=，，", "/statistics/?value_min=999999999",  # nothing selected: a header alone
]


@pytest.mark.parametrize("path", COPY_PATHS)
def test_csv_written_by_the_server_equals_the_portable_csv(archive, client, monkeypatch, path):
    from django.db import connection

    from reports import exports

    if connection.vendor != "postgresql":
        pytest.skip("COPY … TO STDOUT is PostgreSQL's")
    url = f"{API}{path}{'&' if '?' in path else '?'}format=csv"
    copied = body(client.get(url))
    monkeypatch.setattr(exports, "_copy_sql", lambda queryset, lookups: None)
    portable = body(client.get(url))

    def rows(data):
        return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))

    assert rows(copied) == rows(portable)
    if len(rows(copied)) > 1:
        assert copied != portable  # line ends differ, so the server really wrote the first


def _stop_copy_early(client):
    """Read the header and the first 64 kB of a large CSV export, then go away as a client does."""
    from django.core.signals import request_finished
    from django.db import close_old_connections

    first = Section.objects.first()
    Section.objects.bulk_create([Section(document=first.document, position=1000 + i, level=1, body="长" * 500) for i in range(300)])
    response = client.get(f"{API}/sections/", {"format": "csv"})
    stream = iter(response.streaming_content)
    next(stream), next(stream)
    # A WSGI server closes the response, which closes the COPY. (Without the
    # signal, as Django's test client does: it would close the test's connection.)
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
    assert Section.objects.count() > 300  # the connection still answers


@pytest.mark.django_db(transaction=True)  # autocommit, as a production request runs: the COPY is cancelled
def test_csv_copy_stopped_early_is_cancelled(archive, client):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("COPY … TO STDOUT is PostgreSQL's")
    _stop_copy_early(client)


def test_csv_copy_stopped_early_inside_a_transaction_keeps_it(archive):
    from django.db import connection

    from reports import exports

    if connection.vendor != "postgresql":
        pytest.skip("COPY … TO STDOUT is PostgreSQL's")
    first = Section.objects.first()
    Section.objects.bulk_create([Section(document=first.document, position=1000 + i, level=1, body="长" * 500) for i in range(300)])
    # The generator itself: through the test client, closing the response would
    # also close the test's connection (its request_finished handling).
    chunks = exports._copied("default", exports._copy_sql(Section.objects.order_by("id"), ["id", "body"]))
    next(chunks), next(chunks)
    chunks.close()
    # A cancel would have aborted the test's transaction; reading the rest keeps it.
    assert Section.objects.count() > 300


def test_datapackage_is_valid_for_frictionless_with_keys_and_raw_texts(archive, client, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    package_zip = zipfile.ZipFile(io.BytesIO(body(client.get(f"{API}/export/datapackage.zip"))))
    package_zip.extractall(tmp_path)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    resources = {r["name"]: r for r in json.loads(package_zip.read("datapackage.json"))["resources"]}
    assert resources["statistics"]["schema"]["primaryKey"] == ["id"]
    assert {"fields": ["document"], "reference": {"resource": "documents", "fields": ["id"]}} in resources["statistics"]["schema"]["foreignKeys"]
    # Quotes can be checked against the raw texts they were cut from.
    documents = {r["id"]: r for r in csv.DictReader(io.StringIO(package_zip.read("documents.csv").decode("utf-8-sig")))}
    statistics = list(csv.DictReader(io.StringIO(package_zip.read("statistics.csv").decode("utf-8-sig"))))
    assert statistics and all(documents[s["document"]]["raw_text"][int(s["start"]):int(s["end"])] == s["quote"] for s in statistics)


def test_a_broken_foreign_key_fails_validation(archive, client, tmp_path):
    """The keys are checked, not decoration: a statistic pointing at a missing document is an error."""
    frictionless = pytest.importorskip("frictionless")
    package_zip = zipfile.ZipFile(io.BytesIO(body(client.get(f"{API}/export/datapackage.zip"))))
    package_zip.extractall(tmp_path)
    path = tmp_path / "statistics.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    first = lines[1].split(",")
    first[1] = "999999"
    path.write_text("\ufeff" + "\n".join([lines[0], ",".join(first), *lines[2:]]) + "\n", encoding="utf-8")
    assert not frictionless.validate(str(tmp_path / "datapackage.json")).valid


def test_same_column_meanings_as_the_api(archive, client):
    doc = archive["documents"]["jiang_proposals"]
    api = next(r for r in all_pages(client, f"{API}/documents/") if r["id"] == doc.pk)
    [row] = [r for r in parse("csv", body(client.get(f"{API}/documents/", {"format": "csv"}))) if r["id"] == str(doc.pk)]
    for column in ("session", "session_number", "committee", "term", "speaker_name", "kind", "review_year"):
        assert row[column] == str(api[column]), column


def test_chinese_headers_and_labels(archive, client):
    rows = parse("csv", body(client.get(f"{API}/statistics/", {"metric": "proposals_filed", "labels": "zh", "format": "csv"})))
    assert rows and {"指标", "数值"} <= set(rows[0]) and {r["指标"] for r in rows} == {"立案提案"}
    sheet = load_workbook(io.BytesIO(body(client.get(f"{API}/documents/", {"labels": "zh", "format": "xlsx"})))).active
    header = [c.value for c in sheet[1]]
    assert "类型" in header and "提案工作情况报告" in [c.value for c in sheet[f"{chr(65 + header.index('类型'))}"]]
    assert client.get(f"{API}/documents/", {"labels": "fr", "format": "csv"}).status_code == 400


def test_xlsx_header_frozen_bold_and_sheet_named_after_the_resource(archive, client):
    response = client.get(f"{API}/statistics/", {"metric": ["proposals_filed", "proposals_key", "opinion_reports"], "county": "绛县", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(body(response))).active
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold and not sheet["A2"].font.bold
    assert sheet.title == "statistics"
    from reports.exports import sheet_title

    assert sheet_title("statistics-proposals_filed-proposals_key-140826") == "statistics-proposals_filed"
    assert sheet_title("a/b:c") == "a_b_c"


def test_admin_and_exports_import_no_api_module():
    import ast
    from pathlib import Path

    import reports

    root = Path(reports.__file__).parent
    for name in ("admin.py", "admin_actions.py", "admin_import.py", "exports.py", "tables.py", "datapackage.py"):
        tree = ast.parse((root / name).read_text(encoding="utf-8"))
        imported = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module]
        imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [m for m in imported if m.startswith("reports.api")], name


def test_every_format_is_in_the_schema_the_renderers_and_the_admin():
    from reports.admin_actions import EXPORT_ACTIONS
    from reports.api.renderers import EXPORT_RENDERERS
    from reports.api.views import FORMAT_PARAMETER
    from reports.exports import FORMATS

    assert [r.format for r in EXPORT_RENDERERS] == list(FORMATS)
    assert FORMAT_PARAMETER.enum == list(FORMATS)
    assert [a.__name__ for a in EXPORT_ACTIONS] == [f"export_{name}" for name in FORMATS]
