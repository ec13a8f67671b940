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
