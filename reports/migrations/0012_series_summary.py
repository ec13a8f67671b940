"""The series summary (reports/series.py), filled from the statistics already stored; its table bumps the version stamp."""
import django.db.models.deletion
from django.db import migrations, models

from reports import archive_version

TABLE = "reports_seriespoint"
# The same grouping as reports.series.live_points, written out: a migration must not follow later code.
FILL = f"""
INSERT INTO {TABLE} ("metric", "county_id", "year", "value", "min", "count", "documents")
SELECT s.metric, d.county_id, COALESCE(s.year, d.review_year), MAX(s.value), MIN(s.value), COUNT(s.id), COUNT(DISTINCT s.document_id)
FROM reports_statistic s JOIN reports_document d ON s.document_id = d.id
GROUP BY s.metric, d.county_id, COALESCE(s.year, d.review_year)
"""


def fill(apps, schema_editor):
    archive_version.install(schema_editor, [TABLE])
    schema_editor.execute(FILL)


def unfill(apps, schema_editor):
    archive_version.uninstall(schema_editor, [TABLE])


class Migration(migrations.Migration):

    dependencies = [
        ('reports', '0011_archive_version_triggers'),
    ]

    operations = [
        migrations.CreateModel(
            name='SeriesPoint',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('metric', models.CharField(choices=[('proposals_received', 'proposals received'), ('proposals_filed', 'proposals filed'), ('proposals_key', 'key proposals'), ('proposals_supervised', 'proposals supervised'), ('proposals_closed', 'proposals closed or answered'), ('opinion_reports', 'public-opinion reports'), ('opinion_reports_to_city', 'public-opinion reports sent to the city'), ('opinion_reports_to_province', 'public-opinion reports sent to the province'), ('opinion_reports_to_national', 'public-opinion reports sent to the national committee'), ('opinion_reports_adopted', 'public-opinion reports adopted'), ('meetings_plenary', 'plenary meetings'), ('meetings_standing_committee', 'standing committee meetings'), ('meetings_chair', "chair's meetings"), ('consultations', 'consultations'), ('inspections', 'inspections and surveys'), ('research_reports', 'research reports'), ('other', 'other')], max_length=40, verbose_name='metric')),
                ('year', models.PositiveSmallIntegerField(blank=True, null=True, verbose_name='year referred to')),
                ('value', models.BigIntegerField(verbose_name='value')),
                ('min', models.BigIntegerField(verbose_name='smallest value')),
                ('count', models.PositiveIntegerField(verbose_name='statistics')),
                ('documents', models.PositiveIntegerField(verbose_name='documents')),
                ('county', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='reports.county', verbose_name='county')),
            ],
            options={
                'verbose_name': 'series point',
                'verbose_name_plural': 'series points',
                'ordering': ['metric', 'county_id', 'year'],
                'constraints': [models.UniqueConstraint(fields=('metric', 'county', 'year'), name='reports_seriespoint_unique_metric_county_year')],
            },
        ),
        migrations.RunPython(fill, unfill),
    ]
