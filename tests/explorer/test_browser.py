"""A reader's walk through the explorer in a real browser: home → search → county → document → compare.

Once on the seed archive (the real texts: 长子县 filed 236 proposals in 2023) and
once on a generated corpus of over 2,000 documents. Every page must load with
no console error, no failed request and no more API calls than it declares;
screenshots at 375 and 1440 px land in test-output/explorer/. A last test
makes the API answer 500 and checks that each page says so in Chinese.
"""
import csv
import io
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.conf import settings
from django.db.models import Max

from reports import series
from reports.models import Document, Statistic
from tests.explorer.browser import CHROMIUM, LAUNCH_ARGS, Recorder, serialize_requests

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)"),
]

HOME_BUDGET = 500_000  # bytes, compressed: the page weight for the home page
CORPUS_DOCUMENTS = 2000


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls stay synchronous.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield launched
        launched.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE")


@pytest.fixture
def site(live_server):
    """The live server's URL, its requests serialized on in-memory SQLite (see serialize_requests)."""
    serialize_requests(live_server)
    return live_server.url


@pytest.fixture
def reader(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900})
    yield Recorder(context.new_page())
    context.close()


def load_seed():
    call_command("load_gazetteer", verbosity=0)
    call_command("loaddata", str(Path(settings.FIXTURES_DIR) / "archive.json"), verbosity=0)
    series.refresh_series()


def session_year(doc):
    """The test's own statement of a document's year: its session's, else its date's, plan year, review year + 1."""
    if doc.session_id and doc.session.start_date:
        return doc.session.start_date.year
    if doc.date:
        return doc.date.year
    if doc.plan_year:
        return doc.plan_year
    return doc.review_year + 1 if doc.review_year else None


def clean(visit, page, name):
    """The page loaded without a problem and within its declared API calls."""
    assert visit.problems == [], f"{name}: {visit.problems}"
    assert page.get_attribute("body", "data-state") == "ready", name
    limit = int(page.get_attribute("body", "data-max-api-calls"))
    assert 0 < len(visit.api_calls) <= limit, f"{name}: {len(visit.api_calls)} API calls, at most {limit}: {visit.api_calls}"


def shown_count(page):
    """The result count the search page shows, as a number."""
    return int(re.sub(r"\D", "", page.locator("[data-count]").inner_text()))


def assert_accessible_controls(page, name):
    unnamed = page.evaluate(
        """() => [...document.querySelectorAll('input, select, button, a[href]')]
        .filter(e => e.offsetParent !== null)
        .filter(e => !((e.labels && e.labels.length) || e.getAttribute('aria-label') || e.textContent.trim()))
        .map(e => e.outerHTML)"""
    )
    assert unnamed == [], f"{name}: controls without an accessible name: {unnamed}"


def walk_home(reader, base, name):
    page = reader.page
    visit = reader.visit(base + "/")
    clean(visit, page, f"{name} home")
    assert page.get_attribute("html", "lang") == "zh-Hans"
    weight = reader.compressed_weight(visit)
    assert weight < HOME_BUDGET, f"home page weighs {weight} bytes compressed"
    assert page.locator("[data-total=documents]").inner_text() == f"{Document.objects.count():,}"
    assert page.locator("[data-total=statistics]").inner_text() == f"{Statistic.objects.count():,}"
    # Keyboard: the first Tab reaches the skip link, and it leads into the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    assert_accessible_controls(page, "home")
    reader.screenshots(f"{name}-home")
    return weight


def follow_coverage_cell(reader, province, year, expected):
    """The home page's cell for ``province`` and ``year`` shows ``expected`` and links to exactly those documents."""
    page = reader.page
    cell = page.get_by_role("link", name=f"{province} {year} 年：{expected} 份文件")
    assert cell.inner_text() == f"{expected:,}"
    cell.click()
    page.wait_for_selector("body[data-state]")
    page.wait_for_load_state("networkidle")
    assert f"session_year_min={year}" in page.url and f"session_year_max={year}" in page.url
    assert shown_count(page) == expected
    assert page.locator("[data-results] > li").count() == min(expected, 20)
    assert all(province in meta for meta in page.locator("[data-results] .doc-meta").all_inner_texts())


def check_search(reader, base, query, name):
    """Search from the home page's box: snippets with marks, facets that add up, an export with the same rows."""
    page = reader.page
    reader.visit(base + "/")
    reader.current.problems.clear()
    page.get_by_label("全文检索").fill(query)
    page.get_by_label("全文检索").press("Enter")
    page.wait_for_selector("body[data-state]")
    page.wait_for_load_state("networkidle")
    visit = reader.current
    assert visit.problems == []
    assert page.url.startswith(f"{base}/search/?q=")
    count = shown_count(page)
    assert count > 0
    assert page.locator("[data-results] mark").count() > 0
    marked = set(page.locator("[data-results] mark").all_inner_texts())
    assert all(query.startswith(m) or m in query for m in marked), marked
    kinds = page.locator(".facet").filter(has_text="文件类型").locator(".count").all_inner_texts()
    assert sum(int(k.replace(",", "")) for k in kinds) == count or count >= 1000
    assert_accessible_controls(page, "search")
    exported = page.locator("[data-export=csv]").get_attribute("href")
    assert "format=csv" in exported and "q=" in exported
    rows = list(csv.reader(io.StringIO(page.request.get(base + exported).text().lstrip("\ufeff"))))
    assert len(rows) - 1 == count
    reader.screenshots(f"{name}-search")
    return count


def check_county_chart(reader, base, code, metric, year, value, name):
    """The county page's chart and its table show ``value`` for ``metric`` in ``year``."""
    page = reader.page
    visit = reader.visit(f"{base}/counties/{code}/")
    clean(visit, page, f"{name} county")
    cell = page.locator(f'tr[data-series="{metric}"] td[data-year="{year}"]')
    assert cell.inner_text() == f"{value:,}"
    figure = cell.locator("xpath=ancestor::figure")
    key = figure.get_attribute("data-chart")
    drawn = page.evaluate(
        """([key, year, label]) => {
            const chart = echarts.getInstanceByDom(document.querySelector(`[data-chart="${key}"] .chart`));
            const option = chart.getOption();
            const series = option.series.find(s => s.name === label);
            return series.data[option.xAxis[0].data.indexOf(String(year))];
        }""",
        [key, year, page.locator(f'tr[data-series="{metric}"] th').inner_text()],
    )
    assert drawn == value
    reader.screenshots(f"{name}-county")


def check_document(reader, base, statistic, name):
    """The document page highlights ``statistic``'s number; following it shows what it counts."""
    page = reader.page
    visit = reader.visit(f"{base}/documents/{statistic.document_id}/")
    clean(visit, page, f"{name} document")
    numbers = page.locator("[data-text] a.num")
    assert numbers.count() >= 1
    for text in numbers.all_inner_texts()[:50]:
        assert re.search(r"\d", text), text
    link = page.locator(f'[data-text] a.num[data-statistic="{statistic.pk}"]')
    assert link.inner_text() == str(statistic.value)
    link.focus()
    page.keyboard.press("Enter")
    # The URL's fragment reaches Playwright as an event after the key press returns: wait for it.
    page.wait_for_url(f"**/documents/{statistic.document_id}/#stat-{statistic.pk}", timeout=5000)
    row = page.locator("tr:target")
    label = page.evaluate("m => JSON.parse(document.getElementById('explorer-ui').textContent).metrics[m]", statistic.metric)
    assert label in row.inner_text() and f"{statistic.value:,}" in row.inner_text() and str(statistic.year) in row.inner_text()
    assert page.locator(".outline li").count() == statistic.document.sections.count()
    reader.screenshots(f"{name}-document")


def check_compare(reader, base, url, expected_ranking, name):
    """The compare page ranks the counties by their latest value and offers the series as CSV."""
    page = reader.page
    visit = reader.visit(base + url)
    clean(visit, page, f"{name} compare")
    rows = page.locator("[data-ranking] tbody tr")
    shown = [(r.get_attribute("data-county"), int(r.locator("td.value").inner_text().replace(",", ""))) for r in rows.all()]
    assert shown == expected_ranking
    assert page.locator("[data-chart] .chart svg").count() == 1
    exported = page.locator("[data-export=csv]").get_attribute("href")
    body = page.request.get(base + exported).text()
    assert all(code in body for code, _ in expected_ranking)
    reader.screenshots(f"{name}-compare")


def ranking(metric, **place):
    """Counties with ``metric``, each by its latest year's largest value, largest first (the test's own arithmetic)."""
    latest = {}
    stats = Statistic.objects.filter(metric=metric, **place).select_related("document__county")
    for stat in stats:
        year = stat.year or stat.document.review_year
        if year is None:
            continue
        county = stat.document.county
        best = latest.get(county.code)
        if best is None or year > best[0] or (year == best[0] and stat.value > best[1]):
            latest[county.code] = (year, stat.value, county.name)
    return [(code, v[1]) for code, v in sorted(latest.items(), key=lambda kv: (-kv[1][1], kv[1][2]))]


def test_a_reader_walks_the_seed_archive(site, reader):
    load_seed()
    base = site
    walk_home(reader, base, "seed")
    # 山西省 2024: 长子县's work report (April 2024 session) and 绛县's February 2024 session (report, political resolution, 2 resolutions).
    shanxi_2024 = sum(1 for d in Document.objects.select_related("session") if d.county.province_id == "140000" and session_year(d) == 2024)
    assert shanxi_2024 == 5
    follow_coverage_cell(reader, "山西省", 2024, shanxi_2024)
    check_search(reader, base, "社情民意信息", "seed")
    filed = Statistic.objects.get(document__county__name="长子县", metric="proposals_filed", year=2023)
    assert (filed.value, filed.quote) == (236, "全年共立案236件")
    check_county_chart(reader, base, "140428", "proposals_filed", 2023, 236, "seed")
    # 绛县 has work reports for the 2022 and 2024 sessions, none for 2023.
    reader.visit(f"{base}/counties/140826/")
    assert reader.page.locator("[data-missing-year]").all_inner_texts() == ["2023"]
    check_document(reader, base, filed, "seed")
    check_compare(reader, base, "/compare/?metric=proposals_filed&county=140428&county=140826", ranking("proposals_filed", document__county__in=["140428", "140826"]), "seed")


def test_a_reader_walks_a_generated_corpus(site, reader):
    load_seed()
    call_command("generate_corpus", documents=CORPUS_DOCUMENTS, seed=14, load=True, jobs=1, verbosity=0)
    assert Document.objects.count() >= CORPUS_DOCUMENTS
    base = site
    walk_home(reader, base, "corpus")
    years = Counter(
        (d.county.province.name, session_year(d)) for d in Document.objects.select_related("session", "county__province")
    )
    (province, year), held = max(((k, n) for k, n in years.items() if k[1]), key=lambda kv: (kv[1], kv[0]))
    follow_coverage_cell(reader, province, year, held)
    # Paging: the second page shows the next 20.
    page = reader.page
    first = page.locator("[data-results] .title").all_inner_texts()
    page.get_by_role("link", name="下一页").click()
    page.wait_for_url("**cursor=**", timeout=10000)
    page.wait_for_selector("body[data-state]")
    assert page.locator("[data-results] .title").all_inner_texts() != first
    check_search(reader, base, "乡村振兴", "corpus")
    # The county with the most proposals-filed figures, and its largest figure for its latest year.
    busiest = Statistic.objects.filter(metric="proposals_filed", year__isnull=False).values("document__county").annotate(n=Max("year")).order_by("-n", "document__county")[0]
    code, year = busiest["document__county"], busiest["n"]
    value = Statistic.objects.filter(metric="proposals_filed", year=year, document__county=code).aggregate(v=Max("value"))["v"]
    check_county_chart(reader, base, code, "proposals_filed", year, value, "corpus")
    statistic = Statistic.objects.filter(metric="proposals_filed", year=year, document__county=code, value=value).first()
    check_document(reader, base, statistic, "corpus")
    check_compare(reader, base, "/compare/?metric=proposals_filed&province=140000", ranking("proposals_filed", document__county__province="140000"), "corpus")


PAGES = ["/", "/search/?q=提案", "/counties/140428/", "/documents/{doc}/", "/compare/?metric=proposals_filed&county=140428"]


def test_every_page_says_so_in_chinese_when_the_api_fails(site, reader):
    load_seed()
    doc = Document.objects.get(county__name="长子县").pk
    page = reader.page
    page.route("**/api/v1/**", lambda route: route.fulfill(status=500, content_type="application/json", body='{"detail": "boom"}'))
    for path in PAGES:
        visit = reader.visit(site + path.format(doc=doc))
        alert = page.get_by_role("alert")
        assert alert.inner_text() == "数据加载失败（服务器返回 500）。请稍后重试。", path
        assert page.get_attribute("body", "data-state") == "error"
        unexpected = [p for p in visit.problems if not (p.startswith("HTTP 500") or "status of 500" in p)]
        assert unexpected == [], f"{path}: {unexpected}"
        assert visit.api_calls, path
