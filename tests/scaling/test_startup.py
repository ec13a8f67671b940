"""Commands start without loading the segmenter; servers load it once, before forking (reports/preload.py)."""
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

AFTER_CHECK = """
import sys, django
django.setup()
from django.core.management import call_command
call_command("check", verbosity=0)
call_command("migrate", plan=True, verbosity=0)
import jieba
print(jieba.dt.initialized, "cn2an" in sys.modules)
"""

AFTER_WSGI = """
import gc
import cppcc_site.wsgi
import jieba
from reports.parsing import default_gazetteer
print(jieba.dt.initialized, default_gazetteer.cache_info().currsize, gc.get_freeze_count() > 0)
"""


def _run(code, database_url=None):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cppcc_site.settings", "DJANGO_DEBUG": "1"}
    if database_url:
        env["DATABASE_URL"] = database_url
    result = subprocess.run([sys.executable, "-c", code], cwd=Path(settings.BASE_DIR), env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.strip().splitlines()[-1].split()  # the last line: what the snippet printed


def test_check_and_migrate_do_not_load_the_segmenter_or_cn2an(tmp_path):
    # A database of its own: the configured one need not exist outside the test run's.
    assert _run(AFTER_CHECK, database_url=f"sqlite:///{tmp_path / 'startup.sqlite3'}") == ["False", "False"]


def test_the_wsgi_application_preloads_segmenter_and_gazetteer_and_freezes_them():
    assert _run(AFTER_WSGI) == ["True", "1", "True"]


def test_the_segmenter_is_built_once_with_the_genre_terms():
    from reports.search import segmenter, tokens

    assert segmenter() is segmenter()
    assert "社情民意信息" in tokens("报送社情民意信息十二条")
