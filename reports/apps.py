"""App config for the archive."""
from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(sender, using, verbosity=0, **kwargs):
    """``migrate`` also makes the shared cache's table (throttle counts; settings.CACHES), when the cache is the database."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("County CPPCC reports archive")

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="reports.create_cache_table")
