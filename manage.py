#!/usr/bin/env python
"""Django's command-line entry point for the archive."""
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cppcc_site.settings")
    if sys.argv[1:2] != ["runserver"]:
        # Commands (migrate, ingest, backups) run under the command statement timeout: cppcc_site/limits.py.
        from cppcc_site.limits import COMMAND_FLAG

        os.environ[COMMAND_FLAG] = "1"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
