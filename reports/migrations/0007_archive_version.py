"""The archive version stamp and the triggers that bump it (reports/archive_version.py)."""
from django.db import migrations

from reports import archive_version

# The archive tables as of this migration; a later table installs its own trigger.
TABLES = (
    "reports_province", "reports_prefecture", "reports_county", "reports_committee",
    "reports_session", "reports_document", "reports_section", "reports_statistic",
)


def create(apps, schema_editor):
    archive_version.create_stamp(schema_editor)
    archive_version.install(schema_editor, TABLES)


def drop(apps, schema_editor):
    archive_version.uninstall(schema_editor, TABLES)
    archive_version.drop_stamp(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("reports", "0006_search_vector")]
    operations = [migrations.RunPython(create, drop)]
