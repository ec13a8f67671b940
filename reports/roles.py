"""The editors' and viewers' groups and what each may do.

- editors: view, add, change and delete every archive record (and see its
  history); nothing on users or groups.
- viewers: view archive records only.
Superusers do the rest. ``create_roles`` makes the groups and is idempotent.
"""
from django.apps import apps
from django.contrib.auth.models import Group, Permission

EDITORS, VIEWERS = "editors", "viewers"


def archive_permissions(actions):
    models = [m for m in apps.get_app_config("reports").get_models()]
    codenames = [f"{action}_{model._meta.model_name}" for model in models for action in actions]
    return Permission.objects.filter(content_type__app_label="reports", codename__in=codenames)


def create_roles():
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set(archive_permissions(("view", "add", "change", "delete")))
    viewers, _ = Group.objects.get_or_create(name=VIEWERS)
    viewers.permissions.set(archive_permissions(("view",)))
    return editors, viewers
