"""The WSGI application, for ``make serve`` or an office's own WSGI server (gunicorn, mod_wsgi)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "generator.server.settings")
application = get_wsgi_application()
