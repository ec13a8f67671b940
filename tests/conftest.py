"""Fixtures shared across the suite: the gazetteer and the seed archive."""
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from reports import series

RAW_DIR = Path(settings.RAW_DIR)
SEED_FILES = sorted(RAW_DIR.glob("*.txt"))


@pytest.fixture
def gazetteer(db):
    """All county-level divisions, provinces and prefectures."""
    call_command("load_gazetteer", verbosity=0)


@pytest.fixture
def seed_archive(gazetteer):
    """The seed documents as the setup command loads them (from the committed fixture)."""
    call_command("loaddata", str(Path(settings.FIXTURES_DIR) / "archive.json"), verbosity=0)
    series.refresh_series()  # loaddata writes rows as they are; setup_archive's bulk load would have summarised them


@pytest.fixture(autouse=True)
def _local_cache(settings):
    """The suite counts throttles in process memory: the database cache would add its queries to every
    request's count (the query-count tests measure the views). The shared cache has its own tests
    (tests/security/test_throttling*.py), which ask for ``shared_cache``."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Process memory outlives a test: without this, one worker's earlier tests spend a later test's export allowance.
    from django.core.cache import caches

    caches["default"].clear()


@pytest.fixture(autouse=True)
def _fresh_place_index():
    """The place index is kept per archive version, and a test's writes are rolled back without changing the
    version: each test reads its own places."""
    from reports.api import filters

    filters._PLACE_INDEXES.clear()


@pytest.fixture
def shared_cache(settings):
    """The production cache: the table in the database (settings.CACHES as configured)."""
    from cppcc_site import settings as configured

    settings.CACHES = configured.CACHES


@pytest.fixture(autouse=True)
def export_cache_dir(settings, tmp_path):
    """Each test its own data package cache: a rolled-back test must not leave a file another test would serve."""
    settings.EXPORT_CACHE_DIR = tmp_path / "exports"
