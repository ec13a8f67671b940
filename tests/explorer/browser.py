"""Playwright helpers for the explorer tests: Debian's Chromium, and a page that records what went wrong.

Playwright's own browser download is never used (.ci/run installs Debian's
chromium). ``Visit`` counts the API calls a page makes and keeps every console
error, uncaught exception, failed request and HTTP error it sees.
"""
import gzip
import shutil
import threading
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
OUTPUT = Path(settings.BASE_DIR) / "test-output" / "explorer"
WIDTHS = (375, 1440)
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


def serialize_requests(live_server):
    """Make ``live_server`` answer one request at a time when it shares the test's in-memory SQLite connection.

    Django hands the server threads the test's own connection to an in-memory
    SQLite database (LiveServerThread ``connections_override``). A page's
    parallel API calls then run on one connection from several threads, and
    a query calling a Python SQL function (EXTRACT on SQLite) deadlocks with
    another thread waiting on the connection while holding the GIL. The
    browser still opens parallel connections; only the application is
    entered one request at a time, streamed bodies included. Other databases
    keep real concurrency.
    """
    server = live_server.thread.httpd
    if not live_server.thread.connections_override or getattr(server, "serialized", False):
        return
    app, lock = server.get_app(), threading.Lock()

    def one_at_a_time(environ, start_response):
        with lock:
            result = app(environ, start_response)
            try:
                return [b"".join(result)]
            finally:
                if hasattr(result, "close"):
                    result.close()

    server.set_app(one_at_a_time)
    server.serialized = True


@dataclass
class Visit:
    """What the browser saw while it was on one page."""

    api_calls: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    responses: list = field(default_factory=list)


class Recorder:
    """Listens on a Playwright page; ``visit()`` starts a new record."""

    def __init__(self, page):
        self.page = page
        self.current = Visit()
        page.on("console", lambda msg: msg.type == "error" and self.current.problems.append(f"console: {msg.text}"))
        page.on("pageerror", lambda error: self.current.problems.append(f"exception: {error}"))
        page.on("requestfailed", lambda request: self.current.problems.append(f"failed: {request.url} {request.failure}"))
        page.on("request", self._request)
        page.on("response", self._response)

    def _request(self, request):
        if "/api/v1/" in request.url:
            self.current.api_calls.append(request.url)

    def _response(self, response):
        if response.status >= 400:
            self.current.problems.append(f"HTTP {response.status}: {response.url}")
        self.current.responses.append(response.url)

    def compressed_weight(self, visit):
        """Bytes of everything ``visit`` loaded, each gzipped as a server would send it."""
        return sum(len(gzip.compress(self.page.request.get(url).body(), compresslevel=6)) for url in visit.responses if url.startswith("http"))

    def visit(self, url):
        """Open ``url``, wait until its script says ready or error, return the record."""
        self.current = Visit()
        self.page.goto(url)
        self.page.wait_for_selector("body[data-state]", timeout=60_000)
        self.page.wait_for_load_state("networkidle")
        return self.current

    def screenshots(self, name):
        """The current page at each width, whole length, into test-output/explorer/; no sideways scrolling at any."""
        OUTPUT.mkdir(parents=True, exist_ok=True)
        for width in WIDTHS:
            self.page.set_viewport_size({"width": width, "height": 900})
            self.page.wait_for_timeout(150)  # the charts follow the resize
            overflow = self.page.evaluate("document.documentElement.scrollWidth") - width
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {width}px"
            self.page.screenshot(path=str(OUTPUT / f"{name}-{width}.png"), full_page=True)
        self.page.set_viewport_size({"width": 1440, "height": 900})
