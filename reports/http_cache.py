"""HTTP caching of reads: ETag and Last-Modified from the archive version stamp, 304s, Cache-Control, Vary.

So that a reverse proxy or CDN (or the browser) can serve the read load:

- Anonymous GET/HEAD answers carry ``Cache-Control: public, max-age=HTTP_CACHE_MAX_AGE``,
  ``Last-Modified`` (when the archive last changed) and an ETag: a hash of the
  archive version (``reports.archive_version``), the deployment
  (``HTTP_CACHE_RELEASE``), the URL and what the response varies on (Accept,
  the language). Any write anywhere changes the version, so the ETag of every
  URL changes with it; a conditional request whose validator still matches gets
  ``304 Not Modified`` before any view runs (one primary-key read).
- A detail of a writable resource already has an ETag, its row's version,
  which writes send back in If-Match (``reports.api.concurrency``). It is kept,
  and a conditional GET is answered 304 against it after the view.
- Requests with credentials (a token, a session cookie) get
  ``Cache-Control: private, no-store``: what an editor sees is never shared.
- ``Vary: Accept, Accept-Language, Authorization, Cookie`` on every answer, so a
  shared cache keeps formats, languages and signed-in views apart.
"""
import functools
import hashlib
from pathlib import Path

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from reports import archive_version
from reports.db_router import reads_from_primary
from reports.middleware import unavailable

VARY = ("Accept", "Accept-Language", "Authorization", "Cookie")


def anonymous(request) -> bool:
    """No credentials sent: the answer is the same for everyone who sends the same URL and headers."""
    return "HTTP_AUTHORIZATION" not in request.META and settings.SESSION_COOKIE_NAME not in request.COOKIES


def cacheable(request) -> bool:
    return request.method in ("GET", "HEAD") and anonymous(request) and not reads_from_primary(request)


@functools.cache
def release() -> str:
    """``HTTP_CACHE_RELEASE``, or a hash of the code and templates that shape the answers."""
    if settings.HTTP_CACHE_RELEASE:
        return settings.HTTP_CACHE_RELEASE
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for path in sorted(p for pattern in ("*.py", "*.html", "*.mo") for p in base.glob(f"[!.]*/**/{pattern}")):
        if ".venv" not in path.parts and "node_modules" not in path.parts:
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def archive_etag(request, version: int) -> str:
    """A weak ETag for this URL and representation at this archive version."""
    key = "\n".join(
        (
            release(),
            str(version),
            request.get_full_path(),
            request.META.get("HTTP_ACCEPT", ""),
            getattr(request, "LANGUAGE_CODE", ""),
        )
    )
    return f'W/"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'


class HttpCacheMiddleware:
    """Validators and caching headers on reads; 304 for conditional requests that still match."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        if not cacheable(request):
            response = self.get_response(request)
            patch_vary_headers(response, VARY)
            patch_cache_control(response, private=True, no_store=True)
            return response

        try:
            version, changed_at = archive_version.current()
        except DatabaseError as error:
            if "replica" not in settings.DATABASES and connections[DEFAULT_DB_ALIAS].connection is None:
                # The only database cannot be reached (refused, or no answer within the connect
                # timeout): answer now rather than wait for it a second time in the view.
                return unavailable(request, error)
            # Otherwise let the view meet it (a 503, or the primary answering for a replica that just stopped).
            return self.get_response(request)
        # Whole seconds, as HTTP dates carry; the ETag is the exact validator and wins when both are sent.
        etag, last_modified = archive_etag(request, version), int(changed_at.timestamp())
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:  # 304 (or 412 for a failed If-Match/If-Unmodified-Since)
            return self._headers(not_modified, etag, last_modified)
        with archive_version.of_this_request(version):
            response = self.get_response(request)
        if response.cookies:  # a Set-Cookie (CSRF, language) must never be stored by a shared cache
            patch_vary_headers(response, VARY)
            patch_cache_control(response, private=True, no_store=True)
            return response
        if response.status_code != 200:
            patch_vary_headers(response, VARY)
            return response
        if response.has_header("ETag"):
            # A row-versioned detail: its own ETag stays (If-Match uses it).
            etag = response["ETag"]
            matched = get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
            if matched is not response:
                return self._headers(matched, etag, last_modified)
        return self._headers(response, etag, last_modified)

    @staticmethod
    def _headers(response, etag, last_modified):
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        patch_cache_control(response, public=True, max_age=settings.HTTP_CACHE_MAX_AGE)
        patch_vary_headers(response, VARY)
        return response
