"""The county gazetteer (fixtures/gazetteer/china_counties.csv), read without Django.

``read_rows`` is the one reader of the CSV: the Django loader and the parser's
county matcher both use it, so they cannot disagree about what a row means.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CSV = Path(__file__).resolve().parents[2] / "fixtures" / "gazetteer" / "china_counties.csv"
COLUMNS = ("code", "name", "level", "city_code", "city_name", "province_code", "province_name")


@dataclass(frozen=True)
class GazetteerRow:
    code: str
    name: str
    level: str  # 县, 市辖区, 县级市, 自治县, 旗, 自治旗, 林区, 特区
    city_code: str
    city_name: str
    province_code: str
    province_name: str


def read_rows(path: Path | str = DEFAULT_CSV) -> list[GazetteerRow]:
    """All rows of the gazetteer CSV; raises ValueError naming the line of a bad row."""
    path = Path(path)
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise ValueError(f"{path}: expected columns {','.join(COLUMNS)}, found {reader.fieldnames}")
        for record in reader:
            row = GazetteerRow(**{key: (record[key] or "").strip() for key in COLUMNS})
            for key in ("code", "city_code", "province_code"):
                value = getattr(row, key)
                if len(value) != 6 or not value.isdigit():
                    raise ValueError(f"{path}, line {reader.line_num}: {key} {value!r} is not a 6-digit code")
            rows.append(row)
    return rows


FORMER_NAMES_CSV = DEFAULT_CSV.with_name("former_names.csv")


@dataclass(frozen=True)
class FormerName:
    """A name a division had until ``valid_until`` (开县 until 2016, now 开州区)."""

    name: str
    code: str
    valid_until: int


def read_former_names(path: Path | str = FORMER_NAMES_CSV) -> list[FormerName]:
    """Former names of renamed divisions; raises ValueError naming the line of a bad row."""
    path = Path(path)
    found = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for record in reader:
            code, until = record["code"].strip(), record["valid_until"].strip()
            if len(code) != 6 or not code.isdigit() or not until.isdigit():
                raise ValueError(f"{path}, line {reader.line_num}: bad code {code!r} or year {until!r}")
            found.append(FormerName(record["former_name"].strip(), code, int(until)))
    return found
