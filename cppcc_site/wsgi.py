"""WSGI entry point (gunicorn cppcc_site.wsgi): the application, with the segmenter and gazetteer preloaded."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cppcc_site.settings")
application = get_wsgi_application()

from reports.preload import preload  # noqa: E402  (needs the apps loaded)

preload()
