"""``manage.py create_roles [--editor USER …] [--viewer USER …]``: the groups, and who is in them."""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from reports.roles import create_roles


class Command(BaseCommand):
    help = "Create the editors and viewers groups; optionally put users in them (they become staff)."

    def add_arguments(self, parser):
        parser.add_argument("--editor", action="append", default=[], metavar="USERNAME")
        parser.add_argument("--viewer", action="append", default=[], metavar="USERNAME")

    def handle(self, *args, editor, viewer, verbosity, **options):
        editors, viewers = create_roles()
        User = get_user_model()
        for group, names in ((editors, editor), (viewers, viewer)):
            for name in names:
                try:
                    user = User.objects.get(username=name)
                except User.DoesNotExist as exc:
                    raise CommandError(f"no user {name!r}: create it first (manage.py createsuperuser or the admin)") from exc
                user.is_staff = True  # the admin lets in staff only
                user.save(update_fields=["is_staff"])
                user.groups.add(group)
                if verbosity:
                    self.stdout.write(f"{name} is now in {group.name}")
        if verbosity:
            self.stdout.write(f"groups: {editors.name} ({editors.permissions.count()} permissions), {viewers.name} ({viewers.permissions.count()})")
