"""One editor's round trip in a real browser: log in, open a document, correct a statistic, save.

Headless Debian Chromium (/usr/bin/chromium, installed by .ci/run) driven by
Playwright's Python API; Playwright's own browser download is never used. A
screenshot of the saved page is left in test-output/browser/.
"""
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command

from reports.ingest import ingest_text
from reports.models import ReviewStatus, Statistic
from tests.conftest import SEED_FILES

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
OUTPUT = Path(settings.BASE_DIR) / "test-output" / "browser"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (.ci/run installs it)"),
]


@pytest.fixture
def browser_page(monkeypatch):
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls made
    # by the test itself are still synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        page = browser.new_page(locale="zh-CN", viewport={"width": 1400, "height": 1000})
        yield page
        browser.close()


def test_editor_corrects_a_statistic(live_server, browser_page):
    call_command("load_gazetteer", verbosity=0)
    call_command("create_roles", verbosity=0)
    User.objects.create_user("editor", password="pw-editor-2026", is_staff=True)
    call_command("create_roles", editor=["editor"], verbosity=0)
    seed = SEED_FILES[-1]
    ingest_text(seed.read_text(encoding="utf-8"), source_file=seed.name)
    stat = Statistic.objects.get(metric="opinion_reports", value=412)

    page = browser_page
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "pw-editor-2026")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/reports/document/{stat.document_id}/change/")
    assert "全年共收集社情民意信息412篇" in page.content()
    row = page.locator("input[name$='-value'][value='412']")
    row.fill("421")
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / "editor-corrects-statistic.png"), full_page=False)

    stat.refresh_from_db()
    assert (stat.value, stat.corrected, stat.quote) == (421, True, "全年共收集社情民意信息412篇")
    assert stat.document.review_status == ReviewStatus.CORRECTED
    assert (OUTPUT / "editor-corrects-statistic.png").stat().st_size > 10_000
    assert os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE") == "true"
