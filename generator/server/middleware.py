"""The person making the request, for the audit log's signal handlers (a change to a user made on the
administration page is logged with who made it)."""
from __future__ import annotations

import threading

_local = threading.local()


def current_user():
    return getattr(_local, "user", None)


class CurrentUser:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        _local.user = getattr(request, "user", None)
        try:
            return self.get_response(request)
        finally:
            _local.user = None
