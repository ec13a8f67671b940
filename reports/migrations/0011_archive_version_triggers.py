"""Version-stamp triggers again, after 0008–0010: the findings table gets its own, and on SQLite
altering a table rebuilds it without its triggers (reports/archive_version.py)."""
from django.db import migrations

from reports import archive_version

TABLES = (
    "reports_province", "reports_prefecture", "reports_county", "reports_committee",
    "reports_session", "reports_document", "reports_section", "reports_statistic", "reports_finding",
)


def reinstall(apps, schema_editor):
    archive_version.uninstall(schema_editor, TABLES)
    archive_version.install(schema_editor, TABLES)


def drop_finding_trigger(apps, schema_editor):
    archive_version.uninstall(schema_editor, ["reports_finding"])


class Migration(migrations.Migration):
    dependencies = [("reports", "0010_findings")]
    operations = [migrations.RunPython(reinstall, drop_finding_trigger)]
