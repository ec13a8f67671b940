"""The API's throttles, counted in the shared cache (settings.CACHES) so every worker and process sees one count.

Scopes and their rates are in ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]``
(each from the environment, see cppcc_site/settings.py):

- ``anon``: every anonymous request, per client address (reports/client_ip.py:
  ``X-Forwarded-For`` only from ``TRUSTED_PROXIES``).
- ``exports``: file exports (``?format=csv|ndjson|xlsx``, the data package),
  stricter than ``anon`` because one export costs as much as hundreds of
  pages; per user when signed in, else per address. Views that export list
  ``ExportRateThrottle`` in ``throttle_classes``.
- ``auth_failures``: requests that present a token that is not valid. DRF
  authenticates before it throttles, so a bad token would be a 401 forever;
  ``ThrottledTokenAuthentication`` counts each failure per address and, past
  the rate, answers 429 to that address's token requests until the window
  has passed (requests without credentials are not affected).

DRF's counting is a read and a write of the cache, not an atomic increment:
under heavy concurrency a few requests may slip through beyond the rate,
never many more.
"""
from rest_framework import exceptions, throttling
from rest_framework.authentication import TokenAuthentication

from reports.client_ip import client_ip


class ClientAddressMixin:
    def get_ident(self, request):
        return client_ip(request)


class AnonRateThrottle(ClientAddressMixin, throttling.AnonRateThrottle):
    """DRF's anonymous throttle, with the trusted-proxy client address."""


class ExportRateThrottle(ClientAddressMixin, throttling.SimpleRateThrottle):
    """Exports: per signed-in user, else per client address."""

    scope = "exports"

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        ident = f"user-{user.pk}" if user is not None and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


class FailedAuthenticationThrottle(ClientAddressMixin, throttling.SimpleRateThrottle):
    """Counts failed authentications per address; ``blocked`` without counting, ``record`` on a failure."""

    scope = "auth_failures"

    def get_cache_key(self, request, view=None):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def _load(self, request):
        self.key = self.get_cache_key(request)
        self.now = self.timer()
        self.history = [t for t in self.cache.get(self.key, []) if t > self.now - self.duration]

    def blocked(self, request) -> bool:
        if self.rate is None:
            return False
        self._load(request)
        return len(self.history) >= self.num_requests

    def wait(self):
        """Until the oldest failure in the window drops out of it."""
        return max(self.duration - (self.now - self.history[-1]), 1) if self.history else self.duration

    def record(self, request):
        if self.rate is None:
            return
        self._load(request)
        self.throttle_success()


class ThrottledTokenAuthentication(TokenAuthentication):
    """Token authentication whose failures are throttled per client address (``auth_failures``)."""

    def authenticate(self, request):
        if not self.presents_token(request):
            return None
        throttle = FailedAuthenticationThrottle()
        if throttle.blocked(request):
            raise exceptions.Throttled(throttle.wait())
        try:
            return super().authenticate(request)
        except exceptions.AuthenticationFailed:
            throttle.record(request)
            raise

    def presents_token(self, request) -> bool:
        parts = request.META.get("HTTP_AUTHORIZATION", "").split()
        return bool(parts) and parts[0].lower() == self.keyword.lower()
