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
    assert command.index("migrate") < command.index("collectstatic") < command.index("setup_archive") < command.index("gunicorn")
    assert "gunicorn -c gunicorn.conf.py" in command  # the project's timeouts (cppcc_site/limits.py)
    assert "8000:8000" in app["ports"]
    assert app["environment"]["DATABASE_URL"].startswith("postgres://")
    assert "healthcheck" in app


def test_replica_profile_is_a_streaming_standby_of_db():
    replica = COMPOSE["services"]["db-replica"]
    assert replica["profiles"] == ["replica"]
    assert replica["image"] == COMPOSE["services"]["db"]["image"]
    assert replica["depends_on"]["db"]["condition"] == "service_healthy"
    command = replica["command"]
    assert "pg_basebackup -h db" in command and " -R " in command and "-X stream" in command
    assert "hot_standby=on" in command
    assert replica["volumes"][0].split(":")[0] in COMPOSE["volumes"]
    # The primary lets it stream, and the app can be pointed at it.
    assert any("replication.sh" in volume for volume in COMPOSE["services"]["db"]["volumes"])
    assert "host replication" in (Path(__file__).resolve().parent.parent / "docker" / "replication.sh").read_text()
    assert "DATABASE_REPLICA_URL" in COMPOSE["services"]["app"]["environment"]


def test_throttle_counts_are_shared_in_redis():
    redis = COMPOSE["services"]["redis"]
    assert redis["image"].startswith("redis:") and "healthcheck" in redis
    app = COMPOSE["services"]["app"]
    assert app["depends_on"]["redis"]["condition"] == "service_healthy"
    assert app["environment"]["REDIS_URL"].startswith("redis://redis:")
    assert "TRUSTED_PROXIES" in app["environment"]
