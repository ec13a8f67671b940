"""The Content-Security-Policy holds and nothing the site shows breaks it: admin, API docs, explorer, in Chromium.

The policy (cppcc_site/settings.py) allows scripts, styles and data only from
this site and no inline script or style (ReDoc's page alone may add styles).
Chromium reports every refused resource both as a console message and as a
``securitypolicyviolation`` event; the test fails on either.
"""
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.db.models import Count
from django.test import Client

from reports.models import Document, Statistic
from tests.explorer.browser import CHROMIUM, LAUNCH_ARGS, serialize_requests
from tests.explorer.test_browser import load_seed

# ReDoc's sidebar credit shows its logo from ReDoc's CDN (hard-coded in the bundle); the policy keeps it
# out, as it keeps out everything not served by this site, and the image hides itself. Nothing else may be refused.
REDOC_CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"

LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def policy(url):
    header = Client().get(url).headers["Content-Security-Policy"]
    return dict(directive.strip().split(" ", 1) for directive in header.split(";"))


def test_every_answer_carries_the_policy(db):
    for url in ("/", "/api/v1/", "/admin/login/", "/api/v1/docs/", "/api/v1/docs/?script"):
        directives = policy(url)
        assert directives["script-src"] == directives["style-src"] == directives["default-src"] == "'self'", url
        assert directives["object-src"] == directives["frame-ancestors"] == "'none'"
    redoc = policy("/api/v1/redoc/")
    assert redoc["style-src"] == "'self' 'unsafe-inline'" and redoc["script-src"] == "'self'"
    # The chart pages allow style attributes (ECharts' SVG), nothing more.
    for url in ("/counties/140428/", "/compare/"):
        charts = policy(url)
        assert charts["style-src-attr"] == "'unsafe-inline'" and charts["style-src"] == charts["script-src"] == "'self'"
    assert "style-src-attr" not in policy("/")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)")
def test_pages_load_without_a_policy_violation(live_server, monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    serialize_requests(live_server)
    load_seed()
    User.objects.create_superuser("admin", password="pw-admin-2026")
    document = Document.objects.filter(sections__level=2).first()
    county = Statistic.objects.values("document__county__code").annotate(n=Count("id")).order_by("-n")[0]["document__county__code"]
    base = live_server.url
    pages = [  # (url, what shows that the page finished drawing)
        (f"{base}/admin/login/", "#id_username"),
        (f"{base}/api/v1/docs/", ".swagger-ui .info .title"),
        (f"{base}/api/v1/redoc/", "[role=search]"),
        (f"{base}/", "body[data-state=ready]"),
        (f"{base}/counties/{county}/", "body[data-state=ready] [data-charts] svg"),  # ECharts draws
        (f"{base}/documents/{document.pk}/", "body[data-state=ready]"),
        (f"{base}/admin/reports/document/", "#result_list"),
        (f"{base}/admin/reports/document/{document.pk}/change/", "#content-main"),
    ]
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(locale="zh-CN", viewport={"width": 1440, "height": 900})
        page.add_init_script(LISTEN)
        console = []
        page.on("console", lambda message: console.append(message.text))
        page.on("pageerror", lambda error: console.append(f"exception: {error}"))
        seen, logged_in = {}, False
        try:
            for url, ready in pages:
                console.clear()
                if url.endswith("/admin/reports/document/") and not logged_in:
                    logged_in = True
                    page.goto(f"{base}/admin/login/")
                    page.fill("#id_username", "admin")
                    page.fill("#id_password", "pw-admin-2026")
                    page.click("input[type=submit]")
                    page.wait_for_load_state("networkidle")
                page.goto(url)
                page.wait_for_selector(ready, timeout=60_000)
                page.wait_for_load_state("networkidle")
                if "/counties/" in url:
                    page.hover("[data-charts] svg")  # the chart's tooltip styles itself
                page.wait_for_timeout(300)  # late style injections
                violations = page.evaluate("window.__csp")
                refused = [text for text in console if "Content Security Policy" in text or text.startswith("exception")]
                seen[url] = [p for p in violations + refused if REDOC_CDN_LOGO not in p]
        finally:
            browser.close()
    broken = {url: problems for url, problems in seen.items() if problems}
    assert broken == {}, "\n".join(f"{url}: {problems}" for url, problems in broken.items())
