"""Parsing tests need no database: the seeds are parsed once per session."""
from pathlib import Path

import pytest

from reports.parsing import parse_file

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "fixtures" / "raw"
SAMPLES = Path(__file__).resolve().parent / "samples"


def seed_path(prefix: str) -> Path:
    (path,) = RAW.glob(f"{prefix}_*.txt")
    return path


@pytest.fixture(scope="session")
def seeds():
    return {path.name[:3]: parse_file(path) for path in sorted(RAW.glob("*.txt"))}


@pytest.fixture(scope="session")
def samples():
    return {path.name.split("_")[0]: parse_file(path) for path in sorted(SAMPLES.glob("*.txt"))}
