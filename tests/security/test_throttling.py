"""Throttles are real: one count in the shared cache, X-Forwarded-For only from a trusted proxy, bad tokens and admin passwords limited.

The counts live in settings.CACHES (the database here); the cross-process
test with gunicorn is tests/security/test_throttling_workers.py.
"""
import pytest
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from reports.api import throttles
from reports.client_ip import client_ip

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_cache")]
ROOT = "/api/v1/"


@pytest.fixture
def anon_limit(monkeypatch):
    monkeypatch.setattr(throttles.AnonRateThrottle, "rate", "3/minute", raising=False)
    return 3


def statuses(client, n, **headers):
    return [client.get(ROOT, **headers).status_code for _ in range(n)]


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("198.51.100.7", "", "198.51.100.7"),
        ("198.51.100.7", "203.0.113.9", "198.51.100.7"),  # not a proxy: the header is ignored
        ("10.0.0.2", "203.0.113.9", "203.0.113.9"),
        ("10.0.0.2", "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # what the client wrote itself (left) is not believed
        ("10.0.0.2", "203.0.113.9, 10.0.0.3", "203.0.113.9"),  # two trusted hops
        ("10.0.0.2", "garbage", "10.0.0.2"),
        ("10.0.0.2", "", "10.0.0.2"),
        ("10.0.0.2", "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(settings, peer, forwarded, expected):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_two_clients_share_one_count(anon_limit):
    """Two clients (two workers' worth of state: nothing is kept in the process) count against one address."""
    first, second = APIClient(), APIClient()
    assert statuses(first, 2) == [200, 200]
    assert statuses(second, 2) == [200, 429]
    assert second.get(ROOT).headers["Retry-After"]


def test_a_random_forwarded_for_from_a_direct_client_does_not_bypass(anon_limit, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    client = APIClient(REMOTE_ADDR="198.51.100.7")
    answers = [client.get(ROOT, HTTP_X_FORWARDED_FOR=f"203.0.113.{i}").status_code for i in range(5)]
    assert answers == [200, 200, 200, 429, 429]


def test_forwarded_for_from_a_trusted_proxy_is_the_client(anon_limit, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    proxy = APIClient(REMOTE_ADDR="10.0.0.2")
    assert statuses(proxy, 4, HTTP_X_FORWARDED_FOR="203.0.113.1") == [200, 200, 200, 429]
    # Another client behind the same proxy has its own count ...
    assert statuses(proxy, 1, HTTP_X_FORWARDED_FOR="203.0.113.2") == [200]
    # ... and the first cannot escape by prepending an address of its own.
    assert statuses(proxy, 1, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.1") == [429]


def test_exports_have_a_stricter_scope_of_their_own(settings):
    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    export, anon = (throttles.ExportRateThrottle().parse_rate(rates[scope]) for scope in ("exports", "anon"))
    assert export[0] / export[1] < anon[0] / anon[1]
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7")
    request.user = User(pk=7)
    assert throttles.ExportRateThrottle().get_cache_key(request, None).endswith("user-7")


def test_bad_tokens_are_counted_then_refused(monkeypatch):
    monkeypatch.setattr(throttles.FailedAuthenticationThrottle, "rate", "3/minute", raising=False)
    attacker = APIClient(REMOTE_ADDR="198.51.100.7")
    answers = [attacker.get(ROOT, HTTP_AUTHORIZATION=f"Token wrong{i}").status_code for i in range(5)]
    assert answers == [401, 401, 401, 429, 429]
    refused = attacker.get(ROOT, HTTP_AUTHORIZATION="Token wrong")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    # The same address without credentials still reads; another address's bad token is still a plain 401.
    assert attacker.get(ROOT).status_code == 200
    assert APIClient(REMOTE_ADDR="198.51.100.8").get(ROOT, HTTP_AUTHORIZATION="Token wrong").status_code == 401
    # A valid token from elsewhere is unaffected.
    token = Token.objects.create(user=User.objects.create_user("editor", password="x", is_staff=True))
    assert APIClient(REMOTE_ADDR="198.51.100.9").get(ROOT, HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200


def test_admin_login_locks_out_after_repeated_failures(settings):
    settings.AXES_FAILURE_LIMIT = 3
    User.objects.create_superuser("admin", password="correct horse battery")
    browser = Client(REMOTE_ADDR="198.51.100.7")
    url = "/admin/login/?next=/admin/"
    answers = [browser.post(url, {"username": "admin", "password": f"wrong{i}"}).status_code for i in range(3)]
    assert answers == [200, 200, 429]  # the third failure reaches the limit
    locked = browser.post(url, {"username": "admin", "password": "correct horse battery"})
    assert locked.status_code == 429 and "登录已暂停" in locked.content.decode()
    # A random X-Forwarded-For is not a way out either.
    assert browser.post(url, {"username": "admin", "password": "correct horse battery"}, HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    # Another address logs in.
    other = Client(REMOTE_ADDR="198.51.100.8")
    assert other.post(url, {"username": "admin", "password": "correct horse battery"}).status_code == 302
