"""The server's doctests run with Django set up on a throw-away runtime folder."""
import os
import tempfile

os.environ.setdefault("CDD_SERVER_HOME", tempfile.mkdtemp(prefix="cdd-server-doctest-"))
os.environ.setdefault("CDD_DATA", tempfile.mkdtemp(prefix="cdd-server-doctest-data-"))  # never the repository's rounds
os.environ.setdefault("CDD_OUTPUT", tempfile.mkdtemp(prefix="cdd-server-doctest-output-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "generator.server.settings")

import django  # noqa: E402

django.setup()
