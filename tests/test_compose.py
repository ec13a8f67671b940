"""docker-compose.yml has what a user needs; no Docker engine runs here, so the file is checked."""
from pathlib import Path

import yaml

COMPOSE = yaml.safe_load((Path(__file__).resolve().parent.parent / "docker-compose.yml").read_text(encoding="utf-8"))


def test_database_service():
    db = COMPOSE["services"]["db"]
    assert db["image"].startswith("postgres:")
    assert "UTF8" in db["environment"]["POSTGRES_INITDB_ARGS"] and "UTF-8" in db["environment"]["POSTGRES_INITDB_ARGS"]
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    volume = db["volumes"][0].split(":")[0]
    assert volume in COMPOSE["volumes"]


def test_app_service():
    app = COMPOSE["services"]["app"]
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    command = app["command"]
    assert command.index("migrate") < command.index("setup_archive") < command.index("gunicorn")
    assert "8000:8000" in app["ports"]
    assert app["environment"]["DATABASE_URL"].startswith("postgres://")
    assert "healthcheck" in app
