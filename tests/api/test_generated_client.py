"""A Python client generated from the schema by openapi-python-client works against a live server.

The proof that the schema is a contract: list, filter, search, series, detail,
a write with If-Match and a CSV export, all through generated code, no
hand-written HTTP.
"""
import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from .conftest import build_archive
from .test_access import make_editor

# Binary answers (exports, the data package) become the client's File type.
CONFIG = """\
post_hooks: []
content_type_overrides:
  application/zip: application/octet-stream
  text/csv: application/octet-stream
  application/x-ndjson: application/octet-stream
  application/vnd.openxmlformats-officedocument.spreadsheetml.sheet: application/octet-stream
"""
PACKAGE = "county_cppcc_reports_archive_api_client"


def _generator():
    found = shutil.which("openapi-python-client", path=str(Path(sys.executable).parent))
    if not found:
        pytest.skip("openapi-python-client is not installed (requirements-dev.txt)")
    return found


@pytest.fixture
def generated(tmp_path):
    """The generated client package, importable."""
    schema, config = tmp_path / "schema.yaml", tmp_path / "config.yaml"
    call_command("spectacular", "--file", str(schema))
    config.write_text(CONFIG)
    result = subprocess.run(
        [_generator(), "generate", "--path", str(schema), "--meta", "none", "--config", str(config), "--output-path", str(tmp_path / PACKAGE)],
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0 and (tmp_path / PACKAGE / "client.py").exists(), result.stdout + result.stderr
    assert "WARNING" not in result.stdout, result.stdout  # every operation and response generated
    sys.path.insert(0, str(tmp_path))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(f"{PACKAGE}.")]:
            del sys.modules[name]


@pytest.mark.django_db(transaction=True)
def test_generated_client_against_a_live_server(generated, live_server):
    build_archive()
    token = Token.objects.create(user=make_editor())
    models = importlib.import_module(f"{PACKAGE}.models")

    def operation(tag, name):
        return importlib.import_module(f"{PACKAGE}.api.{tag}.{name}")

    anonymous = generated.Client(base_url=live_server.url, headers={"Accept-Language": "en"}, raise_on_unexpected_status=True)

    # List and filter: repeated values, typed enums, keyset pages followed by has_more.
    page = operation("statistics", "statistics_list").sync(
        client=anonymous, metric=[models.StatisticsListMetricItem.PROPOSALS_FILED], county=["绛县"], page_size=1,
    )
    assert isinstance(page, models.PaginatedStatisticList) and page.has_more and len(page.results) == 1
    assert page.results[0].metric == models.MetricEnum.PROPOSALS_FILED and page.results[0].county.name == "绛县"

    # Search, with its ranked snippet.
    found = operation("documents", "documents_list").sync(client=anonymous, q="社情民意信息")
    assert found.results and all("<mark>" in (d.snippet or "") for d in found.results)

    # Series for a chart.
    series = operation("statistics", "statistics_series_list").sync(client=anonymous, metric=[models.StatisticsSeriesListMetricItem.OPINION_REPORTS])
    assert {p.county.code for p in series.results} == {"140729", "140923"} and series.has_more is False

    # Detail, then a write with the ETag it carried.
    stat_id = page.results[0].id
    read = operation("statistics", "statistics_retrieve").sync_detailed(id=stat_id, client=anonymous)
    etag = read.headers["ETag"]
    editor = generated.AuthenticatedClient(base_url=live_server.url, token=token.key, prefix="Token", headers={"Accept-Language": "en"})
    refused = operation("statistics", "statistics_partial_update").sync_detailed(id=stat_id, client=editor, body=models.PatchedStatistic(value=189), if_match='"stale"')
    assert refused.status_code == 412 and "changed since" in refused.parsed.detail
    written = operation("statistics", "statistics_partial_update").sync(id=stat_id, client=editor, body=models.PatchedStatistic(value=189), if_match=etag)
    assert written.value == 189 and written.corrected

    # A CSV export of a filtered list.
    export = operation("statistics", "statistics_export_retrieve").sync(
        client=anonymous, format_=models.StatisticsExportRetrieveFormat.CSV, metric=[models.StatisticsExportRetrieveMetricItem.PROPOSALS_FILED],
    )
    text = export.payload.read().decode("utf-8-sig")
    assert text.splitlines()[0].startswith("id,") and "立案188件" in text and len(text.splitlines()) == 3


def test_schema_is_ready_for_generators(db, client):
    import re

    schema = client.get("/api/v1/schema/", {"format": "json"}, HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert schema["info"]["title"].isascii()
    operations = [(path, method, op) for path, item in schema["paths"].items() for method, op in item.items()]
    for path, method, operation in operations:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", operation["operationId"]), operation["operationId"]
        codes = set(operation["responses"])
        if method == "get":
            assert {} in operation["security"], path  # anonymous reads
            assert {"400", "404"} <= codes, path
        else:
            assert {"400", "401", "403", "404", "409", "412", "428"} <= codes, (path, method)
            if method in ("put", "patch", "delete"):
                assert any(p["name"] == "If-Match" and p["in"] == "header" and p["required"] for p in operation["parameters"])
        for parameter in operation.get("parameters", []):
            assert "'title'" not in str(parameter.get("schema", {})), (path, parameter["name"])  # titles become class names
    enums = {name: s for name, s in schema["components"]["schemas"].items() if "enum" in s}
    assert enums and all(name.isascii() for name in enums)
    assert "提案工作情况报告" in enums["KindEnum"]["description"]  # English names, Chinese descriptions
    series = {p["name"] for p in schema["paths"]["/api/v1/statistics/series/"]["get"]["parameters"]}
    statistics = {p["name"] for p in schema["paths"]["/api/v1/statistics/"]["get"]["parameters"]}
    assert statistics - {"ordering", "format"} <= series  # the same filters (series keeps its own order)
