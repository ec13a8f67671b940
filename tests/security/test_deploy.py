"""Production settings: `check --deploy` is clean, and the app refuses to start without a secret."""
import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def run(env, *args):
    base = {k: v for k, v in os.environ.items() if k not in {"DJANGO_DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=120)


def test_check_deploy_passes_with_production_environment():
    result = run({"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "archive.example.org"}, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_secret_key_does_not_start():
    result = run({"ALLOWED_HOSTS": "archive.example.org"}, "check")
    assert result.returncode != 0 and "SECRET_KEY is not set" in result.stderr


def test_production_settings_are_strict():
    result = run(
        {"SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "archive.example.org"},
        "shell", "-c",
        "from django.conf import settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_PROXY_SSL_HEADER)",
    )
    assert result.stdout.split("\n")[-2] == "False True True True True ('HTTP_X_FORWARDED_PROTO', 'https')"
