"""Explorer pages without a browser: routes, language, translations, the vendored chart library."""
import hashlib
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import translation

from explorer import views

EXPLORER = Path(views.__file__).parent
ECHARTS = EXPLORER / "static" / "explorer" / "vendor" / "echarts"
pytestmark = pytest.mark.django_db  # every response reads the site's version stamp (HTTP caching)
PAGES = ["/", "/search/?q=提案&kind=resolution", "/counties/140428/", "/documents/1/", "/compare/?metric=proposals_key&county=140428"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PAGES)
def test_pages_are_chinese_shells_that_read_no_archive_data(client, path, django_assert_max_num_queries):
    # The data comes from the API, fetched by the browser; the one query allowed is the site's version stamp (HTTP caching).
    with django_assert_max_num_queries(1):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-CN")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in html
    assert "跳到正文" in html and "县级政协报告库" in html
    assert "cdn" not in html.lower() and "http://" not in html and "https://" not in html  # works offline


def test_filters_stay_in_the_query_string(client):
    html = client.get("/search/?q=提案&kind=resolution&session_year_min=2023").content.decode()
    assert 'value="提案"' in html and 'value="2023"' in html
    assert re.search(r'value="resolution" checked', html)
    html = client.get("/compare/?metric=proposals_key&county=140428&county=").content.decode()
    assert '<option value="proposals_key" selected>' in html
    assert html.count('name="county" value="140428" checked') == 1


def test_a_county_code_is_six_digits(client):
    assert client.get("/counties/14042/").status_code == 404
    assert client.get("/counties/abcdef/").status_code == 404


@pytest.mark.django_db
def test_only_editors_see_the_admin_link(client):
    link = reverse("admin:reports_document_change", args=[1])
    assert link not in client.get("/documents/1/").content.decode()
    client.force_login(User.objects.create_user("editor", is_staff=True))
    assert link in client.get("/documents/1/").content.decode()
    client.force_login(User.objects.create_user("reader"))
    assert link not in client.get("/documents/1/").content.decode()


def test_api_and_admin_keep_their_places(client):
    assert client.get("/api/v1/", HTTP_ACCEPT="application/json").status_code == 200
    assert client.get("/admin/").status_code == 302


def template_strings():
    for path in (EXPLORER / "templates" / "explorer").glob("*.html"):
        for match in re.finditer(r"""\{% translate (["'])(.*?)\1""", path.read_text()):
            yield match.group(2)


def test_every_explorer_string_has_a_chinese_translation():
    with translation.override("en"):
        english = list(template_strings()) + [str(m) for m in views.MESSAGES.values()]
    with translation.override("zh-hans"):
        chinese = [translation.gettext(s) for s in template_strings()] + [str(m) for m in views.MESSAGES.values()]
        assert views.vocabulary()["messages"]["api_error"] == "数据加载失败（服务器返回 %(status)s）。请稍后重试。"
    untranslated = [e for e, c in zip(english, chinese) if e == c]
    assert english and untranslated == []


def test_labels_come_from_the_models_choices():
    from reports.models import DocumentKind, Metric

    vocabulary = views.vocabulary()
    assert list(vocabulary["kinds"]) == list(DocumentKind.values)
    assert list(vocabulary["metrics"]) == list(Metric.values)
    charted = [m for group in vocabulary["chart_groups"] for m in group["metrics"]]
    assert set(charted) <= set(Metric.values) and len(charted) == len(set(charted))


def test_echarts_is_vendored_with_its_licence_and_version():
    note = (ECHARTS / "VERSION.md").read_text()
    digest = hashlib.sha256((ECHARTS / "echarts.common.min.js").read_bytes()).hexdigest()
    assert digest in note
    version = re.search(r"ECharts (\d+\.\d+\.\d+)", note).group(1)
    assert f'.version="{version}"' in (ECHARTS / "echarts.common.min.js").read_text()
    assert "Apache License" in (ECHARTS / "LICENSE").read_text()
    assert (ECHARTS / "NOTICE").exists() and (ECHARTS / "LICENSE-d3").exists()


@pytest.mark.parametrize("path", sorted((EXPLORER / "static" / "explorer" / "js").glob("*.js")), ids=lambda p: p.name)
def test_scripts_call_only_the_public_api(path):
    source = path.read_text()
    assert source.splitlines()[0].startswith("/*"), "a one-line comment says what the script does"
    assert "innerHTML" not in source and "eval(" not in source
    assert not re.search(r"https?://", source)
