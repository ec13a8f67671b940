"""Load the county gazetteer CSV into Province, Prefecture and County rows.

Idempotent and fast: existing rows are read once, then only new or changed
rows are written, in bulk, in one transaction. Prefecture rows keep the
statistics bureau's stand-in names verbatim (市辖区 for the municipalities'
districts, 省直辖县级行政区划 …): they are what the source says, and the API
shows the province beside them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from pypinyin import lazy_pinyin

from reports.models import County, Prefecture, Province
from reports.parsing.gazetteer import DEFAULT_CSV, read_rows


def pinyin_slug(name: str) -> str:
    """绛县 → jiang-xian; ASCII only, hyphen separated."""
    slug = "-".join(lazy_pinyin(name, errors="ignore"))
    return re.sub(r"[^a-z0-9-]+", "", slug.lower()).strip("-") or "x"


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self):
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


def load_gazetteer(path: Path | str = DEFAULT_CSV) -> LoadReport:
    rows = read_rows(path)
    provinces, prefectures, counties = {}, {}, {}
    for row in rows:
        provinces[row.province_code] = {"name": row.province_name, "slug": pinyin_slug(row.province_name)}
        prefectures[row.city_code] = {
            "name": row.city_name,
            "slug": pinyin_slug(row.city_name),
            "province_id": row.province_code,
        }
        counties[row.code] = {
            "name": row.name,
            "kind": row.level,
            "slug": pinyin_slug(row.name),
            "prefecture_id": row.city_code,
            "province_id": row.province_code,
        }
    report = LoadReport()
    with transaction.atomic():
        for model, wanted in ((Province, provinces), (Prefecture, prefectures), (County, counties)):
            _sync(model, wanted, report)
    return report


def _sync(model, wanted: dict[str, dict], report: LoadReport):
    fields = list(next(iter(wanted.values())).keys())
    existing = {obj.code: obj for obj in model.objects.only("code", *fields)}
    new, changed = [], []
    for code, values in wanted.items():
        obj = existing.get(code)
        if obj is None:
            new.append(model(code=code, **values))
        elif any(getattr(obj, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(obj, key, value)
            changed.append(obj)
    model.objects.bulk_create(new, batch_size=1000)
    if changed:
        model.objects.bulk_update(changed, fields, batch_size=1000)
    report.created += len(new)
    report.updated += len(changed)
    report.unchanged += len(wanted) - len(new) - len(changed)
