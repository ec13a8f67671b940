"""The gazetteer loads every county-level division, idempotently."""
import csv

import pytest
from django.conf import settings
from django.core.management import call_command

from reports.models import County, Prefecture, Province

pytestmark = pytest.mark.django_db


def csv_rows():
    with open(settings.GAZETTEER_CSV, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_row_is_loaded(gazetteer):
    rows = csv_rows()
    assert County.objects.count() == len(rows) == 2842
    assert Province.objects.count() == len({r["province_code"] for r in rows}) == 31
    assert Prefecture.objects.count() == len({r["city_code"] for r in rows})


def test_known_row_and_slugs(gazetteer):
    jiang = County.objects.select_related("prefecture", "province").get(code="140826")
    assert (jiang.name, jiang.kind, jiang.slug) == ("绛县", "县", "jiang-xian")
    assert (jiang.prefecture.code, jiang.prefecture.name) == ("140800", "运城市")
    assert (jiang.province.code, jiang.province.name) == ("140000", "山西省")
    assert all(slug.isascii() and slug for slug in County.objects.values_list("slug", flat=True))


def test_second_load_changes_nothing(gazetteer, capsys):
    call_command("load_gazetteer")
    assert "0 created, 0 updated, 3210 unchanged" in capsys.readouterr().out
